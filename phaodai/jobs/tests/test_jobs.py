"""Background jobs: run after commit, progress, cancel, run again, a dead worker's job, the files."""

from __future__ import annotations

import datetime as dt
import os
import socket

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from phaodai.accounts.tests.factories import make_user
from phaodai.alerts.models import AlertDelivery
from phaodai.audit.models import AuditEvent
from phaodai.core.roles import Capability, Role
from phaodai.jobs.enums import JobStatus
from phaodai.jobs.models import Job
from phaodai.jobs.services import (
    job_cancel,
    job_retry,
    job_start,
    jobs_recover_abandoned,
    jobs_remove_old_files,
)
from phaodai.jobs.tests.tasks import count_to
from tests.world import MODEL_BACKEND


def _start(actor, unit, **params):
    return job_start(
        actor=actor, kind="test.count", label="Đếm", task=count_to, unit=unit, params={"n": 30, **params}
    )


def _login(user):
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def test_a_job_is_enqueued_after_commit_runs_and_tells_its_starter(
    commune_leader, units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = _start(commune_leader, units["Xã Bản Phố"])
        queued = Job.objects.unscoped().get(pk=job.pk)
    assert (queued.status, len(callbacks)) == (JobStatus.QUEUED, 1)

    callbacks[0]()

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempts, job.message) == (
        JobStatus.SUCCEEDED,
        30,
        30,
        1,
        "Đã đếm đến 30.",
    )
    assert job.started_at is not None
    assert job.finished_at is not None
    assert job.worker == f"{socket.gethostname()}:{__import__('os').getpid()}"
    assert job.area_path == units["Xã Bản Phố"].path
    delivery = AlertDelivery.objects.select_related("alert").get(user=commune_leader)
    assert (delivery.alert.title, delivery.alert.link) == ("Đã xong: Đếm", f"/viec/{job.pk}/")


def test_a_failure_the_user_can_act_on_is_recorded_with_its_reason(
    commune_leader, units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(commune_leader, units["Xã Bản Phố"], fail=True)

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "Tệp đã tải lên không còn nữa; hãy tải lên lại.")
    assert AlertDelivery.objects.get(user=commune_leader).alert.title == "Bị lỗi: Đếm"


def test_a_crash_is_failed_with_a_plain_message(commune_leader, units, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(commune_leader, units["Xã Bản Phố"], crash=True)

    job.refresh_from_db()
    assert (job.status, job.error) == (
        JobStatus.FAILED,
        "Lỗi hệ thống khi xử lý; quản trị viên đã được ghi nhận. Hãy thử chạy lại.",
    )


def test_a_running_job_stops_at_its_next_batch_when_cancelled(
    commune_leader, units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(commune_leader, units["Xã Bản Phố"], cancel_at=10)

    job.refresh_from_db()
    assert (job.status, job.done, job.message, job.result_file) == (
        JobStatus.CANCELLED,
        10,
        "Đã huỷ theo yêu cầu.",
        "",
    )


def test_a_queued_job_cancelled_never_runs_and_can_run_again(
    commune_leader, units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = _start(commune_leader, units["Xã Bản Phố"])
    job_cancel(actor=commune_leader, job=job)
    callbacks[0]()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.CANCELLED, 0)

    with django_capture_on_commit_callbacks(execute=True):
        job_retry(actor=commune_leader, job=job)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.done) == (JobStatus.SUCCEEDED, 1, 30)
    assert [e.event for e in AuditEvent.objects.order_by("pk")] == ["jobs.job_cancelled", "jobs.job_retried"]


def test_only_its_starter_cancels_a_job_and_a_finished_one_cannot_be(
    commune_leader, district_leader, units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(commune_leader, units["Xã Bản Phố"])

    with pytest.raises(PermissionDenied):
        job_cancel(actor=district_leader, job=job)
    with pytest.raises(ValidationError) as caught:
        job_cancel(actor=commune_leader, job=job)
    with pytest.raises(ValidationError) as not_retryable:
        job_retry(actor=commune_leader, job=job)

    assert caught.value.messages == ["Việc này đã kết thúc, không huỷ được nữa."]
    assert not_retryable.value.messages == ["Chỉ chạy lại được việc bị lỗi hoặc đã huỷ."]


def _running(actor, unit, *, worker, beat):
    return Job.objects.create(
        unit=unit, kind="test.count", label="Đếm", task_path=count_to.module_path, created_by=actor,
        status=JobStatus.RUNNING, worker=worker, heartbeat_at=beat, started_at=beat, params={"n": 30},
    )  # fmt: skip


def test_a_worker_starting_marks_failed_the_jobs_whose_worker_is_gone(commune_leader, units, settings):
    settings.PHAODAI_JOB_STALE_SECONDS = 600
    now = timezone.now()
    host = socket.gethostname()
    unit = units["Xã Bản Phố"]
    dead_here = _running(commune_leader, unit, worker=f"{host}:999999", beat=now)
    alive_here = _running(commune_leader, unit, worker=f"{host}:{__import__('os').getpid()}", beat=now)
    silent_elsewhere = _running(
        commune_leader, unit, worker="may-khac:12", beat=now - dt.timedelta(seconds=601)
    )
    busy_elsewhere = _running(commune_leader, unit, worker="may-khac:13", beat=now - dt.timedelta(seconds=30))

    recovered = jobs_recover_abandoned(now=now)

    assert sorted(job.pk for job in recovered) == sorted([dead_here.pk, silent_elsewhere.pk])
    statuses = dict(Job.objects.unscoped().values_list("pk", "status"))
    assert statuses == {
        dead_here.pk: JobStatus.FAILED,
        alive_here.pk: JobStatus.RUNNING,
        silent_elsewhere.pk: JobStatus.FAILED,
        busy_elsewhere.pk: JobStatus.RUNNING,
    }
    dead_here.refresh_from_db()
    assert dead_here.error == (
        f"Tiến trình xử lý ({host}:999999) đã dừng đột ngột khi việc đang chạy. Phần chưa lưu đã được huỷ;"
        " hãy bấm “Chạy lại”: những dòng đã lưu sẽ không bị lưu hai lần."
    )
    assert AuditEvent.objects.filter(event="jobs.job_abandoned").count() == 2
    assert AlertDelivery.objects.filter(user=commune_leader, alert__reason="job_failed").count() == 2


def test_the_list_and_page_show_progress_and_poll_while_running(commune_leader, units):
    job = _running(commune_leader, units["Xã Bản Phố"], worker="may-khac:1", beat=timezone.now())
    Job.objects.unscoped().filter(pk=job.pk).update(done=12, total=48)
    client = _login(commune_leader)

    listing = client.get("/viec/").content.decode()
    page = client.get(f"/viec/{job.pk}/").content.decode()
    partial = client.get(f"/viec/{job.pk}/", headers={"HX-Request": "true", "HX-Target": "progress"})

    assert '<progress class="progress" max="100" value="25">25%</progress>' in listing
    assert 'hx-trigger="every 2s"' in listing
    assert 'hx-trigger="every 1s"' in page
    assert "12 / 48 dòng" in page
    assert ">Huỷ</button>" in page
    assert partial.content.decode().lstrip().startswith('<section id="progress"')


def test_a_jobs_file_is_downloaded_only_by_its_starter_with_the_capability(
    commune_leader, units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            actor=commune_leader, kind="test.count", label="Đếm", task=count_to, unit=units["Xã Bản Phố"],
            params={"n": 30}, capability=Capability.EXPORT_PEOPLE,
        )  # fmt: skip
    neighbour = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"])

    mine = _login(commune_leader).get(f"/viec/{job.pk}/tai-ve/")
    theirs = _login(neighbour).get(f"/viec/{job.pk}/tai-ve/")
    commune_leader.role = Role.HEALTH_STAFF  # no longer may export
    commune_leader.save(update_fields=["role"])
    demoted = _login(commune_leader).get(f"/viec/{job.pk}/tai-ve/")

    assert (mine.status_code, b"".join(mine.streaming_content)) == (200, b"30\n")
    assert mine["Content-Disposition"] == 'attachment; filename="ket-qua.txt"'
    assert (theirs.status_code, demoted.status_code) == (404, 403)


def test_files_past_the_keeping_days_are_removed_and_those_still_needed_kept(
    commune_leader, units, settings, tmp_path
):
    settings.PHAODAI_JOB_FILES = tmp_path
    settings.PHAODAI_JOB_KEEP_DAYS = 7
    now = timezone.now()
    long_ago = (now - dt.timedelta(days=8)).timestamp()

    def file_at(relative, *, old):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
        if old:
            os.utime(path, (long_ago, long_ago))
        return path

    def job(status, finished, **fields):
        return Job.objects.create(
            unit=units["Xã Bản Phố"], kind="test.count", label="Đếm", task_path=count_to.module_path,
            created_by=commune_leader, status=status, finished_at=finished, **fields,
        )  # fmt: skip

    old_export = file_at("results/a/nhan-khau.xlsx", old=True)
    recent_export = file_at("results/b/nhan-khau.xlsx", old=True)
    waiting_upload = file_at("uploads/cho.upload", old=True)
    forgotten_upload = file_at("uploads/bo-quen.upload", old=True)
    fresh_upload = file_at("uploads/moi.upload", old=False)
    done_long_ago = job(
        JobStatus.SUCCEEDED, now - dt.timedelta(days=8), result_file="results/a/nhan-khau.xlsx"
    )
    done_yesterday = job(
        JobStatus.SUCCEEDED, now - dt.timedelta(days=1), result_file="results/b/nhan-khau.xlsx"
    )
    job(JobStatus.QUEUED, None, params={"upload": "uploads/cho.upload"})

    removed = jobs_remove_old_files(now=now)

    done_long_ago.refresh_from_db()
    done_yesterday.refresh_from_db()
    assert removed == 2
    assert [
        p.exists() for p in (old_export, recent_export, waiting_upload, forgotten_upload, fresh_upload)
    ] == [
        False,
        True,
        True,
        False,
        True,
    ]
    assert (done_long_ago.result_file, done_yesterday.result_file) == ("", "results/b/nhan-khau.xlsx")
    page = _login(commune_leader).get(f"/viec/{done_long_ago.pk}/").content.decode()
    assert "Tải tệp về" not in page
