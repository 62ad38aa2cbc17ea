"""The directives services: pass-down, evidence, files, refusals (each with nothing saved)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from phaodai.accounts.tests.factories import make_user
from phaodai.audit.models import AuditEvent
from phaodai.command.tests.factories import make_centre
from phaodai.core.roles import Role
from phaodai.core.services import StaleRecordError
from phaodai.directives.enums import DirectiveKind, ReportKind, TaskStatus
from phaodai.directives.models import Directive, Task, TaskReport
from phaodai.directives.services import (
    directive_create,
    task_acknowledge,
    task_assign,
    task_complete,
    task_pass_down,
    task_report_progress,
)
from phaodai.directives.tests.factories import make_directive
from phaodai.people.tests.factories import make_household

TODAY = dt.date(2021, 10, 1)
PDF = b"%PDF-1.4\n% a scanned letter\n"


def _province_task(province_leader, units, deadline=dt.date(2021, 9, 30)):
    directive = make_directive(
        actor=province_leader,
        unit=units["Tỉnh Lào Cai"],
        issuing_body="UBND tỉnh Lào Cai",
        issued_on=dt.date(2021, 9, 10),
        summary="V/v tăng cường triển khai thực hiện phòng, chống dịch Covid-19 tại cấp xã",
    )
    (task,) = task_assign(
        actor=province_leader,
        directive=directive,
        unit=units["Huyện Bắc Hà"],
        title="Chỉ đạo các xã thực hiện vai trò «pháo đài»: phân công lịch trực 24/24",
        responsible_body="UBND huyện",
        office_holder="Chủ tịch UBND huyện",
        deadline=deadline,
    )
    return task


def test_a_task_passed_down_gets_a_deadline_no_later_than_its_parent(units, province_leader, district_leader):
    parent = _province_task(province_leader, units)
    children = task_pass_down(
        actor=district_leader,
        parent=parent,
        unit=units["Huyện Bắc Hà"],
        every_commune=True,
        deadline=dt.date(2021, 9, 25),
        responsible_body="UBND xã",
        office_holder="Chủ tịch UBND xã",
    )
    assert [(t.unit.name, t.deadline, t.parent_id) for t in children] == [
        ("Xã Bản Phố", dt.date(2021, 9, 25), parent.pk),
        ("Xã Lùng Phình", dt.date(2021, 9, 25), parent.pk),
    ]
    assert {t.assigned_by_unit.name for t in children} == {"Huyện Bắc Hà"}
    assert {t.assigned_by_body for t in children} == {"UBND huyện"}
    assert {t.title for t in children} == {parent.title}

    before = (Task.objects.unscoped().count(), AuditEvent.objects.unscoped().count())
    with pytest.raises(ValidationError) as refused:
        task_pass_down(
            actor=district_leader,
            parent=parent,
            unit=units["Xã Bản Phố"],
            deadline=dt.date(2021, 10, 2),
            responsible_body="UBND xã",
            office_holder="Chủ tịch UBND xã",
        )
    assert refused.value.message_dict == {
        "deadline": [
            "Hạn giao cho cấp dưới 02/10/2021 không được muộn hơn hạn của nhiệm vụ cấp trên (30/09/2021)."
        ]
    }
    assert (Task.objects.unscoped().count(), AuditEvent.objects.unscoped().count()) == before


def test_pass_down_only_below_and_only_by_the_responsible_side(units, province_leader, district_leader):
    parent = _province_task(province_leader, units)
    with pytest.raises(ValidationError) as refused:
        task_pass_down(
            actor=province_leader,
            parent=parent,
            unit=units["Huyện Si Ma Cai"],
            deadline=dt.date(2021, 9, 20),
            responsible_body="UBND huyện",
            office_holder="Chủ tịch UBND huyện",
        )
    assert refused.value.message_dict == {
        "unit": ["Chỉ giao tiếp được cho đơn vị cấp dưới của Huyện Bắc Hà."]
    }
    outsider = make_user(role=Role.DISTRICT_LEADER, home_unit=units["Huyện Si Ma Cai"], username="simacai")
    with pytest.raises(PermissionDenied):
        task_pass_down(
            actor=outsider,
            parent=parent,
            unit=units["Xã Bản Phố"],
            deadline=dt.date(2021, 9, 20),
            responsible_body="UBND xã",
            office_holder="Chủ tịch UBND xã",
        )
    assert Task.objects.unscoped().count() == 1


def test_a_task_goes_only_inside_the_issuing_unit(units, district_leader):
    directive = make_directive(actor=district_leader, unit=units["Huyện Bắc Hà"])
    with pytest.raises(ValidationError) as refused:
        task_assign(
            actor=district_leader,
            directive=directive,
            unit=units["Xã Sán Chải"],
            title="Rà soát người về từ vùng dịch",
            responsible_body="UBND xã",
            office_holder="Chủ tịch UBND xã",
            deadline=dt.date(2021, 9, 1),
        )
    assert refused.value.message_dict == {
        "unit": ["Xã Sán Chải không thuộc Huyện Bắc Hà, đơn vị ban hành văn bản."]
    }


def test_missing_fields_are_refused_at_once_in_vietnamese(units, district_leader):
    directive = make_directive(actor=district_leader, unit=units["Huyện Bắc Hà"])
    with pytest.raises(ValidationError) as refused:
        task_assign(
            actor=district_leader,
            directive=directive,
            unit=units["Xã Bản Phố"],
            title=" ",
            responsible_body="",
            office_holder="",
            deadline=None,
        )
    assert refused.value.message_dict == {
        "title": ["Hãy ghi nội dung nhiệm vụ."],
        "responsible_body": ["Hãy ghi cơ quan chủ trì (ví dụ: UBND xã)."],
        "office_holder": ["Hãy ghi người đứng đầu chịu trách nhiệm (ví dụ: Chủ tịch UBND xã)."],
        "deadline": ["Hãy ghi hạn hoàn thành."],
    }


def test_the_commune_centre_is_the_evidence_and_gives_the_day(units, district_leader, commune_leader):
    directive = make_directive(actor=district_leader, unit=units["Huyện Bắc Hà"])
    (task, _other) = task_assign(
        actor=district_leader,
        directive=directive,
        unit=units["Huyện Bắc Hà"],
        every_commune=True,
        title="Thành lập Trung tâm Chỉ huy cấp xã",
        responsible_body="UBND xã",
        office_holder="Chủ tịch UBND xã",
        deadline=dt.date(2021, 8, 27),
    )
    centre = make_centre(unit=units["Xã Bản Phố"], established_on=dt.date(2021, 8, 27))
    report = task_complete(
        actor=commune_leader,
        task=task,
        evidence_type="command.commandcentre",
        evidence_id=centre.pk,
        today=TODAY,
    )
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.progress) == (TaskStatus.DONE, dt.date(2021, 8, 27), 100)
    assert task.done_on_time is True
    assert (report.kind, report.evidence_type, report.evidence_id, report.evidence_label) == (
        ReportKind.COMPLETED,
        "command.commandcentre",
        centre.pk,
        "Trung tâm Chỉ huy phòng, chống dịch Xã Bản Phố",
    )


def test_evidence_outside_the_reporters_jurisdiction_is_not_found(units, district_leader, commune_leader):
    directive = make_directive(actor=district_leader, unit=units["Huyện Bắc Hà"])
    (task,) = task_assign(
        actor=district_leader,
        directive=directive,
        unit=units["Xã Bản Phố"],
        title="Thành lập Trung tâm Chỉ huy cấp xã",
        responsible_body="UBND xã",
        office_holder="Chủ tịch UBND xã",
        deadline=dt.date(2021, 8, 27),
    )
    elsewhere = make_centre(unit=units["Xã Lùng Phình"])
    household = make_household(unit=units["Thôn Lùng Phình"], code="LP-9")
    for evidence_type, evidence_id in (
        ("command.commandcentre", elsewhere.pk),
        ("people.household", household.pk),
        ("accounts.user", commune_leader.pk),
        ("không.có", 1),
    ):
        with pytest.raises(ValidationError) as refused:
            task_complete(
                actor=commune_leader,
                task=task,
                evidence_type=evidence_type,
                evidence_id=evidence_id,
                today=TODAY,
            )
        assert refused.value.message_dict == {
            "evidence": ["Không tìm thấy hồ sơ chứng minh này trong địa bàn bạn phụ trách."]
        }
    task.refresh_from_db()
    assert task.status == TaskStatus.ASSIGNED
    assert TaskReport.objects.unscoped().count() == 0


def test_completion_needs_evidence_and_a_sensible_day(units, district_leader, commune_leader):
    directive = make_directive(actor=district_leader, unit=units["Huyện Bắc Hà"])
    (task,) = task_assign(
        actor=district_leader,
        directive=directive,
        unit=units["Xã Bản Phố"],
        title="Thành lập Trung tâm Chỉ huy cấp xã",
        responsible_body="UBND xã",
        office_holder="Chủ tịch UBND xã",
        deadline=dt.date(2021, 8, 27),
    )
    with pytest.raises(ValidationError) as refused:
        task_complete(actor=commune_leader, task=task, today=TODAY)
    assert refused.value.message_dict == {
        "evidence": ["Hãy đưa bằng chứng hoàn thành: ghi chú, tệp đính kèm hoặc hồ sơ chứng minh."]
    }
    with pytest.raises(ValidationError) as refused:
        task_complete(
            actor=commune_leader, task=task, note="Đã xong.", completed_on=dt.date(2021, 8, 20), today=TODAY
        )
    assert refused.value.message_dict == {
        "completed_on": ["Ngày hoàn thành không được trước ngày ban hành văn bản (26/08/2021)."]
    }
    with pytest.raises(ValidationError) as refused:
        task_complete(
            actor=commune_leader, task=task, note="Đã xong.", completed_on=dt.date(2021, 10, 2), today=TODAY
        )
    assert refused.value.message_dict == {"completed_on": ["Ngày hoàn thành không được sau hôm nay."]}
    assert TaskReport.objects.unscoped().count() == 0


def test_acknowledge_progress_and_stale_versions(
    units, district_leader, commune_leader, other_commune_leader
):
    directive = make_directive(actor=district_leader, unit=units["Huyện Bắc Hà"])
    (task,) = task_assign(
        actor=district_leader,
        directive=directive,
        unit=units["Xã Bản Phố"],
        title="Rà soát người về từ vùng dịch",
        responsible_body="UBND xã",
        office_holder="Chủ tịch UBND xã",
        deadline=dt.date(2021, 9, 30),
        report_frequency="daily",
    )
    task_acknowledge(actor=commune_leader, task=task, expected_version=1, today=dt.date(2021, 8, 27))
    task.refresh_from_db()
    assert (task.status, task.acknowledged_on, task.version) == (
        TaskStatus.ACKNOWLEDGED,
        dt.date(2021, 8, 27),
        2,
    )
    task_report_progress(actor=commune_leader, task=task, progress=30, note="Đã rà 3/10 thôn.", today=TODAY)
    task_report_progress(
        actor=commune_leader, task=task, progress=30, note="Chưa thêm được thôn nào.", today=TODAY
    )
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == (TaskStatus.IN_PROGRESS, 30, 4)
    assert TaskReport.objects.unscoped().filter(kind=ReportKind.PROGRESS).count() == 2
    with pytest.raises(StaleRecordError):
        task_report_progress(actor=commune_leader, task=task, progress=40, note="…", expected_version=2)
    with pytest.raises(ValidationError) as refused:
        task_report_progress(actor=commune_leader, task=task, progress=100, note="Xong.")
    assert refused.value.message_dict == {
        "progress": ["Tiến độ là một số từ 0 đến 99 (%); khi xong hãy báo cáo hoàn thành."]
    }
    with pytest.raises(PermissionDenied):
        task_report_progress(actor=other_commune_leader, task=task, progress=40, note="Không phải xã tôi.")


def test_files_are_checked_by_content_and_size(units, district_leader):
    common = {
        "actor": district_leader,
        "unit": units["Huyện Bắc Hà"],
        "issuing_body": "Huyện ủy Bắc Hà",
        "issued_on": dt.date(2021, 8, 26),
        "kind": DirectiveKind.OFFICIAL_LETTER,
        "summary": "V/v triển khai các biện pháp cấp bách",
        "today": TODAY,
    }
    with pytest.raises(ValidationError) as refused:
        directive_create(**common, file=SimpleUploadedFile("cong-van.pdf", b"MZ\x90\x00 not a pdf"))
    assert refused.value.message_dict == {
        "file": ["Chỉ nhận tệp pdf, jpg, jpeg, png, docx, odt, xlsx, doc, xls, đúng với nội dung của tệp."]
    }
    big = SimpleUploadedFile("cong-van.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        directive_create(**common, file=big)
    assert refused.value.message_dict == {
        "file": ["Tệp lớn hơn 10 MB; hãy chụp hoặc quét với độ phân giải thấp hơn."]
    }
    with pytest.raises(ValidationError) as refused:
        directive_create(**common)
    assert refused.value.message_dict == {"text": ["Hãy chép nội dung văn bản hoặc đính kèm tệp văn bản."]}
    assert Directive.objects.unscoped().count() == 0
    directive, created = directive_create(**common, file=SimpleUploadedFile("Công văn 10.pdf", PDF))
    assert created
    assert directive.file_name == "Công văn 10.pdf"
    with directive.file.open("rb") as handle:
        assert handle.read() == PDF


def test_only_leaders_issue_and_only_in_their_area(units, commune_leader):
    viewer = make_user(role=Role.VIEWER, home_unit=units["Huyện Bắc Hà"], username="xem")
    with pytest.raises(PermissionDenied):
        make_directive(actor=viewer, unit=units["Huyện Bắc Hà"])
    with pytest.raises(ValidationError) as refused:
        make_directive(actor=commune_leader, unit=units["Huyện Bắc Hà"])
    assert refused.value.message_dict == {"unit": ["Huyện Bắc Hà nằm ngoài địa bàn bạn phụ trách."]}
    assert Directive.objects.unscoped().count() == 0
