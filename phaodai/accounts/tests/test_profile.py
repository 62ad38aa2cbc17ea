"""The profile page and the API key it creates and revokes."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from phaodai.accounts.services import token_create, token_revoke
from phaodai.accounts.tests.factories import make_user
from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.core.roles import Role
from tests.world import MODEL_BACKEND, VIEWERS, assert_hides


@pytest.mark.parametrize("viewer", VIEWERS)
def test_profile_access_and_nothing_from_outside(world, viewer):
    response = world.client_for(viewer).get("/tai-khoan/")

    if viewer == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")
    else:
        assert response.status_code == 200
        assert world.users[viewer].username in response.content.decode()
    assert_hides(response.content.decode(), world.hidden_from(viewer))


def test_profile_shows_role_unit_and_capabilities(world):
    body = world.client_for("own_commune").get("/tai-khoan/").content.decode()

    assert "Lãnh đạo cấp xã" in body
    assert "Xã Bản Phố" in body
    assert "Gộp hồ sơ trùng" in body
    assert "Bạn chưa có mã API." in body
    assert "<code>Authorization: Token &lt;mã&gt;</code>" in body


def test_creating_a_token_shows_it_and_audits_without_the_key(world):
    client = world.client_for("own_commune")
    user = world.users["own_commune"]

    response = client.post("/tai-khoan/ma-api/", follow=True)

    token = Token.objects.get(user=user)
    body = response.content.decode()
    assert token.key in body
    assert "Đã tạo mã API mới." in body
    event = AuditEvent.objects.get(target_type="accounts.user", target_id=user.pk)
    assert event.action == AuditAction.CREATED
    assert event.area_path == world.units["Xã Bản Phố"].path
    assert token.key not in str(event.changes)


def test_creating_a_new_token_replaces_the_old_one(world):
    user = world.users["own_commune"]
    old = token_create(actor=user)

    new = token_create(actor=user)

    assert list(Token.objects.filter(user=user).values_list("key", flat=True)) == [new.key]
    assert old.key != new.key


def test_revoking_a_token_deletes_it(world):
    client = world.client_for("own_commune")
    user = world.users["own_commune"]
    token_create(actor=user)

    response = client.post("/tai-khoan/ma-api/thu-hoi/", follow=True)

    assert not Token.objects.filter(user=user).exists()
    assert "Đã thu hồi mã API." in response.content.decode()
    assert list(
        AuditEvent.objects.filter(target_type="accounts.user", target_id=user.pk).values_list(
            "action", flat=True
        )
    ) == [AuditAction.DELETED, AuditAction.CREATED]


def test_revoking_without_a_token_changes_nothing(world):
    user = world.users["own_commune"]

    assert token_revoke(actor=user) is False

    assert not AuditEvent.objects.filter(target_type="accounts.user").exists()


def test_token_pages_refuse_get_and_anonymous(world):
    assert world.client_for("own_commune").get("/tai-khoan/ma-api/").status_code == 405
    anonymous = world.client_for("anonymous").post("/tai-khoan/ma-api/")
    assert anonymous.status_code == 302
    assert not Token.objects.exists()


def test_admin_lists_users_with_role_and_unit(units, client):
    admin = make_user(role=Role.SYSTEM_ADMIN, username="quantri_web")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="yte_banpho")
    client.force_login(admin, backend=MODEL_BACKEND)

    listing = client.get("/admin/accounts/user/")
    change = client.get(f"/admin/accounts/user/{admin.pk}/change/")

    assert listing.status_code == 200
    assert "yte_banpho" in listing.content.decode()
    assert "Cán bộ y tế" in listing.content.decode()
    assert change.status_code == 200
    assert 'name="home_unit"' in change.content.decode()
