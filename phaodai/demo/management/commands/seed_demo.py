"""``manage.py seed_demo [--scale small|medium|large] [--seed 42] [--if-empty]``: the demo province."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from phaodai.demo.enums import Scale
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

    def handle(self, *args: Any, **options: Any) -> None:
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
        lines = [
            _("Xong sau %(s).1f giây:") % {"s": summary.seconds},
            _("  %(n)d xã/phường/thị trấn, %(v)d thôn/bản/tổ dân phố, %(g)d tổ liên gia")
            % {"n": summary.communes, "v": summary.villages, "g": summary.liaison_groups},
            _("  %(h)d hộ gia đình, %(p)d nhân khẩu (trong đó %(d)d bản ghi trùng cố ý)")
            % {"h": summary.households, "p": summary.people, "d": summary.duplicates},
            _(
                "  %(n)d cặp nghi trùng chờ xem xét, %(c)d ô dân số theo nhóm tuổi (năm %(y)d, từ sổ nhân khẩu)"
            )
            % {"n": summary.duplicate_pairs, "c": summary.population_rows, "y": summary.year},
            _("  %(u)d tài khoản demo (xem: manage.py demo_logins)") % {"u": summary.users},
        ]
        self.stdout.write("\n".join(lines))
