"""Reads of the area tree. Every function that lists units takes the requesting user."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypedDict

from django.db.models import (
    Case,
    CharField,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Concat, Length
from django_stubs_ext import WithAnnotations

from phaodai.areas.enums import AgeBand, PopulationSource, Sex, UnitLevel
from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit, MapEra, PopulationCount, UnitSuccession
from phaodai.core.access import ScopedQuerySet, get_or_404, jurisdiction_of
from phaodai.core.queries import prefix_q
from phaodai.core.text import fold


def unit_get_for_user(*, user: Any, unit_id: int | str) -> AdminUnit:
    """One unit inside the user's jurisdiction; 404 otherwise (and for an id that is no number)."""
    return get_or_404(AdminUnit.objects.for_user(user).select_related("era", "parent"), pk=unit_id)


def units_for_user(*, user: Any) -> ScopedQuerySet[AdminUnit]:
    return AdminUnit.objects.for_user(user).select_related("era")


def unit_children(*, user: Any, unit: AdminUnit) -> ScopedQuerySet[AdminUnit]:
    return AdminUnit.objects.for_user(user).filter(parent=unit).order_by("name_key")


def unit_has_subunits(*, unit: AdminUnit) -> bool:
    """Whether any unit lies below this one (a commune with villages or residential groups)."""
    return AdminUnit.objects.unscoped().filter(parent=unit).exists()


def _has_subunits() -> Exists:
    return Exists(AdminUnit.objects.unscoped().filter(parent=OuterRef("pk")))


def residence_units(
    *, user: Any, within: AdminUnit | None = None, keep: AdminUnit | None = None
) -> ScopedQuerySet[AdminUnit]:
    """Where the user may place a resident or a household: villages and residential groups, and
    communes that have none; ``keep`` (a record's present unit) too. By path; in the jurisdiction."""
    units = AdminUnit.objects.for_user(user).filter(level__gte=UnitLevel.COMMUNE)
    if within is not None:
        units = units.within(within.path)
    place = Q(level__gt=UnitLevel.COMMUNE) | Q(~_has_subunits())
    if keep is not None:
        place |= Q(pk=keep.pk)
    return units.filter(place).select_related("era", "parent").order_by("path")


def communes_with_villages() -> QuerySet[AdminUnit]:
    """Every commune that has villages or residential groups (to compare a record's area against)."""
    return AdminUnit.objects.unscoped().filter(_has_subunits(), level=UnitLevel.COMMUNE)


def unit_ancestors(*, unit: AdminUnit) -> list[AdminUnit]:
    """The unit's ancestors, root first, in one query (their names are shown to anyone inside)."""
    paths = unit.ancestor_paths()
    if not paths:
        return []
    by_path = {u.path: u for u in AdminUnit.objects.unscoped().filter(path__in=paths)}
    return [by_path[p] for p in paths if p in by_path]


def unit_breadcrumb(*, user: Any, unit: AdminUnit) -> list[tuple[AdminUnit, bool]]:
    """Ancestors then the unit, each with whether the user may open it (inside their jurisdiction)."""
    jurisdiction = jurisdiction_of(user)
    chain = [*unit_ancestors(unit=unit), unit]
    return [(u, jurisdiction.contains(u.path)) for u in chain]


# --------------------------------------------------------------------------- population
#
# The rule for figures recorded at several levels: inside the subtree asked about, only the
# finest level present is summed (the deepest units that carry figures for the chosen source
# and year); coarser figures there are ignored, never added on top. When the source is not
# given, the best source present in the subtree is used: census > estimate > registry.

SOURCE_PREFERENCE: tuple[PopulationSource, ...] = (
    PopulationSource.CENSUS,
    PopulationSource.ESTIMATE,
    PopulationSource.REGISTRY,
)
_TOP = "\x7f"  # greater than every character of a path (see core.queries.prefix_q)


@dataclass(frozen=True)
class PopulationSummary:
    """Residents of one unit's subtree in one year, from one source."""

    unit: AdminUnit
    year: int
    source: PopulationSource | None  # None: no figures at all
    depth: int | None  # depth of the units whose figures were summed
    total: int
    by_age_band: dict[AgeBand, int]
    by_sex: dict[Sex, int]
    by_cell: dict[tuple[AgeBand, Sex], int]
    # When the summed figures were recorded (the latest of them); None if not known.
    recorded_at: dt.datetime | None = None

    @property
    def is_empty(self) -> bool:
        return self.source is None

    @property
    def men(self) -> int:
        return self.by_sex[Sex.MALE]

    @property
    def women(self) -> int:
        return self.by_sex[Sex.FEMALE]

    def table(self) -> list[tuple[AgeBand, int, int, int]]:
        """Rows for a page: (age band, men, women, both), every band in order."""
        return [
            (
                band,
                self.by_cell[(band, Sex.MALE)],
                self.by_cell[(band, Sex.FEMALE)],
                self.by_age_band[band],
            )
            for band in AgeBand
        ]


def _depth_of_path_length(length: int) -> int:
    return length // (PATH_SEGMENT_WIDTH + 1) - 1


def population_of(
    *, unit: AdminUnit, year: int, source: PopulationSource | str | None = None
) -> PopulationSummary:
    """Population of the unit's subtree: one aggregate query, finest level, best source."""
    counts = PopulationCount.objects.within(unit.path).filter(year=year)
    if source is not None:
        counts = counts.filter(source=source)
    grouped = (
        counts.annotate(path_length=Length("unit_path"))
        .values("source", "path_length", "age_band", "sex")
        .annotate(total=Sum("count"), latest=Max("recorded_at"))
        .order_by()
    )
    cells: dict[tuple[str, int], dict[tuple[AgeBand, Sex], int]] = defaultdict(dict)
    latest: dict[tuple[str, int], list[dt.datetime]] = defaultdict(list)
    for row in grouped:
        cells[(row["source"], row["path_length"])][(AgeBand(row["age_band"]), Sex(row["sex"]))] = row["total"]
        if row["latest"] is not None:
            latest[(row["source"], row["path_length"])].append(row["latest"])
    present = {src for src, _length in cells}
    chosen = next((s for s in SOURCE_PREFERENCE if s in present), None)
    by_cell = dict.fromkeys(((band, sex) for band in AgeBand for sex in Sex), 0)
    depth = None
    recorded_at = None
    if chosen is not None:
        finest = max(length for src, length in cells if src == chosen)
        by_cell.update(cells[(chosen, finest)])
        depth = _depth_of_path_length(finest)
        recorded_at = max(latest[(chosen, finest)], default=None)
    return PopulationSummary(
        unit=unit,
        year=year,
        source=chosen,
        depth=depth,
        total=sum(by_cell.values()),
        by_age_band={band: by_cell[(band, Sex.MALE)] + by_cell[(band, Sex.FEMALE)] for band in AgeBand},
        by_sex={sex: sum(by_cell[(band, sex)] for band in AgeBand) for sex in Sex},
        by_cell=by_cell,
        recorded_at=recorded_at,
    )


def population_latest_year(*, unit: AdminUnit) -> int | None:
    """The latest year with any figure inside the unit's subtree."""
    return PopulationCount.objects.within(unit.path).order_by("-year").values_list("year", flat=True).first()


class _Population(TypedDict):
    population: int | None


def _children_with_population(
    *, user: Any, unit: AdminUnit, year: int | None
) -> ScopedQuerySet[WithAnnotations[AdminUnit, _Population]]:
    """The unit's children the user may see, each annotated with ``population`` (None: no figures).

    Source and level are chosen once for the parent's whole subtree (best source, finest
    level), so the children's figures add up to the parent's total. All in one SQL query:
    the choice is made by two uncorrelated subqueries, the sum by a correlated one.
    """
    children = AdminUnit.objects.for_user(user).filter(parent=unit).select_related("era")
    if year is None:
        return children.annotate(population=Value(None, output_field=IntegerField()))
    in_parent = PopulationCount.objects.within(unit.path).filter(year=year)
    rank = Case(
        *(When(source=src, then=Value(i)) for i, src in enumerate(SOURCE_PREFERENCE)),
        default=Value(len(SOURCE_PREFERENCE)),
        output_field=IntegerField(),
    )
    best_source = in_parent.annotate(rank=rank).order_by("rank").values("source")[:1]
    finest_length = (
        in_parent.filter(source=Subquery(best_source))
        .annotate(path_length=Length("unit_path"))
        .order_by("-path_length")
        .values("path_length")[:1]
    )
    child_total = (
        # Correlated with each child's path; the children are already limited to the jurisdiction.
        PopulationCount.objects.unscoped()
        .filter(
            year=year,
            unit_path__gte=OuterRef("path"),
            unit_path__lt=Concat(OuterRef("path"), Value(_TOP), output_field=CharField()),
            source=Subquery(best_source),
        )
        .annotate(path_length=Length("unit_path"))
        .filter(path_length=Subquery(finest_length))
        .values("year")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return children.annotate(population=Subquery(child_total, output_field=IntegerField()))


def population_by_children(
    *, user: Any, unit: AdminUnit, year: int | None
) -> list[tuple[AdminUnit, int | None]]:
    """(child, total) for each child of the unit the user may see, by name; one query."""
    rows = _children_with_population(user=user, unit=unit, year=year).order_by("name_key", "pk")
    return [(child, child.population) for child in rows]


# --------------------------------------------------------------------------- pages


SEARCH_MIN_LENGTH = 2
SEARCH_LIMIT = 30


@dataclass(frozen=True)
class Link:
    """A unit of the other era linked to the one shown, and whether the user may open it."""

    succession: UnitSuccession
    unit: AdminUnit
    openable: bool


@dataclass(frozen=True)
class UnitOverview:
    """Everything the unit page shows besides the unit itself."""

    unit: AdminUnit
    breadcrumb: list[tuple[AdminUnit, bool]]
    children: list[tuple[AdminUnit, int | None]]
    year: int | None
    population: PopulationSummary | None
    successors: list[Link]
    predecessors: list[Link]


def unit_links(*, user: Any, unit: AdminUnit) -> tuple[list[Link], list[Link]]:
    """(successors, predecessors) of the unit in other eras, in one query."""
    jurisdiction = jurisdiction_of(user)
    rows = (
        UnitSuccession.objects.filter(Q(predecessor=unit) | Q(successor=unit))
        .select_related("predecessor__era", "successor__era")
        .order_by("-is_main", "pk")
    )
    successors: list[Link] = []
    predecessors: list[Link] = []
    for row in rows:
        forward = row.predecessor_id == unit.pk
        other = row.successor if forward else row.predecessor
        link = Link(succession=row, unit=other, openable=jurisdiction.contains(other.path))
        (successors if forward else predecessors).append(link)
    predecessors.sort(key=lambda link: (link.unit.name_key, link.unit.pk))
    successors.sort(key=lambda link: (not link.succession.is_main, link.unit.name_key))
    return successors, predecessors


def unit_overview(*, user: Any, unit: AdminUnit) -> UnitOverview:
    """The unit page: breadcrumb, children with population, the latest population, links (6 queries)."""
    year = population_latest_year(unit=unit)
    successors, predecessors = unit_links(user=user, unit=unit)
    return UnitOverview(
        unit=unit,
        breadcrumb=unit_breadcrumb(user=user, unit=unit),
        children=population_by_children(user=user, unit=unit, year=year),
        year=year,
        population=population_of(unit=unit, year=year) if year is not None else None,
        successors=successors,
        predecessors=predecessors,
    )


def unit_search(
    *, user: Any, query: str, within: AdminUnit | None = None, limit: int = SEARCH_LIMIT
) -> list[AdminUnit]:
    """Units whose name contains the query, diacritics ignored, inside the user's jurisdiction.

    ``within`` narrows to one subtree. Provinces first, then by name. At most ``limit`` rows
    (ask for one more to know whether there are more).
    """
    key = fold(query)
    if len(key) < SEARCH_MIN_LENGTH:
        return []
    units = units_for_user(user=user).select_related("parent").filter(name_key__contains=key)
    if within is not None:
        units = units.filter(prefix_q("path", within.path))
    return list(units.order_by("level", "name_key", "pk")[:limit])


def eras_with_provinces(*, user: Any) -> list[tuple[MapEra, list[AdminUnit]]]:
    """Every map era with the top-level units of it the user may see (two queries)."""
    provinces = units_for_user(user=user).filter(parent__isnull=True).order_by("name_key", "pk")
    by_era: dict[int, list[AdminUnit]] = defaultdict(list)
    for province in provinces:
        by_era[province.era_id].append(province)
    return [(era, by_era[era.pk]) for era in MapEra.objects.order_by("-valid_from")]


def unit_list(
    *,
    user: Any,
    parent_id: int | None = None,
    level: int | None = None,
    era_code: str = "",
    query: str = "",
) -> ScopedQuerySet[AdminUnit]:
    """Units the user may see, filtered; provinces first, then by name (for the API list)."""
    units = units_for_user(user=user)
    if parent_id is not None:
        units = units.filter(parent_id=parent_id)
    if level is not None:
        units = units.filter(level=level)
    if era_code:
        units = units.filter(era__code=era_code)
    key = fold(query)
    if key:
        units = units.filter(name_key__contains=key)
    return units.order_by("level", "name_key", "pk")


def home_card_unit(*, user: Any, unit: AdminUnit | None) -> AdminUnit | None:
    """What the home page's areas card shows: the unit of the switcher (already read, no query)."""
    return unit
