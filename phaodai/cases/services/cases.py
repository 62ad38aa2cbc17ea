"""Writing cases: create, confirm from a test proposal, edit, severity, transfer, outcome, delete.

Every write checks the capability and the jurisdiction, validates with Vietnamese messages and
the app's error codes, recomputes the rule decisions, writes one audit row and moves the counts
by the difference of the case's flows, all in one transaction. Nothing is saved on a refusal.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record, audited_create, audited_update, check_version
from phaodai.cases import events, flows
from phaodai.cases.enums import (
    BedKind,
    CareSetting,
    CaseStatus,
    HowFound,
    Severity,
    Symptom,
    VaccinationStatus,
)
from phaodai.cases.errors import CasesErrorCode
from phaodai.cases.models import CareEpisode, Case, Facility, SeverityChange
from phaodai.cases.selectors import free_beds, records_keeping
from phaodai.cases.services.decide import DECISION_FIELDS, decide, suggest_severity
from phaodai.core.errors import CoreErrorCode
from phaodai.core.roles import Capability
from phaodai.core.services import create_once, existing_by_uuid, require, require_in_jurisdiction, unit_errors
from phaodai.labtests.models import CaseProposal, TestResult
from phaodai.people.hooks import MergedRows
from phaodai.people.models import Person

# The fields an officer edits on a case (audited as {"field": [before, after]}).
CASE_FIELDS = (
    "unit",
    "confirmed_on",
    "how_found",
    "source_known",
    "vaccination_status",
    "last_dose_on",
    "symptoms",
    "respiratory_rate",
    "spo2",
    "has_pneumonia",
    "abnormal_breathing",
    "needs_ventilation",
    "comorbidity_stable",
    "postpartum",
    "can_self_care",
    "can_contact_staff",
    "notes",
)
EARLIEST_CASE = dt.date(2020, 1, 1)  # COVID-19's first case in Viet Nam was on 23/01/2020
RR_RANGE = (5, 80)
SPO2_RANGE = (50, 100)


class _Errors:
    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=code))

    def extend(self, field: str, errors: Sequence[ValidationError]) -> None:
        self.by_field.setdefault(field, []).extend(errors)

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _clean_case(*, actor: User, person: Person, values: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """The case's edited fields checked; raises every problem at once (nothing is saved)."""
    errors = _Errors()
    unit: AdminUnit | None = values.get("unit")
    problems = unit_errors(actor, unit, what=_("xã quản lý ca bệnh"), min_level=UnitLevel.COMMUNE)
    if problems:
        errors.extend("unit", problems)
    elif unit is not None and unit.level != UnitLevel.COMMUNE:
        errors.add(
            "unit",
            _("Ca bệnh do xã, phường quản lý: hãy chọn xã, không chọn thôn."),
            CasesErrorCode.UNIT_NOT_COMMUNE,
        )
    confirmed: dt.date | None = values.get("confirmed_on")
    if confirmed is None:
        errors.add("confirmed_on", _("Hãy nhập ngày khẳng định ca bệnh."), CasesErrorCode.CONFIRMED_TOO_EARLY)
    else:
        if confirmed > today:
            errors.add(
                "confirmed_on",
                _("Ngày khẳng định không thể ở tương lai."),
                CasesErrorCode.CONFIRMED_IN_FUTURE,
            )
        if confirmed < EARLIEST_CASE:
            errors.add(
                "confirmed_on",
                _("Ngày khẳng định phải từ %(day)s trở đi.") % {"day": _fmt(EARLIEST_CASE)},
                CasesErrorCode.CONFIRMED_TOO_EARLY,
            )
        born = person.birth_date
        if (born is not None and confirmed < born) or (born is None and confirmed.year < person.birth_year):
            errors.add(
                "confirmed_on",
                _("Ngày khẳng định %(day)s trước ngày sinh của người bệnh (%(born)s).")
                % {"day": _fmt(confirmed), "born": _fmt(born) if born else str(person.birth_year)},
                CasesErrorCode.CONFIRMED_BEFORE_BIRTH,
            )
    for name, enum in (("how_found", HowFound), ("vaccination_status", VaccinationStatus)):
        if values.get(name) not in enum.values:
            errors.add(name, _("Giá trị không hợp lệ."), CasesErrorCode.CHOICE_INVALID)
    symptoms = list(dict.fromkeys(values.get("symptoms") or ()))
    if any(s not in Symptom.values for s in symptoms):
        errors.add("symptoms", _("Có triệu chứng không có trong danh mục."), CasesErrorCode.CHOICE_INVALID)
    values["symptoms"] = symptoms
    for name, (low, high), label in (
        ("respiratory_rate", RR_RANGE, _("Nhịp thở")),
        ("spo2", SPO2_RANGE, _("SpO2")),
    ):
        value = values.get(name)
        if value is not None and not low <= value <= high:
            errors.add(
                name,
                _("%(what)s %(value)s nằm ngoài khoảng có thể (%(low)d–%(high)d).")
                % {"what": label, "value": value, "low": low, "high": high},
                CasesErrorCode.VITAL_RANGE,
            )
    dose = values.get("last_dose_on")
    if dose is not None:
        if values.get("vaccination_status") == VaccinationStatus.UNVACCINATED:
            errors.add(
                "last_dose_on",
                _("Người chưa tiêm không có ngày tiêm mũi gần nhất."),
                CasesErrorCode.DOSE_DATE,
            )
        elif dose > today or (person.birth_date is not None and dose < person.birth_date):
            errors.add("last_dose_on", _("Ngày tiêm không hợp lệ."), CasesErrorCode.DOSE_DATE)
    if values.get("postpartum") and person.sex == "M":
        errors.add(
            "postpartum",
            _("Người bệnh là nam: không thể đang trong thời kỳ hậu sản."),
            CasesErrorCode.CHOICE_INVALID,
        )
    errors.raise_any()
    return values


def _check_place(
    *,
    setting: str,
    facility: Facility | None,
    bed_kind: str,
    start: dt.date,
    today: dt.date,
    case_id: int | None,
) -> tuple[Facility | None, str]:
    """The facility and bed kind for a care setting, refused unless a bed of that kind is free."""
    errors = _Errors()
    if setting not in CareSetting.values:
        errors.add("care_setting", _("Nơi điều trị không hợp lệ."), CasesErrorCode.CHOICE_INVALID)
        errors.raise_any()
    if setting == CareSetting.HOME:
        if facility is not None:
            errors.add(
                "facility", _("Điều trị tại nhà thì không chọn cơ sở."), CasesErrorCode.FACILITY_NOT_FOR_HOME
            )
        errors.raise_any()
        return None, ""
    if facility is None:
        errors.add("facility", _("Hãy chọn cơ sở điều trị."), CasesErrorCode.FACILITY_REQUIRED)
    if bed_kind not in BedKind.values:
        errors.add("bed_kind", _("Hãy chọn loại giường."), CasesErrorCode.BED_KIND_REQUIRED)
    errors.raise_any()
    if facility is None:  # refused just above
        raise ValidationError(_("Hãy chọn cơ sở điều trị."), code=CasesErrorCode.FACILITY_REQUIRED)
    if facility.tier != setting:
        errors.add(
            "facility",
            _("%(name)s là %(tier)s, không phải %(setting)s.")
            % {
                "name": facility.name,
                "tier": facility.get_tier_display(),
                "setting": CareSetting(setting).label,
            },
            CasesErrorCode.FACILITY_TIER,
        )
    elif not facility.is_active:
        errors.add(
            "facility",
            _("%(name)s đang không hoạt động.") % {"name": facility.name},
            CasesErrorCode.FACILITY_INACTIVE,
        )
    elif free_beds(facility, bed_kind, start=start, end=max(start, today), exclude_case=case_id) <= 0:
        errors.add(
            "facility",
            _("%(name)s không còn %(kind)s trống từ ngày %(day)s.")
            % {"name": facility.name, "kind": str(BedKind(bed_kind).label).lower(), "day": _fmt(start)},
            CasesErrorCode.NO_FREE_BED,
        )
    errors.raise_any()
    return facility, bed_kind


def _lock_facility(facility: Facility | None) -> Facility | None:
    """Lock the facility's row while its beds are checked and taken (two transfers at once)."""
    if facility is None:
        return None
    return Facility.objects.unscoped().select_for_update().select_related("unit").get(pk=facility.pk)


@transaction.atomic
def case_create(
    *,
    actor: User,
    person: Person,
    unit: AdminUnit,
    confirmed_on: dt.date,
    how_found: str,
    source_known: bool = False,
    severity: str | None = None,
    care_setting: str = CareSetting.HOME,
    facility: Facility | None = None,
    bed_kind: str = "",
    vaccination_status: str = VaccinationStatus.UNVACCINATED,
    last_dose_on: dt.date | None = None,
    symptoms: Sequence[str] = (),
    respiratory_rate: int | None = None,
    spo2: int | None = None,
    has_pneumonia: bool = False,
    abnormal_breathing: bool = False,
    needs_ventilation: bool = False,
    comorbidity_stable: bool = False,
    postpartum: bool = False,
    can_self_care: bool = True,
    can_contact_staff: bool = True,
    notes: str = "",
    tests: Sequence[TestResult] = (),
    uuid: UUID | None = None,
    proposal_id: int | None = None,
    event: Any = None,
    event_params: dict[str, Any] | None = None,
) -> tuple[Case, bool]:
    """Register a confirmed case; ``(case, created)``. Its first severity and care rows start on
    ``confirmed_on``; ``severity`` left out is the class the rule in force gives its findings."""
    require(actor, Capability.EDIT_CASES)
    if person.merged_into_id is not None:
        raise ValidationError(
            {
                "person": [
                    ValidationError(
                        _("Hồ sơ người này đã được gộp vào hồ sơ khác; hãy chọn hồ sơ được giữ lại."),
                        code=CasesErrorCode.PERSON_MERGED,
                    )
                ]
            }
        )
    today = timezone.localdate()
    values = _clean_case(
        actor=actor,
        person=person,
        today=today,
        values={
            "unit": unit,
            "confirmed_on": confirmed_on,
            "how_found": how_found,
            "source_known": source_known,
            "vaccination_status": vaccination_status,
            "last_dose_on": last_dose_on,
            "symptoms": list(symptoms),
            "respiratory_rate": respiratory_rate,
            "spo2": spo2,
            "has_pneumonia": has_pneumonia,
            "abnormal_breathing": abnormal_breathing,
            "needs_ventilation": needs_ventilation,
            "comorbidity_stable": comorbidity_stable,
            "postpartum": postpartum,
            "can_self_care": can_self_care,
            "can_contact_staff": can_contact_staff,
            "notes": notes,
        },
    )
    if severity is not None and severity not in Severity.values:
        raise ValidationError(
            {"severity": [ValidationError(_("Mức độ không hợp lệ."), code=CasesErrorCode.CHOICE_INVALID)]}
        )

    def create() -> Case:
        _check_tests(person, tests, confirmed_on)
        place = _lock_facility(facility)
        place, kind = _check_place(
            setting=care_setting,
            facility=place,
            bed_kind=bed_kind,
            start=confirmed_on,
            today=today,
            case_id=None,
        )
        case = Case(
            person=person,
            created_by=actor,
            proposal_id=proposal_id,
            care_setting=care_setting,
            facility=place,
            bed_kind=kind,
            **values,
        )
        if uuid is not None:
            case.uuid = uuid
        suggested, reasons, rule = suggest_severity(case, confirmed_on)
        case.severity = severity or suggested or Severity.ASYMPTOMATIC
        decide(case, tests=tests)
        audited_create(
            case,
            actor=actor,
            event=event or events.CASE_CREATED,
            fields=(*CASE_FIELDS, "person", "severity", "care_setting", "facility", "bed_kind"),
            params=event_params,
        )
        SeverityChange.objects.create(
            case=case,
            severity=case.severity,
            on=confirmed_on,
            reason=_("Khi khẳng định ca bệnh"),
            suggested=suggested,
            suggested_reasons=reasons,
            rule_set=rule,
            recorded_by=actor,
        )
        CareEpisode.objects.create(
            case=case,
            setting=care_setting,
            facility=place,
            bed_kind=kind,
            started_on=confirmed_on,
            reason=_("Khi khẳng định ca bệnh"),
            recorded_by=actor,
        )
        if tests:
            case.tests.set(tests)
        flows.apply_difference(Counter(), flows.stored_case_flows(case.pk))
        return case

    return create_once(Case, actor=actor, uuid=uuid, create=create)


def _check_tests(person: Person, tests: Sequence[TestResult], confirmed_on: dt.date) -> None:
    """The tests behind a case are the person's, and none was sampled after the confirmation."""
    for result in tests:
        if result.person_id != person.pk:
            raise ValidationError(
                {
                    "tests": [
                        ValidationError(
                            _("Kết quả xét nghiệm không phải của người bệnh này."),
                            code=CasesErrorCode.TEST_OTHER_PERSON,
                        )
                    ]
                }
            )
        if result.sampled_on > confirmed_on:
            raise ValidationError(
                {
                    "confirmed_on": [
                        ValidationError(
                            _("Ngày khẳng định %(day)s trước ngày lấy mẫu xét nghiệm (%(sampled)s).")
                            % {"day": _fmt(confirmed_on), "sampled": _fmt(result.sampled_on)},
                            code=CasesErrorCode.CONFIRMED_BEFORE_TEST,
                        )
                    ]
                }
            )


@transaction.atomic
def case_confirm_from_proposal(
    *,
    actor: User,
    proposal: CaseProposal,
    expected_version: int | None,
    how_found: str,
    source_known: bool = False,
    confirmed_on: dt.date | None = None,
    unit: AdminUnit | None = None,
    uuid: UUID | None = None,
    **findings: Any,
) -> Case:
    """A health officer confirms a labtests proposal: the case is created with the proposal's tests
    (confirmed on the day of the last result unless said otherwise, managed by the commune of the
    proposal) and the proposal is marked confirmed with the case's id, in one transaction."""
    from phaodai.labtests.enums import ProposalStatus
    from phaodai.labtests.services import proposal_decide

    require(actor, Capability.CONFIRM_CASES)
    require_in_jurisdiction(actor, proposal.area_path)
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(
            _("Đề xuất này đã được quyết định (%(status)s).") % {"status": proposal.get_status_display()},
            code=CasesErrorCode.PROPOSAL_NOT_OPEN,
        )
    if not proposal.meets_definition:
        raise ValidationError(
            _("Chưa đủ tiêu chuẩn ca bệnh: %(missing)s") % {"missing": proposal.missing or "—"},
            code=CasesErrorCode.PROPOSAL_NOT_MET,
        )
    results = list(proposal.results.all().order_by("result_on", "pk"))
    day = confirmed_on or (results[-1].result_on if results else timezone.localdate())
    where = unit or proposal.unit
    if where.level == UnitLevel.VILLAGE and where.parent is not None:
        where = where.parent
    case, _created = case_create(
        actor=actor,
        person=proposal.person,
        unit=where,
        confirmed_on=day,
        how_found=how_found,
        source_known=source_known,
        tests=results,
        proposal_id=proposal.pk,
        uuid=uuid,
        event=events.CASE_CONFIRMED,
        event_params={"proposal": proposal.pk},
        **findings,
    )
    proposal_decide(
        actor=actor, proposal=proposal, expected_version=expected_version, confirmed=True, case_id=case.pk
    )
    return case


def case_confirm_once(
    *, actor: User, proposal: CaseProposal, uuid: UUID | None, expected_version: int | None, **values: Any
) -> tuple[Case, bool]:
    """``case_confirm_from_proposal`` for a client that may send the same confirmation again:
    ``(case, created)``; a ``uuid`` already used for the case of this proposal answers that case
    (nothing written), one used for any other record is refused (``uuid_taken``)."""
    require(actor, Capability.CONFIRM_CASES)
    existing = existing_by_uuid(Case, actor, uuid)
    if existing is not None:
        if existing.proposal_id != proposal.pk:
            raise ValidationError(
                {
                    "uuid": [
                        ValidationError(
                            _("Mã bản ghi này đã được dùng cho một hồ sơ khác."),
                            code=CoreErrorCode.UUID_TAKEN,
                        )
                    ]
                }
            )
        return existing, False
    case = case_confirm_from_proposal(
        actor=actor, proposal=proposal, expected_version=expected_version, uuid=uuid, **values
    )
    return case, True


def lock_case(case: Case | int) -> Case:
    pk = case if isinstance(case, int) else case.pk
    return (
        Case.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("person", "unit", "facility")
        .get(pk=pk)
    )


def _require_active(case: Case) -> None:
    if case.status != CaseStatus.ACTIVE:
        raise ValidationError(
            _("Ca bệnh đã kết thúc (%(status)s); không thể thay đổi nữa.")
            % {"status": case.get_status_display()},
            code=CasesErrorCode.NOT_ACTIVE,
        )


def _latest_day(case: Case) -> dt.date:
    """The last day the case's history has a step on (a later step may not come before it)."""
    days = [case.confirmed_on]
    last_change = (
        SeverityChange.objects.filter(case=case).order_by("-on").values_list("on", flat=True).first()
    )
    last_episode = (
        CareEpisode.objects.filter(case=case)
        .order_by("-started_on")
        .values_list("started_on", flat=True)
        .first()
    )
    days.extend(d for d in (last_change, last_episode) if d is not None)
    return max(days)


def _check_step_day(case: Case, on: dt.date, today: dt.date, field: str = "on") -> None:
    if on > today:
        raise ValidationError(
            {field: [ValidationError(_("Ngày không thể ở tương lai."), code=CasesErrorCode.DATE_IN_FUTURE)]}
        )
    latest = _latest_day(case)
    if on < latest:
        raise ValidationError(
            {
                field: [
                    ValidationError(
                        _("Ngày %(day)s trước bước gần nhất của ca bệnh (%(latest)s).")
                        % {"day": _fmt(on), "latest": _fmt(latest)},
                        code=CasesErrorCode.DATE_BEFORE_HISTORY,
                    )
                ]
            }
        )


@transaction.atomic
def case_update(*, actor: User, case: Case, expected_version: int | None = None, **fields: Any) -> Case:
    """Change some of a case's fields (names as in ``CASE_FIELDS``); decisions are recomputed with
    the rules in force on its (possibly corrected) confirmation date."""
    unknown = sorted(set(fields) - set(CASE_FIELDS))
    if unknown:
        raise TypeError(f"case_update() got unexpected fields: {', '.join(unknown)}")
    require(actor, Capability.EDIT_CASES)
    case = lock_case(case)
    require_in_jurisdiction(actor, case.area_path)
    check_version(case, expected_version)
    before = flows.stored_case_flows(case.pk)
    values = {name: getattr(case, name) for name in CASE_FIELDS}
    values.update(fields)
    today = timezone.localdate()
    values = _clean_case(actor=actor, person=case.person, values=values, today=today)
    old_confirmed = case.confirmed_on
    new_confirmed: dt.date = values["confirmed_on"]
    if new_confirmed != old_confirmed:
        later = [
            d
            for d in (
                *SeverityChange.objects.filter(case=case)
                .exclude(on=old_confirmed)
                .values_list("on", flat=True),
                *CareEpisode.objects.filter(case=case)
                .exclude(started_on=old_confirmed)
                .values_list("started_on", flat=True),
            )
            if d < new_confirmed
        ]
        if later or (case.outcome_on is not None and case.outcome_on < new_confirmed):
            raise ValidationError(
                {
                    "confirmed_on": [
                        ValidationError(
                            _(
                                "Ngày khẳng định mới sau một bước đã ghi của ca bệnh; hãy sửa các bước đó trước."
                            ),
                            code=CasesErrorCode.CONFIRMED_AFTER_HISTORY,
                        )
                    ]
                }
            )
    changes = audited_update(
        case,
        actor=actor,
        event=events.CASE_UPDATED,
        fields=CASE_FIELDS,
        values=values,
        derive=decide,
        derived=DECISION_FIELDS,
        expected_version=expected_version,
    )
    if "confirmed_on" in changes:
        SeverityChange.objects.filter(case=case, on=old_confirmed).update(on=new_confirmed)
        CareEpisode.objects.filter(case=case, started_on=old_confirmed).update(started_on=new_confirmed)
    if changes:
        flows.apply_difference(before, flows.stored_case_flows(case.pk))
    return case


@transaction.atomic
def case_severity_change(
    *,
    actor: User,
    case: Case,
    expected_version: int | None,
    severity: str,
    on: dt.date,
    reason: str = "",
    respiratory_rate: int | None = None,
    spo2: int | None = None,
) -> SeverityChange:
    """A new severity class from ``on`` (with the new readings, if taken); the rule's suggestion is kept."""
    require(actor, Capability.EDIT_CASES)
    case = lock_case(case)
    require_in_jurisdiction(actor, case.area_path)
    check_version(case, expected_version)
    _require_active(case)
    if severity not in Severity.values:
        raise ValidationError(
            {"severity": [ValidationError(_("Mức độ không hợp lệ."), code=CasesErrorCode.CHOICE_INVALID)]}
        )
    if severity == case.severity:
        raise ValidationError(
            {
                "severity": [
                    ValidationError(_("Ca bệnh đang ở mức này rồi."), code=CasesErrorCode.SAME_SEVERITY)
                ]
            }
        )
    today = timezone.localdate()
    _check_step_day(case, on, today)
    before = flows.stored_case_flows(case.pk)
    readings: dict[str, Any] = {}
    if respiratory_rate is not None:
        readings["respiratory_rate"] = respiratory_rate
    if spo2 is not None:
        readings["spo2"] = spo2
    if readings:
        checked = _clean_case(
            actor=actor,
            person=case.person,
            today=today,
            values={**{n: getattr(case, n) for n in CASE_FIELDS}, **readings},
        )
        readings = {name: checked[name] for name in readings}
    audited_update(
        case,
        actor=actor,
        event=events.CASE_SEVERITY_CHANGED,
        fields=("severity", "respiratory_rate", "spo2"),
        values={"severity": severity, **readings},
        derive=decide,
        derived=DECISION_FIELDS,
        params={"on": _fmt(on), "severity": str(Severity(severity).label)},
        reason=reason,
        expected_version=expected_version,
    )
    suggested, reasons, rule = suggest_severity(case, on)
    change = SeverityChange.objects.create(
        case=case,
        severity=severity,
        on=on,
        reason=reason.strip()[:255],
        suggested=suggested,
        suggested_reasons=reasons,
        rule_set=rule,
        recorded_by=actor,
    )
    flows.apply_difference(before, flows.stored_case_flows(case.pk))
    return change


@transaction.atomic
def case_transfer(
    *,
    actor: User,
    case: Case,
    expected_version: int | None,
    care_setting: str,
    facility: Facility | None,
    bed_kind: str = "",
    on: dt.date,
    reason: str,
) -> CareEpisode:
    """Move the case to another care setting from ``on``: the open episode ends that day and the
    new one starts. Refused without a free bed of that kind in the facility, from ``on`` to today."""
    require(actor, Capability.EDIT_CASES)
    case = lock_case(case)
    require_in_jurisdiction(actor, case.area_path)
    check_version(case, expected_version)
    _require_active(case)
    if not reason.strip():
        raise ValidationError(
            {"reason": [ValidationError(_("Hãy ghi lý do chuyển."), code=CasesErrorCode.REASON_REQUIRED)]}
        )
    today = timezone.localdate()
    _check_step_day(case, on, today)
    place = _lock_facility(facility)
    place, kind = _check_place(
        setting=care_setting, facility=place, bed_kind=bed_kind, start=on, today=today, case_id=case.pk
    )
    if (
        care_setting == case.care_setting
        and (place.pk if place else None) == case.facility_id
        and kind == case.bed_kind
    ):
        raise ValidationError(
            {
                "care_setting": [
                    ValidationError(
                        _("Ca bệnh đang ở đúng nơi và loại giường này."), code=CasesErrorCode.SAME_PLACE
                    )
                ]
            }
        )
    before = flows.stored_case_flows(case.pk)
    CareEpisode.objects.filter(case=case, ended_on__isnull=True).update(ended_on=on)
    audited_update(
        case,
        actor=actor,
        event=events.CASE_TRANSFERRED,
        fields=("care_setting", "facility", "bed_kind"),
        values={"care_setting": care_setting, "facility": place, "bed_kind": kind},
        derive=decide,
        derived=DECISION_FIELDS,
        params={
            "on": _fmt(on),
            "setting": str(CareSetting(care_setting).label),
            "facility": place.name if place else "",
        },
        reason=reason,
        expected_version=expected_version,
    )
    episode = CareEpisode.objects.create(
        case=case,
        setting=care_setting,
        facility=place,
        bed_kind=kind,
        started_on=on,
        reason=reason.strip()[:255],
        recorded_by=actor,
    )
    flows.apply_difference(before, flows.stored_case_flows(case.pk))
    return episode


CLOSING_STATUSES = (CaseStatus.RECOVERED, CaseStatus.DIED, CaseStatus.TRANSFERRED_OUT)


@transaction.atomic
def case_close(
    *,
    actor: User,
    case: Case,
    expected_version: int | None,
    status: str,
    on: dt.date,
    burial_note: str = "",
    reason: str = "",
) -> Case:
    """End the case: recovered (``on`` = the recovery certificate's date), died (the date of
    death; ``burial_note`` says how the burial was handled, per custom), or moved to another
    locality. The open care episode ends that day."""
    require(actor, Capability.EDIT_CASES)
    case = lock_case(case)
    require_in_jurisdiction(actor, case.area_path)
    check_version(case, expected_version)
    _require_active(case)
    if status not in CLOSING_STATUSES:
        raise ValidationError(
            {
                "status": [
                    ValidationError(
                        _("Hãy chọn khỏi bệnh, tử vong hoặc chuyển đi."), code=CasesErrorCode.OUTCOME_INVALID
                    )
                ]
            }
        )
    if burial_note.strip() and status != CaseStatus.DIED:
        raise ValidationError(
            {
                "burial_note": [
                    ValidationError(
                        _("Chỉ ghi mai táng cho ca tử vong."), code=CasesErrorCode.BURIAL_ONLY_DIED
                    )
                ]
            }
        )
    _check_step_day(case, on, timezone.localdate())
    before = flows.stored_case_flows(case.pk)
    CareEpisode.objects.filter(case=case, ended_on__isnull=True).update(ended_on=on)
    audited_update(
        case,
        actor=actor,
        event=events.CASE_CLOSED,
        fields=("status", "outcome_on", "burial_note"),
        values={"status": status, "outcome_on": on, "burial_note": burial_note.strip()},
        params={"on": _fmt(on), "status": str(CaseStatus(status).label)},
        reason=reason,
        expected_version=expected_version,
    )
    flows.apply_difference(before, flows.stored_case_flows(case.pk))
    return case


def delete_refusal(kept: list[tuple[str, int]]) -> ValidationError:
    """Why a case that ``records_keeping`` holds cannot be deleted (page, API, service)."""
    return ValidationError(
        _(
            "Không xóa được ca bệnh: đã có %(records)s gắn với ca bệnh này. Hồ sơ y tế đã có theo dõi "
            "không được xóa; nếu ca bệnh nhập nhầm, hãy ghi rõ ở phần ghi chú rồi kết thúc ca bệnh."
        )
        % {"records": ", ".join(f"{count} {name}" for name, count in kept)},
        code=CasesErrorCode.DELETE_HAS_RECORDS,
    )


@transaction.atomic
def case_delete(*, actor: User, case: Case, reason: str, expected_version: int | None = None) -> None:
    """Remove a case entered by mistake (its history with it); the reason is required and audited.

    A case that other records hold on to (home-care monitoring entries, personal links, missed
    half-days) is never deleted: refused with what holds it (``cases.delete_has_records``).
    """
    require(actor, Capability.EDIT_CASES)
    case = lock_case(case)
    require_in_jurisdiction(actor, case.area_path)
    check_version(case, expected_version)
    if not reason.strip():
        raise ValidationError(
            {"reason": [ValidationError(_("Hãy ghi lý do xóa."), code=CasesErrorCode.REASON_REQUIRED)]}
        )
    kept = records_keeping(case)
    if kept:
        raise delete_refusal(kept)
    before = flows.stored_case_flows(case.pk)
    audit_record(
        actor=actor,
        event=events.CASE_DELETED,
        target=case,
        area_path=case.area_path,
        changes={"person": [case.person_id, None], "confirmed_on": [case.confirmed_on.isoformat(), None]},
        reason=reason,
    )
    try:
        case.delete()
    except (ProtectedError, RestrictedError) as error:  # a row added since the check: the same answer
        raise delete_refusal(records_keeping(case) or [(_("bản ghi khác"), 1)]) from error
    flows.apply_difference(before, Counter())


def case_person_merged(rows: MergedRows) -> None:
    """People merge handler: the cases now belong to the survivor. A case's commune is the one
    managing it (not the person's residence), so its area and counts stay; each is audited."""
    for case in Case.objects.unscoped().filter(pk__in=rows.pks):
        audit_record(
            actor=rows.actor,
            event=events.CASE_PERSON_MERGED,
            target=case,
            area_path=case.area_path,
            changes={"person": [rows.duplicate.pk, rows.survivor.pk]},
            params={"duplicate": rows.duplicate.pk, "survivor": rows.survivor.pk},
        )
