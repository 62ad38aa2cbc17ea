"""Results from a laboratory's spreadsheet (``sheets.pipeline`` with the testing rules).

A lab sends back a list: name, CCCD or phone, the day the sample was taken, the result, its
date, the method, Ct. Each row is read as people type it (dates as 05/01/2022 or Excel dates;
"Dương tính", "DT", "+", "Âm tính", "AT", "-"; "PCR", "RT-PCR", "Test nhanh"), matched to a
resident of the chosen unit (by CCCD, else phone, else folded name + birth year), and stored
through the testing services, so a result dated before its sample is the same refusal as on
the form. A row's sample code that names a sample of the unit still waiting for a result gets
the result; otherwise a sample and its result are recorded. A person already having a result
of that kind for that sample day is skipped (a second run of the file stores nothing); a row
repeated in the file is an error naming the first. Nobody is created from a lab's file: a
person not in the registry is a row error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record
from phaodai.core.text import fold
from phaodai.labtests import events
from phaodai.labtests.enums import ResultSource, ResultValue, TestKind
from phaodai.labtests.models import Sample, TestResult
from phaodai.labtests.services import result_record, sample_record
from phaodai.labtests.services.checks import Errors, result_errors, sample_date_errors
from phaodai.people.models import Person
from phaodai.people.selectors import person_search
from phaodai.people.validators import normalize_phone
from phaodai.sheets.columns import Column
from phaodai.sheets.errors import RowError
from phaodai.sheets.pipeline import Checked, Outcome, SourceRow
from phaodai.sheets.reading import Cell, as_text

KIND = "labtests.results"

COLUMNS: tuple[Column, ...] = (
    Column("full_name", gettext_lazy("Họ và tên"), ("họ tên", "tên", "tên người xét nghiệm"), required=True),
    Column(
        "national_id", gettext_lazy("Số CCCD"), ("cccd", "cmnd", "số cccd/cmnd", "cccd/cmnd", "số định danh")
    ),
    Column("phone", gettext_lazy("Số điện thoại"), ("điện thoại", "sđt", "sdt", "số đt")),
    Column("birth_year", gettext_lazy("Năm sinh"), ("ngày sinh",)),
    Column("code", gettext_lazy("Mã mẫu"), ("mã số mẫu", "số mẫu", "mã xét nghiệm")),
    Column("kind", gettext_lazy("Loại xét nghiệm"), ("phương pháp", "kỹ thuật", "loại test", "loại mẫu")),
    Column("sampled_on", gettext_lazy("Ngày lấy mẫu"), ("ngày lấy", "ngày thu mẫu"), required=True),
    Column("result", gettext_lazy("Kết quả"), ("kết quả xét nghiệm", "kq"), required=True),
    Column(
        "result_on", gettext_lazy("Ngày trả kết quả"), ("ngày có kết quả", "ngày kết quả", "ngày xét nghiệm")
    ),
    Column("ct_value", gettext_lazy("Giá trị Ct"), ("ct", "chỉ số ct")),
    Column(
        "lab", gettext_lazy("Đơn vị xét nghiệm"), ("phòng xét nghiệm", "nơi xét nghiệm", "cơ sở xét nghiệm")
    ),
)

_RESULTS = {
    "duong tinh": ResultValue.POSITIVE,
    "duong": ResultValue.POSITIVE,
    "dt": ResultValue.POSITIVE,
    "+": ResultValue.POSITIVE,
    "positive": ResultValue.POSITIVE,
    "am tinh": ResultValue.NEGATIVE,
    "am": ResultValue.NEGATIVE,
    "at": ResultValue.NEGATIVE,
    "-": ResultValue.NEGATIVE,
    "negative": ResultValue.NEGATIVE,
    "khong xac dinh": ResultValue.INVALID,
    "khong xac dinh duoc": ResultValue.INVALID,
    "invalid": ResultValue.INVALID,
}
_KINDS = {
    "rt-pcr": TestKind.RT_PCR,
    "rt pcr": TestKind.RT_PCR,
    "pcr": TestKind.RT_PCR,
    "realtime pcr": TestKind.RT_PCR,
    "test nhanh": TestKind.RAPID_ANTIGEN,
    "test nhanh khang nguyen": TestKind.RAPID_ANTIGEN,
    "khang nguyen": TestKind.RAPID_ANTIGEN,
    "rat": TestKind.RAPID_ANTIGEN,
    "tu test": TestKind.SELF_TEST,
}
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_day(value: Cell) -> tuple[dt.date | None, str]:
    """(date, error) from an Excel date or "05/01/2022" / "2022-01-05"."""
    if value is None or as_text(value) == "":
        return None, ""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = as_text(value)
    parts: tuple[int, int, int] | None = None
    if found := _DMY.match(text):
        parts = (int(found.group(3)), int(found.group(2)), int(found.group(1)))
    elif found := _YMD.match(text):
        parts = (int(found.group(1)), int(found.group(2)), int(found.group(3)))
    if parts is None:
        return None, _("Không đọc được ngày; hãy ghi dạng ngày/tháng/năm, ví dụ 05/01/2022.")
    try:
        return dt.date(*parts), ""
    except ValueError:
        return None, _("Ngày %(text)s không có trên lịch.") % {"text": text}


@dataclass
class _Plan:
    person: Person
    sample: Sample | None  # a waiting sample named by its code, or None: record a new one
    values: dict[str, Any]


class ResultImporter:
    """The ``sheets.pipeline.Importer`` of a lab's results for one unit."""

    kind = KIND
    columns: Sequence[Column] = COLUMNS

    def __init__(self, *, actor: User, unit: AdminUnit, file_name: str = "") -> None:
        self.actor = actor
        self.unit = unit
        self.file_name = file_name
        self._seen: dict[tuple[int, dt.date, str], int] = {}
        self.created_ids: list[int] = []

    # --- reading a row ---------------------------------------------------------------------

    def _find_person(self, row: SourceRow) -> tuple[Person | None, RowError | None]:
        people = person_search(user=self.actor, unit=self.unit)
        national_id = re.sub(r"[\s.\-]", "", as_text(row.values.get("national_id")))
        if isinstance(row.values.get("national_id"), (int, float)) and national_id.isdigit():
            national_id = national_id.zfill(12 if len(national_id) > 9 else 9)
        if national_id:
            found = list(people.filter(national_id=national_id)[:2])
            if found:
                return found[0], None
            return None, row.error(
                "national_id",
                _("Không có ai mang số này trong sổ nhân khẩu của %(unit)s.") % {"unit": self.unit.name},
            )
        phone_text = as_text(row.values.get("phone"))
        name_key = fold(as_text(row.values.get("full_name")))
        if not name_key:
            return None, row.error("full_name", _("Thiếu họ và tên."))
        candidates = people.filter(name_key=name_key)
        if phone_text:
            phone = normalize_phone(
                phone_text.zfill(10) if phone_text.isdigit() and len(phone_text) == 9 else phone_text
            )
            if phone:
                candidates = candidates.filter(phone=phone)
        year_text = as_text(row.values.get("birth_year"))
        if year_text[-4:].isdigit():
            candidates = candidates.filter(birth_year=int(year_text[-4:]))
        found = list(candidates[:2])
        if len(found) == 1:
            return found[0], None
        if not found:
            return None, row.error(
                "full_name",
                _("Không tìm thấy người này trong sổ nhân khẩu của %(unit)s; hãy thêm vào sổ trước.")
                % {"unit": self.unit.name},
            )
        return None, row.error(
            "full_name", _("Có nhiều người cùng tên; hãy ghi thêm số CCCD, số điện thoại hoặc năm sinh.")
        )

    def _check_one(self, row: SourceRow) -> Checked:
        errors: list[RowError] = []
        person, problem = self._find_person(row)
        if problem is not None:
            errors.append(problem)
        result = _RESULTS.get(fold(as_text(row.values.get("result"))).strip(), "")
        if not result:
            errors.append(row.error("result", _("Hãy ghi Dương tính, Âm tính hoặc Không xác định.")))
        kind_text = fold(as_text(row.values.get("kind")))
        kind = _KINDS.get(kind_text, "") if kind_text else TestKind.RT_PCR
        if not kind:
            errors.append(row.error("kind", _("Không rõ loại xét nghiệm; hãy ghi RT-PCR hoặc Test nhanh.")))
        sampled_on, problem_text = parse_day(row.values.get("sampled_on"))
        if problem_text or sampled_on is None:
            errors.append(row.error("sampled_on", problem_text or _("Thiếu ngày lấy mẫu.")))
        result_on, problem_text = parse_day(row.values.get("result_on"))
        if problem_text:
            errors.append(row.error("result_on", problem_text))
        ct_value: Decimal | None = None
        ct_text = as_text(row.values.get("ct_value")).replace(",", ".")
        if ct_text:
            try:
                ct_value = Decimal(ct_text).quantize(Decimal("0.1"))
            except InvalidOperation:
                errors.append(row.error("ct_value", _("Giá trị Ct là một số, ví dụ 27,5.")))
        lab = as_text(row.values.get("lab"))
        code = as_text(row.values.get("code"))
        checked = Checked(row=row, errors=errors)
        if errors or person is None or sampled_on is None:
            return checked
        found: Errors = {}
        sample_date_errors(person, sampled_on, found)
        result_errors(
            kind=kind,
            sampled_on=sampled_on,
            result=result,
            result_on=result_on,
            ct_value=ct_value,
            lab=lab,
            errors=found,
        )
        for name, problems in found.items():
            column = {
                "result_on": "result_on",
                "ct_value": "ct_value",
                "sampled_on": "sampled_on",
                "lab": "lab",
            }.get(name, "result")
            errors.extend(row.error(column, " ".join(p.messages)) for p in problems)
        if errors:
            return checked
        key = (person.pk, sampled_on, kind)
        if key in self._seen:
            errors.append(
                row.error(
                    "full_name",
                    _("Trùng với dòng %(row)d (cùng người, ngày lấy mẫu và loại xét nghiệm).")
                    % {"row": self._seen[key]},
                )
            )
            return checked
        self._seen[key] = row.number
        stored = (
            TestResult.objects.for_user(self.actor)
            .filter(person=person, sampled_on=sampled_on, kind=kind)
            .exists()
        )
        if stored:
            checked.action = "skip"
            return checked
        waiting = None
        if code:
            waiting = (
                Sample.objects.for_user(self.actor)
                .within(self.unit.path)
                .filter(code=code, person=person, result__isnull=True, pool__isnull=True)
                .first()
            )
        checked.action = "create"
        checked.plan = _Plan(
            person=person,
            sample=waiting,
            values={
                "kind": kind,
                "sampled_on": sampled_on,
                "result": result,
                "result_on": result_on,
                "ct_value": ct_value,
                "lab": lab,
                "code": code,
            },
        )
        return checked

    # --- the Importer protocol -------------------------------------------------------------

    def check(self, rows: list[SourceRow]) -> list[Checked]:
        return [self._check_one(row) for row in rows]

    def write(self, rows: list[Checked]) -> dict[str, int]:
        created = skipped = 0
        for item in rows:
            if item.action != "create":
                skipped += 1
                continue
            plan: _Plan = item.plan
            values = plan.values
            try:
                if plan.sample is not None:
                    record = result_record(
                        actor=self.actor,
                        sample=plan.sample,
                        result=values["result"],
                        result_on=values["result_on"],
                        ct_value=values["ct_value"],
                        lab=values["lab"],
                        source=ResultSource.IMPORT,
                    )
                    self.created_ids.append(record.pk)
                else:
                    sample, _created = sample_record(
                        actor=self.actor,
                        person=plan.person,
                        source=ResultSource.IMPORT,
                        **values,
                    )
                    self.created_ids.append(sample.pk)
            except (ValidationError, PermissionDenied):  # checked above; a race makes it a skip
                skipped += 1
                continue
            created += 1
        return {"created": created, "skipped": skipped}

    def finish(self, outcome: Outcome, *, dry_run: bool) -> None:
        if dry_run or not outcome.created:
            return
        audit_record(
            actor=self.actor,
            event=events.RESULTS_IMPORTED,
            target=None,
            target_type="labtests.testresult",
            area_path=self.unit.path,
            params={"created": outcome.created, "skipped": outcome.skipped, "errors": outcome.errors},
            changes={"file": self.file_name},
        )
