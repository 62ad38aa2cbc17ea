"""Forms of the welfare pages: marking a household, packages, receipts, a delivery on a phone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phaodai.areas.models import AdminUnit
from phaodai.people.models import Household
from phaodai.ui.forms import DATE_INPUT_FORMATS, DateInput, Form, UnitChoiceField, VersionField
from phaodai.welfare.enums import PackageKind, PackageSource, Vulnerability
from phaodai.welfare.models import SupportPackage

_ALL = ("", _("Tất cả"))


class HouseholdChoiceField(forms.ModelChoiceField[Household]):
    def label_from_instance(self, obj: Household) -> str:
        head = obj.head.full_name if obj.head_id and obj.head else ""
        return f"{obj} — {head} ({obj.unit.name})" if head else f"{obj} ({obj.unit.name})"


class PackageChoiceField(forms.ModelChoiceField[SupportPackage]):
    def label_from_instance(self, obj: SupportPackage) -> str:
        stock = getattr(obj, "stock", None)
        if stock is None:
            return obj.name
        return str(
            _("%(name)s — còn %(n)s %(unit)s") % {"name": obj.name, "n": stock, "unit": obj.unit_label}
        )


def _vulnerabilities_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Diện khó khăn"),
        choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một diện khó khăn.")},
    )


class VulnerableForm(Form):
    def __init__(self, *args: Any, households: QuerySet[Household], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"] = HouseholdChoiceField(
            label=_("Hộ gia đình (trong sổ nhân khẩu)"),
            queryset=households,
            empty_label=_("— Chọn hộ —"),
            error_messages={
                "required": _("Hãy chọn hộ gia đình."),
                "invalid_choice": _("Hãy chọn hộ gia đình."),
            },
        )
        self.fields["vulnerabilities"] = _vulnerabilities_field()
        self.fields["needs"] = forms.CharField(
            label=_("Nhu cầu"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
        )


class VulnerableEditForm(Form):
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vulnerabilities"] = _vulnerabilities_field()
        self.fields["needs"] = forms.CharField(
            label=_("Nhu cầu"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
        )
        self.fields["active"] = forms.BooleanField(label=_("Đang cần hỗ trợ"), required=False)


class VulnerableFilterForm(Form):
    q = forms.CharField(
        label=_("Tìm theo mã hộ hoặc tên chủ hộ"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    vulnerability = forms.ChoiceField(label=_("Diện"), required=False, choices=[_ALL, *Vulnerability.choices])
    reached = forms.ChoiceField(
        label=_("Đã được hỗ trợ"),
        required=False,
        choices=[_ALL, ("no", _("Chưa được hỗ trợ gần đây")), ("yes", _("Đã được hỗ trợ gần đây"))],
    )

    def search_kwargs(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q", "") or "",
            "vulnerability": data.get("vulnerability", "") or "",
            "reached": data.get("reached", "") or "",
        }


class PackageForm(Form):
    def __init__(self, *args: Any, units: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            label=_("Xã giữ hàng"),
            queryset=units,
            empty_label=None if units.count() == 1 else _("— Chọn xã —"),
            error_messages={"required": _("Hãy chọn xã."), "invalid_choice": _("Hãy chọn xã.")},
        )
        self.fields["kind"] = forms.ChoiceField(label=_("Loại"), choices=PackageKind.choices)
        self.fields["name"] = forms.CharField(
            label=_("Tên hàng hỗ trợ"),
            max_length=120,
            help_text=_("Ví dụ: Gạo 10 kg và mì tôm; Tiền mặt 500.000 đồng; Thuốc hạ sốt."),
            error_messages={"required": _("Hãy nhập tên hàng hỗ trợ.")},
        )
        self.fields["unit_label"] = forms.CharField(label=_("Đơn vị tính"), max_length=20, initial="suất")


class ReceiptForm(Form):
    quantity = forms.IntegerField(
        label=_("Số lượng nhập"),
        min_value=1,
        max_value=1_000_000,
        error_messages={"required": _("Hãy nhập số lượng."), "min_value": _("Số lượng phải từ 1 trở lên.")},
    )
    received_on = forms.DateField(
        label=_("Ngày nhận"), input_formats=DATE_INPUT_FORMATS, widget=DateInput(), initial=timezone.localdate
    )
    source = forms.ChoiceField(label=_("Nguồn"), choices=PackageSource.choices, widget=forms.RadioSelect)
    donor = forms.CharField(label=_("Nhà hảo tâm, tổ chức (nếu có)"), required=False, max_length=200)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=300)


class DeliveryForm(Form):
    def __init__(
        self, *args: Any, households: QuerySet[Household], packages: QuerySet[SupportPackage], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"] = HouseholdChoiceField(
            label=_("Hộ nhận"),
            queryset=households,
            empty_label=_("— Chọn hộ —"),
            error_messages={
                "required": _("Hãy chọn hộ nhận."),
                "invalid_choice": _("Hộ gia đình này nằm ngoài địa bàn bạn phụ trách."),
            },
        )
        self.fields["package"] = PackageChoiceField(
            label=_("Hàng hỗ trợ"),
            queryset=packages,
            empty_label=_("— Chọn hàng —"),
            error_messages={
                "required": _("Hãy chọn hàng hỗ trợ."),
                "invalid_choice": _("Hãy chọn hàng hỗ trợ."),
            },
        )
        self.fields["quantity"] = forms.IntegerField(
            label=_("Số lượng"),
            min_value=1,
            max_value=10_000,
            initial=1,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            error_messages={"min_value": _("Số lượng phải từ 1 trở lên.")},
        )
        self.fields["delivered_on"] = forms.DateField(
            label=_("Ngày phát"),
            input_formats=DATE_INPUT_FORMATS,
            widget=DateInput(),
            initial=timezone.localdate,
        )
        self.fields["delivered_by"] = forms.CharField(
            label=_("Người mang đến"),
            max_length=120,
            error_messages={"required": _("Hãy ghi tên người mang hàng đến.")},
        )
        self.fields["note"] = forms.CharField(label=_("Ghi chú"), required=False, max_length=300)
