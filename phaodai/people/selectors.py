"""Reads of the resident registry. Every function takes the requesting user and starts
from ``Model.objects.for_user(user)``, so nothing outside the jurisdiction comes back.

Search must stay fast at a million residents: names are matched by prefix ranges on
the folded keys (``prefix_q``, served by B-tree indexes), identity numbers and phones
by exact match on their indexes. No ``LIKE '%…%'`` and no function on a column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from phaodai.areas.enums import AgeBand
from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit
from phaodai.areas.places import PLACE_PARENTS
from phaodai.areas.selectors import communes_with_villages
from phaodai.core.access import WIDE_SEGMENTS, ScopedQuerySet, has_capability, jurisdiction_of
from phaodai.core.queries import prefix_q
from phaodai.core.roles import Capability
from phaodai.core.text import ascii_digits, clean_text, fold
from phaodai.people.duplicates import DuplicateMatch, Identity, commune_path_of, find_matches
from phaodai.people.enums import DuplicateStatus, ResidenceStatus
from phaodai.people.models import DuplicateCandidate, Household, LiaisonGroup, Person
from phaodai.people.validators import normalize_phone, validate_national_id

__all__ = [
    "AGE_BAND_YEARS",
    "PHONE_TAIL_MIN",
    "DuplicateMatch",
    "HomeFigures",
    "PersonSearchResults",
    "age_band_birth_years",
    "duplicate_candidates",
    "find_likely_duplicates",
    "home_figures",
    "household_changes",
    "household_members",
    "household_search",
    "liaison_group_households",
    "liaison_group_leader_choices",
    "liaison_group_search",
    "liaison_groups_in",
    "person_changes",
    "person_search",
    "person_search_results",
    "registered_residents_by_child",
    "searchable",
]

# The same order as "name_key", written so that PostgreSQL cannot walk the name index
# for it. With a name query the matches come from the name indexes at once (a bitmap
# OR): sorting those rows takes milliseconds, while walking the whole name index in
# order and filtering took over a second on a million rows, because the planner
# expects matches spread evenly along the index (they are not).
_SORTED_MATCHES = Concat("name_key", Value(""))

# Name searches over a district or more (path prefix of at most WIDE_SEGMENTS segments) are
# served in groups (PersonSearchResults); a commune's matches are few enough to sort, and
# one query there is faster than the groups' several.

_NUMBER = re.compile(r"^\+?[\d\s.\-()]+$")
# Officers on the phone ask for "4 số cuối": from this many digits a number is read as a phone's
# end. Fewer would match a large part of a province (one phone in 1,000 ends in any 3 digits).
PHONE_TAIL_MIN = 4
_DIGITS = re.compile(r"\D")

# Age (in completed years, from the birth year) covered by each band; None = no upper bound.
AGE_BAND_YEARS: dict[str, tuple[int, int | None]] = {
    AgeBand.A0_4: (0, 4),
    AgeBand.A5_11: (5, 11),
    AgeBand.A12_17: (12, 17),
    AgeBand.A18_49: (18, 49),
    AgeBand.A50_64: (50, 64),
    AgeBand.A65_UP: (65, None),
}


def age_band_birth_years(age_band: str, year: int) -> tuple[int | None, int]:
    """Birth years (oldest, youngest) of an age band in ``year``; oldest None = open-ended."""
    low, high = AGE_BAND_YEARS[age_band]
    return (year - high if high is not None else None, year - low)


def _may_view(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_PEOPLE)


def _people_for(user: Any, *, narrow_by_index: bool = True) -> ScopedQuerySet[Person]:
    if not _may_view(user):
        return Person.objects.none()
    return Person.objects.for_user(user, narrow_by_index=narrow_by_index)


def _name_keys_for(folded: str) -> tuple[str, ...]:
    """The name keys a folded name query is a prefix of, in the order their matches are shown."""
    if " " in folded:  # the given name is one word: a longer query cannot be its prefix
        return ("name_key", "name_tail_key")
    return ("name_key", "name_tail_key", "given_name_key")


def searchable(query: str) -> str:
    """The search text as it will be searched, or "" when it holds no letter and no digit.

    Typed text is cleaned (invisible characters, digits of any script). A query such as "-",
    "." or "((((" folds to nothing: it is no query at all, never a match on an empty key
    (an empty phone would match every resident without one).
    """
    text = ascii_digits(clean_text(query)).strip()
    return text if fold(text) else ""


def _phone_tail_q(digits: str) -> Q:
    """Phones ending in ``digits``: a prefix of the reversed phone (index people_person_phone_tail)."""
    return prefix_q("phone_reversed", digits[::-1])


def _is_phone_tail(condition: Q) -> bool:
    return any(
        isinstance(child, tuple) and child[0].startswith("phone_reversed") for child in condition.children
    )


def _query_filter(query: str) -> Q | None:
    """What a search box text means: an ID number, a phone or its last digits, or a name.

    None = matches nothing. 12 digits are a CCCD; 9 a CMND or a phone's last 9; a whole phone
    in any spelling is that phone; from ``PHONE_TAIL_MIN`` to 8 digits are a phone's last digits.
    """
    text = query.strip()
    if _NUMBER.match(text):
        digits = _DIGITS.sub("", text)
        if len(digits) in (9, 12) and not text.startswith("+"):
            return (
                Q(national_id=digits) | _phone_tail_q(digits) if len(digits) == 9 else Q(national_id=digits)
            )
        try:
            return Q(phone=normalize_phone(text))
        except ValidationError:
            pass
        if PHONE_TAIL_MIN <= len(digits) < 9 and not text.startswith("+"):
            return _phone_tail_q(digits)
        return None
    folded = fold(text)
    if not folded:
        return None
    condition = Q()
    for key in _name_keys_for(folded):
        condition |= prefix_q(key, folded)
    return condition


def person_search(
    *,
    user: Any,
    query: str = "",
    unit: AdminUnit | None = None,
    sex: str = "",
    residence_status: str = "",
    high_risk: bool | None = None,
    age_band: str = "",
    household: Household | None = None,
    include_merged: bool = False,
    unplaced: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Person]:
    """Residents the user may see, filtered; ordered by folded name.

    ``query`` is a name with or without diacritics (prefix of the full name, of the
    name without surname, or of the given name), a 9/12-digit ID number, a phone
    number in any usual spelling, or the last 4 to 9 digits of a phone. ``age_band`` is an ``areas.enums.AgeBand`` value,
    judged from the birth year in ``today``'s year. Unknown band values match nobody.
    ``unplaced``: only residents filed at a commune that has villages, to be placed in one
    (one indexed equality on ``area_path`` per such commune).
    """
    # With a search text, the name / ID / phone index is the selective one: the area
    # test must not be offered to SQLite's planner as an index range (core.access).
    query = searchable(query)
    searching = bool(query)
    queryset = _people_for(user, narrow_by_index=not searching)
    order: Any = "name_key"
    if searching:
        condition = _query_filter(query)
        if condition is None:
            return queryset.none()
        queryset = queryset.filter(condition)
        if condition.connector == Q.OR or _is_phone_tail(condition):
            # Matches come from their own indexes: sort them as a set, never walk the name index.
            order = _SORTED_MATCHES
    if unit is not None:
        queryset = queryset.within(unit.path, narrow_by_index=not searching)
    if sex:
        queryset = queryset.filter(sex=sex)
    if residence_status:
        queryset = queryset.filter(residence_status=residence_status)
    if high_risk is not None:
        queryset = queryset.filter(is_high_risk=high_risk)
    if age_band:
        if age_band not in AGE_BAND_YEARS:
            return queryset.none()
        oldest, youngest = age_band_birth_years(age_band, (today or timezone.localdate()).year)
        queryset = queryset.filter(birth_year__lte=youngest)
        if oldest is not None:
            queryset = queryset.filter(birth_year__gte=oldest)
    if household is not None:
        queryset = queryset.filter(household=household)
    if unplaced:
        queryset = queryset.filter(area_path__in=communes_with_villages().values("path"))
    if not include_merged:
        queryset = queryset.filter(merged_into__isnull=True)
    # The unit's commune and district come along: a list spanning communes names them (areas.places).
    return queryset.select_related(f"residence_unit__{PLACE_PARENTS}", "household").order_by(order, "pk")


class PersonSearchResults:
    """A name search served as disjoint groups, one after the other, never sorted as a whole.

    Group 1 is the residents whose full name starts with the query, in the order of
    ``(name_key, area_path, pk)``; group 2 those whose name without surname does and are
    not in group 1, by ``name_tail_key``; group 3 those whose given name does and are in
    neither, by ``given_name_key``. Each group is read in the order of its covering index
    ``(key, area_path, merged_into)`` with ``LIMIT``/``OFFSET``, so the first page of a
    query matching 100,000 residents reads about 50 index entries instead of sorting all
    of them; the page's rows (with unit and household) are then read by id. Implements ``core.pagination.CappedResults``: ``capped_count(cap)`` counts
    each group up to what is still missing to pass ``cap``; ``results[a:b]`` gives the rows.
    """

    def __init__(self, groups: list[QuerySet[Person]]) -> None:
        self.groups = groups
        self._sizes: dict[int, int] = {}  # exact sizes of groups learned so far

    def _count(self, index: int, limit: int) -> int:
        """Rows of group ``index``, counting no further than ``limit``; remembered when exact."""
        if index in self._sizes:
            return min(self._sizes[index], limit)
        found = self.groups[index].order_by()[:limit].count()
        if found < limit:
            self._sizes[index] = found
        return found

    def capped_count(self, cap: int) -> int:
        total = 0
        for index in range(len(self.groups)):
            total += self._count(index, cap + 1 - total)
            if total > cap:
                break
        return total

    def __getitem__(self, item: object) -> list[Person]:  # anything but a bounded slice: TypeError
        if not isinstance(item, slice) or item.step not in (None, 1) or item.stop is None:
            raise TypeError("PersonSearchResults takes a bounded slice")
        start, stop = max(item.start or 0, 0), item.stop
        ids: list[int] = []
        base = 0  # position of the current group's first row in the whole list
        for index, group in enumerate(self.groups):
            if stop <= base:
                break
            offset = max(start - base, 0)
            size = self._sizes.get(index)
            if size is not None and offset >= size:
                base += size
                continue
            wanted = stop - base - offset
            fetched = list(group.values_list("pk", flat=True)[offset : offset + wanted])
            ids.extend(fetched)
            if len(fetched) == wanted:
                break
            # The group ended inside the slice: its exact size places the next group.
            # (Nothing fetched past offset 0: the group has at most ``offset`` rows; count them.)
            size = offset + len(fetched) if fetched or offset == 0 else group.order_by()[:offset].count()
            self._sizes[index] = size
            base += size
        if not ids:
            return []
        # The ids first, then their rows with the joins: the groups' queries stay on the indexes.
        rows = (
            self.groups[0]
            .model._base_manager.filter(pk__in=ids)
            .select_related(f"residence_unit__{PLACE_PARENTS}", "household")
        )
        by_pk = {row.pk: row for row in rows}
        return [by_pk[pk] for pk in ids]

    def __len__(self) -> int:
        """Exact number of results (counts every group in full: for tests, not for pages)."""
        return sum(self._count(index, 2**62) for index in range(len(self.groups)))


def person_search_results(
    *,
    user: Any,
    query: str = "",
    unit: AdminUnit | None = None,
    sex: str = "",
    residence_status: str = "",
    high_risk: bool | None = None,
    age_band: str = "",
    household: Household | None = None,
    include_merged: bool = False,
    unplaced: bool = False,
    today: dt.date | None = None,
) -> PersonSearchResults | QuerySet[Person]:
    """``person_search`` for a list that pages with ``CappedPaginator``.

    A name query over a district or more, with no filter but the area, is served as
    ``PersonSearchResults`` (three groups, each read in its index's order); anything
    else — an ID or phone, no query, a commune or village (few matches, cheap to sort),
    a filter on sex, status, risk, age or household, merged records — is
    ``person_search``'s QuerySet, which the name-key indexes could not serve better.
    """
    query = searchable(query)
    folded = fold(query)
    jurisdiction = jurisdiction_of(user) if _may_view(user) else None
    wide = jurisdiction is not None and (
        unit.path.count(".") <= WIDE_SEGMENTS if unit is not None else jurisdiction.is_wide
    )
    grouped = (
        folded
        and wide
        and not _NUMBER.match(query.strip())
        and not (
            sex
            or residence_status
            or high_risk is not None
            or age_band
            or household
            or include_merged
            or unplaced
        )
    )
    if not grouped:
        return person_search(
            user=user,
            query=query,
            unit=unit,
            sex=sex,
            residence_status=residence_status,
            high_risk=high_risk,
            age_band=age_band,
            household=household,
            include_merged=include_merged,
            unplaced=unplaced,
            today=today,
        )
    base = _people_for(user, narrow_by_index=False)
    if unit is not None:
        base = base.within(unit.path, narrow_by_index=False)
    base = base.filter(merged_into__isnull=True)
    groups: list[QuerySet[Person]] = []
    earlier = Q()
    for key in _name_keys_for(folded):
        match = prefix_q(key, folded)
        group = base.filter(match) if not earlier else base.filter(match).exclude(earlier)
        groups.append(group.order_by(key, "area_path", "merged_into_id", "pk"))
        earlier |= match
    return PersonSearchResults(groups)


def household_search(*, user: Any, query: str = "", unit: AdminUnit | None = None) -> QuerySet[Household]:
    """Households the user may see, with ``member_count`` (active members).

    ``query`` matches the household code (prefix), the address (contains) or the
    head's name (prefix, diacritics optional).
    """
    if not _may_view(user):
        return Household.objects.none()
    queryset = Household.objects.for_user(user)
    if unit is not None:
        queryset = queryset.within(unit.path)
    text = searchable(query)
    if text:
        folded = fold(text)
        condition = Q(code__istartswith=text) | Q(address__icontains=text)
        if folded:
            condition |= prefix_q("head__name_key", folded) | prefix_q("head__name_tail_key", folded)
        queryset = queryset.filter(condition)
    return (
        queryset.select_related(f"unit__{PLACE_PARENTS}", "head", "liaison_group")
        .annotate(member_count=Count("members", filter=Q(members__merged_into__isnull=True)))
        .order_by("area_path", "code", "pk")
    )


def person_changes(*, user: Any) -> QuerySet[Person]:
    """Every resident the user may see, merged-away records included, for the change feed."""
    return _people_for(user).select_related("residence_unit", "household")


def household_changes(*, user: Any) -> QuerySet[Household]:
    """Every household the user may see, for the change feed."""
    if not _may_view(user):
        return Household.objects.none()
    return Household.objects.for_user(user).select_related("unit", "head")


def liaison_groups_in(*, user: Any, unit: AdminUnit | None) -> QuerySet[LiaisonGroup]:
    """The inter-household groups of a unit's subtree the user may see (none without a unit)."""
    if unit is None or not _may_view(user):
        return LiaisonGroup.objects.none()
    return (
        LiaisonGroup.objects.for_user(user)
        .within(unit.path)
        .select_related("unit", "leader")
        .order_by("area_path", "name")
    )


def liaison_group_search(
    *, user: Any, query: str = "", unit: AdminUnit | None = None
) -> QuerySet[LiaisonGroup]:
    """Inter-household groups the user may see, with ``household_count`` and ``member_count``.

    ``query`` matches the folded group name anywhere ("so 5" finds "Tổ liên gia số 5"; groups
    are few, a tenth of the households) or the leader's name as a prefix. By place, then name.
    """
    if not _may_view(user):
        return LiaisonGroup.objects.none()
    queryset = LiaisonGroup.objects.for_user(user)
    if unit is not None:
        queryset = queryset.within(unit.path)
    folded = fold(query.strip())
    if folded:
        queryset = queryset.filter(
            Q(name_key__contains=folded)
            | prefix_q("leader__name_key", folded)
            | prefix_q("leader__name_tail_key", folded)
        )
    return (
        queryset.select_related(f"unit__{PLACE_PARENTS}", "leader")
        .annotate(
            household_count=Count("households", distinct=True),
            member_count=Count(
                "households__members", filter=Q(households__members__merged_into__isnull=True), distinct=True
            ),
        )
        .order_by("area_path", "name_key", "pk")
    )


def liaison_group_households(*, user: Any, group: LiaisonGroup) -> QuerySet[Household]:
    """The group's households the user may see, with head and ``member_count`` (household_search)."""
    return household_search(user=user).filter(liaison_group=group)


def liaison_group_leader_choices(*, user: Any, group: LiaisonGroup) -> QuerySet[Person]:
    """Who may lead the group, as the edit page offers: the members of its households, and the
    present leader; by name."""
    chosen = Q(household__liaison_group=group)
    if group.leader_id is not None:
        chosen |= Q(pk=group.leader_id)
    return (
        _people_for(user)
        .filter(chosen, merged_into__isnull=True)
        .select_related("household", "residence_unit")
        .order_by("name_key", "pk")
    )


def household_members(*, user: Any, household: Household) -> QuerySet[Person]:
    """Active members of a household, the head first, then the eldest."""
    return (
        _people_for(user)
        .filter(household=household, merged_into__isnull=True)
        .select_related("residence_unit", "household")
        .annotate(
            is_head=Case(
                When(pk=household.head_id or 0, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("is_head", "birth_year", "pk")
    )


def duplicate_candidates(
    *, user: Any, status: str = DuplicateStatus.OPEN
) -> ScopedQuerySet[DuplicateCandidate]:
    """Candidate pairs both of whose records lie inside the jurisdiction, strongest first."""
    if not _may_view(user):
        return DuplicateCandidate.objects.none()
    queryset = DuplicateCandidate.objects.for_user(user)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related(
        f"first__residence_unit__{PLACE_PARENTS}", f"second__residence_unit__{PLACE_PARENTS}", "resolved_by"
    ).order_by("-score", "pk")


def find_likely_duplicates(
    *,
    user: Any,
    full_name: str,
    birth_year: int | None,
    birth_date: dt.date | None = None,
    national_id: str = "",
    phone: str = "",
    residence_unit: AdminUnit | None = None,
    exclude_pk: int | None = None,
    limit: int = 10,
    sex: str = "",
    household: Household | None = None,
) -> list[DuplicateMatch]:
    """Records the user may see that are likely the person being typed in (search before register).

    The ID and phone are compared as typed after normalising; a value that does not
    validate is simply not used as evidence.
    """
    if not _may_view(user):
        return []
    identity = Identity(
        full_name=full_name,
        birth_year=birth_year if birth_year is not None else (birth_date.year if birth_date else None),
        birth_date=birth_date,
        national_id=_clean_or_blank(national_id, kind="id"),
        phone=_clean_or_blank(phone, kind="phone"),
        commune_path=commune_path_of(residence_unit),
        household_id=household.pk if household is not None else None,
        sex=sex,
    )
    return find_matches(
        base=Person.objects.for_user(user), identity=identity, exclude_pk=exclude_pk, limit=limit
    )


def _clean_or_blank(value: str, *, kind: str) -> str:
    try:
        return validate_national_id(value) if kind == "id" else normalize_phone(value)
    except ValidationError:
        return ""


def registered_residents_by_child(*, user: Any, unit: AdminUnit | None) -> dict[str, int]:
    """Registered residents now under each child of ``unit`` (by the child's path), and under the
    unit's own path those filed at the unit itself: the unit page's figure (``people.shell``).

    "Registered residents" has one definition on every page: the records in use (not merged
    away) that the user may see, whatever their residence status (people away are registered
    here): ``person_search(user=…, unit=…)``, which the list pages, and the home card, count too.
    Population figures of a year (``areas.PopulationCount``) are another thing, shown with their
    source and date. One aggregate query.
    """
    if unit is None:
        return {}
    child_path = Substr("area_path", 1, len(unit.path) + PATH_SEGMENT_WIDTH + 1)
    rows = (
        person_search(user=user, unit=unit)
        .order_by()
        .annotate(child=child_path)
        .values("child")
        .annotate(n=Count("pk"))
    )
    return {row["child"]: row["n"] for row in rows}


@dataclass(frozen=True)
class HomeFigures:
    people: int  # registered residents now: records in use (registered_residents)
    high_risk: int
    away: int  # residents working or studying elsewhere
    households: int
    duplicates: int | None  # None when the user may not merge (the figure is not shown)
    unplaced: int = 0  # filed at a commune that has villages, to be placed in one


def home_figures(*, user: Any, unit: AdminUnit | None) -> HomeFigures:
    """The home card's counts for the unit's subtree, inside the user's jurisdiction (three queries)."""
    people = (
        person_search(user=user, unit=unit)
        .order_by()
        .aggregate(
            total=Count("pk"),
            high_risk=Count("pk", filter=Q(is_high_risk=True)),
            away=Count("pk", filter=Q(residence_status=ResidenceStatus.AWAY)),
            # the same rows as person_search(unplaced=True), counted in the same pass
            unplaced=Count("pk", filter=Q(area_path__in=communes_with_villages().values("path"))),
        )
    )
    households = household_search(user=user, unit=unit).order_by().count()
    duplicates = None
    if has_capability(user, Capability.MERGE_PEOPLE):
        candidates = duplicate_candidates(user=user, status=DuplicateStatus.OPEN)
        if unit is not None:
            # A pair counts where either record lives (its own area is their common ancestor).
            candidates = candidates.filter(
                prefix_q("first__area_path", unit.path) | prefix_q("second__area_path", unit.path)
            )
        duplicates = candidates.order_by().count()
    return HomeFigures(
        people=people["total"],
        high_risk=people["high_risk"],
        away=people["away"],
        households=households,
        duplicates=duplicates,
        unplaced=people["unplaced"],
    )
