"""The duplicates queue and the merge screen."""

from __future__ import annotations

from django.test import Client

from phaodai.accounts.tests.factories import make_user
from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.core.roles import Role
from phaodai.people.enums import DuplicateStatus
from phaodai.people.models import DuplicateCandidate, Person
from tests.world import MODEL_BACKEND


def test_queue_lists_the_open_pairs_of_the_jurisdiction(world):
    response = world.client_for("own_commune").get("/nhan-khau/trung-lap/")
    body = response.content.decode()

    assert [c.pk for c in response.context["page"].object_list] == [world.candidates["own"].pk]
    assert "Mức nghi trùng: 88%" in body
    assert "Trùng số điện thoại." in body
    assert f'href="/nhan-khau/gop/{world.people["own"].pk}/{world.people["own_twin"].pk}/"' in body


def test_queue_of_a_district_follows_the_unit_switcher(world):
    client = world.client_for("parent_district")

    everything = client.get("/nhan-khau/trung-lap/")
    narrowed = client.get("/nhan-khau/trung-lap/", {"unit": world.units["Xã Lùng Phình"].pk})

    assert [c.pk for c in everything.context["page"].object_list] == [
        world.candidates["own"].pk,
        world.candidates["sibling"].pk,
    ]
    assert [c.pk for c in narrowed.context["page"].object_list] == [world.candidates["sibling"].pk]


def test_queue_is_empty_says_so(world):
    body = world.client_for("other_province").get("/nhan-khau/trung-lap/").content.decode()

    assert "Không có cặp hồ sơ nghi trùng nào chờ xử lý." in body


def test_community_member_has_no_queue(units, world):
    member = make_user(role=Role.COMMUNITY_MEMBER, home_unit=units["Thôn Bản Phố 1"])
    client = Client()
    client.force_login(member, backend=MODEL_BACKEND)

    assert client.get("/nhan-khau/trung-lap/").status_code == 403
    assert (
        client.get(f"/nhan-khau/gop/{world.people['own'].pk}/{world.people['own_twin'].pk}/").status_code
        == 403
    )


def test_dismissing_a_pair_closes_it(world):
    candidate = world.candidates["own"]

    response = world.client_for("own_commune").post(
        f"/nhan-khau/trung-lap/{candidate.pk}/bo-qua/", follow=True
    )

    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.DISMISSED
    assert "Đã đánh dấu hai hồ sơ không phải là một người." in response.content.decode()


def test_dismissing_a_pair_outside_the_jurisdiction_is_404(world):
    candidate = world.candidates["sibling"]

    response = world.client_for("own_commune").post(f"/nhan-khau/trung-lap/{candidate.pk}/bo-qua/")

    candidate.refresh_from_db()
    assert response.status_code == 404
    assert candidate.status == DuplicateStatus.OPEN


def test_merge_screen_compares_the_two_records_side_by_side(world):
    own, twin = world.people["own"], world.people["own_twin"]

    response = world.client_for("own_commune").get(f"/nhan-khau/gop/{own.pk}/{twin.pk}/")
    body = response.content.decode()

    rows = {row["name"]: row for row in response.context["rows"]}
    assert (rows["full_name"]["first"], rows["full_name"]["second"]) == ("Giàng Seo Páo", "Giàng Seo Pao")
    assert (rows["birth_date"]["first"], rows["birth_date"]["second"]) == ("09/04/1961", "—")
    assert (rows["residence_unit"]["first"], rows["residence_unit"]["second"]) == (
        "Thôn Bản Phố 1",
        "Thôn Bản Phố 2",
    )
    assert (rows["residence_status"]["first"], rows["residence_status"]["second"]) == (
        "Thường trú",
        "Đang ở nơi khác",
    )
    assert rows["chronic_conditions"]["first"] == "Tăng huyết áp; Đái tháo đường"
    assert rows["phone"]["differs"] is False
    assert 'name="keep_full_name"' in body
    # Where only the second record has a value, that value is chosen by default.
    assert response.context["form"].initial["keep_away_location"] == "second"
    assert response.context["form"].initial["keep_full_name"] == "first"
    assert 'name="keep_phone"' not in body  # the same on both sides: nothing to choose


def test_merge_keeps_the_chosen_values_and_marks_the_duplicate(world):
    own, twin = world.people["own"], world.people["own_twin"]
    rows_differing = ["full_name", "birth_date", "national_id", "residence_unit", "household", "residence_status",
                      "away_location", "chronic_conditions"]  # fmt: skip
    data = {"survivor": "first", **{f"keep_{name}": "first" for name in rows_differing}}
    data["keep_full_name"] = "second"

    response = world.client_for("own_commune").post(f"/nhan-khau/gop/{own.pk}/{twin.pk}/", data)

    own.refresh_from_db()
    twin.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/nhan-khau/{own.pk}/"
    assert own.full_name == "Giàng Seo Pao"
    assert own.national_id == "010061000111"
    assert twin.merged_into_id == own.pk
    assert (
        AuditEvent.objects.filter(
            target_type="people.person", target_id=own.pk, action=AuditAction.MERGED
        ).count()
        == 1
    )
    assert DuplicateCandidate.objects.get(pk=world.candidates["own"].pk).status == DuplicateStatus.MERGED


def test_merge_with_the_second_record_as_survivor(world):
    own, twin = world.people["own"], world.people["own_twin"]
    differing = ["full_name", "birth_date", "national_id", "residence_unit", "household", "residence_status",
                 "away_location", "chronic_conditions"]  # fmt: skip
    data = {"survivor": "second", **{f"keep_{name}": "second" for name in differing}}

    world.client_for("own_commune").post(f"/nhan-khau/gop/{own.pk}/{twin.pk}/", data)

    own.refresh_from_db()
    assert own.merged_into_id == twin.pk


def test_merge_form_without_choices_shows_errors_and_merges_nothing(world):
    own, twin = world.people["own"], world.people["own_twin"]

    response = world.client_for("own_commune").post(f"/nhan-khau/gop/{own.pk}/{twin.pk}/", {})

    own.refresh_from_db()
    twin.refresh_from_db()
    assert response.status_code == 200
    assert "Hãy chọn hồ sơ được giữ lại." in str(response.context["form"].errors)
    assert (own.merged_into_id, twin.merged_into_id) == (None, None)
    assert not AuditEvent.objects.filter(action=AuditAction.MERGED).exists()


def test_merging_a_person_into_themself_is_refused(world):
    own = world.people["own"]

    response = world.client_for("own_commune").post(
        f"/nhan-khau/gop/{own.pk}/{own.pk}/", {"survivor": "first"}, follow=True
    )

    own.refresh_from_db()
    assert response.redirect_chain == [(f"/nhan-khau/{own.pk}/", 302)]
    assert "Không thể gộp một hồ sơ vào chính nó." in response.content.decode()
    assert own.merged_into_id is None
    assert not AuditEvent.objects.filter(action__in=[AuditAction.MERGED, AuditAction.MERGED_INTO]).exists()


def test_self_merge_of_someone_outside_the_jurisdiction_is_404(world):
    sibling = world.people["sibling"]

    response = world.client_for("own_commune").get(f"/nhan-khau/gop/{sibling.pk}/{sibling.pk}/")

    assert response.status_code == 404


def test_merge_with_one_record_outside_the_jurisdiction_is_404_and_merges_nothing(world):
    own, sibling = world.people["own"], world.people["sibling"]

    response = world.client_for("own_commune").post(
        f"/nhan-khau/gop/{own.pk}/{sibling.pk}/", {"survivor": "first"}
    )

    assert response.status_code == 404
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_an_already_merged_record_cannot_be_merged_again(world):
    own, twin = world.people["own"], world.people["own_twin"]
    twin.merged_into = own
    twin.save(update_fields=["merged_into"])

    response = world.client_for("own_commune").get(f"/nhan-khau/gop/{own.pk}/{twin.pk}/", follow=True)

    assert "Hồ sơ Giàng Seo Pao đã được gộp vào hồ sơ khác trước đó." in response.content.decode()
