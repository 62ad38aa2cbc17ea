"""The access log: who read which personal data, when, through which channel, and why."""

from __future__ import annotations

import pytest

from phaodai.audit.enums import AccessChannel, AccessKind
from phaodai.audit.models import AccessLog
from phaodai.audit.selectors import access_log_for
from phaodai.audit.services import access_record, common_area
from phaodai.people.tests.factories import make_person
from tests.world import body_of

pytestmark = pytest.mark.django_db


def test_an_export_is_logged_with_the_purpose_given(world):
    client = world.client_for("own_commune")

    response = client.get("/nhan-khau/xuat/", {"purpose": "Lập danh sách tiêm chủng đợt 3"})
    body_of(response)

    log = AccessLog.objects.get()
    assert (log.actor, log.kind, log.channel, log.target_type, log.count, log.purpose, log.area_path) == (
        world.users["own_commune"],
        AccessKind.EXPORTED,
        AccessChannel.PAGE,
        "people.person",
        2,
        "Lập danh sách tiêm chủng đợt 3",
        world.units["Xã Bản Phố"].path,
    )


def test_reading_a_health_record_is_one_insert_readable_by_the_auditors_of_the_area(
    units, commune_leader, other_commune_leader, django_assert_num_queries
):
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng A Lử")

    with django_assert_num_queries(1):
        access_record(
            actor=commune_leader,
            kind=AccessKind.VIEWED,
            channel=AccessChannel.API,
            target=person,
            area_path=person.area_path,
            purpose="Theo dõi F0 tại nhà",
        )

    mine = list(access_log_for(user=commune_leader, target=person))
    theirs = list(access_log_for(user=other_commune_leader, target=person))
    assert [(log.kind, log.purpose) for log in mine] == [(AccessKind.VIEWED, "Theo dõi F0 tại nhà")]
    assert theirs == []


def test_the_log_is_read_only_with_the_audit_capability(units, community_member):
    person = make_person(residence_unit=units["Thôn Bản Phố 1"], full_name="Giàng A Lử")
    access_record(
        actor=community_member,
        kind=AccessKind.VIEWED,
        channel=AccessChannel.PAGE,
        target=person,
        area_path=person.area_path,
    )

    assert list(access_log_for(user=community_member, target=person)) == []


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        ([], ""),
        (["00000001.00000002."], "00000001.00000002."),
        (["00000001.00000012.", "00000001.00000013."], "00000001."),  # whole units, not "00000001.0000001"
        (["00000001.00000002.00000003.", "00000001.00000002."], "00000001.00000002."),
        (["00000001.", "00000009."], ""),
    ],
)
def test_a_list_belongs_to_the_deepest_unit_holding_all_its_records(paths, expected):
    assert common_area(paths) == expected
