"""``manage.py remove_old_job_files``: what jobs left on disk past ``PHAODAI_JOB_KEEP_DAYS`` (cron, daily)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from phaodai.jobs.services import jobs_remove_old_files


class Command(BaseCommand):
    help = "Xoá tệp kết quả và tệp tải lên của các việc nền cũ hơn PHAODAI_JOB_KEEP_DAYS ngày."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = jobs_remove_old_files()
        self.stdout.write(f"Đã xoá {removed} tệp (giữ {settings.PHAODAI_JOB_KEEP_DAYS} ngày).")
