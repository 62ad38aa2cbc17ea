"""``manage.py seed_demo [--scale small|medium|large] [--seed 42] [--if-empty] [--demo-database]``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from phaodai.core.seeding import Scale
from phaodai.demo.selectors import registry_is_empty
from phaodai.demo.services import ERA_CODE, demo_seed


class Command(BaseCommand):
    help = _(
        "Nạp tỉnh Lào Cai mẫu (bản đồ 2021 thật, thôn/tổ dân phố, hộ gia đình và nhân khẩu giả lập, "
        "tài khoản demo cho mọi vai trò). Cùng --seed luôn cho cùng dữ liệu. Chỉ dùng cho bản demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=Scale.values,
            default=Scale.MEDIUM,
            help=_(
                "small: 3 xã, vài trăm người; medium: cả tỉnh, ~100 nghìn; large: ~1 triệu (mặc định: medium)."
            ),
        )
        parser.add_argument("--seed", type=int, default=42, help=_("Hạt giống ngẫu nhiên (mặc định: 42)."))
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Không làm gì nếu đã có nhân khẩu (để 'make run' chỉ nạp lần đầu)."),
        )
        parser.add_argument(
            "--demo-database",
            action="store_true",
            help=_(
                "Xác nhận đây là cơ sở dữ liệu demo, khi DEBUG tắt (kiểm thử, đo hiệu năng). "
                "Dữ liệu mẫu có tài khoản với mật khẩu công khai: không bao giờ dùng cho dữ liệu thật."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["demo_database"]:
            # On an empty production database this would create the superuser "quantri" with the
            # published demo password.
            raise CommandError(
                _(
                    "DEBUG đang tắt: đây có thể là máy chủ thật. Dữ liệu mẫu tạo tài khoản quản trị với "
                    "mật khẩu công khai, nên chỉ nạp khi bật DJANGO_DEBUG, hoặc thêm --demo-database để "
                    "xác nhận đây là cơ sở dữ liệu demo."
                )
            )
        if not registry_is_empty():
            if options["if_empty"]:
                self.stdout.write(_("Đã có dữ liệu nhân khẩu: bỏ qua bước nạp dữ liệu mẫu."))
                return
            raise CommandError(
                _("Cơ sở dữ liệu đã có nhân khẩu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.")
            )
        call_command("load_units", era=ERA_CODE, stdout=self.stdout, stderr=self.stderr)
        scale = Scale(options["scale"])
        self.stdout.write(
            _("Đang nạp dữ liệu mẫu (quy mô %(scale)s, seed %(seed)d)…")
            % {"scale": scale, "seed": options["seed"]}
        )
        try:
            summary = demo_seed(scale=scale, seed=options["seed"], log=self.stdout.write)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write("\n".join([_("Xong sau %(s).1f giây:") % {"s": summary.seconds}, *summary.lines]))
