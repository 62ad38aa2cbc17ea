"""/api/v1/announcements/: written, submitted, approved by another leader and published to the
chosen units, each step on the version read (If-Match), audited, refused outside the jurisdiction."""

from __future__ import annotations

import pytest

from phaodai.accounts.tests.factories import make_user
from phaodai.announcements.enums import AnnouncementStatus
from phaodai.announcements.models import Announcement
from phaodai.api.tests.clients import token_client
from phaodai.api.tests.schema import assert_matches_schema
from phaodai.audit.models import AuditEvent
from phaodai.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(units):
    return make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="canbo_yte_banpho")


@pytest.fixture
def audio_dir(settings, tmp_path):
    settings.PHAODAI_AUDIO_FILES = tmp_path


def _write(client, units) -> int:
    answer = client.post(
        "/api/v1/announcements/",
        {
            "unit": units["Xã Bản Phố"].pk,
            "title": "Tạm dừng chợ phiên",
            "body": "Từ ngày mai, chợ phiên Bản Phố tạm dừng.",
            "for_loudspeaker": True,
            "for_public_page": True,
            "targets": [units["Thôn Bản Phố 1"].pk, units["Thôn Bản Phố 2"].pk],
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    return int(answer.json()["id"])


def _events(announcement_id: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="announcements.announcement", target_id=announcement_id)
        .order_by("pk")
        .values_list("event", flat=True)
    )


def test_submit_approve_and_publish_to_chosen_units(units, writer, commune_leader, audio_dir):
    own = token_client(writer)
    announcement_id = _write(own, units)
    url = f"/api/v1/announcements/{announcement_id}"

    submitted = own.post(f"{url}/submit/", HTTP_IF_MATCH='"v1"')
    assert submitted.status_code == 200, submitted.json()
    assert_matches_schema(submitted, "announcement_submit")
    assert (submitted.json()["status"], submitted.json()["version"], submitted["ETag"]) == (
        "submitted",
        2,
        '"v2"',
    )

    # the writer has no leader's capability
    assert own.post(f"{url}/approve/", HTTP_IF_MATCH='"v2"').status_code == 403

    leader = token_client(commune_leader)
    missing = leader.post(f"{url}/approve/")
    assert missing.status_code == 428
    stale = leader.post(f"{url}/approve/", HTTP_IF_MATCH='"v1"')
    assert stale.status_code == 412
    assert_matches_schema(stale, "announcement_approve")
    approved = leader.post(f"{url}/approve/", HTTP_IF_MATCH='"v2"')
    assert approved.status_code == 200, approved.json()
    assert_matches_schema(approved, "announcement_approve")
    assert (approved.json()["status"], approved.json()["version"]) == ("approved", 3)

    published = leader.post(
        f"{url}/publish/", {"targets": [units["Thôn Bản Phố 2"].pk]}, format="json", HTTP_IF_MATCH='"v3"'
    )
    assert published.status_code == 200, published.json()
    assert_matches_schema(published, "announcement_publish")
    body = published.json()
    assert (body["status"], body["targets"], body["version"]) == (
        "published",
        [units["Thôn Bản Phố 2"].pk],
        4,
    )
    assert body["published_at"] is not None

    announcement = Announcement.objects.unscoped().get(pk=announcement_id)
    assert (announcement.written_by, announcement.approved_by) == (writer, commune_leader)
    assert _events(announcement_id) == [
        "announcements.announcement_created",
        "announcements.announcement_submitted",
        "announcements.announcement_approved",
        "announcements.announcement_published",
        "announcements.announcement_updated",
    ]
    published_row = AuditEvent.objects.get(event="announcements.announcement_published")
    changed = AuditEvent.objects.filter(event="announcements.announcement_updated").get()
    assert (published_row.actor, published_row.params) == (commune_leader, {"n": 1})
    assert changed.changes == {
        "targets": [
            sorted([units["Thôn Bản Phố 1"].pk, units["Thôn Bản Phố 2"].pk]),
            [units["Thôn Bản Phố 2"].pk],
        ]
    }


def test_publish_without_targets_keeps_the_ones_chosen_when_writing(units, writer, commune_leader, audio_dir):
    announcement_id = _write(token_client(writer), units)
    url = f"/api/v1/announcements/{announcement_id}"
    token_client(writer).post(f"{url}/submit/", HTTP_IF_MATCH='"v1"')
    leader = token_client(commune_leader)
    leader.post(f"{url}/approve/", HTTP_IF_MATCH='"v2"')
    published = leader.post(f"{url}/publish/", {}, format="json", HTTP_IF_MATCH='"v3"')
    assert published.status_code == 200, published.json()
    assert published.json()["targets"] == sorted([units["Thôn Bản Phố 1"].pk, units["Thôn Bản Phố 2"].pk])
    assert AuditEvent.objects.get(event="announcements.announcement_published").params == {"n": 2}
    assert not AuditEvent.objects.filter(event="announcements.announcement_updated").exists()


def test_refusals_say_why_and_change_nothing(units, writer, commune_leader, other_commune_leader, audio_dir):
    announcement_id = _write(token_client(writer), units)
    url = f"/api/v1/announcements/{announcement_id}"
    leader = token_client(commune_leader)

    # not yet submitted
    early = leader.post(f"{url}/approve/", HTTP_IF_MATCH='"v1"')
    assert early.status_code == 400
    assert_matches_schema(early, "announcement_approve")
    assert early.json()["error"]["codes"] == {"non_field_errors": ["announcements.not_submitted"]}
    assert early.json()["error"]["fields"] == {"non_field_errors": ["Thông báo chưa được gửi duyệt."]}

    token_client(writer).post(f"{url}/submit/", HTTP_IF_MATCH='"v1"')
    # a leader of another commune does not see it
    assert token_client(other_commune_leader).post(f"{url}/approve/", HTTP_IF_MATCH='"v2"').status_code == 404
    # publishing before approval
    not_approved = leader.post(f"{url}/publish/", {}, format="json", HTTP_IF_MATCH='"v2"')
    assert not_approved.status_code == 400
    assert not_approved.json()["error"]["codes"] == {"non_field_errors": ["announcements.not_approved"]}

    leader.post(f"{url}/approve/", HTTP_IF_MATCH='"v2"')
    outside = leader.post(
        f"{url}/publish/", {"targets": [units["Thôn Lùng Phình"].pk]}, format="json", HTTP_IF_MATCH='"v3"'
    )
    # a village outside the leader's jurisdiction is not even found
    assert outside.status_code == 400
    assert outside.json()["error"]["codes"] == {"targets.0": ["not_found"]}
    none = leader.post(f"{url}/publish/", {"targets": []}, format="json", HTTP_IF_MATCH='"v3"')
    assert none.status_code == 400
    assert none.json()["error"]["fields"] == {"targets": ["Hãy chọn ít nhất một thôn, xã để phát thông báo."]}
    bad = leader.post(f"{url}/publish/", {"targets": ["x"]}, format="json", HTTP_IF_MATCH='"v3"')
    assert bad.status_code == 400

    announcement = Announcement.objects.unscoped().get(pk=announcement_id)
    assert (announcement.status, announcement.version) == (AnnouncementStatus.APPROVED, 3)
    assert sorted(announcement.targets.values_list("pk", flat=True)) == sorted(
        [units["Thôn Bản Phố 1"].pk, units["Thôn Bản Phố 2"].pk]
    )
    assert "announcements.announcement_published" not in _events(announcement_id)


def test_the_writer_who_is_a_leader_cannot_approve_their_own(units, commune_leader, audio_dir):
    leader = token_client(commune_leader)
    announcement_id = _write(leader, units)
    url = f"/api/v1/announcements/{announcement_id}"
    leader.post(f"{url}/submit/", HTTP_IF_MATCH='"v1"')
    own = leader.post(f"{url}/approve/", HTTP_IF_MATCH='"v2"')
    assert own.status_code == 400
    assert own.json()["error"]["codes"] == {"non_field_errors": ["announcements.own_approval"]}
    assert Announcement.objects.unscoped().get(pk=announcement_id).status == AnnouncementStatus.SUBMITTED
