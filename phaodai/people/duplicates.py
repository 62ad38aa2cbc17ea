"""Finding person records that may be the same human (PEERS.md §3.5 and §4.12).

Peers match names with plain trigram similarity (SORMAS #6240: 0.65). On Vietnamese
names that fails twice: diacritics are typed or not ("Nguyễn Văn An" / "Nguyen Van
An"), and a handful of surnames are shared by most people, so "Nguyễn Văn An" and
"Nguyễn Thị Bình" look 57 % alike on their full names. Here names are folded (no
diacritics) and compared on the part *after* the surname (``names.name_tail``):
those two names score 14 %, and a shared surname never counts as evidence.

Evidence and score
==================

Rules are tried in order; a pair gets the highest score of the rules it meets.

=====  =======================================================================  ==========
rule   evidence                                                                  score
=====  =======================================================================  ==========
A      same national ID (CCCD or CMND)                                           1.00 certain
A'     both have national IDs of the same kind and they differ                   0.00 (stop)
B      same phone and names similar (similarity ≥ 0.80)                          0.70 + 0.20 × sim
       … but birth dates or years disagree (a family sharing a phone)            × 0.60
C      same folded full name + same birth date (or the same birth year when      0.85
       a full date is missing on either side) + same commune
       … and the same household                                                  + 0.05
C'     same folded full name + same full birth date, different communes          0.65
       (someone registered again after moving)
D      same given name, names similar (≥ 0.80) but not equal (surname or         0.50 + 0.15 × sim
       middle name spelled differently) + same birth + same commune
any    the two records have different sex (except rule A)                        × 0.50
=====  =======================================================================  ==========

``sim`` is ``name_similarity``: 1.0 when the folded full names are equal; otherwise
``difflib.SequenceMatcher`` on the name tails, times 0.9 when the surnames differ.

A pair scoring at least ``LIKELY_THRESHOLD`` (0.60) is "likely": it is shown when
someone registers a person and recorded as a ``DuplicateCandidate`` for review.
Rule D therefore lands at 0.62–0.65 (medium), C at 0.85–0.90 and B at 0.86–0.90
(strong), A at 1.0.

Lookups are index-driven, never a scan: by national ID, by phone, by exact folded
name + birth year, and by given name + birth year inside the commune
(index ``people_person_given_birth``). The bulk job blocks by phone groups and,
commune by commune, by (given name, birth year). It needs no national-ID block: a
number is held by one record in use (``people.services.national_id_taken`` and a
database constraint), so rule A meets only a person being typed in (the live check),
whose number the registry then refuses.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from functools import cached_property
from itertools import chain, combinations
from typing import cast

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit
from phaodai.core.queries import prefix_q
from phaodai.people.enums import DuplicateStatus
from phaodai.people.models import DuplicateCandidate, Person
from phaodai.people.names import NameKeys, name_keys

LIKELY_THRESHOLD = 0.60
SIMILAR_NAME = 0.80

SCORE_SAME_ID = 1.00
SCORE_PHONE_BASE = 0.70
SCORE_PHONE_NAME_WEIGHT = 0.20
FACTOR_BIRTH_CONFLICT = 0.60
SCORE_SAME_NAME_BIRTH_COMMUNE = 0.85
BONUS_SAME_HOUSEHOLD = 0.05
SCORE_SAME_NAME_DATE_ELSEWHERE = 0.65
SCORE_GIVEN_BASE = 0.50
SCORE_GIVEN_NAME_WEIGHT = 0.15
FACTOR_SEX_DIFFERS = 0.50
FACTOR_SURNAME_DIFFERS = 0.90

LOOKUP_CAP = 50  # rows fetched per lookup when registering one person
FLUSH_EVERY = 2000  # candidate pairs held in memory before they are written
MAX_GROUP = 100  # a phone or ID shared by more records is not evidence (e.g. the village head's phone)


@dataclass(frozen=True)
class Identity:
    """The facts compared: those of a stored person, or of a person being typed in."""

    full_name: str
    birth_year: int | None = None
    birth_date: dt.date | None = None
    national_id: str = ""
    phone: str = ""
    commune_path: str = ""
    household_id: int | None = None
    sex: str = ""

    @cached_property
    def keys(self) -> NameKeys:
        """Folded once per record, not once per comparison (a block compares every pair)."""
        return name_keys(self.full_name)

    @classmethod
    def of(cls, person: Person, *, commune_path: str | None = None) -> Identity:
        """Needs ``person.residence_unit`` (select it) unless ``commune_path`` is given."""
        return cls(
            full_name=person.full_name,
            birth_year=person.birth_year,
            birth_date=person.birth_date,
            national_id=person.national_id,
            phone=person.phone,
            commune_path=commune_path if commune_path is not None else commune_path_of(person.residence_unit),
            household_id=person.household_id,
            sex=person.sex,
        )


@dataclass
class DuplicateMatch:
    person: Person
    score: float
    reasons: list[str]


class BirthAgreement(StrEnum):
    DATE = "date"  # both full dates, equal
    YEAR = "year"  # same year, a full date missing on at least one side
    UNKNOWN = "unknown"  # a side has neither
    CONFLICT = "conflict"  # dates or years differ


@dataclass(frozen=True)
class NameComparison:
    similarity: float
    full_equal: bool
    given_equal: bool
    surname_equal: bool


def commune_path_of(unit: AdminUnit | None) -> str:
    """The path of the commune a unit lies in (a village's parent), without a query."""
    if unit is None:
        return ""
    if unit.level == UnitLevel.VILLAGE:
        return unit.path[: -(PATH_SEGMENT_WIDTH + 1)]
    return unit.path


def common_path(first: str, second: str) -> str:
    """The longest common ancestor path of two materialised paths ("" if none)."""
    step = PATH_SEGMENT_WIDTH + 1
    end = 0
    while end + step <= min(len(first), len(second)) and first[end : end + step] == second[end : end + step]:
        end += step
    return first[:end]


def compare_names(first: str, second: str) -> NameComparison:
    return compare_keys(name_keys(first), name_keys(second))


def compare_keys(a: NameKeys, b: NameKeys) -> NameComparison:
    if not a.full or not b.full:
        return NameComparison(0.0, full_equal=False, given_equal=False, surname_equal=False)
    surname_equal = a.full.split(" ")[0] == b.full.split(" ")[0]
    if a.full == b.full:
        return NameComparison(1.0, full_equal=True, given_equal=True, surname_equal=True)
    similarity = SequenceMatcher(None, a.tail, b.tail, autojunk=False).ratio()
    if not surname_equal:
        similarity *= FACTOR_SURNAME_DIFFERS
    return NameComparison(
        round(similarity, 3), full_equal=False, given_equal=a.given == b.given, surname_equal=surname_equal
    )


def name_similarity(first: str, second: str) -> float:
    """0–1: diacritics ignored, and the surname not counted (see the module docstring)."""
    return compare_names(first, second).similarity


def birth_agreement(a: Identity, b: Identity) -> BirthAgreement:
    if a.birth_date is not None and b.birth_date is not None:
        return BirthAgreement.DATE if a.birth_date == b.birth_date else BirthAgreement.CONFLICT
    year_a = a.birth_year if a.birth_year is not None else (a.birth_date.year if a.birth_date else None)
    year_b = b.birth_year if b.birth_year is not None else (b.birth_date.year if b.birth_date else None)
    if year_a is None or year_b is None:
        return BirthAgreement.UNKNOWN
    return BirthAgreement.YEAR if year_a == year_b else BirthAgreement.CONFLICT


def _name_reason(names: NameComparison) -> str:
    if names.full_equal:
        return _("Họ tên giống hệt nhau khi bỏ dấu.")
    return _("Họ tên gần giống nhau (giống %(pct)d%%, không tính họ).") % {
        "pct": round(names.similarity * 100)
    }


def _birth_reason(birth: BirthAgreement) -> str:
    if birth == BirthAgreement.DATE:
        return _("Cùng ngày sinh.")
    return _("Cùng năm sinh (chưa đủ ngày sinh để so).")


def _ids_differ(a: Identity, b: Identity) -> bool:
    """Rule A': national IDs of the same kind that differ (two people; nothing else is compared)."""
    return (
        bool(a.national_id)
        and bool(b.national_id)
        and a.national_id != b.national_id
        and len(a.national_id) == len(b.national_id)
    )


def score_pair(a: Identity, b: Identity) -> tuple[float, list[str]]:
    """How likely two records are the same person (0–1), with the evidence in Vietnamese."""
    if a.national_id and b.national_id:
        if a.national_id == b.national_id:
            reasons = [_("Trùng số CCCD/CMND.")]
            if a.sex and b.sex and a.sex != b.sex:
                reasons.append(_("Lưu ý: giới tính hai hồ sơ khác nhau, cần kiểm tra lại."))
            return SCORE_SAME_ID, reasons
        if _ids_differ(a, b):
            return 0.0, [_("Hai số CCCD/CMND khác nhau.")]

    birth = birth_agreement(a, b)
    same_phone = bool(a.phone) and a.phone == b.phone
    if not same_phone and birth not in (BirthAgreement.DATE, BirthAgreement.YEAR):
        return 0.0, []  # no rule below can apply: the names need not be compared
    names = compare_keys(a.keys, b.keys)
    same_commune = bool(a.commune_path) and a.commune_path == b.commune_path
    options: list[tuple[float, list[str]]] = []

    if same_phone and names.similarity >= SIMILAR_NAME:
        score = SCORE_PHONE_BASE + SCORE_PHONE_NAME_WEIGHT * names.similarity
        reasons = [_("Trùng số điện thoại."), _name_reason(names)]
        if birth == BirthAgreement.CONFLICT:
            score *= FACTOR_BIRTH_CONFLICT
            reasons.append(_("Ngày sinh hoặc năm sinh khác nhau."))
        options.append((score, reasons))

    if birth in (BirthAgreement.DATE, BirthAgreement.YEAR):
        if names.full_equal and same_commune:
            score = SCORE_SAME_NAME_BIRTH_COMMUNE
            reasons = [_name_reason(names), _birth_reason(birth), _("Cùng xã, phường.")]
            if a.household_id is not None and a.household_id == b.household_id:
                score += BONUS_SAME_HOUSEHOLD
                reasons.append(_("Cùng hộ gia đình."))
            options.append((score, reasons))
        elif names.full_equal and birth == BirthAgreement.DATE:
            options.append(
                (
                    SCORE_SAME_NAME_DATE_ELSEWHERE,
                    [_name_reason(names), _birth_reason(birth), _("Khác xã: có thể đã chuyển nơi ở.")],
                )
            )
        elif names.given_equal and names.similarity >= SIMILAR_NAME and same_commune:
            spelled = (
                _("Cùng tên, nhưng họ viết khác.")
                if not names.surname_equal
                else _("Cùng họ và tên gọi, tên đệm viết khác.")
            )
            options.append(
                (
                    SCORE_GIVEN_BASE + SCORE_GIVEN_NAME_WEIGHT * names.similarity,
                    [spelled, _name_reason(names), _birth_reason(birth), _("Cùng xã, phường.")],
                )
            )

    if not options:
        return 0.0, []
    score, reasons = max(options, key=lambda option: option[0])
    if a.sex and b.sex and a.sex != b.sex:
        score *= FACTOR_SEX_DIFFERS
        reasons = [*reasons, _("Giới tính khác nhau.")]
    return round(min(score, 1.0), 3), reasons


def _lookups(identity: Identity) -> list[tuple[str, tuple[object, ...]]]:
    """The indexed lookups a person is compared through: (kind, key) pairs.

    The one list of what makes two records worth comparing; ``find_matches`` asks the database
    for them, ``MatchIndex`` (imports) answers them from a batch read once.
    """
    keys = identity.keys
    birth_year = identity.birth_year or (identity.birth_date.year if identity.birth_date else None)
    found: list[tuple[str, tuple[object, ...]]] = []
    if identity.national_id:
        found.append(("national_id", (identity.national_id,)))
    if identity.phone:
        found.append(("phone", (identity.phone,)))
    if keys.full and birth_year is not None:
        found.append(("name_birth", (keys.full, birth_year)))
        if identity.commune_path:
            found.append(("given_commune", (keys.given, birth_year, identity.commune_path)))
    return found


def _stored_keys(person: Person, commune_path: str) -> list[tuple[str, tuple[object, ...]]]:
    """The lookups under which a stored (or about to be stored) person is found."""
    found: list[tuple[str, tuple[object, ...]]] = []
    if person.national_id:
        found.append(("national_id", (person.national_id,)))
    if person.phone:
        found.append(("phone", (person.phone,)))
    found.append(("name_birth", (person.name_key, person.birth_year)))
    if commune_path:
        found.append(("given_commune", (person.given_name_key, person.birth_year, commune_path)))
    return found


def _stored_order(person: Person) -> tuple[int, int]:
    return (0, person.pk or 0)


def _ranked(
    identity: Identity,
    candidates: Iterable[Person],
    *,
    limit: int,
    threshold: float,
    identity_of: Callable[[Person], Identity] = Identity.of,
    order_of: Callable[[Person], tuple[int, int]] = _stored_order,
) -> list[DuplicateMatch]:
    """Candidates scoring at least ``threshold``, best first; equal scores in ``order_of`` order."""
    matches = []
    for person in candidates:
        other = identity_of(person)
        if _ids_differ(identity, other):
            continue  # score 0 (rule A'), without building its reason
        score, reasons = score_pair(identity, other)
        if score >= threshold:
            matches.append(DuplicateMatch(person=person, score=score, reasons=reasons))
    matches.sort(key=lambda match: (-match.score, order_of(match.person)))
    return matches[:limit]


def find_matches(
    *,
    base: QuerySet[Person],
    identity: Identity,
    exclude_pk: int | None = None,
    limit: int = 10,
    threshold: float = LIKELY_THRESHOLD,
) -> list[DuplicateMatch]:
    """Records in ``base`` likely to be the person described, best first.

    At most four small indexed lookups; merged-away records are never offered.
    """
    active = base.filter(merged_into__isnull=True).select_related("residence_unit", "household")
    if exclude_pk is not None:
        active = active.exclude(pk=exclude_pk)
    lookups: list[QuerySet[Person]] = []
    for kind, key in _lookups(identity):
        if kind == "national_id":
            lookups.append(active.filter(national_id=key[0]))
        elif kind == "phone":
            lookups.append(active.filter(phone=key[0]))
        elif kind == "name_birth":
            lookups.append(active.filter(name_key=str(key[0]), birth_year=cast(int, key[1])))
        else:
            lookups.append(
                active.filter(
                    prefix_q("area_path", str(key[2])),
                    given_name_key=str(key[0]),
                    birth_year=cast(int, key[1]),
                )
            )
    seen: dict[int, Person] = {}
    for lookup in lookups:
        for person in lookup.order_by("pk")[:LOOKUP_CAP]:
            seen.setdefault(person.pk, person)
    return _ranked(identity, seen.values(), limit=limit, threshold=threshold)


_LOAD_CHUNK = 2000  # records read per query by ``MatchIndex.load``


class MatchIndex:
    """``find_matches`` for many people at once (an import): the same lookups, the same scores.

    ``load(base, identities)`` reads, in four queries per batch, every stored record any of the
    identities would be looked up against; ``add(person)`` puts in a record being imported (so
    the rows of one file are compared with each other too); ``matches(identity)`` then answers
    as ``find_matches`` would, from memory.

    A record's ``Identity`` is taken once, when it is added (its identifying fields must not
    change while it is in the index), not again for every comparison.
    """

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, tuple[object, ...]], list[Person]] = defaultdict(list)
        self._seen: set[int] = set()
        self._identities: dict[int, Identity] = {}  # id(person) -> its identity
        # id(person) -> its place among equal scores: stored records by id, then the file's
        # records in the order added (not by the ids an import hands them when it stores them,
        # so an answer never depends on how far the storing has got)
        self._order: dict[int, tuple[int, int]] = {}

    def add(self, person: Person, *, commune_path: str | None = None) -> None:
        path = commune_path if commune_path is not None else commune_path_of(person.residence_unit)
        self._identities[id(person)] = Identity.of(person, commune_path=path)
        self._order[id(person)] = (1, len(self._order)) if person._state.adding else (0, person.pk)
        for lookup in _stored_keys(person, path):
            self._by_key[lookup].append(person)

    def identity_of(self, person: Person) -> Identity:
        return self._identities.get(id(person)) or Identity.of(person)

    def order_of(self, person: Person) -> tuple[int, int]:
        return self._order.get(id(person)) or _stored_order(person)

    def note_stored(self, pks: Iterable[int]) -> None:
        """Records of the file being stored under these ids: already in the index, never read again."""
        self._seen.update(pks)

    def holders(self, national_id: str) -> list[Person]:
        """The records in the index with this national ID (stored ones and the file's own)."""
        return self._by_key.get(("national_id", (national_id,)), []) if national_id else []

    def load(self, base: QuerySet[Person], identities: Sequence[Identity]) -> None:
        """Read the stored records the identities' lookups reach.

        The given-name lookup is narrowed to records whose birth can agree (the same full date,
        or no date): any other record of that lookup scores 0 unless the phones match, and the
        phone lookup finds those. So the answers are ``find_matches``'s, without reading a whole
        commune's "An"s born in 1990 for every row.
        """
        national_ids: set[str] = set()
        phones: set[str] = set()
        names: set[str] = set()
        name_years: set[int] = set()
        givens: set[str] = set()
        dates: set[dt.date] = set()
        undated_years: set[int] = set()
        years: set[int] = set()
        communes: set[str] = set()
        for identity in identities:
            for kind, key in _lookups(identity):
                if kind == "national_id":
                    national_ids.add(str(key[0]))
                elif kind == "phone":
                    phones.add(str(key[0]))
                elif kind == "name_birth":
                    names.add(str(key[0]))
                    name_years.add(cast(int, key[1]))
                else:
                    givens.add(str(key[0]))
                    years.add(cast(int, key[1]))
                    communes.add(str(key[2]))
                    if identity.birth_date is not None:
                        dates.add(identity.birth_date)
                    else:
                        undated_years.add(cast(int, key[1]))
        # The unit gives a record's commune; nothing here reads its household (an update
        # through the import locks and reads the record again).
        active = base.filter(merged_into__isnull=True).select_related("residence_unit")
        queries: list[QuerySet[Person]] = []
        if national_ids:
            queries.append(active.filter(national_id__any_of=national_ids))
        if phones:
            queries.append(active.filter(phone__any_of=phones))
        if names:
            # (name, year) pairs are the lookup: the years narrow what is read to a superset of them.
            queries.append(active.filter(name_key__any_of=names, birth_year__any_of=name_years))
        if givens:
            area = Q()
            for path in communes:
                area |= prefix_q("area_path", path)
            birth = Q(birth_year__any_of=years, birth_date__isnull=True) | Q(birth_year__any_of=undated_years)
            if dates:
                birth |= Q(birth_date__any_of=dates)
            queries.append(active.filter(area, birth, given_name_key__any_of=givens))
        # The lookups overlap (a person found by ID is found again by name and birth): their keys
        # first, then each record read and built once, in key order as ``find_matches`` reads.
        wanted: set[int] = set()
        for query in queries:
            wanted.update(query.order_by().values_list("pk", flat=True))
        new = sorted(wanted - self._seen)
        for start in range(0, len(new), _LOAD_CHUNK):
            chunk = new[start : start + _LOAD_CHUNK]
            for person in active.filter(pk__any_of=chunk).order_by("pk"):
                self._seen.add(person.pk)
                self.add(person)

    def candidates(self, identity: Identity, *, exclude: Person | None = None) -> list[Person]:
        seen: dict[int, Person] = {}
        for lookup in _lookups(identity):
            bucket = self._by_key.get(lookup)
            if not bucket:
                continue
            if exclude is not None:
                bucket = [p for p in bucket if p is not exclude]
            for person in bucket[:LOOKUP_CAP]:
                seen.setdefault(id(person), person)
        return list(seen.values())

    def matches(
        self,
        identity: Identity,
        *,
        exclude: Person | None = None,
        limit: int = 10,
        threshold: float = LIKELY_THRESHOLD,
        candidates: Sequence[Person] | None = None,
    ) -> list[DuplicateMatch]:
        """``candidates``: ``self.candidates(identity, exclude=exclude)`` if the caller has them."""
        found = candidates if candidates is not None else self.candidates(identity, exclude=exclude)
        return _ranked(
            identity,
            found,
            limit=limit,
            threshold=threshold,
            identity_of=self.identity_of,
            order_of=self.order_of,
        )


def record_candidate_pairs(pairs: Iterable[tuple[Person, DuplicateMatch]]) -> int:
    """Store each (person, match) as an open candidate pair, in bulk; pairs already recorded
    (open, dismissed or merged) are left alone. Returns how many were new."""
    return store_candidate_pairs(new_candidate_pairs(pairs))


def new_candidate_pairs(
    pairs: Iterable[tuple[Person, DuplicateMatch]],
) -> dict[tuple[int, int], DuplicateCandidate]:
    """``record_candidate_pairs``'s first half: the pairs as unsaved rows by (first, second) key,
    built from the records now (an import stores them later, maybe on another thread)."""
    found: dict[tuple[int, int], DuplicateCandidate] = {}
    for person, match in pairs:
        first, second = _ordered(person, match.person)
        found.setdefault(
            (first.pk, second.pk),
            DuplicateCandidate(
                first_id=first.pk,
                second_id=second.pk,
                area_path=common_path(first.area_path, second.area_path),
                score=match.score,
                reasons=list(match.reasons),
                status=DuplicateStatus.OPEN,
            ),
        )
    return found


def store_candidate_pairs(found: dict[tuple[int, int], DuplicateCandidate]) -> int:
    """``record_candidate_pairs``'s second half: the pairs not recorded yet inserted."""
    return _store_new(found)


def _ordered(first: Person, second: Person) -> tuple[Person, Person]:
    return (first, second) if first.pk < second.pk else (second, first)


def record_candidates(*, person: Person, matches: Iterable[DuplicateMatch]) -> list[DuplicateCandidate]:
    """Store each match with ``person`` as an open candidate pair, once per pair."""
    created = []
    for match in matches:
        first, second = _ordered(person, match.person)
        candidate, was_created = DuplicateCandidate.objects.unscoped().get_or_create(
            first=first,
            second=second,
            defaults={
                "area_path": common_path(first.area_path, second.area_path),
                "score": match.score,
                "reasons": list(match.reasons),
            },
        )
        if was_created:
            created.append(candidate)
    return created


@dataclass(frozen=True)
class _Row:
    person: Person
    identity: Identity


def _pairs_in(rows: Sequence[_Row]) -> Iterable[tuple[_Row, _Row]]:
    return combinations(sorted(rows, key=lambda row: row.person.pk), 2)


def _active_in(area: AdminUnit | None) -> QuerySet[Person]:
    queryset = Person.objects.unscoped().filter(merged_into__isnull=True)
    if area is not None:
        queryset = queryset.filter(prefix_q("area_path", area.path))
    return queryset


# What the bulk job reads of each record: enough to compare and to store a pair.
_COMPARED = (
    "full_name",
    "given_name_key",
    "birth_year",
    "birth_date",
    "national_id",
    "phone",
    "sex",
    "household_id",
    "area_path",
    "residence_unit_id",
)


def _group_blocks(queryset: QuerySet[Person], field: str) -> Iterable[list[_Row]]:
    """Records sharing ``field`` (the phone), one group at a time."""
    values = list(
        queryset.exclude(**{field: ""})
        .values(field)
        .annotate(n=Count("pk"))
        .filter(n__gt=1, n__lte=MAX_GROUP)
        .order_by(field)
        .values_list(field, flat=True)
    )
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        groups: dict[str, list[_Row]] = defaultdict(list)
        members = (
            queryset.filter(**{f"{field}__in": chunk})
            .select_related("residence_unit")
            .only(*_COMPARED, "residence_unit__level", "residence_unit__path")
            .order_by("pk")
        )
        for person in members:
            groups[getattr(person, field)].append(_Row(person, Identity.of(person)))
        yield from groups.values()


def _commune_blocks(queryset: QuerySet[Person], area: AdminUnit | None) -> Iterable[list[_Row]]:
    """Records of one commune sharing given name and birth year."""
    if area is not None and area.level >= UnitLevel.COMMUNE:
        communes = [area]
    else:
        communes_qs = AdminUnit.objects.unscoped().filter(level=UnitLevel.COMMUNE)
        if area is not None:
            communes_qs = communes_qs.filter(prefix_q("path", area.path))
        communes = list(communes_qs.order_by("path"))
    for commune in communes:
        path = commune_path_of(commune)
        groups: dict[tuple[str, int], list[_Row]] = defaultdict(list)
        members = (
            queryset.filter(prefix_q("area_path", commune.path))
            .only(*_COMPARED)
            .order_by("given_name_key", "birth_year", "pk")
        )
        for person in members:
            groups[(person.given_name_key, person.birth_year)].append(
                _Row(person, Identity.of(person, commune_path=path))
            )
        yield from (rows for rows in groups.values() if 1 < len(rows) <= MAX_GROUP)


def find_duplicates_bulk(*, area: AdminUnit | None = None) -> int:
    """Scan ``area`` (everything if None) block by block; record new candidate pairs.

    Pairs already recorded (open, dismissed or merged) are left alone, so a pair a
    reviewer dismissed is never raised again. Returns the number of new pairs.
    """
    queryset = _active_in(area)
    blocks = chain(_group_blocks(queryset, "phone"), _commune_blocks(queryset, area))
    created = 0
    pending: dict[tuple[int, int], DuplicateCandidate] = {}
    for rows in blocks:
        for left, right in _pairs_in(rows):
            key = (left.person.pk, right.person.pk)
            if key in pending:
                continue
            score, reasons = score_pair(left.identity, right.identity)
            if score >= LIKELY_THRESHOLD:
                pending[key] = DuplicateCandidate(
                    first=left.person,
                    second=right.person,
                    area_path=common_path(left.person.area_path, right.person.area_path),
                    score=score,
                    reasons=reasons,
                    status=DuplicateStatus.OPEN,
                )
        if len(pending) >= FLUSH_EVERY:  # keep memory flat on a province-wide run
            created += _store_new(pending)
            pending = {}
    return created + _store_new(pending)


def _store_new(found: dict[tuple[int, int], DuplicateCandidate]) -> int:
    """Insert the pairs not recorded yet; returns how many were new."""
    if not found:
        return 0
    existing = _existing_pairs(found)
    new = [candidate for key, candidate in found.items() if key not in existing]
    DuplicateCandidate.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return len(new)


def _existing_pairs(found: dict[tuple[int, int], DuplicateCandidate]) -> set[tuple[int, int]]:
    firsts = sorted({first for first, _second in found})
    existing: set[tuple[int, int]] = set()
    for start in range(0, len(firsts), 500):
        existing.update(
            DuplicateCandidate.objects.unscoped()
            .filter(first_id__in=firsts[start : start + 500])
            .values_list("first_id", "second_id")
        )
    return existing
