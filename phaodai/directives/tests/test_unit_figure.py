"""The overdue tasks on the unit page, for the unit and each child, counted from the tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phaodai.directives.services import task_assign, task_complete
from phaodai.directives.tests.factories import make_directive

pytestmark = pytest.mark.django_db


def _figure(client: Client, unit):
    page = client.get(reverse("areas:detail", args=[unit.pk]))
    return next(f for f in page.context["figures"] if f.figure.name == "tasks_overdue"), page.content.decode()


def test_the_unit_page_counts_the_overdue_tasks(units, district_leader, commune_leader):
    today = timezone.localdate()
    directive = make_directive(
        actor=district_leader,
        unit=units["Huyện Bắc Hà"],
        issued_on=today - dt.timedelta(days=20),
        today=today,
    )

    def assign(unit, deadline):
        return task_assign(
            actor=district_leader,
            directive=directive,
            unit=unit,
            title="Báo cáo tình hình",
            responsible_body="UBND xã",
            office_holder="Chủ tịch UBND xã",
            deadline=deadline,
        )

    assign(units["Huyện Bắc Hà"], today - dt.timedelta(days=5))  # the district's own, overdue
    assign(units["Xã Bản Phố"], today - dt.timedelta(days=1))  # overdue
    assign(units["Xã Bản Phố"], today)  # due today: not overdue
    (done,) = assign(units["Xã Bản Phố"], today - dt.timedelta(days=3))
    task_complete(
        actor=commune_leader,
        task=done,
        note="Đã gửi báo cáo.",
        completed_on=today - dt.timedelta(days=1),
        today=today,
    )  # done late: not overdue
    assign(units["Xã Lùng Phình"], today - dt.timedelta(days=10))  # overdue, twice
    assign(units["Xã Lùng Phình"], today - dt.timedelta(days=2))

    district = Client()
    district.force_login(district_leader)
    figure, html = _figure(district, units["Huyện Bắc Hà"])
    assert figure.total == 4
    assert figure.by_child == {units["Xã Bản Phố"].pk: 1, units["Xã Lùng Phình"].pk: 2}
    assert figure.url == reverse("directives:compliance") + f"?unit={units['Huyện Bắc Hà'].pk}"
    assert "Nhiệm vụ quá hạn" in html

    commune = Client()
    commune.force_login(commune_leader)
    figure, _html = _figure(commune, units["Xã Bản Phố"])
    assert (figure.total, figure.by_child) == (
        1,
        {units["Thôn Bản Phố 1"].pk: 0, units["Thôn Bản Phố 2"].pk: 0},
    )
