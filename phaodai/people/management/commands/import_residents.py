"""``manage.py import_residents FILE --unit CODE [--mode all|valid] [--dry-run] [--errors OUT.xlsx]``

The page's import, in this process: prints one line
``rows=… created=… updated=… skipped=… errors=…`` and exits 1 when nothing was stored because
of errors. The acting user is ``--user`` (default: the only active system administrator).
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.core.roles import Role
from phaodai.people.services.imports import residents_import_file
from phaodai.sheets.pipeline import ImportMode
from phaodai.sheets.reading import SheetError


class Command(BaseCommand):
    help = "Nhập nhân khẩu và hộ gia đình từ tệp Excel (.xlsx) hoặc CSV."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="Mã xã hoặc thôn nhận danh sách.")
        parser.add_argument(
            "--era", default="", help="Mã bản đồ hành chính (mặc định: bản đồ đang hiệu lực)."
        )
        parser.add_argument("--mode", choices=[m.value for m in ImportMode], default=ImportMode.ALL.value)
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu.")
        parser.add_argument("--errors", type=Path, default=None, help="Ghi các dòng lỗi ra tệp .xlsx này.")
        parser.add_argument("--user", default="", help="Tên đăng nhập của người nhập.")

    def _unit(self, code: str, era: str) -> AdminUnit:
        units = AdminUnit.objects.unscoped().filter(code=code).select_related("era")
        if era:
            units = units.filter(era__code=era)
        found = sorted(units, key=lambda u: (u.era.valid_to is None, u.era.valid_from), reverse=True)
        if not found:
            raise CommandError(f"Không có đơn vị mã {code}.")
        return found[0]

    def _user(self, username: str) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).select_related("home_unit").first()
            if user is None:
                raise CommandError(f"Không có người dùng {username}.")
            return user
        admins = list(User.objects.filter(role=Role.SYSTEM_ADMIN, is_active=True)[:2])
        if len(admins) != 1:
            raise CommandError("Hãy chỉ rõ người nhập: --user TÊN_ĐĂNG_NHẬP.")
        return admins[0]

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path}.")
        actor = self._user(options["user"])
        unit = self._unit(options["unit"], options["era"])
        try:
            outcome = residents_import_file(
                actor=actor,
                unit=unit,
                path=path,
                mode=ImportMode(options["mode"]),
                dry_run=options["dry_run"],
                errors_to=options["errors"],
            )
        except SheetError as error:
            self.stderr.write(str(error))
            sys.exit(1)
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        self.stdout.write(outcome.line())
        if outcome.errors and options["errors"] is not None:
            self.stderr.write(f"Các dòng lỗi: {options['errors']}")
        if outcome.errors and not outcome.stored:
            sys.exit(1)
