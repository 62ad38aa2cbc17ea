"""Every people page, for five viewers: the status code, and that no resident from
outside the viewer's jurisdiction appears in the response (names and CCCD numbers)."""

from __future__ import annotations

import pytest

from tests.world import VIEWERS, assert_hides, body_of

# (page, path builder, expected status per viewer). "own" resources live in Bản Phố.
IN_OWN_COMMUNE = {
    "own_commune": 200,
    "parent_district": 200,
    "sibling_commune": 404,
    "other_province": 404,
    "anonymous": 302,
}
EVERYWHERE = {
    "own_commune": 200,
    "parent_district": 200,
    "sibling_commune": 200,
    "other_province": 200,
    "anonymous": 302,
}

PAGES = [
    ("list", lambda w: "/nhan-khau/", EVERYWHERE),
    ("list search", lambda w: "/nhan-khau/?q=nguyen", EVERYWHERE),
    ("detail", lambda w: f"/nhan-khau/{w.people['own'].pk}/", IN_OWN_COMMUNE),
    ("edit", lambda w: f"/nhan-khau/{w.people['own'].pk}/sua/", IN_OWN_COMMUNE),
    ("history", lambda w: f"/nhan-khau/{w.people['own'].pk}/lich-su/", IN_OWN_COMMUNE),
    ("create", lambda w: "/nhan-khau/them/", EVERYWHERE),
    ("export", lambda w: "/nhan-khau/xuat/", EVERYWHERE),
    ("duplicates", lambda w: "/nhan-khau/trung-lap/", EVERYWHERE),
    ("merge", lambda w: f"/nhan-khau/gop/{w.people['own'].pk}/{w.people['own_twin'].pk}/", IN_OWN_COMMUNE),
    ("households", lambda w: "/nhan-khau/ho/", EVERYWHERE),
    ("household detail", lambda w: f"/nhan-khau/ho/{w.households['own'].pk}/", IN_OWN_COMMUNE),
    ("household edit", lambda w: f"/nhan-khau/ho/{w.households['own'].pk}/sua/", IN_OWN_COMMUNE),
    ("household create", lambda w: "/nhan-khau/ho/them/", EVERYWHERE),
    ("liaison group create", lambda w: "/nhan-khau/to-lien-gia/them/", EVERYWHERE),
    ("liaison groups", lambda w: "/nhan-khau/to-lien-gia/", EVERYWHERE),
    ("liaison group detail", lambda w: f"/nhan-khau/to-lien-gia/{w.groups['own'].pk}/", IN_OWN_COMMUNE),
    ("liaison group edit", lambda w: f"/nhan-khau/to-lien-gia/{w.groups['own'].pk}/sua/", IN_OWN_COMMUNE),
]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(("_page", "path_of", "statuses"), PAGES, ids=[page[0] for page in PAGES])
def test_people_pages_answer_by_jurisdiction_and_never_show_outsiders(
    world, viewer, _page, path_of, statuses
):
    path = path_of(world)

    response = world.client_for(viewer).get(path)

    assert response.status_code == statuses[viewer]
    if response.status_code == 302:
        assert response["Location"].startswith("/dang-nhap/?next=")
    assert_hides(body_of(response), world.hidden_from(viewer))


@pytest.mark.parametrize("viewer", ["own_commune", "parent_district"])
def test_detail_of_an_own_resident_shows_them(world, viewer):
    own = world.people["own"]

    body = world.client_for(viewer).get(f"/nhan-khau/{own.pk}/").content.decode()

    assert own.full_name in body
    assert own.national_id in body


@pytest.mark.parametrize(
    ("viewer", "shown"),
    [
        ("own_commune", {"Giàng Seo Páo", "Giàng Seo Pao"}),
        ("parent_district", {"Giàng Seo Páo", "Giàng Seo Pao", "Thào Thị Mỷ", "Thào Thị Mỵ"}),
        ("sibling_commune", {"Thào Thị Mỷ", "Thào Thị Mỵ"}),
        ("other_province", {"Lò Văn Pá"}),
    ],
)
def test_list_shows_exactly_the_residents_of_the_jurisdiction(world, viewer, shown):
    response = world.client_for(viewer).get("/nhan-khau/")

    assert {p.full_name for p in response.context["page"].object_list} == shown


def test_a_post_to_a_resident_outside_the_jurisdiction_is_404_and_changes_nothing(world):
    own = world.people["own"]
    client = world.client_for("sibling_commune")

    response = client.post(
        f"/nhan-khau/{own.pk}/sua/", {"full_name": "Đổi Tên", "sex": "M", "birth_year": "1961"}
    )

    own.refresh_from_db()
    assert response.status_code == 404
    assert own.full_name == "Giàng Seo Páo"
