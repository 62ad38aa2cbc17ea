from __future__ import annotations

from phaodai.api.tests.clients import anonymous_client, token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.core.roles import CAPABILITIES, Role

URL = "/api/v1/me/"


def test_me_tells_role_capabilities_and_home_unit(commune_leader, units):
    response = token_client(commune_leader).get(URL)

    assert response.status_code == 200
    assert_matches_schema(response, "me_retrieve")
    commune = units["Xã Bản Phố"]
    assert response.json() == {
        "id": commune_leader.pk,
        "username": "canbo_banpho",
        "full_name": commune_leader.get_full_name(),
        "role": "commune_leader",
        "role_label": "Lãnh đạo cấp xã",
        # the role's row of core.roles.CAPABILITIES (each health app adds its own)
        "capabilities": sorted(str(c) for c in CAPABILITIES[Role.COMMUNE_LEADER]),
        "sees_everything": False,
        "home_unit": {"id": commune.pk, "code": commune.code, "name": "Xã Bản Phố", "level": 3},
    }


def test_me_for_a_system_admin_has_no_home_unit(system_admin):
    response = token_client(system_admin).get(URL)

    assert response.status_code == 200
    assert_matches_schema(response, "me_retrieve")
    assert response.json()["home_unit"] is None
    assert response.json()["sees_everything"] is True


def test_me_works_with_the_browser_session(community_member):
    client = anonymous_client()
    client.force_login(community_member)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["username"] == "toconguong_banpho1"
    assert response.json()["capabilities"] == ["edit_people", "sync_people", "view_people"]


def test_me_without_credentials_is_401(db):
    response = anonymous_client().get(URL)

    assert response.status_code == 401
    assert_matches_schema(response, "me_retrieve")
