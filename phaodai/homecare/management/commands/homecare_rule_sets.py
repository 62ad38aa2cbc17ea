"""``manage.py homecare_rule_sets``: write the shipped warning-sign rule sets that are missing.

The data migration writes the Hà Nội override only where the province exists when it runs; a
database whose units were loaded afterwards (``load_units``) gets it here. Existing rule sets
(the same code) are left exactly as an administrator may have corrected them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand

from phaodai.homecare.services import rule_sets_install


class Command(BaseCommand):
    help = "Ghi các bộ dấu hiệu cảnh báo (261, 4038, Hà Nội) còn thiếu; không sửa bộ đã có."

    def handle(self, *args: Any, **options: Any) -> None:
        data = import_module("phaodai.homecare.migrations.0002_warning_signs_rule_sets").RULE_SETS
        written = rule_sets_install(data)
        for code in written:
            self.stdout.write(f"Đã ghi bộ quy định {code}.")
        self.stdout.write(f"Đã ghi {len(written)} bộ quy định.")
