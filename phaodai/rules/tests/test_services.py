"""Saving rule sets: the kind's schema, no overlapping periods, audit and versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phaodai.accounts.tests.factories import make_user
from phaodai.audit.models import AuditEvent
from phaodai.core.roles import Role
from phaodai.core.services import StaleRecordError
from phaodai.rules.models import RuleSet
from phaodai.rules.services import rule_set_create, rule_set_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kind_app")]


def _fields(**changes):
    return {
        "code": "test_isolation.a",
        "kind": "test_isolation",
        "title": "Cách ly 14 ngày",
        "valid_from": dt.date(2021, 1, 1),
        "valid_to": dt.date(2021, 12, 31),
        "source_number": "3416/QĐ-BYT",
        "source_date": dt.date(2021, 7, 14),
        "source_body": "Bộ Y tế",
        "source_where": "RULES.md §3.6",
        "parameters": {"days": 14},
        **changes,
    }


def test_a_rule_set_is_created_with_its_parameters_normalised_and_audited(admin):
    rule_set = rule_set_create(actor=admin, **_fields())

    assert rule_set.parameters == {"days": 14, "negative_test_needed": False, "tests": []}
    assert rule_set.verified is False
    event = AuditEvent.objects.unscoped().get(target_type="rules.ruleset", target_id=rule_set.pk)
    assert event.event == "rules.rule_set_created"
    assert event.changes["source_number"] == [None, "3416/QĐ-BYT"]


def test_an_overlapping_period_is_refused_and_nothing_saved(admin):
    rule_set_create(actor=admin, **_fields())

    with pytest.raises(ValidationError) as raised:
        rule_set_create(
            actor=admin, **_fields(code="test_isolation.b", valid_from=dt.date(2021, 12, 31), valid_to=None)
        )

    assert raised.value.message_dict == {
        "valid_from": [
            "Thời gian hiệu lực trùng với bộ quy định «Cách ly 14 ngày» (01/01/2021 – 31/12/2021) cùng loại "
            "và cùng phạm vi. Hãy cho bộ cũ hết hiệu lực trước ngày bắt đầu của bộ mới."
        ]
    }
    assert list(RuleSet.objects.filter(kind="test_isolation").values_list("code", flat=True)) == [
        "test_isolation.a"
    ]


def test_the_next_day_and_another_scope_do_not_overlap(admin, units):
    rule_set_create(actor=admin, **_fields())
    after = rule_set_create(
        actor=admin, **_fields(code="test_isolation.b", valid_from=dt.date(2022, 1, 1), valid_to=None)
    )
    province = rule_set_create(
        actor=admin, **_fields(code="test_isolation.lc", scope_unit=units["Tỉnh Lào Cai"], valid_to=None)
    )

    assert RuleSet.objects.filter(kind="test_isolation").count() == 3
    assert after.valid_to is None
    assert province.scope_unit == units["Tỉnh Lào Cai"]


def test_an_open_ended_rule_set_overlaps_everything_after_it(admin):
    rule_set_create(actor=admin, **_fields(valid_to=None))

    with pytest.raises(ValidationError) as raised:
        rule_set_create(
            actor=admin, **_fields(code="test_isolation.b", valid_from=dt.date(2025, 1, 1), valid_to=None)
        )

    assert list(raised.value.message_dict) == ["valid_from"]


def test_a_wrong_parameter_is_refused_at_save_naming_it(admin):
    with pytest.raises(ValidationError) as raised:
        rule_set_create(actor=admin, **_fields(parameters={"days": 0, "colour": "đỏ", "tests": "rapid"}))

    assert raised.value.message_dict == {
        "parameters": [
            "Tham số «days»: phải từ 1 trở lên.",
            "Tham số «tests»: phải là một danh sách.",
            "Tham số «colour»: không có trong loại quy định này.",
        ]
    }
    assert not RuleSet.objects.filter(kind="test_isolation").exists()


def test_a_missing_parameter_and_an_unknown_kind(admin):
    with pytest.raises(ValidationError) as missing:
        rule_set_create(actor=admin, **_fields(parameters={}))
    with pytest.raises(ValidationError) as unknown:
        rule_set_create(actor=admin, **_fields(kind="no_such_kind"))

    assert missing.value.message_dict == {"parameters": ["Tham số «days»: chưa có giá trị (bắt buộc)."]}
    assert unknown.value.message_dict == {
        "kind": ["Loại quy định «no_such_kind» chưa được ứng dụng nào khai báo."]
    }
    assert not RuleSet.objects.filter(kind="test_isolation").exists()


def test_a_period_ending_before_it_starts_and_a_district_scope(admin, units):
    with pytest.raises(ValidationError) as reversed_period:
        rule_set_create(actor=admin, **_fields(valid_to=dt.date(2020, 12, 31)))
    with pytest.raises(ValidationError) as district:
        rule_set_create(actor=admin, **_fields(scope_unit=units["Huyện Bắc Hà"]))

    assert list(reversed_period.value.message_dict) == ["valid_to"]
    assert district.value.message_dict == {
        "scope_unit": [
            "Quy định riêng chỉ áp dụng cho một tỉnh, thành phố; Huyện Bắc Hà không phải cấp tỉnh."
        ]
    }


def test_only_a_system_admin_writes_rule_sets(units):
    leader = make_user(role=Role.PROVINCE_LEADER, home_unit=units["Tỉnh Lào Cai"])

    with pytest.raises(PermissionDenied):
        rule_set_create(actor=leader, **_fields())


def test_an_update_is_audited_and_an_edit_of_an_old_version_refused(admin):
    rule_set = rule_set_create(actor=admin, **_fields())

    saved = rule_set_update(
        actor=admin, rule_set=rule_set, expected_version=1, verified=True, verification_note="Đã đối chiếu"
    )
    with pytest.raises(StaleRecordError) as stale:
        rule_set_update(actor=admin, rule_set=rule_set, expected_version=1, title="Khác")

    assert (saved.version, saved.verified) == (2, True)
    assert stale.value.changed == {"verified": True, "verification_note": "Đã đối chiếu"}
    assert RuleSet.objects.filter(kind="test_isolation").get().title == "Cách ly 14 ngày"
    events = AuditEvent.objects.unscoped().filter(target_type="rules.ruleset").order_by("pk")
    assert [e.event for e in events] == ["rules.rule_set_created", "rules.rule_set_updated"]


def test_an_update_into_an_overlap_or_a_wrong_parameter_saves_nothing(admin):
    first = rule_set_create(actor=admin, **_fields())
    second = rule_set_create(
        actor=admin, **_fields(code="test_isolation.b", valid_from=dt.date(2022, 1, 1), valid_to=None)
    )

    with pytest.raises(ValidationError):
        rule_set_update(actor=admin, rule_set=second, expected_version=1, valid_from=dt.date(2021, 6, 1))
    with pytest.raises(ValidationError):
        rule_set_update(actor=admin, rule_set=first, expected_version=1, parameters={"days": 100})

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, first.parameters["days"], second.valid_from) == (1, 14, dt.date(2022, 1, 1))
