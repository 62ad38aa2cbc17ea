"""Residents and households from the commune's Excel lists (``sheets.pipeline`` with people's rules).

Every row goes through ``services.persons.clean_person`` (the same rules as the form: name,
sex, birth, CCCD, phone, ethnicity, the village inside the user's jurisdiction, household in
that village…) and ``derive_person``; what this module adds is reading the cells as people
type them (dates as 31/02/1990 or Excel dates, "Nam"/"Nữ", "H'Mông", "Dao đỏ", a village by
name with or without diacritics or by code, a CCCD Excel turned into a number) and finding who
is already registered:

1. **national ID first**: a stored resident with that number is the same person (updated with
   the file's non-empty values, or skipped if nothing differs); one outside the jurisdiction
   makes the row an error (the number cannot belong to two people);
2. **then name + birth + village**: the same folded name, the same birth date (or year when
   either side lacks the date), the same village, and no conflicting ID: the same person;
3. otherwise a new resident; if ``people.duplicates`` finds likely duplicates (the registry's
   usual rules and scores, through ``MatchIndex``: the same lookups as ``find_matches``), the
   pairs go to the existing review queue (``DuplicateCandidate``).

So a second run of the same file stores nothing (``created=0``). Rows repeated inside the file
(same CCCD, or same name, birth and village) are errors naming the first row.

Households: rows with the same ``mã hộ`` in a village are one household (an existing one with
that code is used); without a code, rows naming the same ``chủ hộ`` in a village are. The row
whose ``quan hệ với chủ hộ`` is "Chủ hộ" (or whose name is the head's) becomes its head; any
other relation is kept in the person's notes ("Quan hệ với chủ hộ: Vợ"), never dropped.

Writing is in batches through ``core.bulk`` (keys reserved from the database, one prepared
INSERT per table), so 100,000 rows take seconds; the import writes one audit row
(``people.residents_imported``: counts, file, mode, the ids created), updates go through
``person_update`` and are audited one by one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record
from phaodai.core.access import has_capability, in_jurisdiction
from phaodai.core.bulk import BulkWriter, reserve_ids, unsaved
from phaodai.core.roles import Capability
from phaodai.core.text import fold
from phaodai.people import events
from phaodai.people.duplicates import (
    LOOKUP_CAP,
    BirthAgreement,
    DuplicateMatch,
    Identity,
    MatchIndex,
    birth_agreement,
    commune_path_of,
    new_candidate_pairs,
    store_candidate_pairs,
)
from phaodai.people.enums import ChronicCondition, Ethnicity, ResidenceStatus, Sex
from phaodai.people.models import DuplicateCandidate, Household, Person
from phaodai.people.names import name_keys
from phaodai.people.services.persons import clean_person, derive_person, person_update
from phaodai.sheets.columns import Column
from phaodai.sheets.errors import RowError
from phaodai.sheets.pipeline import Checked, Outcome, SourceRow
from phaodai.sheets.reading import Cell, as_text

KIND = "people.residents"

COLUMNS: tuple[Column, ...] = (
    Column(
        "full_name",
        gettext_lazy("Họ và tên"),
        ("họ tên", "tên", "họ và tên nhân khẩu", "họ tên nhân khẩu", "họ và tên người"),
        required=True,
    ),
    Column(
        "birth_date", gettext_lazy("Ngày sinh"), ("ngày tháng năm sinh", "ngày, tháng, năm sinh", "sinh ngày")
    ),
    Column("birth_year", gettext_lazy("Năm sinh"), ()),
    Column("sex", gettext_lazy("Giới tính"), ("gt", "nam/nữ", "nam nữ", "phái"), required=True),
    Column(
        "national_id",
        gettext_lazy("Số CCCD"),
        (
            "cccd",
            "số cccd/cmnd",
            "cccd/cmnd",
            "số cmnd",
            "cmnd",
            "số định danh",
            "số định danh cá nhân",
            "mã định danh",
            "căn cước công dân",
            "số căn cước",
            "số căn cước công dân",
        ),
    ),
    Column("phone", gettext_lazy("Số điện thoại"), ("điện thoại", "sđt", "số đt", "đt", "sdt", "di động")),
    Column("ethnicity", gettext_lazy("Dân tộc"), ()),
    Column(
        "village",
        gettext_lazy("Thôn/tổ dân phố"),
        (
            "thôn",
            "thôn/tổ",
            "tổ dân phố",
            "thôn, tổ dân phố",
            "bản",
            "thôn/bản",
            "thôn bản",
            "xóm",
            "ấp",
            "khu phố",
        ),
    ),
    Column(
        "household_code", gettext_lazy("Mã hộ"), ("mã hộ gia đình", "mã số hộ", "số hộ khẩu", "số sổ hộ khẩu")
    ),
    Column("household_head", gettext_lazy("Chủ hộ"), ("họ tên chủ hộ", "tên chủ hộ", "họ và tên chủ hộ")),
    Column("relation", gettext_lazy("Quan hệ với chủ hộ"), ("quan hệ", "qh với chủ hộ", "quan hệ chủ hộ")),
    Column("residence_status", gettext_lazy("Tình trạng cư trú"), ("cư trú", "loại cư trú", "tình trạng")),
    Column(
        "away_location",
        gettext_lazy("Nơi đang ở"),
        ("đang ở đâu", "nơi ở hiện nay", "nơi làm việc", "nơi đi"),
    ),
    Column("chronic_conditions", gettext_lazy("Bệnh nền"), ("bệnh mãn tính", "bệnh mạn tính")),
    Column("is_pregnant", gettext_lazy("Mang thai"), ("đang mang thai", "có thai")),
    Column("notes", gettext_lazy("Ghi chú"), ()),
)

# Which file column a service field's error belongs to.
_FIELD_COLUMNS = {
    "full_name": ("full_name",),
    "sex": ("sex",),
    "birth_year": ("birth_date", "birth_year"),
    "birth_date": ("birth_date", "birth_year"),
    "national_id": ("national_id",),
    "phone": ("phone",),
    "ethnicity": ("ethnicity",),
    "residence_unit": ("village",),
    "household": ("household_code", "household_head"),
    "residence_status": ("residence_status",),
    "away_location": ("away_location",),
    "chronic_conditions": ("chronic_conditions",),
    "is_pregnant": ("is_pregnant",),
    "notes": ("notes",),
}

_SEX = {"nam": Sex.MALE, "m": Sex.MALE, "male": Sex.MALE, "trai": Sex.MALE, "nu": Sex.FEMALE, "f": Sex.FEMALE,
        "female": Sex.FEMALE, "gai": Sex.FEMALE}  # fmt: skip
_STATUS = {
    "thuong tru": ResidenceStatus.PERMANENT,
    "tt": ResidenceStatus.PERMANENT,
    "tam tru": ResidenceStatus.TEMPORARY,
    "tam vang": ResidenceStatus.AWAY,
    "vang": ResidenceStatus.AWAY,
    "di lam an xa": ResidenceStatus.AWAY,
    "dang o noi khac": ResidenceStatus.AWAY,
    "di lam xa": ResidenceStatus.AWAY,
    "di hoc xa": ResidenceStatus.AWAY,
}
_HEAD = {"chu ho", "ch", "ban than", "chu"}
_YES = {"co", "x", "1", "co thai", "dang mang thai", "yes", "true"}
_NO = {"khong", "0", "no", "false"}
# Common other names of ethnic groups (folded, without spaces, hyphens or apostrophes).
_ETHNIC_ALIASES = {
    "mong": Ethnicity.HMONG,
    "meo": Ethnicity.HMONG,
    "hmongdo": Ethnicity.HMONG,
    "hmonghoa": Ethnicity.HMONG,
    "daodo": Ethnicity.DAO,
    "daotien": Ethnicity.DAO,
    "daoquanchet": Ethnicity.DAO,
    "daoquantrang": Ethnicity.DAO,
    "daothanhy": Ethnicity.DAO,
    "daolanten": Ethnicity.DAO,
    "man": Ethnicity.DAO,
    "khmer": Ethnicity.KHMER,
    "tho": Ethnicity.THO,
    "xadangphu": Ethnicity.XINH_MUN,
    "kinhviet": Ethnicity.KINH,
    "viet": Ethnicity.KINH,
}
_UNIT_WORDS = ("to dan pho", "khu pho", "thon", "ban", "xom", "ap", "to", "khu", "lang", "doi")
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_MY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")


def _squash(text: str) -> str:
    return fold(text).replace(" ", "")


_ETHNICITY_BY_KEY: dict[str, str] = {
    **{_squash(str(label)): code for code, label in Ethnicity.choices},
    **{code: code for code in Ethnicity.values},
    **{str(int(code)): code for code in Ethnicity.values},
    **_ETHNIC_ALIASES,
}
_CONDITION_BY_KEY = {
    **{fold(str(label)): code for code, label in ChronicCondition.choices},
    **{code: code for code in ChronicCondition.values},
}


def _strip_unit_word(key: str) -> str:
    for word in _UNIT_WORDS:
        if key.startswith(word + " "):
            return key[len(word) + 1 :]
    return key


def parse_birth(value: Cell) -> tuple[dt.date | None, int | None, str]:
    """(date, year, error) from a cell: an Excel date, "05/09/1980", "1980-09-05", "09/1980", "1980"."""
    if value is None:
        return None, None, ""
    if isinstance(value, dt.datetime):
        return value.date(), None, ""
    if isinstance(value, dt.date):
        return value, None, ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1000 <= value <= 9999:
            return None, int(value), ""
        return None, None, _("Không đọc được ngày sinh; hãy ghi dạng ngày/tháng/năm, ví dụ 05/09/1980.")
    text = str(value).strip()
    found = _DMY.match(text)
    parts: tuple[int, int, int] | None = None
    if found:
        parts = (int(found.group(3)), int(found.group(2)), int(found.group(1)))
    elif found := _YMD.match(text):
        parts = (int(found.group(1)), int(found.group(2)), int(found.group(3)))
    if parts is not None:
        try:
            return dt.date(*parts), None, ""
        except ValueError:
            return None, None, _("Ngày %(text)s không có trên lịch.") % {"text": text}
    if found := _MY.match(text):
        return None, int(found.group(2)), ""
    if text.isdigit() and len(text) == 4:
        return None, int(text), ""
    return None, None, _("Không đọc được ngày sinh; hãy ghi dạng ngày/tháng/năm, ví dụ 05/09/1980.")


def _digits_cell(value: Cell, lengths: dict[int, int]) -> str:
    """A number Excel stored as a number lost its leading zeros: put them back (CCCD, phone)."""
    text = as_text(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and text.isdigit():
        return text.zfill(lengths.get(len(text), len(text)))
    return text


@dataclass
class _HouseholdSlot:
    """A household rows of this file belong to: stored already, or to be created."""

    household: Household
    head_key: str = ""
    head: Person | None = None
    written: bool = False


@dataclass
class _Plan:
    person: Person
    slot: _HouseholdSlot | None = None
    is_head: bool = False
    matches: list[DuplicateMatch] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class _StagedResidents:
    """A batch as ``ResidentImporter.prepare`` leaves it: ``store`` writes it (``pipeline.Staged``)."""

    counts: dict[str, int]
    actor: User
    writer: BulkWriter
    late_heads: list[tuple[int, int]]
    pairs: dict[tuple[int, int], DuplicateCandidate]
    updates: list[_Plan]

    def store(self) -> None:
        self.writer.flush(force=True)
        for household_id, head_id in self.late_heads:
            Household.objects.unscoped().filter(pk=household_id, head__isnull=True).update(head=head_id)
        store_candidate_pairs(self.pairs)
        for plan in self.updates:
            # person_update reads the record again, locked: the index's copy is left as it was
            person_update(actor=self.actor, person=plan.person, **plan.changes)


class ResidentImporter:
    """``sheets.pipeline.Importer`` for residents of ``unit`` (a commune or village) by ``actor``."""

    kind = KIND
    columns = COLUMNS

    def __init__(
        self, *, actor: User, unit: AdminUnit, file_name: str = "", mode: str = "", job_id: int | None = None
    ) -> None:
        if not has_capability(actor, Capability.EDIT_PEOPLE):
            raise PermissionDenied(_("Bạn không có quyền thêm, sửa nhân khẩu."))
        if not in_jurisdiction(actor, unit.path):
            raise PermissionDenied(_("Hồ sơ nằm ngoài địa bàn bạn phụ trách."))
        self.actor, self.unit, self.file_name, self.mode, self.job_id = actor, unit, file_name, mode, job_id
        self.today = timezone.localdate()
        self._relation_note = _("Quan hệ với chủ hộ: %(relation)s")  # translated once, not per row
        self.index = MatchIndex()
        self.base = Person.objects.unscoped()
        villages = AdminUnit.objects.for_user(actor).within(unit.path).filter(level__gte=UnitLevel.COMMUNE)
        self.units: dict[int, AdminUnit] = {u.pk: u for u in villages.select_related("parent")}
        self._by_code: dict[str, list[AdminUnit]] = {}
        self._by_name: dict[str, list[AdminUnit]] = {}
        for village in self.units.values():
            self._by_code.setdefault(village.code.upper(), []).append(village)
            key = fold(village.name)
            self._by_name.setdefault(key, []).append(village)
            stripped = _strip_unit_word(key)
            if stripped != key:
                self._by_name.setdefault(stripped, []).append(village)
        self.slots: dict[tuple[int, str], _HouseholdSlot] = {}
        self.seen_ids: dict[str, int] = {}  # national ID -> first row
        self.seen_people: dict[tuple[str, str, int], int] = {}  # (name, birth, unit) -> first row
        self.created_ids: list[list[int]] = []
        columns = list(Person._meta.concrete_fields)
        self._person_columns = [f.attname for f in columns]
        self._person_defaults: dict[str, Any] = {
            f.attname: f.get_default() for f in columns if not (f.has_default() and callable(f.default))
        }
        self._person_defaults["created_by_id"] = actor.pk
        self._person_factories = [
            (f.attname, f.default) for f in columns if f.has_default() and callable(f.default)
        ]

    def _new_person(self, cleaned: dict[str, Any]) -> Person:
        """``Person(created_by=actor, **cleaned)``, built from every column's value in order
        (``core.bulk.unsaved``: no KeyError per column left out, no descriptor per column)."""
        values = dict(self._person_defaults)
        for name, make in self._person_factories:
            values[name] = make()
        unit: AdminUnit = cleaned["residence_unit"]
        household: Household | None = cleaned["household"]
        given = {
            name: value for name, value in cleaned.items() if name not in ("residence_unit", "household")
        }
        unknown = set(given) - set(values)
        if unknown:
            raise TypeError(f"not columns of Person: {sorted(unknown)}")
        values.update(given)
        values["residence_unit_id"] = unit.pk
        values["household_id"] = household.pk if household is not None else None
        person = unsaved(Person, [values[name] for name in self._person_columns])
        person.residence_unit = unit
        if household is not None:
            person.household = household
        return person

    # --- reading one row ------------------------------------------------------------------

    def _village(self, row: SourceRow) -> tuple[AdminUnit | None, RowError | None]:
        text = row.text("village")
        if not text:
            if self.unit.level >= UnitLevel.COMMUNE:
                return self.unit, None
            return None, row.error("village", _("Hãy ghi thôn, tổ dân phố."))
        key = fold(text)
        found = (
            self._by_code.get(text.upper())
            or self._by_name.get(key)
            or self._by_name.get(_strip_unit_word(key))
        )
        if not found:
            return None, row.error(
                "village",
                _("Không tìm thấy thôn, tổ dân phố “%(name)s” trong %(unit)s.")
                % {"name": text, "unit": self.unit.name},
            )
        if len({u.pk for u in found}) > 1:
            return None, row.error(
                "village",
                _("Có %(n)d thôn cùng tên “%(name)s” trong %(unit)s: hãy ghi mã thôn.")
                % {"n": len(found), "name": text, "unit": self.unit.name},
            )
        return found[0], None

    def _values(self, row: SourceRow) -> tuple[dict[str, Any], list[RowError], set[str]]:
        """The service's values from the cells; parse errors, and the fields they concern."""
        errors: list[RowError] = []
        bad: set[str] = set()
        birth_date, birth_year, problem = parse_birth(row.values.get("birth_date"))
        if problem:
            errors.append(row.error("birth_date", problem))
            bad |= {"birth_date", "birth_year"}
        if birth_year is None and row.values.get("birth_year") is not None:
            _date, birth_year, problem = parse_birth(row.values.get("birth_year"))
            if _date is not None:
                birth_date, birth_year = _date, None
            if problem:
                errors.append(row.error("birth_year", _("Năm sinh phải là một số, ví dụ 1980.")))
                bad |= {"birth_date", "birth_year"}
        sex_text = row.text("sex")
        ethnicity_text = row.text("ethnicity")
        status_text = row.text("residence_status")
        conditions = [
            _CONDITION_BY_KEY.get(fold(part), part.strip())
            for part in re.split(r"[,;/]", row.text("chronic_conditions"))
            if part.strip()
        ]
        pregnant_text = fold(row.text("is_pregnant"))
        if pregnant_text and pregnant_text not in _YES | _NO:
            errors.append(row.error("is_pregnant", _("Ghi “Có” nếu đang mang thai, để trống nếu không.")))
            bad.add("is_pregnant")
        relation = row.text("relation")
        notes = row.text("notes")
        if relation and fold(relation) not in _HEAD:
            notes = "\n".join(filter(None, [notes, self._relation_note % {"relation": relation}]))
        values = {
            "full_name": row.text("full_name"),
            "sex": _SEX.get(fold(sex_text), sex_text),
            "birth_year": birth_year,
            "birth_date": birth_date,
            "national_id": _digits_cell(row.values.get("national_id"), {11: 12, 10: 12, 8: 9}),
            "phone": _digits_cell(row.values.get("phone"), {9: 10}),
            "ethnicity": _ETHNICITY_BY_KEY.get(_squash(ethnicity_text), ethnicity_text)
            if ethnicity_text
            else Ethnicity.KINH,
            "residence_unit": None,
            "household": None,
            "residence_status": _STATUS.get(fold(status_text), status_text)
            if status_text
            else ResidenceStatus.PERMANENT,
            "away_location": row.text("away_location"),
            "chronic_conditions": conditions,
            "is_pregnant": pregnant_text in _YES,
            "notes": notes,
        }
        return values, errors, bad

    def _slot(self, row: SourceRow, unit: AdminUnit, full_name: str) -> tuple[_HouseholdSlot | None, bool]:
        """The household of the row (stored or new) and whether the row is its head."""
        code = row.text("household_code").strip().upper()
        head_name = row.text("household_head")
        relation = fold(row.text("relation"))
        name_key = name_keys(full_name).full
        head_key = name_keys(head_name).full if head_name else ""
        is_head = relation in _HEAD or (bool(head_key) and head_key == name_key)
        if code:
            key = (unit.pk, "code:" + code)
        elif head_key:
            key = (unit.pk, "head:" + head_key)
        elif is_head:
            key, head_key = (unit.pk, "head:" + name_key), name_key
        else:
            return None, False
        slot = self.slots.get(key)
        if slot is None:
            slot = _HouseholdSlot(
                household=Household(unit=unit, code=code), head_key=head_key or (name_key if is_head else "")
            )
            self.slots[key] = slot
        return slot, is_head

    def _load_households(self, keys: set[tuple[int, str]]) -> None:
        """Stored households the batch's codes and head names refer to."""
        codes = {k[1][5:] for k in keys if k[1].startswith("code:") and k not in self.slots}
        heads = {k[1][5:] for k in keys if k[1].startswith("head:") and k not in self.slots}
        unit_ids = {k[0] for k in keys}
        if codes:
            for household in Household.objects.unscoped().filter(unit_id__in=unit_ids, code__in=codes):
                key = (household.unit_id, "code:" + household.code)
                self.slots.setdefault(key, _HouseholdSlot(household=household, written=True))
        if heads:
            found = Household.objects.unscoped().filter(unit_id__in=unit_ids, head__name_key__in=heads)
            for household in found.select_related("head"):
                if household.head is None:
                    continue
                key = (household.unit_id, "head:" + household.head.name_key)
                self.slots.setdefault(
                    key,
                    _HouseholdSlot(
                        household=household,
                        head_key=household.head.name_key,
                        head=household.head,
                        written=True,
                    ),
                )

    # --- the importer's two steps -------------------------------------------------------------

    def check(self, rows: list[SourceRow]) -> list[Checked]:
        prepared: list[tuple[SourceRow, dict[str, Any], list[RowError], set[str], AdminUnit | None]] = []
        household_keys: set[tuple[int, str]] = set()
        for row in rows:
            values, errors, bad = self._values(row)
            unit, problem = self._village(row)
            if problem is not None:
                errors.append(problem)
                bad.add("residence_unit")
            elif unit is not None:
                values["residence_unit"] = unit
                code = row.text("household_code").strip().upper()
                head = name_keys(row.text("household_head")).full if row.text("household_head") else ""
                if code:
                    household_keys.add((unit.pk, "code:" + code))
                elif head:
                    household_keys.add((unit.pk, "head:" + head))
            prepared.append((row, values, errors, bad, unit))
        if household_keys:
            self._load_households(household_keys)
        self.index.load(
            self.base,
            [
                Identity(
                    full_name=values["full_name"],
                    birth_year=values["birth_year"]
                    or (values["birth_date"].year if values["birth_date"] else None),
                    birth_date=values["birth_date"],
                    national_id=values["national_id"],
                    phone=values["phone"],
                    commune_path=commune_path_of(unit),
                )
                for _row, values, _errors, _bad, unit in prepared
            ],
        )
        return [self._check_one(*item) for item in prepared]

    def _check_one(
        self,
        row: SourceRow,
        values: dict[str, Any],
        errors: list[RowError],
        bad: set[str],
        unit: AdminUnit | None,
    ) -> Checked:
        slot, is_head = (None, False)
        if unit is not None:
            slot, is_head = self._slot(row, unit, values["full_name"])
            if slot is not None:
                values["household"] = slot.household
        service_values = dict(values)
        if "residence_unit" in bad:
            service_values["residence_unit"] = self.unit if self.unit.level >= UnitLevel.COMMUNE else None
        # A number held by a stored record in the actor's area is that person (the row updates
        # it); held outside the area it is refused by clean_person, as on the form.
        holder = self._stored_holder(values.get("national_id") or "")
        same = holder if holder is not None and in_jurisdiction(self.actor, holder.area_path) else None
        try:
            cleaned = clean_person(
                actor=self.actor,
                values=service_values,
                today=self.today,
                record=same,
                holder_of=self._stored_holder,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in bad:
                    continue  # already reported, as the cell could not be read
                columns = _FIELD_COLUMNS.get(name, ())
                column = next((c for c in columns if c in row.headers), columns[0] if columns else "")
                errors.extend(row.error(column, message) for message in messages)
            return Checked(row=row, errors=errors)
        if errors or unit is None:
            return Checked(row=row, errors=errors)
        return self._plan(row, cleaned, unit, slot, is_head)

    def _plan(
        self,
        row: SourceRow,
        cleaned: dict[str, Any],
        unit: AdminUnit,
        slot: _HouseholdSlot | None,
        is_head: bool,
    ) -> Checked:
        person = self._new_person(cleaned)
        derive_person(person)
        birth_key = person.birth_date.isoformat() if person.birth_date else str(person.birth_year)
        if person.national_id:
            first = self.seen_ids.get(person.national_id)
            if first is not None:
                return Checked(
                    row=row,
                    errors=[
                        row.error(
                            "national_id", _("Trùng số CCCD với dòng %(row)d của tệp.") % {"row": first}
                        )
                    ],
                )
        person_key = (person.name_key, birth_key, unit.pk)
        first = self.seen_people.get(person_key)
        if first is not None:
            return Checked(
                row=row,
                errors=[
                    row.error(
                        "full_name",
                        _("Trùng họ tên, ngày sinh và thôn với dòng %(row)d của tệp.") % {"row": first},
                    )
                ],
            )
        identity = Identity(
            full_name=person.full_name,
            birth_year=person.birth_year,
            birth_date=person.birth_date,
            national_id=person.national_id,
            phone=person.phone,
            commune_path=commune_path_of(unit),
            sex=person.sex,
        )
        found = self.index.candidates(identity)
        stored = self._same_person(person, identity, found)
        if isinstance(stored, RowError):
            return Checked(row=row, errors=[row.error("national_id", stored.message)])
        if person.national_id:
            self.seen_ids[person.national_id] = row.number
        self.seen_people[person_key] = row.number
        if stored is not None:
            changes = self._changes(stored, person, row)
            return Checked(
                row=row, action="update" if changes else "skip", plan=_Plan(person=stored, changes=changes)
            )
        matches = self.index.matches(identity, limit=5, candidates=found)
        self.index.add(person, commune_path=commune_path_of(unit))
        plan = _Plan(person=person, slot=slot, is_head=is_head, matches=matches)
        if slot is not None and is_head and slot.head is None:
            slot.head = person
        return Checked(row=row, action="create", plan=plan)

    def _stored_holder(self, national_id: str) -> Person | None:
        """The stored record in use holding ``national_id`` (the index read them for the batch)."""
        for other in self.index.holders(national_id)[:LOOKUP_CAP]:
            if not other._state.adding and other.national_id == national_id and other.merged_into_id is None:
                return other
        return None

    def _same_person(
        self, person: Person, identity: Identity, found: list[Person]
    ) -> Person | RowError | None:
        # Stored records only (the file's earlier rows are caught by seen_ids / seen_people).
        candidates = [p for p in found if not p._state.adding]
        if person.national_id:
            for other in candidates:
                if other.national_id == person.national_id:
                    return other  # in the actor's area: clean_person refused the others
        for other in sorted(candidates, key=lambda p: p.pk):
            if (
                other.name_key == person.name_key
                and other.residence_unit_id == person.residence_unit_id
                and birth_agreement(Identity.of(other, commune_path=""), identity)
                in (BirthAgreement.DATE, BirthAgreement.YEAR)
                and not (other.national_id and person.national_id and other.national_id != person.national_id)
            ):
                return other
        return None

    def _changes(self, stored: Person, person: Person, row: SourceRow) -> dict[str, Any]:
        """The file's non-empty values that differ from the stored record (empty cells never erase)."""
        changes: dict[str, Any] = {}
        for name in ("national_id", "phone", "birth_date", "away_location"):
            value = getattr(person, name)
            if value not in ("", None) and value != getattr(stored, name):
                changes[name] = value
        if "ethnicity" in row.headers and row.text("ethnicity") and person.ethnicity != stored.ethnicity:
            changes["ethnicity"] = person.ethnicity
        if (
            "residence_status" in row.headers
            and row.text("residence_status")
            and person.residence_status != stored.residence_status
        ):
            changes["residence_status"] = person.residence_status
        return changes

    def write(self, rows: list[Checked]) -> dict[str, int]:
        staged = self.prepare(rows)
        staged.store()
        return staged.counts

    def prepare(self, rows: list[Checked]) -> _StagedResidents:
        """Keys handed out, households and heads settled, the rows and pairs to insert built: all
        that the checks of later rows see, done here, so that ``store`` (on another thread,
        maybe) only writes."""
        creates = [item.plan for item in rows if item.action == "create"]
        counts = {"created": len(creates), "updated": 0, "skipped": 0, "review": 0}
        new_slots = list(
            {id(p.slot): p.slot for p in creates if p.slot is not None and not p.slot.written}.values()
        )
        person_ids = reserve_ids(Person, len(creates))
        household_ids = reserve_ids(Household, len(new_slots))
        for plan, pk in zip(creates, person_ids, strict=True):
            plan.person.pk = plan.person.id = pk
        self.index.note_stored(person_ids)
        late_heads: list[tuple[int, int]] = []  # (household, head) for households of earlier batches
        for slot, pk in zip(new_slots, household_ids, strict=True):
            slot.household.pk = slot.household.id = pk
            slot.household.derive_area()
        for plan in creates:
            if plan.slot is not None:
                plan.person.household_id = plan.slot.household.pk
                # a household written in an earlier batch gets its head when the head's row is written
                if plan.is_head and plan.slot.head is plan.person and plan.slot.written:
                    late_heads.append((plan.slot.household.pk, plan.person.pk))
                    plan.slot.household.head_id = plan.person.pk
        for slot in new_slots:
            slot.household.head_id = (
                slot.head.pk if slot.head is not None and slot.head.pk is not None else None
            )
        writer = BulkWriter([Household, Person])
        for slot in new_slots:
            writer.add_instance(slot.household)
            slot.written = True
        for plan in creates:
            writer.add_instance(plan.person)
        pairs = new_candidate_pairs(
            (plan.person, match) for plan in creates for match in plan.matches if match.person.pk is not None
        )
        counts["review"] = sum(1 for plan in creates if plan.matches)
        self._note_ids(person_ids)
        updates: list[_Plan] = []
        for item in rows:
            if item.action == "update":
                updates.append(item.plan)
                counts["updated"] += 1
            elif item.action == "skip":
                counts["skipped"] += 1
        return _StagedResidents(
            counts=counts,
            actor=self.actor,
            writer=writer,
            late_heads=late_heads,
            pairs=pairs,
            updates=updates,
        )

    def _note_ids(self, ids: Sequence[int]) -> None:
        for pk in ids:
            if self.created_ids and self.created_ids[-1][1] == pk - 1:
                self.created_ids[-1][1] = pk
            else:
                self.created_ids.append([pk, pk])

    def finish(self, outcome: Outcome, *, dry_run: bool) -> None:
        if dry_run or not outcome.stored:
            return
        audit_record(
            actor=self.actor,
            event=events.RESIDENTS_IMPORTED,
            target=None,
            target_type=Person._meta.label_lower,
            area_path=self.unit.path,
            changes={
                "file": self.file_name,
                "mode": self.mode,
                "job": self.job_id,
                "rows": outcome.rows,
                "created": outcome.created,
                "updated": outcome.updated,
                "skipped": outcome.skipped,
                "errors": outcome.errors,
                "review": outcome.review,
                "created_ids": self.created_ids,
            },
            params={"created": outcome.created, "updated": outcome.updated},
            reason=self.file_name,
        )


def summary(outcome: Outcome) -> list[dict[str, Any]]:
    """The figures the job page shows (labels are message ids, translated when shown)."""
    return [
        {"label": gettext_noop("Số dòng"), "value": outcome.rows},
        {"label": gettext_noop("Thêm mới"), "value": outcome.created},
        {"label": gettext_noop("Cập nhật"), "value": outcome.updated},
        {"label": gettext_noop("Đã có, bỏ qua"), "value": outcome.skipped},
        {"label": gettext_noop("Dòng lỗi"), "value": outcome.errors},
        {"label": gettext_noop("Cần xem trùng lặp"), "value": outcome.review},
    ]


def people_list_url(unit: AdminUnit) -> str:
    return f"{reverse('people:list')}?unit={unit.pk}"


def upload_suffix(path: Path) -> str:
    return path.suffix.lower() if path.suffix.lower() in (".xlsx", ".csv", ".txt") else ""
