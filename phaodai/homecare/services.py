"""Writing home-care monitoring: entries (by staff or through a personal link), links, missed half-days.

Every entry is judged at once against the ``warning_signs`` rule set in force for the case's
commune on the entry's day; the rule set and the signs raised are stored with it, the counts
move in the same transaction, and a sign raised alerts the commune's health staff with a link
to the case's transfer page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from phaodai.alerts.enums import Severity
from phaodai.alerts.services import Recipient, alert_raise
from phaodai.audit.services import audit_record, audited_create, audited_update, check_version
from phaodai.core.roles import Capability, Role
from phaodai.core.services import create_once, require, require_in_jurisdiction
from phaodai.counts.services import count_add
from phaodai.homecare import events
from phaodai.homecare.enums import EntrySource, LinkState, Slot
from phaodai.homecare.errors import HomecareErrorCode
from phaodai.homecare.indicators import ENTRIES, MISSED, SIGNS
from phaodai.homecare.models import MissedSlot, MonitoringEntry, MonitoringLink
from phaodai.homecare.rule_kinds import WARNING_SIGNS
from phaodai.homecare.selectors import link_state
from phaodai.homecare.signs import Evaluation, Reading, WarningSignsParams, evaluate
from phaodai.homecare.slots import ORDER, slot_end, slot_of, slots_between
from phaodai.homecare.tokens import new_token, token_hash, well_formed
from phaodai.homecare.validators import READING_FIELDS, clean_reading
from phaodai.rules.selectors import params, rule_in_force

if TYPE_CHECKING:
    from phaodai.accounts.models import User
    from phaodai.cases.models import Case
    from phaodai.people.models import Person
    from phaodai.rules.models import RuleSet

# The fields of an entry a user fills in; audited as {"field": [before, after]}.
ENTRY_FIELDS = (*READING_FIELDS, "symptoms", "note")
ALERT_REASON = "homecare.warning_sign"
ALERT_SUBJECT = gettext_noop("Ca F0 số %(case)s có dấu hiệu cảnh báo (%(signs)s): đề nghị chuyển viện")
HOME = "home"
ACTIVE = "active"
# How far back the missed-entry flagging looks (half-days older than this are left alone).
MISSED_LOOKBACK_DAYS = 3


# --- reading the rule ------------------------------------------------------------------------


def age_in_months(person: Person, on: dt.date) -> int:
    """Completed months of age on ``on``; with only a birth year, counted from 1 January.

    Counting from 1 January makes a person of unknown birthday as old as they can be, so an
    adult's (lower) breathing threshold applies rather than a child's.
    """
    born = person.birth_date or dt.date(person.birth_year, 1, 1)
    months = (on.year - born.year) * 12 + (on.month - born.month)
    if on.day < born.day:
        months -= 1
    return max(months, 0)


def warning_rule(case: Case, day: dt.date) -> tuple[RuleSet, WarningSignsParams]:
    """The warning-sign rule set in force for the case's commune on ``day``, and its parameters."""
    rule_set = rule_in_force(WARNING_SIGNS, case.unit, day)
    return rule_set, params(rule_set, WarningSignsParams)


def judge(case: Case, day: dt.date, reading: Reading, rules: WarningSignsParams) -> Evaluation:
    return evaluate(rules, reading, age_months=age_in_months(case.person, day))


# --- entries -----------------------------------------------------------------------------------


def _slot_errors(case: Case, day: dt.date, slot: str, now: dt.datetime) -> None:
    if slot not in ORDER:
        raise ValidationError({"slot": [ValidationError(_("Hãy chọn buổi sáng hoặc buổi chiều."))]})
    today, current = slot_of(now)
    if (day, ORDER[Slot(slot)]) > (today, ORDER[current]):
        raise ValidationError(
            {
                "day": [
                    ValidationError(
                        _("Không ghi phiếu cho buổi chưa đến."), code=HomecareErrorCode.SLOT_FUTURE
                    )
                ]
            }
        )
    start, until = case.isolation_from, case.isolation_until
    if (start is not None and day < start) or (until is not None and day > until):
        raise ValidationError(
            {
                "day": [
                    ValidationError(
                        _("Ngày %(day)s nằm ngoài thời gian cách ly của ca bệnh (%(start)s – %(until)s).")
                        % {
                            "day": day.strftime("%d/%m/%Y"),
                            "start": start.strftime("%d/%m/%Y") if start else "…",
                            "until": until.strftime("%d/%m/%Y") if until else "…",
                        },
                        code=HomecareErrorCode.SLOT_OUTSIDE_ISOLATION,
                    )
                ]
            }
        )


def _require_home(case: Case) -> None:
    if case.status != ACTIVE or case.care_setting != HOME:
        raise ValidationError(
            _("Ca bệnh này không còn điều trị tại nhà: không ghi phiếu theo dõi tại nhà."),
            code=HomecareErrorCode.CASE_NOT_AT_HOME,
        )


def _reading_values(reading: Reading) -> dict[str, Any]:
    return {
        "respiratory_rate": reading.respiratory_rate,
        "pulse": reading.pulse,
        "temperature": reading.temperature,
        "spo2": reading.spo2,
        "systolic": reading.systolic,
        "diastolic": reading.diastolic,
        "symptoms": sorted(reading.symptoms),
    }


def _judged(evaluation: Evaluation) -> dict[str, Any]:
    with override("vi"):
        reasons = [f"{sign.number}. {sign.reason}" for sign in evaluation.raised]
    return {"signs": evaluation.numbers, "sign_reasons": reasons, "has_warning": bool(evaluation.raised)}


def entry_reading(entry: MonitoringEntry) -> Reading:
    return Reading(
        respiratory_rate=entry.respiratory_rate,
        spo2=entry.spo2,
        pulse=entry.pulse,
        systolic=entry.systolic,
        diastolic=entry.diastolic,
        temperature=entry.temperature,
        symptoms=frozenset(entry.symptoms),
    )


def _create(
    *,
    actor: User | None,
    case: Case,
    day: dt.date,
    slot: str,
    values: Mapping[str, Any],
    note: str,
    source: EntrySource,
    link: MonitoringLink | None,
    now: dt.datetime,
    uuid: UUID | None = None,
) -> MonitoringEntry:
    _require_home(case)
    _slot_errors(case, day, slot, now)
    rule_set, rules = warning_rule(case, day)
    reading = clean_reading(values, rules)
    evaluation = judge(case, day, reading, rules)
    entry = MonitoringEntry(
        case=case,
        unit=case.unit,
        day=day,
        slot=slot,
        note=note.strip(),
        rule_set=rule_set,
        source=source,
        entered_by=actor,
        link=link,
        recorded_at=now,
        **_reading_values(reading),
        **_judged(evaluation),
    )
    if uuid is not None:
        entry.uuid = uuid
    audited_create(entry, actor=actor, event=events.ENTRY_CREATED, fields=ENTRY_FIELDS)
    count_add(unit=entry.unit_id, day=day, indicator=ENTRIES, dims=(source,))
    for number in entry.signs:
        count_add(unit=entry.unit_id, day=day, indicator=SIGNS, dims=(str(number),))
    if entry.signs:
        _alert(entry, entry.signs)
    transaction.on_commit(_schedule_flagging)
    return entry


def _schedule_flagging() -> None:
    from phaodai.homecare.tasks import schedule_flagging

    schedule_flagging()


def entry_create(
    *,
    actor: User,
    case: Case,
    day: dt.date,
    slot: str,
    values: Mapping[str, Any],
    note: str = "",
    uuid: UUID | None = None,
    now: dt.datetime | None = None,
) -> tuple[MonitoringEntry, bool]:
    """A health worker records a reading of ``case`` for the half-day (``day``, ``slot``).

    ``values``: the measures (``validators.READING_FIELDS``, text or numbers) and ``symptoms``
    (codes of the rule set's list). Sending the same ``uuid`` again stores it once:
    ``(entry, created)``.
    """
    require(actor, Capability.RECORD_HOMECARE)
    require_in_jurisdiction(actor, case.area_path)
    moment = now or timezone.now()

    def create() -> MonitoringEntry:
        return _create(
            actor=actor,
            case=case,
            day=day,
            slot=slot,
            values=values,
            note=note,
            source=EntrySource.STAFF,
            link=None,
            now=moment,
            uuid=uuid,
        )

    with transaction.atomic():
        return create_once(MonitoringEntry, actor=actor, uuid=uuid, create=create)


def entry_create_by_link(
    *,
    link: MonitoringLink,
    values: Mapping[str, Any],
    slot: str | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> MonitoringEntry:
    """The case or a relative records a reading through a personal link (no account).

    The reading is for today: the current half-day, or this morning's when given ``slot``
    ("morning") in the afternoon. The link must have been checked by ``link_resolve``.
    """
    moment = now or timezone.now()
    today, current = slot_of(moment)
    with transaction.atomic():
        locked = (
            MonitoringLink.objects.unscoped().select_for_update().select_related("case__unit", "case__person")
        )
        link = locked.get(pk=link.pk)
        _check_live(link, link.case, today)
        entry = _create(
            actor=None,
            case=link.case,
            day=today,
            slot=slot or current,
            values=values,
            note=note,
            source=EntrySource.LINK,
            link=link,
            now=moment,
        )
        MonitoringLink.objects.unscoped().filter(pk=link.pk).update(last_used_at=moment)
    return entry


def entry_update(
    *,
    actor: User,
    entry: MonitoringEntry,
    values: Mapping[str, Any],
    note: str | None = None,
    expected_version: int | None = None,
) -> MonitoringEntry:
    """Correct a reading (health staff). Judged again under the entry's own rule set.

    A sign the correction newly raises alerts like a new entry; the counts of signs move.
    """
    require(actor, Capability.RECORD_HOMECARE)
    with transaction.atomic():
        entry = (
            MonitoringEntry.objects.unscoped()
            .select_for_update()
            .select_related("case__person", "case__unit", "rule_set")
            .get(pk=entry.pk)
        )
        require_in_jurisdiction(actor, entry.area_path)
        check_version(entry, expected_version)
        rules = params(entry.rule_set, WarningSignsParams)
        reading = clean_reading(values, rules)
        evaluation = judge(entry.case, entry.day, reading, rules)
        before = set(entry.signs)
        judged = _judged(evaluation)
        for name, value in judged.items():
            setattr(entry, name, value)
        changed = audited_update(
            entry,
            actor=actor,
            event=events.ENTRY_UPDATED,
            fields=ENTRY_FIELDS,
            values={**_reading_values(reading), "note": (entry.note if note is None else note.strip())},
            derived=("signs", "sign_reasons", "has_warning"),
            expected_version=expected_version,
        )
        if not changed:
            return entry
        after = set(entry.signs)
        for number in sorted(before - after):
            count_add(unit=entry.unit_id, day=entry.day, indicator=SIGNS, delta=-1, dims=(str(number),))
        for number in sorted(after - before):
            count_add(unit=entry.unit_id, day=entry.day, indicator=SIGNS, dims=(str(number),))
        if after - before:
            _alert(entry, sorted(after - before))
    return entry


def _alert(entry: MonitoringEntry, numbers: Sequence[int]) -> None:
    case = entry.case
    alert_raise(
        recipients=[Recipient.of_role(Role.HEALTH_STAFF, case.unit)],
        severity=Severity.URGENT,
        subject=ALERT_SUBJECT,
        params={"case": case.pk, "signs": ", ".join(str(n) for n in numbers)},
        body="\n".join(entry.sign_reasons),
        reason=ALERT_REASON,
        target=case,
        link=reverse("cases:case_transfer", kwargs={"case_id": case.pk}),
        unit=case.unit,
    )


# --- personal links ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedLink:
    link: MonitoringLink
    token: str  # shown once: only its hash is stored


def link_create(*, actor: User, case: Case, now: dt.datetime | None = None) -> IssuedLink:
    """A new personal link for ``case``; any earlier live link of the case is revoked."""
    require(actor, Capability.RECORD_HOMECARE)
    require_in_jurisdiction(actor, case.area_path)
    moment = now or timezone.now()
    _require_home(case)
    until = case.isolation_until
    if until is not None and timezone.localdate(moment) > until:
        raise ValidationError(
            _("Ca bệnh đã hết thời gian cách ly: không tạo đường dẫn theo dõi."),
            code=HomecareErrorCode.ISOLATION_ENDED,
        )
    token, digest = new_token()
    with transaction.atomic():
        for old in (
            MonitoringLink.objects.unscoped().select_for_update().filter(case=case, revoked_at__isnull=True)
        ):
            _revoke(actor, old, moment)
        link = MonitoringLink(case=case, unit=case.unit, token_hash=digest, created_by=actor)
        audited_create(link, actor=actor, event=events.LINK_CREATED, fields=("case",))
    return IssuedLink(link=link, token=token)


def link_revoke(*, actor: User, link: MonitoringLink, now: dt.datetime | None = None) -> MonitoringLink:
    require(actor, Capability.RECORD_HOMECARE)
    require_in_jurisdiction(actor, link.area_path)
    with transaction.atomic():
        link = MonitoringLink.objects.unscoped().select_for_update().get(pk=link.pk)
        if link.revoked_at is None:
            _revoke(actor, link, now or timezone.now())
    return link


def _revoke(actor: User, link: MonitoringLink, moment: dt.datetime) -> None:
    link.revoked_at, link.revoked_by = moment, actor
    link.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(actor=actor, event=events.LINK_REVOKED, target=link, area_path=link.area_path)


class LinkRefusedError(ValidationError):
    """A personal link that may not be used (unknown, revoked, another case's, isolation over)."""

    def __init__(self, message: str, code: HomecareErrorCode) -> None:
        super().__init__(message, code=code)
        self.reason = code


def link_resolve(*, token: str, case_id: int, today: dt.date | None = None) -> MonitoringLink:
    """The live link of ``token`` for case ``case_id``; ``LinkRefusedError`` with why not."""
    found = (
        MonitoringLink.objects.unscoped()
        .select_related("case__person", "case__unit", "unit")
        .filter(token_hash=token_hash(token))
        .first()
        if well_formed(token)
        else None
    )
    if found is None:
        raise LinkRefusedError(
            _("Đường dẫn theo dõi không đúng. Hãy hỏi lại trạm y tế xã đường dẫn hoặc mã QR mới."),
            HomecareErrorCode.LINK_INVALID,
        )
    if found.case_id != case_id:
        raise LinkRefusedError(
            _("Đường dẫn này chỉ dùng để ghi phiếu theo dõi của một người bệnh khác, không dùng được ở đây."),
            HomecareErrorCode.LINK_OTHER_CASE,
        )
    _check_live(found, found.case, today or timezone.localdate())
    return found


def _check_live(link: MonitoringLink, case: Case, today: dt.date) -> None:
    state = link_state(link, case, today)  # the same answer the case's page shows staff
    if state == LinkState.REVOKED:
        raise LinkRefusedError(
            _("Đường dẫn theo dõi này đã bị thu hồi. Hãy hỏi trạm y tế xã đường dẫn mới."),
            HomecareErrorCode.LINK_REVOKED,
        )
    until = case.isolation_until  # None: the rule in force gives no end yet, still isolating
    if state == LinkState.EXPIRED:
        raise LinkRefusedError(
            _(
                "Thời gian cách ly, theo dõi tại nhà của người bệnh đã kết thúc (%(until)s): đường dẫn này "
                "không còn dùng được. Nếu còn triệu chứng, hãy gọi trạm y tế xã."
            )
            % {"until": until.strftime("%d/%m/%Y") if until else "…"},
            HomecareErrorCode.LINK_EXPIRED,
        )


# --- missed half-days ----------------------------------------------------------------------------


def home_cases_for_monitoring(since: dt.date) -> Iterable[Case]:
    """Every case isolating at home whose isolation reaches ``since`` or later (all communes)."""
    from phaodai.cases.models import Case

    return (
        Case.objects.unscoped()
        .select_related("unit")
        .filter(status=ACTIVE, care_setting=HOME, isolation_from__isnull=False)
        .filter(Q(isolation_until__isnull=True) | Q(isolation_until__gte=since))
        .order_by("pk")
    )


def missed_slots_flag(*, now: dt.datetime | None = None, from_registration: bool = True) -> list[MissedSlot]:
    """Flag every half-day that ended with no entry for a case at home; returns the new flags.

    Idempotent: a half-day is flagged once (a unique constraint holds it under concurrent runs).
    Looks back ``MISSED_LOOKBACK_DAYS``; half-days before the case was registered are not
    counted (nobody could fill them in).
    """
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    since = today - dt.timedelta(days=MISSED_LOOKBACK_DAYS)
    flagged: list[MissedSlot] = []
    for case in home_cases_for_monitoring(since):
        if case.isolation_from is None:
            continue
        first = max(case.isolation_from, since)
        last = min(case.isolation_until or today, today)
        done = set(
            MonitoringEntry.objects.unscoped()
            .filter(case=case, day__gte=first, day__lte=last)
            .values_list("day", "slot")
        )
        done |= set(
            MissedSlot.objects.unscoped()
            .filter(case=case, day__gte=first, day__lte=last)
            .values_list("day", "slot")
        )
        for day, slot in slots_between(first, last):
            end = slot_end(day, slot)
            if end > moment or (from_registration and end <= case.created_at) or (day, slot.value) in done:
                continue
            flagged.extend(_flag(case, day, slot, moment))
    return flagged


def _flag(case: Case, day: dt.date, slot: Slot, moment: dt.datetime) -> list[MissedSlot]:
    with transaction.atomic():
        missed, created = MissedSlot.objects.unscoped().get_or_create(
            case=case, day=day, slot=slot, defaults={"unit": case.unit, "flagged_at": moment}
        )
        if not created:
            return []
        audit_record(
            actor=None,
            event=events.SLOT_MISSED,
            target=missed,
            area_path=missed.area_path,
            params={"slot": str(slot.label), "day": day.strftime("%d/%m/%Y")},
        )
        count_add(unit=case.unit_id, day=day, indicator=MISSED, dims=(slot.value,))
    return [missed]


# --- the shipped rule sets ---------------------------------------------------------------------


def rule_sets_install(data: Iterable[Mapping[str, Any]]) -> list[str]:
    """Write the shipped rule sets (``0002_warning_signs_rule_sets.RULE_SETS``) that are missing.

    A province override is written only once its 2021 province exists. The parameters are
    checked by the kind's schema first; each row is audited like ``rules.services``' (no actor:
    the system). Returns the codes written.
    """
    from phaodai.areas.models import AdminUnit
    from phaodai.rules.events import RULE_SET_CREATED
    from phaodai.rules.models import RuleSet
    from phaodai.rules.services import RULE_SET_FIELDS

    written = []
    for row in data:
        if RuleSet.objects.filter(code=row["code"]).exists():
            continue
        scope = None
        if row["province_code"] is not None:
            scope = (
                AdminUnit.objects.unscoped()
                .filter(era__code="2021", level=1, code=row["province_code"])
                .order_by("pk")
                .first()
            )
            if scope is None:
                continue
        WarningSignsParams.model_validate(row["parameters"])
        fields = {key: value for key, value in row.items() if key not in {"code", "province_code"}}
        with transaction.atomic():
            rule_set = RuleSet(code=row["code"], kind=WARNING_SIGNS, scope_unit=scope, **fields)
            audited_create(rule_set, actor=None, event=RULE_SET_CREATED, fields=RULE_SET_FIELDS)
        written.append(row["code"])
    return written
