"""The task edit page: what, the responsible unit (until taken up), the office holder and the
deadline, with the service's deadline rules, the version read, and nothing saved when refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from phaodai.audit.models import AuditEvent
from phaodai.directives.models import Task
from phaodai.directives.services import task_acknowledge, task_assign, task_pass_down
from phaodai.directives.tests.factories import make_directive

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


@pytest.fixture
def task(units, district_leader):
    directive = make_directive(actor=district_leader, unit=units["Huyện Bắc Hà"])
    (made,) = task_assign(
        actor=district_leader,
        directive=directive,
        unit=units["Xã Bản Phố"],
        title="Thành lập Trung tâm Chỉ huy cấp xã",
        responsible_body="UBND xã",
        office_holder="Chủ tịch UBND xã",
        deadline=dt.date(2021, 8, 27),
    )
    return made


def _form(task: Task, **changes: object) -> dict[str, object]:
    values = {
        "title": task.title,
        "unit": task.unit_id,
        "responsible_body": task.responsible_body,
        "office_holder": task.office_holder,
        "cooperating": task.cooperating,
        "deadline": task.deadline.strftime("%d/%m/%Y"),
        "details": task.details,
        "report_required": task.report_required,
        "report_frequency": task.report_frequency,
        "version": task.version,
    }
    values.update(changes)
    return values


def test_the_district_corrects_a_task_and_moves_it_to_another_commune(units, task, district_leader):
    client = _client(district_leader)
    url = f"/chi-dao/nhiem-vu/{task.pk}/sua/"
    page = client.get(f"/chi-dao/nhiem-vu/{task.pk}/").content.decode()
    assert url in page
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert "Sửa nhiệm vụ" in form_page.content.decode()
    answer = client.post(
        url,
        _form(task, unit=units["Xã Lùng Phình"].pk, office_holder="Bí thư Đảng ủy xã", deadline="26/08/2021"),
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"/chi-dao/nhiem-vu/{task.pk}/"
    task.refresh_from_db()
    assert (task.unit, task.area_path, task.office_holder, task.deadline, task.version) == (
        units["Xã Lùng Phình"],
        units["Xã Lùng Phình"].path,
        "Bí thư Đảng ủy xã",
        dt.date(2021, 8, 26),
        2,
    )
    event = AuditEvent.objects.get(event="directives.task_updated")
    assert event.changes == {
        "unit": [units["Xã Bản Phố"].pk, units["Xã Lùng Phình"].pk],
        "office_holder": ["Chủ tịch UBND xã", "Bí thư Đảng ủy xã"],
        "deadline": ["2021-08-27", "2021-08-26"],
    }


def test_a_deadline_before_the_letter_is_refused_and_nothing_saved(task, district_leader):
    client = _client(district_leader)
    answer = client.post(
        f"/chi-dao/nhiem-vu/{task.pk}/sua/", _form(task, title="Nội dung mới", deadline="20/08/2021")
    )
    assert answer.status_code == 200
    assert (
        "Hạn hoàn thành 20/08/2021 không được trước ngày ban hành văn bản (26/08/2021)."
        in answer.content.decode()
    )
    task.refresh_from_db()
    assert (task.title, task.deadline, task.version) == (
        "Thành lập Trung tâm Chỉ huy cấp xã",
        dt.date(2021, 8, 27),
        1,
    )
    assert not AuditEvent.objects.filter(event="directives.task_updated").exists()


def test_a_stale_version_shows_what_changed_meanwhile(task, district_leader):
    client = _client(district_leader)
    url = f"/chi-dao/nhiem-vu/{task.pk}/sua/"
    assert client.post(url, _form(task, office_holder="Phó Chủ tịch UBND xã")).status_code == 302
    stale = client.post(url, _form(task, title="Nội dung khác", version=1))
    assert stale.status_code == 200
    task.refresh_from_db()
    assert (task.title, task.office_holder, task.version) == (
        "Thành lập Trung tâm Chỉ huy cấp xã",
        "Phó Chủ tịch UBND xã",
        2,
    )
    assert "Phó Chủ tịch UBND xã" in stale.content.decode()


def test_the_unit_stays_once_the_task_is_taken_up(units, task, district_leader, commune_leader):
    task_acknowledge(actor=commune_leader, task=task, today=dt.date(2021, 8, 26))
    task.refresh_from_db()
    answer = _client(district_leader).post(
        f"/chi-dao/nhiem-vu/{task.pk}/sua/", _form(task, unit=units["Xã Lùng Phình"].pk)
    )
    assert answer.status_code == 200
    assert (
        "Xã Bản Phố đã tiếp nhận, báo cáo hoặc giao tiếp nhiệm vụ này: không đổi được đơn vị chủ trì; "
        "hãy giao một nhiệm vụ mới."
    ) in answer.content.decode()
    task.refresh_from_db()
    assert task.unit == units["Xã Bản Phố"]


def test_a_parents_deadline_never_earlier_than_what_was_passed_down(units, district_leader, province_leader):
    directive = make_directive(
        actor=province_leader, unit=units["Tỉnh Lào Cai"], issued_on=dt.date(2021, 9, 10)
    )
    (parent,) = task_assign(
        actor=province_leader,
        directive=directive,
        unit=units["Huyện Bắc Hà"],
        title="Xét nghiệm diện rộng",
        responsible_body="UBND huyện",
        office_holder="Chủ tịch UBND huyện",
        deadline=dt.date(2021, 9, 30),
    )
    (child,) = task_pass_down(
        actor=district_leader,
        parent=parent,
        unit=units["Xã Bản Phố"],
        deadline=dt.date(2021, 9, 25),
        responsible_body="UBND xã",
        office_holder="Chủ tịch UBND xã",
    )
    province = _client(province_leader)
    parent.refresh_from_db()
    refused = province.post(f"/chi-dao/nhiem-vu/{parent.pk}/sua/", _form(parent, deadline="20/09/2021"))
    assert refused.status_code == 200
    assert (
        "Đã giao tiếp cho cấp dưới với hạn 25/09/2021: hạn của nhiệm vụ này không được sớm hơn hạn đó."
        in refused.content.decode()
    )
    # the district edits what it passed down: never after the parent's deadline
    district = _client(district_leader)
    late = district.post(f"/chi-dao/nhiem-vu/{child.pk}/sua/", _form(child, deadline="01/10/2021"))
    assert late.status_code == 200
    assert (
        "Hạn giao cho cấp dưới 01/10/2021 không được muộn hơn hạn của nhiệm vụ cấp trên (30/09/2021)."
        in late.content.decode()
    )
    assert Task.objects.unscoped().get(pk=child.pk).deadline == dt.date(2021, 9, 25)
    # the district did not assign the parent: it may not edit it
    assert district.get(f"/chi-dao/nhiem-vu/{parent.pk}/sua/").status_code == 404


def test_the_commune_may_not_edit_what_it_was_given(task, commune_leader, other_commune_leader):
    assert _client(commune_leader).get(f"/chi-dao/nhiem-vu/{task.pk}/sua/").status_code == 404
    assert _client(other_commune_leader).get(f"/chi-dao/nhiem-vu/{task.pk}/sua/").status_code == 404
    page = _client(commune_leader).get(f"/chi-dao/nhiem-vu/{task.pk}/").content.decode()
    assert f"/chi-dao/nhiem-vu/{task.pk}/sua/" not in page
