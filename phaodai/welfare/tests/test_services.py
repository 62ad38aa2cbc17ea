"""Welfare rules: a delivery outside the jurisdiction is refused, stock is derived and never
negative, households not reached this week come first, "nobody goes hungry" is counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from phaodai.audit.models import AuditEvent
from phaodai.people.tests.factories import make_household
from phaodai.welfare.enums import Vulnerability
from phaodai.welfare.models import Delivery, VulnerableHousehold
from phaodai.welfare.selectors import (
    nobody_hungry,
    package_get_for_user,
    package_stock,
    reached_by_child,
    vulnerable_search,
)
from phaodai.welfare.services import vulnerable_mark, vulnerable_update
from phaodai.welfare.tests.factories import deliver, make_package, make_vulnerable, receive

MONDAY = dt.date(2026, 11, 30)


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for e in errors for m in e.messages] for field, errors in error.error_dict.items()}


@pytest.fixture
def commune(units, commune_leader):
    village = units["Thôn Bản Phố 1"]
    households = [make_household(unit=village, code=f"BP1-{n:03d}") for n in range(1, 4)]
    package = make_package(actor=commune_leader, unit=units["Xã Bản Phố"], stock=5)
    return {"households": households, "package": package, "village": village}


@pytest.mark.django_db
def test_a_delivery_to_a_household_outside_the_jurisdiction_is_refused_and_nothing_saved(
    units, commune_leader, commune
):
    outside = make_household(unit=units["Thôn Lùng Phình"], code="LP-009")
    audit = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        deliver(actor=commune_leader, package=commune["package"], household=outside, on=MONDAY)

    assert _messages(refused.value) == {"household": ["Hộ gia đình này nằm ngoài địa bàn bạn phụ trách."]}
    assert Delivery.objects.unscoped().count() == 0
    assert AuditEvent.objects.count() == audit
    assert package_stock(commune["package"]) == 5


@pytest.mark.django_db
def test_a_package_of_another_commune_is_not_delivered_here(units, district_leader, commune):
    other = make_package(actor=district_leader, unit=units["Xã Lùng Phình"], stock=3)

    with pytest.raises(ValidationError) as refused:
        deliver(actor=district_leader, package=other, household=commune["households"][0], on=MONDAY)

    assert [e.code for e in refused.value.error_dict["package"]] == ["welfare.other_commune"]
    assert package_stock(other) == 3


@pytest.mark.django_db
def test_stock_is_received_minus_delivered_and_never_goes_negative(units, commune_leader, commune):
    package = commune["package"]
    first, second, _third = commune["households"]
    receive(actor=commune_leader, package=package, quantity=2)
    deliver(actor=commune_leader, package=package, household=first, quantity=4, on=MONDAY)
    deliver(actor=commune_leader, package=package, household=second, quantity=3, on=MONDAY)

    with pytest.raises(ValidationError) as refused:
        deliver(actor=commune_leader, package=package, household=first, quantity=1, on=MONDAY)

    assert _messages(refused.value) == {
        "quantity": ["Trong kho chỉ còn 0 suất Gạo 10 kg; không phát được 1."]
    }
    assert package_stock(package) == 0
    shown = package_get_for_user(user=commune_leader, package_id=package.pk)
    assert (getattr(shown, "received"), getattr(shown, "delivered"), getattr(shown, "stock")) == (7, 7, 0)  # noqa: B009
    assert Delivery.objects.unscoped().count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "changes", "field", "code"),
    [
        ("nothing", {"quantity": 0}, "quantity", "welfare.quantity_positive"),
        ("tomorrow", {"on": MONDAY + dt.timedelta(days=1)}, "delivered_on", "welfare.date_future"),
    ],
)
def test_bad_deliveries_are_refused(commune_leader, commune, _case, changes, field, code):
    with pytest.raises(ValidationError) as refused:
        deliver(
            actor=commune_leader,
            package=commune["package"],
            household=commune["households"][0],
            quantity=changes.get("quantity", 1),
            on=changes.get("on", MONDAY),
            today=MONDAY,
        )

    assert [e.code for e in refused.value.error_dict[field]] == [code]
    assert Delivery.objects.unscoped().count() == 0


@pytest.mark.django_db
@override_settings(PHAODAI_WELFARE_REACHED_DAYS=7)
def test_not_yet_reached_this_week_first_and_nobody_goes_hungry_counted(units, commune_leader, commune):
    first, second, third = commune["households"]
    elsewhere = make_household(unit=units["Thôn Bản Phố 2"], code="BP2-001")
    marked = {
        h.code: make_vulnerable(
            actor=commune_leader, household=h, vulnerabilities=[Vulnerability.ELDERLY_ALONE]
        )
        for h in (first, second, third, elsewhere)
    }
    package = commune["package"]
    today = MONDAY + dt.timedelta(days=2)  # Wednesday
    deliver(
        actor=commune_leader, package=package, household=first, on=MONDAY + dt.timedelta(days=1)
    )  # this week
    deliver(
        actor=commune_leader, package=package, household=second, on=MONDAY - dt.timedelta(days=3)
    )  # last week
    # third: never reached; elsewhere: reached 10 days ago (out of the 7 days)
    deliver(actor=commune_leader, package=package, household=elsewhere, on=today - dt.timedelta(days=10))

    rows = list(vulnerable_search(user=commune_leader, unit=units["Xã Bản Phố"], today=today))
    figure = nobody_hungry(user=commune_leader, unit=units["Xã Bản Phố"], today=today)

    assert [row.household.code for row in rows] == ["BP1-003", "BP2-001", "BP1-002", "BP1-001"]
    assert (figure.reached, figure.total, figure.days, figure.not_reached_this_week) == (2, 4, 7, 3)
    assert figure.percent == 50
    assert reached_by_child(user=commune_leader, unit=units["Xã Bản Phố"], today=today) == {
        units["Thôn Bản Phố 1"].path: 2
    }
    assert [r.household.code for r in vulnerable_search(user=commune_leader, reached="no", today=today)] == [
        "BP1-003",
        "BP2-001",
    ]
    assert marked["BP1-001"].vulnerability_keys == " elderly_alone "


@pytest.mark.django_db
def test_marking_twice_is_refused_and_unmarking_takes_the_household_off_the_figure(commune_leader, commune):
    household = commune["households"][0]
    record = make_vulnerable(actor=commune_leader, household=household)

    with pytest.raises(ValidationError) as twice:
        vulnerable_mark(actor=commune_leader, household=household, vulnerabilities=[Vulnerability.DISABLED])
    with pytest.raises(ValidationError) as none:
        vulnerable_mark(actor=commune_leader, household=commune["households"][1], vulnerabilities=[])
    vulnerable_update(actor=commune_leader, vulnerable=record, expected_version=1, active=False)

    assert [e.code for e in twice.value.error_dict["household"]] == ["welfare.already_marked"]
    assert [e.code for e in none.value.error_dict["vulnerabilities"]] == ["welfare.vulnerability_required"]
    assert nobody_hungry(user=commune_leader, unit=None).total == 0
    assert VulnerableHousehold.objects.unscoped().get().version == 2


@pytest.mark.django_db
def test_a_vulnerability_filter_finds_only_those_households(commune_leader, commune):
    first, second, _third = commune["households"]
    make_vulnerable(
        actor=commune_leader, household=first, vulnerabilities=[Vulnerability.POOR, Vulnerability.DISABLED]
    )
    make_vulnerable(actor=commune_leader, household=second, vulnerabilities=[Vulnerability.NEAR_POOR])

    found = vulnerable_search(user=commune_leader, vulnerability=Vulnerability.POOR)

    assert [row.household.code for row in found] == ["BP1-001"]
