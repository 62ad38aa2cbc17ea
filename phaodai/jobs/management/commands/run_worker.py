"""``manage.py run_worker``: one background worker of the configured task backend.

Before taking work it marks failed the jobs a dead worker left running
(``jobs.services.jobs_recover_abandoned``), so their starters are told and can run them again,
and removes files older than ``PHAODAI_JOB_KEEP_DAYS`` (``jobs_remove_old_files``).
Then it runs the backend's own worker: ``db_worker`` (django-tasks-db, the default) or
``rqworker`` with its scheduler (django-tasks-rq, ``PHAODAI_TASKS=rq``).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from phaodai.jobs.services import jobs_recover_abandoned, jobs_remove_old_files, this_worker


class Command(BaseCommand):
    help = "Chạy một tiến trình xử lý việc nền (nhập, xuất danh sách, gửi cảnh báo)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Làm hết việc đang chờ rồi thoát.")
        parser.add_argument("--interval", type=float, default=1.0, help="Số giây chờ giữa hai lần tìm việc.")

    def handle(self, *args: Any, batch: bool, interval: float, **options: Any) -> None:
        recovered = jobs_recover_abandoned()
        for job in recovered:
            self.stdout.write(f"Việc #{job.pk} ({job.label}) bị dừng đột ngột lần trước: đã đánh dấu là lỗi.")
        removed = jobs_remove_old_files()
        if removed:
            self.stdout.write(
                f"Đã xoá {removed} tệp của các việc cũ hơn {settings.PHAODAI_JOB_KEEP_DAYS} ngày."
            )
        backend = settings.PHAODAI_TASKS
        self.stdout.write(f"Tiến trình xử lý {this_worker()} bắt đầu (hàng đợi: {backend}).")
        if backend == "db":
            call_command(
                "db_worker",
                batch=batch,
                interval=interval,
                reload=False,
                startup_delay=False,
                worker_id=this_worker()[:64],
                verbosity=options.get("verbosity", 1),
            )
        elif backend == "rq":
            # django-tasks-rq runs its tasks through its own RQ job class.
            call_command(
                "rqworker", "default", job_class="django_tasks_rq.Job", with_scheduler=True, burst=batch
            )
        else:
            raise CommandError(
                "PHAODAI_TASKS=immediate chạy việc ngay trong yêu cầu: không cần tiến trình xử lý."
            )
