"""``manage.py escalate_alerts``: escalate the alerts nobody acknowledged in time (for cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from phaodai.alerts.services import alerts_escalate_due


class Command(BaseCommand):
    help = "Chuyển lên cấp trên các cảnh báo quá hạn chưa ai xác nhận."

    def handle(self, *args: Any, **options: Any) -> None:
        escalated = alerts_escalate_due()
        self.stdout.write(f"Đã chuyển lên cấp trên {len(escalated)} cảnh báo.")
