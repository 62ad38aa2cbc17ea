"""The profile page and the API key it creates and revokes."""

from __future__ import annotations

import pytest

from phaodai.accounts.models import ApiToken
from phaodai.accounts.services import token_authenticate, token_issue, token_revoke, tokens_of
from phaodai.accounts.tests.factories import make_user
from phaodai.accounts.tokens import key_hash
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


@pytest.fixture
def no_devices(world):
    """The test world gives the own commune's leader a device key (for the URL walk): take it away."""
    ApiToken.objects.filter(user=world.users["own_commune"]).delete()
    return world


def test_profile_shows_role_unit_and_capabilities(no_devices):
    world = no_devices
    body = world.client_for("own_commune").get("/tai-khoan/").content.decode()

    assert "Lãnh đạo cấp xã" in body
    assert "Xã Bản Phố" in body
    assert "Gộp hồ sơ trùng" in body
    assert "Bạn chưa có mã API." in body
    assert "<code>Authorization: Token &lt;mã&gt;</code>" in body


def test_creating_a_token_shows_it_once_stores_only_its_hash_and_audits_without_the_key(no_devices):
    world = no_devices
    client = world.client_for("own_commune")
    user = world.users["own_commune"]

    response = client.post("/tai-khoan/ma-api/", {"device": "Điện thoại tổ Covid thôn 3"}, follow=True)
    again = client.get("/tai-khoan/")

    token = ApiToken.objects.get(user=user)
    body = response.content.decode()
    key = body.split('<code class="token">')[1].split("</code>")[0]
    assert (token.key_hash, token.key_prefix, token.name) == (
        key_hash(key),
        key[:8],
        "Điện thoại tổ Covid thôn 3",
    )
    assert "Hãy chép mã ngay: mã chỉ hiện một lần." in body
    assert key not in again.content.decode()  # shown once
    assert token_authenticate(key) == token
    event = AuditEvent.objects.get(target_type="accounts.user", target_id=user.pk)
    assert event.action == AuditAction.CREATED
    assert event.area_path == world.units["Xã Bản Phố"].path
    assert key not in str(event.changes)


def test_each_device_gets_its_own_token_and_the_page_lists_them(no_devices):
    world = no_devices
    user = world.users["own_commune"]
    phone, _key = token_issue(user=user, name="Điện thoại")
    tablet, _key = token_issue(user=user, name="Máy tính bảng")

    body = world.client_for("own_commune").get("/tai-khoan/").content.decode()

    assert [t.name for t in tokens_of(user=user)] == ["Máy tính bảng", "Điện thoại"]
    assert f"<code>{phone.key_prefix}…</code>" in body
    assert f"<code>{tablet.key_prefix}…</code>" in body


def test_revoking_one_device_leaves_the_others(no_devices):
    world = no_devices
    client = world.client_for("own_commune")
    user = world.users["own_commune"]
    phone, phone_key = token_issue(user=user, name="Điện thoại")
    _tablet, tablet_key = token_issue(user=user, name="Máy tính bảng")

    response = client.post(f"/tai-khoan/ma-api/{phone.pk}/thu-hoi/", follow=True)

    assert (token_authenticate(phone_key), token_authenticate(tablet_key) is not None) == (None, True)
    assert "Đã thu hồi mã API của thiết bị." in response.content.decode()
    assert list(
        AuditEvent.objects.filter(target_type="accounts.user", target_id=user.pk).values_list(
            "action", flat=True
        )
    ) == [AuditAction.DELETED, AuditAction.CREATED, AuditAction.CREATED]


def test_revoking_someone_elses_token_is_404_and_changes_nothing(world):
    other = world.users["sibling_commune"]
    theirs, key = token_issue(user=other, name="Máy của xã khác")

    response = world.client_for("own_commune").post(f"/tai-khoan/ma-api/{theirs.pk}/thu-hoi/")

    assert response.status_code == 404
    assert token_authenticate(key) == theirs


def test_revoking_an_ended_token_changes_nothing(world):
    user = world.users["own_commune"]
    token, _key = token_issue(user=user)
    token_revoke(actor=user, token=token)
    AuditEvent.objects.all().delete()

    assert token_revoke(actor=user, token=token) is False

    assert not AuditEvent.objects.filter(target_type="accounts.user").exists()


def test_token_pages_refuse_get_and_anonymous(no_devices):
    world = no_devices
    before = ApiToken.objects.count()  # the sibling commune's device key of the test world
    assert world.client_for("own_commune").get("/tai-khoan/ma-api/").status_code == 405
    anonymous = world.client_for("anonymous").post("/tai-khoan/ma-api/")
    assert anonymous.status_code == 302
    assert ApiToken.objects.count() == before


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
