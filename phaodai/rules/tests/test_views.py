"""The rule set pages: list by kind with today's highlighted, detail with history, create, edit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from phaodai.accounts.tests.factories import make_user
from phaodai.core.roles import Role
from phaodai.rules.models import RuleSet
from phaodai.rules.services import rule_set_create, rule_set_update
from phaodai.rules.tests.conftest import national

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kind_app")]


def _post(**changes):
    return {
        "code": "test_isolation.new",
        "title": "Cách ly 7 ngày",
        "scope_unit": "",
        "valid_from": "01/03/2022",
        "valid_to": "",
        "source_number": "261/QĐ-BYT",
        "source_date": "",
        "source_body": "Bộ Y tế",
        "source_where": "RULES.md §3.6",
        "verification_note": "",
        "p__days": "7",
        "p__negative_test_needed": "on",
        "p__tests": "rapid_antigen\nrt_pcr",
        **changes,
    }


def test_the_list_shows_every_kind_and_highlights_the_rule_set_in_force_today(client, units):
    today = timezone.localdate()
    national(code="t.old", title="Cách ly 14 ngày", valid_to=today - dt.timedelta(days=1), verified=True)
    national(code="t.new", title="Cách ly 7 ngày", valid_from=today)
    client.force_login(make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"]))

    assert "Thời gian cách ly (thử)" in client.get(reverse("rules:list")).content.decode()
    # the test kind alone (the apps' own rule sets are listed too)
    body = client.get(reverse("rules:list"), {"kind": "test_isolation"}).content.decode()

    in_force = body.split('class="in-force"')[1].split("</li>")[0]
    assert "Cách ly 7 ngày" in in_force
    assert "Đang áp dụng" in in_force
    assert "Chưa xác minh" in in_force
    assert body.count("Đang áp dụng") == 2  # the badge, and the sentence that explains it
    assert body.count('class="tag tag-unverified"') == 1


def test_the_detail_shows_source_parameters_and_history(client, units, admin):
    rule_set = rule_set_create(
        actor=admin,
        code="test_isolation.a",
        kind="test_isolation",
        title="Cách ly 10 ngày",
        valid_from=dt.date(2021, 1, 1),
        source_number="3416/QĐ-BYT",
        source_body="Bộ Y tế",
        parameters={"days": 10, "tests": ["rt_pcr"]},
    )
    rule_set_update(actor=admin, rule_set=rule_set, expected_version=1, verified=True)
    client.force_login(make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"]))

    body = client.get(reverse("rules:detail", args=["test_isolation.a"])).content.decode()

    assert "3416/QĐ-BYT" in body
    assert "rt_pcr" in body
    assert "Chưa xác minh" not in body
    assert reverse("rules:edit", args=["test_isolation.a"]) not in body
    assert body.count("<li>\n    <p><strong>") == 2  # created, then verified


def test_an_admin_creates_a_rule_set_from_the_form(client, admin):
    client.force_login(admin)

    response = client.post(reverse("rules:create") + "?kind=test_isolation", _post())

    rule_set = RuleSet.objects.filter(kind="test_isolation").get()
    assert response.status_code == 302
    assert response["Location"] == reverse("rules:detail", args=["test_isolation.new"])
    assert rule_set.parameters == {
        "days": 7,
        "negative_test_needed": True,
        "tests": ["rapid_antigen", "rt_pcr"],
    }
    assert rule_set.valid_from == dt.date(2022, 3, 1)


def test_a_wrong_parameter_on_the_form_is_said_in_vietnamese_and_nothing_saved(client, admin):
    client.force_login(admin)

    response = client.post(reverse("rules:create") + "?kind=test_isolation", _post(p__days="90"))
    body = response.content.decode()

    assert response.status_code == 200
    assert '<p class="field-error">Không được quá 60.</p>' in body
    assert not RuleSet.objects.filter(kind="test_isolation").exists()


def test_an_overlap_on_the_form_is_refused(client, admin):
    national(code="t.open", title="Cách ly mở")
    client.force_login(admin)

    body = client.post(reverse("rules:create") + "?kind=test_isolation", _post()).content.decode()

    assert "Thời gian hiệu lực trùng với bộ quy định «Cách ly mở»" in body
    assert RuleSet.objects.filter(kind="test_isolation").count() == 1


def test_the_second_of_two_admins_saving_is_told_what_changed(client, admin):
    rule_set = national(code="t.a", title="Cách ly 14 ngày")
    client.force_login(admin)
    rule_set_update(actor=admin, rule_set=rule_set, expected_version=1, title="Cách ly mười bốn ngày")

    body = client.post(
        reverse("rules:edit", args=["t.a"]), _post(code="t.a", title="Tên của tôi", version="1")
    ).content.decode()

    assert "Trong lúc bạn sửa" in body
    assert "Cách ly mười bốn ngày" in body
    assert RuleSet.objects.filter(kind="test_isolation").get().title == "Cách ly mười bốn ngày"


def test_only_a_system_admin_opens_the_forms(client, units):
    national(code="t.a")
    client.force_login(make_user(role=Role.PROVINCE_LEADER, home_unit=units["Tỉnh Lào Cai"]))

    assert client.get(reverse("rules:create") + "?kind=test_isolation").status_code == 403
    assert client.get(reverse("rules:edit", args=["t.a"])).status_code == 403
    assert client.get(reverse("rules:detail", args=["t.a"])).status_code == 200
    assert client.get(reverse("rules:detail", args=["t.none"])).status_code == 404
