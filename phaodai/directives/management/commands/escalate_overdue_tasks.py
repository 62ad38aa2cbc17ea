"""``manage.py escalate_overdue_tasks``: tell leaders of overdue tasks, once each (for cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from phaodai.directives.services import tasks_escalate_overdue


class Command(BaseCommand):
    help = "Báo lãnh đạo đơn vị giao các nhiệm vụ quá hạn chưa hoàn thành (mỗi nhiệm vụ một lần)."

    def handle(self, *args: Any, **options: Any) -> None:
        alerts = tasks_escalate_overdue()
        self.stdout.write(f"Đã gửi {len(alerts)} cảnh báo nhiệm vụ quá hạn.")
