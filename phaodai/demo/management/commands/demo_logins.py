"""``manage.py demo_logins``: where to sign in, and the demo accounts with their roles and units."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils.translation import gettext as _

from phaodai.accounts.demo import DEMO_PASSWORD
from phaodai.demo.selectors import demo_logins


class Command(BaseCommand):
    help = _("In địa chỉ đăng nhập và bảng tài khoản demo (tên đăng nhập, vai trò, đơn vị).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help=_("Địa chỉ máy chủ (mặc định: %(default)s).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_logins()
        if not logins:
            self.stdout.write(_("Chưa có tài khoản demo: chạy 'manage.py seed_demo' trước."))
            return
        url = options["base_url"].rstrip("/") + reverse("login")
        headers = (_("Tên đăng nhập"), _("Vai trò"), _("Đơn vị"))
        rows = [(login.username, login.role, login.unit) for login in logins]
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(3)]

        def line(cells: tuple[str, str, str]) -> str:
            return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

        out = [
            _("Đăng nhập tại %(url)s") % {"url": url},
            "",
            line(headers),
            line(("-" * widths[0], "-" * widths[1], "-" * widths[2])),
            *(line(row) for row in rows),
            "",
        ]
        changed = [login.username for login in logins if not login.password_works]
        out.append(
            _(
                "Mật khẩu chung của các tài khoản demo: %(password)s — CHỈ dùng cho bản demo, không dùng cho dữ liệu thật."
            )
            % {"password": DEMO_PASSWORD}
        )
        if changed:
            out.append(_("Đã đổi mật khẩu hoặc bị khoá: %(names)s.") % {"names": ", ".join(changed)})
        self.stdout.write("\n".join(out))
