"""Forms of the request desk: the public form, the phone-call entry, handling, filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phaodai.areas.models import AdminUnit
from phaodai.requests_desk.enums import RequestCategory, RequestStatus, Urgency
from phaodai.ui.forms import Form, UnitChoiceField, VersionField

_ALL = ("", _("Tất cả"))


class _ContactMixin(Form):
    category = forms.ChoiceField(
        label=_("Bạn cần gì?"),
        choices=RequestCategory.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn loại yêu cầu."),
            "invalid_choice": _("Hãy chọn loại yêu cầu."),
        },
    )
    urgent = forms.BooleanField(
        label=_("Khẩn cấp (cần giúp ngay)"),
        required=False,
        help_text=_("Đưa đi bệnh viện luôn được coi là khẩn cấp."),
    )
    requester_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=120,
        error_messages={"required": _("Hãy nhập họ tên người yêu cầu.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    requester_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        error_messages={"required": _("Hãy nhập số điện thoại để cán bộ gọi lại cho bạn.")},
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    description = forms.CharField(
        label=_("Nội dung"),
        max_length=2000,
        error_messages={
            "required": _("Hãy viết nội dung yêu cầu."),
            "max_length": _("Nội dung dài quá 2.000 ký tự."),
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "unit": data["unit"],
            "category": data["category"],
            "urgency": Urgency.URGENT if data.get("urgent") else Urgency.NORMAL,
            "requester_name": data["requester_name"],
            "requester_phone": data["requester_phone"],
            "description": data["description"],
        }


class PublicRequestForm(_ContactMixin):
    """What a resident fills in on the public form (no login): where, what, who, how to call back."""

    field_order = ("unit", "category", "urgent", "description", "requester_name", "requester_phone")

    def __init__(self, *args: Any, units: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            label=_("Thôn, tổ dân phố nơi bạn ở"),
            queryset=units,
            empty_label=_("— Chọn —"),
            error_messages={
                "required": _("Hãy chọn thôn, tổ dân phố nơi bạn ở."),
                "invalid_choice": _("Hãy chọn thôn, tổ dân phố nơi bạn ở."),
            },
        )
        self.order_fields(self.field_order)


class RequestForm(_ContactMixin):
    """The officer on duty's entry of a request received by phone."""

    field_order = ("unit", "category", "urgent", "description", "requester_name", "requester_phone")

    def __init__(self, *args: Any, units: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].label = _("Loại yêu cầu")
        self.fields["requester_name"].required = False
        self.fields["requester_name"].help_text = _("Để trống nếu đã chọn nhân khẩu trong sổ.")
        self.fields["requester_phone"].required = False
        self.fields["unit"] = UnitChoiceField(
            label=_("Thôn, xã của người yêu cầu"),
            queryset=units,
            empty_label=_("— Chọn —"),
            error_messages={
                "required": _("Hãy chọn thôn hoặc xã."),
                "invalid_choice": _("Hãy chọn thôn hoặc xã."),
            },
        )
        self.order_fields(self.field_order)


class LookupForm(Form):
    code = forms.CharField(
        label=_("Mã biên nhận"),
        max_length=20,
        error_messages={"required": _("Hãy nhập mã biên nhận.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "placeholder": "ABCD-EFGH"}
        ),
    )


class RequestFilterForm(Form):
    q = forms.CharField(
        label=_("Tìm theo mã biên nhận, tên hoặc số điện thoại"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=[_ALL, *RequestStatus.choices])
    category = forms.ChoiceField(label=_("Loại"), required=False, choices=[_ALL, *RequestCategory.choices])
    urgency = forms.ChoiceField(label=_("Mức độ"), required=False, choices=[_ALL, *Urgency.choices])
    open = forms.ChoiceField(
        label=_("Đang mở"), required=False, choices=[_ALL, ("1", _("Chỉ yêu cầu chưa đóng"))]
    )

    def search_kwargs(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q", "") or "",
            "status": data.get("status", "") or "",
            "category": data.get("category", "") or "",
            "urgency": data.get("urgency", "") or "",
            "open_only": data.get("open") == "1",
        }


class AssignForm(Form):
    version = VersionField()
    assigned_to = forms.TypedChoiceField(
        label=_("Giao cho"),
        coerce=int,
        error_messages={"required": _("Hãy chọn người xử lý."), "invalid_choice": _("Hãy chọn người xử lý.")},
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  # declared above
        field.choices = [("", _("— Chọn —"))] + [
            (user.pk, user.get_full_name() or user.username) for user in people
        ]


class StartForm(Form):
    version = VersionField()


class ResolveForm(Form):
    version = VersionField()
    outcome = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[
            (RequestStatus.RESOLVED, _("Đã giải quyết")),
            (RequestStatus.REJECTED, _("Không giải quyết được")),
        ],
        initial=RequestStatus.RESOLVED,
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(
        label=_("Kết quả giải quyết (hoặc lý do)"),
        max_length=2000,
        error_messages={"required": _("Hãy ghi kết quả giải quyết (hoặc lý do không giải quyết).")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LinkPersonForm(Form):
    version = VersionField()
    person = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class PersonLookupForm(Form):
    q = forms.CharField(
        label=_("Tìm người yêu cầu trong sổ nhân khẩu (tên, CCCD, số điện thoại)"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
