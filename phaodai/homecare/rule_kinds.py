"""The rule kind home care declares (``rules.kinds``): the warning signs of the monitoring sheet."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phaodai.homecare.signs import WarningSignsParams
from phaodai.rules.kinds import RuleKind

WARNING_SIGNS = "warning_signs"

RULE_KINDS = [
    RuleKind(
        code=WARNING_SIGNS,
        name=_("Dấu hiệu cảnh báo khi theo dõi F0 tại nhà"),
        schema=WarningSignsParams,
        description=_(
            "Các dấu hiệu phải báo ngay cho nhân viên y tế và đề nghị chuyển viện: ngưỡng nhịp thở theo tuổi, "
            "SpO2, mạch, huyết áp, nhiệt độ, và danh sách triệu chứng của phiếu theo dõi sức khỏe."
        ),
    )
]
