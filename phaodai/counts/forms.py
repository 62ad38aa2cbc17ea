"""The period and indicator a counts page shows."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.counts.indicators import Indicator
from phaodai.ui.forms import DATE_INPUT_FORMATS, DateInput, Form

DEFAULT_DAYS = 14
MAX_DAYS = 366


class FiguresForm(Form):
    indicator = forms.ChoiceField(
        label=gettext_lazy("Chỉ số"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Không có chỉ số này.")},
    )
    start = forms.DateField(
        label=gettext_lazy("Từ ngày"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": gettext_lazy("Hãy nhập ngày dạng ngày/tháng/năm.")},
    )
    end = forms.DateField(
        label=gettext_lazy("Đến ngày"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": gettext_lazy("Hãy nhập ngày dạng ngày/tháng/năm.")},
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [
            ("", _("— Mọi chỉ số —")),
            *((item.code, str(item.name)) for item in indicators),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        end = cleaned.get("end") or timezone.localdate()
        start = cleaned.get("start") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            self.add_error("start", _("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        elif (end - start).days + 1 > MAX_DAYS:
            self.add_error("start", _("Mỗi lần xem nhiều nhất %(n)d ngày.") % {"n": MAX_DAYS})
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def period(self) -> tuple[dt.date, dt.date]:
        """The period asked for, or the last two weeks when nothing (valid) was asked."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        end = timezone.localdate()
        return end - dt.timedelta(days=DEFAULT_DAYS - 1), end
