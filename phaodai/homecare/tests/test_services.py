"""Entries by staff and through a personal link: judged, stored with their rule set, counted, alerted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from phaodai.accounts.tests.factories import make_user
from phaodai.alerts.models import Alert, AlertDelivery
from phaodai.audit.models import AuditEvent
from phaodai.core.roles import Role
from phaodai.counts.models import DailyCount
from phaodai.counts.testing import assert_counts_rebuild_equal
from phaodai.homecare import services
from phaodai.homecare.enums import EntrySource, Slot
from phaodai.homecare.errors import HomecareErrorCode
from phaodai.homecare.models import MissedSlot, MonitoringEntry, MonitoringLink
from phaodai.homecare.tests.factories import local
from phaodai.rules.models import RuleSet

DAY = dt.date(2022, 2, 11)
AFTERNOON = local(DAY, 15)
MORNING = local(DAY, 8)


def counts(indicator):
    return {
        (row.dim1, row.day): row.value
        for row in DailyCount.objects.filter(indicator=indicator).exclude(value=0).order_by("day", "dim1")
    }


def staff_entry(actor, case, *, slot=Slot.AFTERNOON, day=DAY, now=AFTERNOON, **values):
    entry, _created = services.entry_create(
        actor=actor, case=case, day=day, slot=slot, values=values, now=now
    )
    return entry


@pytest.mark.django_db
def test_a_normal_entry_is_stored_with_its_rule_set_and_counted(health_staff, home_case):
    entry = staff_entry(
        health_staff, home_case, respiratory_rate="18", spo2="98", pulse="80", temperature="37,2"
    )
    entry.refresh_from_db()
    assert entry.rule_set.code == "warning_signs.261"
    assert (entry.respiratory_rate, entry.spo2, entry.pulse, str(entry.temperature)) == (18, 98, 80, "37.2")
    assert entry.signs == []
    assert entry.has_warning is False
    assert entry.source == EntrySource.STAFF
    assert entry.unit == home_case.unit
    assert counts("homecare.entries") == {("staff", DAY): 1}
    assert counts("homecare.warning_signs") == {}
    assert Alert.objects.unscoped().count() == 0
    assert AuditEvent.objects.filter(event="homecare.entry_created", target_id=entry.pk).count() == 1


@pytest.mark.django_db
def test_a_warning_sign_alerts_the_communes_health_staff_with_the_transfer_link(
    health_staff, other_health_staff, home_case, units
):
    district_staff = make_user(role=Role.HEALTH_STAFF, home_unit=units["Huyện Bắc Hà"], username="yte_huyen")
    leader = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="ld_banpho")

    entry = staff_entry(health_staff, home_case, spo2="94", respiratory_rate="22")

    assert entry.signs == [2, 3]
    assert entry.sign_reasons == [
        "2. Nhịp thở 22 lần/phút ≥ 20 (từ 12 tuổi trở lên)",
        "3. SpO2 94 % ≤ 96",
    ]
    alert = Alert.objects.unscoped().get()
    assert alert.recipient_role == Role.HEALTH_STAFF
    assert alert.recipient_unit == home_case.unit
    assert alert.link == reverse("cases:case_transfer", kwargs={"case_id": home_case.pk})
    assert alert.params == {"case": home_case.pk, "signs": "2, 3"}
    assert alert.severity == "urgent"
    reached = set(AlertDelivery.objects.filter(alert=alert).values_list("user__username", flat=True))
    assert reached == {"yte_banpho"}  # not the neighbour's, the district's or the leader's
    assert district_staff.pk
    assert leader.pk
    assert counts("homecare.warning_signs") == {("2", DAY): 1, ("3", DAY): 1}


@pytest.mark.django_db
def test_a_second_warning_of_the_same_case_adds_to_the_open_alert(health_staff, home_case):
    staff_entry(health_staff, home_case, slot=Slot.MORNING, now=AFTERNOON, spo2="95")
    staff_entry(health_staff, home_case, spo2="93")
    alert = Alert.objects.unscoped().get()
    assert alert.events == 2


@pytest.mark.parametrize(
    ("_case", "values", "field", "message"),
    [
        (
            "spo2 150",
            {"spo2": "150"},
            "spo2",
            "SpO2 150 % không hợp lý: hãy đo lại và nhập số từ 50 đến 100.",
        ),
        (
            "pulse 0",
            {"pulse": "0"},
            "pulse",
            "Mạch 0 lần/phút không hợp lý: hãy đo lại và nhập số từ 20 đến 250.",
        ),
    ],
)
@pytest.mark.django_db
def test_implausible_values_are_refused_and_nothing_is_saved(
    health_staff, home_case, _case, values, field, message
):
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        staff_entry(health_staff, home_case, **values)
    assert caught.value.message_dict == {field: [message]}
    assert MonitoringEntry.objects.unscoped().count() == 0
    assert DailyCount.objects.filter(indicator__startswith="homecare.").count() == 0
    assert Alert.objects.unscoped().count() == 0
    assert AuditEvent.objects.count() == audits


@pytest.mark.django_db
def test_future_half_day_and_outside_isolation_are_refused(health_staff, home_case):
    with pytest.raises(ValidationError) as caught:
        staff_entry(health_staff, home_case, slot=Slot.AFTERNOON, now=MORNING, spo2="98")
    assert caught.value.message_dict == {"day": ["Không ghi phiếu cho buổi chưa đến."]}
    with pytest.raises(ValidationError) as caught:
        staff_entry(health_staff, home_case, day=dt.date(2022, 2, 9), spo2="98")
    assert caught.value.message_dict == {
        "day": ["Ngày 09/02/2022 nằm ngoài thời gian cách ly của ca bệnh (10/02/2022 – 24/02/2022)."]
    }
    assert MonitoringEntry.objects.unscoped().count() == 0


@pytest.mark.django_db
def test_staff_of_another_commune_and_leaders_may_not_record(other_health_staff, commune_leader, home_case):
    for actor in (other_health_staff, commune_leader):
        with pytest.raises(PermissionDenied):
            staff_entry(actor, home_case, spo2="98")
    assert MonitoringEntry.objects.unscoped().count() == 0


@pytest.mark.django_db
def test_the_same_uuid_is_stored_once(health_staff, home_case):
    import uuid

    key = uuid.uuid4()
    first, created = services.entry_create(
        actor=health_staff,
        case=home_case,
        day=DAY,
        slot=Slot.AFTERNOON,
        values={"spo2": "98"},
        uuid=key,
        now=AFTERNOON,
    )
    again, created_again = services.entry_create(
        actor=health_staff,
        case=home_case,
        day=DAY,
        slot=Slot.AFTERNOON,
        values={"spo2": "98"},
        uuid=key,
        now=AFTERNOON,
    )
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert counts("homecare.entries") == {("staff", DAY): 1}


@pytest.mark.django_db
def test_a_child_is_judged_by_the_child_threshold(health_staff, child_case):
    calm = staff_entry(health_staff, child_case, respiratory_rate="35")
    fast = staff_entry(health_staff, child_case, respiratory_rate="40")
    assert (calm.signs, fast.signs) == ([], [2])
    assert fast.sign_reasons == ["2. Nhịp thở 40 lần/phút ≥ 40 (từ 1 tuổi đến dưới 5 tuổi)"]


@pytest.mark.django_db
def test_an_update_judges_again_moves_the_counts_and_alerts_a_new_sign(health_staff, home_case):
    entry = staff_entry(health_staff, home_case, spo2="98")
    entry = services.entry_update(actor=health_staff, entry=entry, values={"spo2": "94"}, expected_version=1)
    assert (entry.signs, entry.version) == ([3], 2)
    assert counts("homecare.warning_signs") == {("3", DAY): 1}
    assert Alert.objects.unscoped().count() == 1
    entry = services.entry_update(actor=health_staff, entry=entry, values={"spo2": "97"}, expected_version=2)
    assert entry.signs == []
    assert counts("homecare.warning_signs") == {}
    assert_counts_rebuild_equal()


@pytest.mark.django_db
def test_a_stale_update_is_refused(health_staff, home_case):
    from phaodai.core.services import StaleRecordError

    entry = staff_entry(health_staff, home_case, spo2="98")
    services.entry_update(actor=health_staff, entry=entry, values={"spo2": "97"}, expected_version=1)
    with pytest.raises(StaleRecordError):
        services.entry_update(actor=health_staff, entry=entry, values={"spo2": "94"}, expected_version=1)
    entry.refresh_from_db()
    assert entry.spo2 == 97


@pytest.mark.django_db
def test_a_later_rule_change_does_not_rewrite_past_entries(health_staff, home_case):
    entry = staff_entry(health_staff, home_case, spo2="96")
    assert entry.signs == [3]
    rule_set = RuleSet.objects.get(code="warning_signs.261")
    rule_set.parameters = {
        **rule_set.parameters,
        "spo2": {
            "sign": 3,
            "bands": [{"from_months": 0, "until_months": None, "bounds": [{"op": "<", "limit": "95"}]}],
        },
    }
    rule_set.save()
    entry.refresh_from_db()
    assert (entry.signs, entry.rule_set_id) == ([3], rule_set.pk)


# --- personal links ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_link_stores_only_the_hash_and_revokes_the_earlier_one(health_staff, home_case):
    first = services.link_create(actor=health_staff, case=home_case, now=MORNING)
    second = services.link_create(actor=health_staff, case=home_case, now=MORNING)
    assert len(first.token) == 43
    stored = list(MonitoringLink.objects.unscoped().order_by("pk").values_list("token_hash", "revoked_at"))
    assert first.token not in str(stored)
    assert stored[0][1] is not None
    assert stored[1][1] is None
    assert services.link_resolve(token=second.token, case_id=home_case.pk, today=DAY).pk == second.link.pk
    with pytest.raises(services.LinkRefusedError) as caught:
        services.link_resolve(token=first.token, case_id=home_case.pk, today=DAY)
    assert caught.value.reason == HomecareErrorCode.LINK_REVOKED


@pytest.mark.parametrize(
    ("_case", "token", "other", "today", "code", "message"),
    [
        (
            "unknown token",
            "x" * 43,
            False,
            DAY,
            HomecareErrorCode.LINK_INVALID,
            "Đường dẫn theo dõi không đúng. Hãy hỏi lại trạm y tế xã đường dẫn hoặc mã QR mới.",
        ),
        (
            "another case",
            None,
            True,
            DAY,
            HomecareErrorCode.LINK_OTHER_CASE,
            "Đường dẫn này chỉ dùng để ghi phiếu theo dõi của một người bệnh khác, không dùng được ở đây.",
        ),
        (
            "after the isolation",
            None,
            False,
            dt.date(2022, 2, 25),
            HomecareErrorCode.LINK_EXPIRED,
            "Thời gian cách ly, theo dõi tại nhà của người bệnh đã kết thúc (24/02/2022): đường dẫn này không còn "
            "dùng được. Nếu còn triệu chứng, hãy gọi trạm y tế xã.",
        ),
    ],
)
@pytest.mark.django_db
def test_a_link_is_refused_with_a_clear_reason(
    health_staff, home_case, other_case, _case, token, other, today, code, message
):
    issued = services.link_create(actor=health_staff, case=home_case, now=MORNING)
    with pytest.raises(services.LinkRefusedError) as caught:
        services.link_resolve(
            token=token or issued.token, case_id=other_case.pk if other else home_case.pk, today=today
        )
    assert caught.value.reason == code
    assert caught.value.messages == [message]


@pytest.mark.django_db
def test_the_last_isolation_day_still_works(health_staff, home_case):
    issued = services.link_create(actor=health_staff, case=home_case, now=MORNING)
    assert (
        services.link_resolve(token=issued.token, case_id=home_case.pk, today=dt.date(2022, 2, 24)).pk
        == issued.link.pk
    )


@pytest.mark.django_db
def test_an_entry_through_a_link_alerts_and_records_the_link(health_staff, home_case):
    issued = services.link_create(actor=health_staff, case=home_case, now=MORNING)
    entry = services.entry_create_by_link(link=issued.link, values={"spo2": "94"}, now=AFTERNOON)
    assert (entry.day, entry.slot, entry.source, entry.link_id, entry.entered_by) == (
        DAY,
        Slot.AFTERNOON,
        EntrySource.LINK,
        issued.link.pk,
        None,
    )
    assert entry.signs == [3]
    assert Alert.objects.unscoped().count() == 1
    assert counts("homecare.entries") == {("link", DAY): 1}
    issued.link.refresh_from_db()
    assert issued.link.last_used_at == AFTERNOON


@pytest.mark.django_db
def test_an_entry_through_a_link_after_the_isolation_is_refused(health_staff, home_case):
    issued = services.link_create(actor=health_staff, case=home_case, now=MORNING)
    with pytest.raises(services.LinkRefusedError):
        services.entry_create_by_link(
            link=issued.link, values={"spo2": "94"}, now=local(dt.date(2022, 2, 25), 9)
        )
    assert MonitoringEntry.objects.unscoped().count() == 0


# --- missed half-days ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_missed_half_days_are_flagged_once(health_staff, home_case):
    # Registered 10/02 at 08:00: that morning counts (it ended after the case was registered).
    staff_entry(
        health_staff,
        home_case,
        day=dt.date(2022, 2, 10),
        slot=Slot.AFTERNOON,
        now=local(dt.date(2022, 2, 10), 16),
        spo2="98",
    )
    now = local(DAY, 12, 30)  # the morning of 11/02 has just ended
    flagged = services.missed_slots_flag(now=now)
    assert sorted((slot.day, slot.slot) for slot in flagged) == [
        (dt.date(2022, 2, 10), Slot.MORNING),
        (DAY, Slot.MORNING),
    ]
    assert services.missed_slots_flag(now=now) == []  # idempotent
    assert MissedSlot.objects.unscoped().count() == 2
    assert counts("homecare.entries_missed") == {("morning", dt.date(2022, 2, 10)): 1, ("morning", DAY): 1}
    assert_counts_rebuild_equal()


@pytest.mark.django_db
def test_cases_not_at_home_are_not_flagged(home_case):
    from phaodai.cases.models import Case

    Case.objects.unscoped().filter(pk=home_case.pk).update(care_setting="district")
    assert services.missed_slots_flag(now=local(DAY, 12, 30)) == []


@pytest.mark.django_db
def test_counts_rebuilt_equal_incremental(health_staff, home_case, child_case):
    staff_entry(health_staff, home_case, spo2="94", respiratory_rate="25")
    staff_entry(health_staff, child_case, respiratory_rate="41", symptoms=["non"])
    staff_entry(health_staff, home_case, slot=Slot.MORNING, spo2="99")
    services.missed_slots_flag(now=local(DAY, 12, 30))
    assert counts("homecare.warning_signs") == {("2", DAY): 2, ("3", DAY): 1, ("9", DAY): 1}
    assert_counts_rebuild_equal()


@pytest.mark.django_db
def test_shipped_rule_sets_are_in_the_database():
    rows = {rs.code: rs for rs in RuleSet.objects.filter(kind="warning_signs")}
    assert set(rows) == {"warning_signs.261", "warning_signs.4038"}  # no Hà Nội unit in a new database
    assert rows["warning_signs.261"].verified is True
    assert rows["warning_signs.4038"].verified is False


@pytest.mark.django_db
def test_the_hanoi_override_is_installed_once_its_province_exists_and_applies_there():
    from importlib import import_module

    from phaodai.areas.models import AdminUnit
    from phaodai.areas.tests.factories import make_area_tree
    from phaodai.homecare.rule_kinds import WARNING_SIGNS
    from phaodai.rules.selectors import rule_in_force

    units = make_area_tree(("Thành phố Hà Nội", [("Quận Ba Đình", [("Phường Phúc Xá", [])])]))
    AdminUnit.objects.filter(pk=units["Thành phố Hà Nội"].pk).update(code="01")
    data = import_module("phaodai.homecare.migrations.0002_warning_signs_rule_sets").RULE_SETS
    assert services.rule_sets_install(data) == ["warning_signs.hanoi_2021"]
    assert services.rule_sets_install(data) == []
    ward = units["Phường Phúc Xá"]
    assert rule_in_force(WARNING_SIGNS, ward, dt.date(2021, 12, 15)).code == "warning_signs.hanoi_2021"
    assert rule_in_force(WARNING_SIGNS, ward, dt.date(2022, 2, 1)).code == "warning_signs.261"
