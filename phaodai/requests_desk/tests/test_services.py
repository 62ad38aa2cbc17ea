"""Handling a request: assignment, progress, resolution and the time to resolve; refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phaodai.accounts.tests.factories import make_user
from phaodai.audit.models import AuditEvent
from phaodai.core.roles import Role
from phaodai.core.services import StaleRecordError
from phaodai.people.tests.factories import make_household, make_person
from phaodai.requests_desk.enums import RequestStatus
from phaodai.requests_desk.models import ResidentRequest
from phaodai.requests_desk.selectors import assignee_choices, home_figures, request_search
from phaodai.requests_desk.services import request_create, request_update
from phaodai.requests_desk.tests.factories import make_request

T0 = dt.datetime(2026, 11, 30, 1, 0, tzinfo=dt.UTC)


def _codes(error: ValidationError) -> list[str | None]:
    return (
        [e.code for errors in error.error_dict.values() for e in errors]
        if hasattr(error, "error_dict")
        else [error.code]
    )


@pytest.mark.django_db
def test_assign_start_resolve_records_who_and_the_time_to_resolve(units, commune_leader):
    handler = make_user(role=Role.HEALTH_STAFF, home_unit=units["Xã Bản Phố"], username="yte_banpho")
    request = make_request(unit=units["Thôn Bản Phố 1"], now=T0)

    request_update(actor=commune_leader, request=request, expected_version=1, assigned_to=handler, now=T0)
    request_update(
        actor=handler, request=request, expected_version=2, status=RequestStatus.IN_PROGRESS, now=T0
    )
    request_update(
        actor=handler,
        request=request,
        expected_version=3,
        status=RequestStatus.RESOLVED,
        resolution="Đã mang 20 kg gạo tới nhà.",
        now=T0 + dt.timedelta(hours=3, minutes=20),
    )

    stored = ResidentRequest.objects.unscoped().get(pk=request.pk)
    assert stored.status == RequestStatus.RESOLVED
    assert stored.assigned_to == handler
    assert stored.resolved_by == handler
    assert stored.time_to_resolve == dt.timedelta(hours=3, minutes=20)
    assert stored.time_to_resolve_text == "3 giờ 20 phút"
    assert stored.version == 4
    assert list(
        AuditEvent.objects.filter(target_id=request.pk, target_type="requests_desk.residentrequest")
        .order_by("pk")
        .values_list("event", flat=True)
    ) == [
        "requests_desk.request_received",
        "requests_desk.request_assigned",
        "requests_desk.request_updated",
        "requests_desk.request_closed",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "changes", "code"),
    [
        (
            "closing without a resolution",
            {"status": RequestStatus.RESOLVED, "resolution": " "},
            "requests.resolution_required",
        ),
        ("an unknown status", {"status": "reopened"}, "requests.status_not_allowed"),
        ("assigned without anyone", {"status": RequestStatus.ASSIGNED}, "requests.assignee_required"),
    ],
)
def test_bad_handling_is_refused_and_nothing_changes(units, commune_leader, _case, changes, code):
    request = make_request(unit=units["Thôn Bản Phố 1"])
    audit = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        request_update(actor=commune_leader, request=request, expected_version=1, **changes)

    assert _codes(refused.value) == [code]
    assert ResidentRequest.objects.unscoped().get(pk=request.pk).version == 1
    assert AuditEvent.objects.count() == audit


@pytest.mark.django_db
def test_a_closed_request_is_not_changed_again_and_a_stale_edit_is_refused(units, commune_leader):
    request = make_request(unit=units["Thôn Bản Phố 1"])
    request_update(
        actor=commune_leader,
        request=request,
        expected_version=1,
        status=RequestStatus.REJECTED,
        resolution="Trùng.",
    )

    with pytest.raises(StaleRecordError):
        request_update(actor=commune_leader, request=request, expected_version=1, resolution="x")
    with pytest.raises(ValidationError) as closed:
        request_update(actor=commune_leader, request=request, expected_version=2, resolution="x")
    assert "Yêu cầu này đã đóng (Không giải quyết)" in closed.value.messages[0]


@pytest.mark.django_db
def test_only_users_of_the_area_who_handle_requests_may_be_assigned(
    units, commune_leader, other_commune_leader
):
    viewer = make_user(role=Role.VIEWER, home_unit=units["Xã Bản Phố"], username="xem_banpho")
    district = make_user(role=Role.DISTRICT_LEADER, home_unit=units["Huyện Bắc Hà"], username="huyen")
    request = make_request(unit=units["Thôn Bản Phố 1"])

    choices = assignee_choices(user=commune_leader, request=request)
    with pytest.raises(ValidationError) as refused:
        request_update(
            actor=commune_leader, request=request, expected_version=1, assigned_to=other_commune_leader
        )

    assert {u.username for u in choices} == {commune_leader.username, district.username}
    assert viewer not in choices
    assert _codes(refused.value) == ["requests.assignee_outside"]


@pytest.mark.django_db
def test_another_communes_request_is_out_of_reach(units, commune_leader, other_commune_leader):
    request = make_request(unit=units["Thôn Lùng Phình"])

    assert list(request_search(user=commune_leader)) == []
    with pytest.raises(PermissionDenied):
        request_update(
            actor=commune_leader, request=request, expected_version=1, status=RequestStatus.IN_PROGRESS
        )


@pytest.mark.django_db
def test_a_phone_call_for_a_resident_found_in_the_registry_takes_their_name_phone_and_household(
    units, commune_leader
):
    village = units["Thôn Bản Phố 1"]
    household = make_household(unit=village, code="BP1-050")
    person = make_person(
        residence_unit=village, full_name="Hầu Thị Mai", phone="0977123456", household=household
    )

    request = request_create(
        actor=commune_leader,
        unit=village,
        category="medicine",
        description="Cần thuốc huyết áp.",
        person=person,
    )

    assert (request.requester_name, request.requester_phone, request.household) == (
        "Hầu Thị Mai",
        "0977123456",
        household,
    )


@pytest.mark.django_db
def test_the_home_card_counts_from_the_requests(units, commune_leader):
    open_urgent = make_request(unit=units["Thôn Bản Phố 1"], urgency="urgent", now=T0)
    make_request(unit=units["Thôn Bản Phố 2"], now=T0)
    done = make_request(unit=units["Thôn Bản Phố 2"], now=T0)
    make_request(unit=units["Thôn Lùng Phình"], urgency="urgent", now=T0)
    request_update(
        actor=commune_leader,
        request=done,
        expected_version=1,
        status=RequestStatus.RESOLVED,
        resolution="Xong.",
        now=T0 + dt.timedelta(hours=2),
    )

    figures = home_figures(user=commune_leader, unit=units["Xã Bản Phố"], now=T0 + dt.timedelta(hours=3))

    assert (figures.open, figures.urgent_open, figures.new, figures.resolved_week) == (2, 1, 2, 1)
    assert figures.mean_hours_to_resolve == 2.0
    assert open_urgent.is_open
