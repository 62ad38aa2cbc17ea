"""The announcements pages' forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phaodai.announcements.enums import AnnouncementStatus, PlaceKind
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.ui.forms import DATE_INPUT_FORMATS, DateInput, Form, UnitChoiceField, VersionField


class UnitsField(forms.ModelMultipleChoiceField[AdminUnit]):
    def label_from_instance(self, obj: AdminUnit) -> str:
        if obj.level == UnitLevel.VILLAGE and obj.parent is not None:
            return f"{obj.name} — {obj.parent.name}"
        return obj.name


class AnnouncementForm(Form):
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = VersionField(required=False)
    unit = UnitChoiceField(
        label=_("Đơn vị ra thông báo"),
        queryset=None,
        empty_label=_("— Chọn đơn vị —"),
        error_messages={
            "required": _("Hãy chọn đơn vị ra thông báo."),
            "invalid_choice": _("Đơn vị không thuộc địa bàn bạn phụ trách."),
        },
    )
    title = forms.CharField(
        label=_("Tiêu đề"), max_length=200, error_messages={"required": _("Hãy nhập tiêu đề thông báo.")}
    )
    body = forms.CharField(
        label=_("Nội dung"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Viết như lời đọc trên loa: câu ngắn, rõ ràng; tệp âm thanh được tạo từ chính nội dung này."
        ),
        error_messages={"required": _("Hãy nhập nội dung thông báo.")},
    )
    for_loudspeaker = forms.BooleanField(
        label=_("Đọc trên loa truyền thanh thôn"), required=False, initial=True
    )
    for_radio = forms.BooleanField(label=_("Phát trên đài truyền thanh"), required=False)
    for_public_page = forms.BooleanField(
        label=_("Đăng trên trang thông tin công khai"), required=False, initial=True
    )
    targets = UnitsField(
        label=_("Phát tới"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Đơn vị không thuộc địa bàn bạn phụ trách.")},
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[AdminUnit],
        targets: QuerySet[AdminUnit],
        creating: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).queryset = units
        cast(UnitsField, self.fields["targets"]).queryset = targets
        if creating:
            del self.fields["version"]
        else:
            del self.fields["uuid"]
            del self.fields["unit"]

    def service_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("uuid", "version")}


class VersionForm(Form):
    """An action on an announcement (submit, approve, publish…), made on the version read."""

    version = VersionField()


class PublishForm(VersionForm):
    """Publishing on the page: the units chosen now (pre-checked with the announcement's). A post
    without ``choose_targets`` (an older page) publishes to the units chosen when writing."""

    choose_targets = forms.BooleanField(required=False, widget=forms.HiddenInput)
    targets = UnitsField(
        label=_("Phát tới"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Đơn vị không thuộc địa bàn bạn phụ trách.")},
    )

    def __init__(self, *args: Any, targets: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitsField, self.fields["targets"]).queryset = targets

    def chosen_targets(self) -> list[AdminUnit] | None:
        """The units to publish to, or None: keep those chosen when writing."""
        if not self.cleaned_data.get("choose_targets"):
            return None
        return list(self.cleaned_data["targets"])


class AnnouncementFilterForm(Form):
    q = forms.CharField(
        label=_("Tìm theo tiêu đề hoặc nội dung"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *AnnouncementStatus.choices]
    )

    def search_kwargs(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"query": data.get("q", "") or "", "status": data.get("status", "") or ""}


class SituationForm(Form):
    version = VersionField(required=False)
    measures = forms.CharField(
        label=_("Biện pháp đang áp dụng"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ví dụ: giãn cách theo Chỉ thị 16 tại thôn Bản Phố 1; chợ phiên tạm dừng."),
    )
    measures_since = forms.DateField(
        label=_("Áp dụng từ ngày"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Ngày chưa đúng: nhập theo dạng ngày/tháng/năm.")},
    )
    hotline = forms.CharField(label=_("Số đường dây nóng"), required=False, max_length=20)
    hotline_label = forms.CharField(
        label=_("Tên đường dây nóng"),
        required=False,
        max_length=120,
        help_text=_("Ví dụ: Trạm Y tế xã Bản Phố (24/24)"),
    )


class ServicePlaceForm(Form):
    version = VersionField(required=False)
    unit = UnitChoiceField(
        label=_("Thuộc đơn vị"),
        queryset=None,
        empty_label=_("— Chọn đơn vị —"),
        error_messages={
            "required": _("Hãy chọn đơn vị."),
            "invalid_choice": _("Đơn vị không thuộc địa bàn bạn phụ trách."),
        },
    )
    kind = forms.ChoiceField(label=_("Dịch vụ"), choices=PlaceKind.choices)
    name = forms.CharField(
        label=_("Tên nơi"), max_length=160, error_messages={"required": _("Hãy nhập tên nơi.")}
    )
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=255)
    hours = forms.CharField(label=_("Giờ làm việc"), required=False, max_length=120)
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)
    active = forms.BooleanField(label=_("Đang hoạt động"), required=False, initial=True)

    def __init__(self, *args: Any, units: QuerySet[AdminUnit], creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).queryset = units
        if creating:
            del self.fields["version"]
        else:
            del self.fields["unit"]
