"""The rules API: read by every signed-in user, written by system administrators with If-Match."""

from __future__ import annotations

import datetime as dt

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.api.tests.clients import anonymous_client, token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.core.roles import Role
from phaodai.rules.models import RuleSet
from phaodai.rules.tests.conftest import national

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kind_app")]


def _body(**changes):
    return {
        "code": "test_isolation.api",
        "kind": "test_isolation",
        "title": "Cách ly 7 ngày",
        "valid_from": "2022-03-01",
        "source_number": "261/QĐ-BYT",
        "parameters": {"days": 7},
        **changes,
    }


def test_every_signed_in_user_reads_the_rules(units):
    national(code="t.a")
    viewer = token_client(make_user(role=Role.VIEWER, home_unit=units["Xã Pa Tần"]))

    listed = viewer.get("/api/v1/rules/", {"kind": "test_isolation"})
    one = viewer.get("/api/v1/rules/t.a/")

    assert_matches_schema(listed, "rule_set_list")
    assert_matches_schema(one, "rule_set_retrieve")
    assert [row["code"] for row in listed.json()["results"]] == ["t.a"]
    assert one.json()["parameters"] == {"days": 14, "negative_test_needed": False, "tests": []}
    assert one["ETag"] == '"v1"'
    assert viewer.get("/api/v1/rules/t.none/").status_code == 404
    assert anonymous_client().get("/api/v1/rules/").status_code == 401


def test_an_admin_creates_and_a_wrong_parameter_is_a_400_naming_it(admin):
    client = token_client(admin)

    created = client.post("/api/v1/rules/", _body(), format="json")
    refused = client.post("/api/v1/rules/", _body(code="t.b", parameters={"days": "bảy"}), format="json")

    assert_matches_schema(created, "rule_set_create")
    assert_matches_schema(refused, "rule_set_create")
    assert created.status_code == 201
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["parameters"] == ["Tham số «days»: phải là số nguyên."]
    assert list(RuleSet.objects.filter(kind="test_isolation").values_list("code", flat=True)) == [
        "test_isolation.api"
    ]


def test_an_edit_needs_if_match_and_an_old_version_is_a_412(admin):
    national(code="t.a")
    client = token_client(admin)

    missing = client.patch("/api/v1/rules/t.a/", {"verified": True}, format="json", if_match=None)
    saved = client.patch("/api/v1/rules/t.a/", {"verified": True}, format="json", HTTP_IF_MATCH='"v1"')
    stale = client.patch("/api/v1/rules/t.a/", {"title": "Khác"}, format="json", HTTP_IF_MATCH='"v1"')

    assert missing.status_code == 428
    assert_matches_schema(saved, "rule_set_update")
    assert saved.json()["verified"] is True
    assert saved["ETag"] == '"v2"'
    assert_matches_schema(stale, "rule_set_update")
    assert stale.status_code == 412
    assert stale.json()["error"]["changed"] == {"verified": True}
    assert RuleSet.objects.get(kind="test_isolation").title == "Cách ly 14 ngày"


def test_a_leader_may_not_write(units):
    national(code="t.a")
    leader = token_client(make_user(role=Role.PROVINCE_LEADER, home_unit=units["Tỉnh Lào Cai"]))

    assert leader.post("/api/v1/rules/", _body(), format="json").status_code == 403
    assert leader.patch("/api/v1/rules/t.a/", {"verified": True}, format="json").status_code == 403


def test_the_rule_in_force_for_a_unit_of_ones_jurisdiction(units):
    national(code="t.national")
    national(code="t.laocai", scope_unit=units["Tỉnh Lào Cai"], valid_from=dt.date(2021, 8, 1))
    officer = token_client(make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"]))
    commune = units["Xã Bản Phố"].pk

    before = officer.get(
        "/api/v1/rules/in-force/", {"kind": "test_isolation", "unit": commune, "on": "2021-07-31"}
    )
    after = officer.get(
        "/api/v1/rules/in-force/", {"kind": "test_isolation", "unit": commune, "on": "2021-08-01"}
    )
    none = officer.get(
        "/api/v1/rules/in-force/", {"kind": "test_isolation", "unit": commune, "on": "2020-01-01"}
    )
    outside = officer.get(
        "/api/v1/rules/in-force/", {"kind": "test_isolation", "unit": units["Xã Pa Tần"].pk}
    )

    assert_matches_schema(before, "rule_in_force")
    assert (before.json()["code"], after.json()["code"]) == ("t.national", "t.laocai")
    assert_matches_schema(none, "rule_in_force")
    assert none.status_code == 400
    assert outside.status_code == 400
    assert "unit" in outside.json()["error"]["fields"]
