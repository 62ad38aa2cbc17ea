"""Reading residents leaves a trace and has limits: the access log, bulk reading, rate limits.

A viewer (``xem``) may look residents up but not pull them in bulk: pages of more than 50 and
the change feeds (full records of a whole area) need ``Capability.SYNC_PEOPLE``. Every record
opened (page or API) and every list read through the API is one row of ``audit.AccessLog``;
opening records is limited per user by the rate ``people_read``, shared by page and API.
"""

from __future__ import annotations

import pytest
from django.test import Client

from phaodai.accounts.tests.factories import make_user
from phaodai.api.tests.clients import token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.audit.enums import AccessChannel, AccessKind
from phaodai.audit.models import AccessLog
from phaodai.core.roles import Role
from phaodai.people.tests.factories import make_person

LIST = "/api/v1/people/"
CHANGES = "/api/v1/people/changes/"


@pytest.fixture
def xem(units):
    return make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"], username="xem")


def _logged():
    return [
        (
            log.actor.username if log.actor else None,
            log.kind,
            log.channel,
            log.target_type,
            log.target_id,
            log.count,
        )
        for log in AccessLog.objects.unscoped().select_related("actor").order_by("pk")
    ]


# --- bulk reading ---------------------------------------------------------------------------


def test_a_viewer_may_not_pull_pages_of_500_residents(xem, residents):
    response = token_client(xem).get(LIST, {"page_size": "500"})

    assert response.status_code == 403
    assert_matches_schema(response, "person_list")
    assert response.json() == {
        "error": {
            "code": "forbidden",
            "message": (
                "Tài khoản này lấy được nhiều nhất 50 bản ghi mỗi trang; lấy hàng loạt (đồng bộ máy)"
                " cần quyền «Lấy nhân khẩu hàng loạt qua API (đồng bộ máy)»."
            ),
        }
    }
    assert AccessLog.objects.unscoped().count() == 0


def test_a_viewer_still_looks_residents_up_page_by_page(xem, residents):
    response = token_client(xem).get(LIST, {"page_size": "50", "q": "nguyen van an"})

    assert response.status_code == 200
    assert [row["full_name"] for row in response.json()["results"]] == ["Nguyễn Văn An"]


def test_a_viewer_may_not_follow_the_change_feeds(xem, residents):
    client = token_client(xem)

    people = client.get(CHANGES)
    households = client.get("/api/v1/households/changes/")

    assert (people.status_code, households.status_code) == (403, 403)
    assert "Nguyễn" not in people.content.decode()


def test_a_commune_leader_syncs_in_pages_of_500(commune_leader, residents):
    response = token_client(commune_leader).get(LIST, {"page_size": "500"})

    assert response.status_code == 200
    assert response.json()["count"] == 2


# --- the access log -------------------------------------------------------------------------


def test_opening_a_resident_through_the_api_is_logged(xem, residents):
    an = residents["an"]

    token_client(xem).get(f"/api/v1/people/{an.pk}/")

    assert _logged() == [("xem", AccessKind.VIEWED, AccessChannel.API, "people.person", an.pk, 1)]
    log = AccessLog.objects.unscoped().get()
    assert (log.area_path, log.details) == (an.area_path, {"endpoint": "PersonDetailApi"})


def test_opening_a_resident_page_is_logged(xem, residents):
    an = residents["an"]
    client = Client()
    client.force_login(xem)

    assert client.get(f"/nhan-khau/{an.pk}/").status_code == 200

    assert _logged() == [("xem", AccessKind.VIEWED, AccessChannel.PAGE, "people.person", an.pk, 1)]


def test_a_resident_out_of_reach_is_not_logged_as_read(xem, residents):
    response = token_client(xem).get(f"/api/v1/people/{residents['anh'].pk}/")

    assert response.status_code == 404
    assert _logged() == []


def test_a_list_read_through_the_api_logs_which_residents_and_where(commune_leader, residents):
    an, binh = residents["an"], residents["binh"]

    token_client(commune_leader).get(LIST, {"q": "nguyen"})

    log = AccessLog.objects.unscoped().get()
    assert (log.kind, log.channel, log.target_type, log.target_id, log.count) == (
        AccessKind.LISTED,
        AccessChannel.API,
        "people.person",
        None,
        2,
    )
    assert sorted(log.details["ids"]) == sorted([an.pk, binh.pk])
    assert log.details["query"] == {"q": "nguyen"}
    # Both live in Thôn Bản Phố 1: the row belongs to that village, seen by whoever sees it.
    assert log.area_path == an.area_path == binh.area_path


def test_a_change_feed_page_is_logged_with_its_ids(commune_leader, residents, units):
    make_person(residence_unit=units["Thôn Bản Phố 2"], full_name="Lò Văn Mới")

    response = token_client(commune_leader).get(CHANGES)

    ids = [row["id"] for row in response.json()["results"]]
    log = AccessLog.objects.unscoped().get()
    assert (log.kind, log.count, log.details["ids"]) == (AccessKind.LISTED, 3, ids)
    # Residents of two villages of one commune: the row is the commune's.
    assert log.area_path == units["Xã Bản Phố"].path


def test_an_empty_list_logs_nothing(commune_leader, residents):
    token_client(commune_leader).get(LIST, {"q": "khong co ai ten nay"})

    assert _logged() == []


def test_household_members_are_logged_as_a_list(commune_leader, residents):
    household = residents["household"]

    token_client(commune_leader).get(f"/api/v1/households/{household.pk}/members/")

    assert [(kind, target_type, count) for _u, kind, _c, target_type, _id, count in _logged()] == [
        (AccessKind.VIEWED, "people.household", 1),
        (AccessKind.LISTED, "people.person", 2),
    ]


# --- opening records: one limit for page and API --------------------------------------------


def test_opening_records_is_limited_per_user_across_page_and_api(xem, commune_leader, residents, settings):
    settings.PHAODAI_RATES = {**settings.PHAODAI_RATES, "people_read": "3/min"}
    an = residents["an"]
    page = Client()
    page.force_login(xem)
    api = token_client(xem)

    opened = [page.get(f"/nhan-khau/{an.pk}/").status_code, api.get(f"/api/v1/people/{an.pk}/").status_code]
    opened.append(page.get(f"/nhan-khau/{an.pk}/").status_code)
    too_many_api = api.get(f"/api/v1/people/{an.pk}/")
    too_many_page = page.get(f"/nhan-khau/{an.pk}/")

    assert opened == [200, 200, 200]
    assert too_many_api.status_code == 429
    assert_matches_schema(too_many_api, "person_retrieve")
    assert too_many_api.json()["error"]["code"] == "throttled"
    assert too_many_api.json()["error"]["message"].startswith("Quá nhiều yêu cầu; vui lòng thử lại sau ")
    assert 1 <= int(too_many_api["Retry-After"]) <= 60
    assert too_many_page.status_code == 429
    assert "Quá nhiều yêu cầu" in too_many_page.content.decode()
    assert "Nguyễn Văn An" not in too_many_page.content.decode()
    assert 1 <= int(too_many_page["Retry-After"]) <= 60
    # Three records opened, three rows; the refused ones read nothing.
    assert len(_logged()) == 3
    # Another officer is not slowed down by the viewer.
    assert token_client(commune_leader).get(f"/api/v1/people/{an.pk}/").status_code == 200
