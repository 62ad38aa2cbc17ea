"""Exporting the current filtered list as CSV: only with the export capability, audited."""

from __future__ import annotations

from django.test import Client

from phaodai.accounts.tests.factories import make_user
from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.core.roles import Role
from tests.world import MODEL_BACKEND, body_of

PURPOSE = "Rà soát, cập nhật sổ nhân khẩu"


def test_export_is_the_filtered_list_as_csv(world):
    response = world.client_for("parent_district").get(
        "/nhan-khau/xuat/", {"sex": "F", "fmt": "csv", "purpose": PURPOSE}
    )

    body = body_of(response)
    lines = body.strip().splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="nhan-khau-')
    assert lines[0].startswith("Mã hồ sơ,Họ và tên,Giới tính")
    assert sorted(line.split(",")[1] for line in lines[1:]) == ["Thào Thị Mỵ", "Thào Thị Mỷ"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORTED)
    assert event.actor == world.users["parent_district"]
    assert event.changes["count"] == 2
    assert event.changes["filters"]["sex"] == "F"


def test_export_follows_the_unit_switcher(world):
    response = world.client_for("parent_district").get(
        "/nhan-khau/xuat/", {"unit": world.units["Xã Bản Phố"].pk, "fmt": "csv", "purpose": PURPOSE}
    )

    names = sorted(line.split(",")[1] for line in body_of(response).strip().splitlines()[1:])
    assert names == ["Giàng Seo Pao", "Giàng Seo Páo"]


def test_export_needs_the_capability(units, world):
    member = make_user(role=Role.COMMUNITY_MEMBER, home_unit=units["Thôn Bản Phố 1"])
    client = Client()
    client.force_login(member, backend=MODEL_BACKEND)

    response = client.get("/nhan-khau/xuat/")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()
