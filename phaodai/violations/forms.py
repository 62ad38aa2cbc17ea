"""The violations pages' forms: the record, its decision, evidence, the list's filters, export."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phaodai.areas.models import AdminUnit
from phaodai.ui.forms import DATE_INPUT_FORMATS, DateInput, Form, UnitChoiceField, VersionField
from phaodai.violations.enums import Decision, OffenderKind, PaymentStatus

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"]

# Texts an officer picks from rather than types (the legal basis as the press of 2021 cited it;
# the officer checks and may write another).
LEGAL_BASIS_SUGGESTIONS = [
    "Điểm a khoản 1 Điều 12 Nghị định 117/2020/NĐ-CP",
    "Khoản 2 Điều 12 Nghị định 117/2020/NĐ-CP",
    "Điều 11 Nghị định 117/2020/NĐ-CP",
    "Điều 240 Bộ luật Hình sự 2015 (làm lây lan dịch bệnh truyền nhiễm nguy hiểm cho người)",
]
RULE_SUGGESTIONS = [
    _("Không đeo khẩu trang nơi công cộng"),
    _("Tụ tập đông người trái quy định"),
    _("Không khai báo y tế khi đến từ vùng dịch"),
    _("Kinh doanh dịch vụ thuộc diện tạm dừng hoạt động"),
    _("Tự ý rời khỏi nơi cách ly"),
]


class PersonRefField(forms.ModelChoiceField[Any]):
    """A resident named by the number of their record (shown on their page), not a long dropdown."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.birth_year})"


class EstablishmentRefField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.unit.name}"


class ViolationForm(Form):
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = VersionField(required=False)
    unit = UnitChoiceField(
        label=_("Xã, thôn nơi vi phạm"),
        queryset=None,
        empty_label=_("— Chọn xã hoặc thôn —"),
        error_messages={
            "required": _("Hãy chọn xã hoặc thôn nơi vi phạm."),
            "invalid_choice": _("Đơn vị không thuộc địa bàn bạn phụ trách."),
        },
    )
    offender_kind = forms.ChoiceField(
        label=_("Đối tượng vi phạm"), choices=OffenderKind.choices, initial=OffenderKind.PERSON
    )
    person = PersonRefField(
        label=_("Mã hồ sơ nhân khẩu"),
        queryset=None,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_(
            "Số ở cuối địa chỉ trang của người đó trong sổ nhân khẩu (khi người vi phạm có trong sổ)."
        ),
        error_messages={"invalid_choice": _("Không có nhân khẩu với mã này trong địa bàn của bạn.")},
    )
    establishment = EstablishmentRefField(
        label=_("Cơ sở vi phạm"),
        queryset=None,
        required=False,
        empty_label=_("— Chọn cơ sở trong sổ (khi đối tượng là cơ sở) —"),
        error_messages={"invalid_choice": _("Cơ sở không thuộc địa bàn bạn phụ trách.")},
    )
    offender_name = forms.CharField(
        label=_("Tên người hoặc cơ sở vi phạm"),
        required=False,
        max_length=160,
        help_text=_("Khi người vi phạm không có trong sổ nhân khẩu, hoặc là một cơ sở."),
    )
    offender_address = forms.CharField(label=_("Địa chỉ người vi phạm"), required=False, max_length=255)
    rule_text = forms.CharField(
        label=_("Hành vi vi phạm"),
        max_length=300,
        widget=forms.TextInput(attrs={"list": "rule-suggestions", "autocomplete": "off"}),
        error_messages={"required": _("Hãy ghi hành vi vi phạm.")},
    )
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "legal-basis-suggestions", "autocomplete": "off"}),
        error_messages={"required": _("Hãy ghi căn cứ pháp lý.")},
    )
    place = forms.CharField(
        label=_("Nơi vi phạm"), max_length=255, error_messages={"required": _("Hãy ghi nơi vi phạm.")}
    )
    occurred_at = forms.DateTimeField(
        label=_("Thời điểm vi phạm"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Hãy nhập thời điểm vi phạm."),
            "invalid": _("Thời điểm chưa đúng: nhập ngày và giờ, ví dụ 15/08/2021 09:30."),
        },
    )
    description = forms.CharField(
        label=_("Diễn biến"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.ChoiceField(
        label=_("Hình thức xử lý"), choices=Decision.choices, initial=Decision.PENDING
    )
    fine_amount = forms.IntegerField(
        label=_("Số tiền phạt (đồng)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1000"}),
        error_messages={"invalid": _("Số tiền phạt phải là một số nguyên (đồng).")},
    )
    decision_number = forms.CharField(label=_("Số quyết định"), required=False, max_length=64)
    decision_date = forms.DateField(
        label=_("Ngày quyết định"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Ngày chưa đúng: nhập theo dạng ngày/tháng/năm.")},
    )
    suspended_until = forms.DateField(
        label=_("Đình chỉ đến ngày"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Ngày chưa đúng: nhập theo dạng ngày/tháng/năm.")},
    )
    referred_to = forms.CharField(label=_("Chuyển đến cơ quan công an"), required=False, max_length=160)
    payment_status = forms.ChoiceField(
        label=_("Tình trạng nộp phạt"), choices=PaymentStatus.choices, initial=PaymentStatus.NOT_APPLICABLE
    )
    paid_on = forms.DateField(
        label=_("Ngày nộp phạt"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Ngày chưa đúng: nhập theo dạng ngày/tháng/năm.")},
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[AdminUnit],
        people: QuerySet[Any],
        establishments: QuerySet[Any],
        creating: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).queryset = units
        cast(PersonRefField, self.fields["person"]).queryset = people
        cast(EstablishmentRefField, self.fields["establishment"]).queryset = establishments
        if creating:
            del self.fields["version"]
        else:
            del self.fields["uuid"]

    def service_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("uuid", "version")}


class EvidenceForm(Form):
    file = forms.FileField(
        label=_("Ảnh hoặc tệp chứng cứ"),
        help_text=_("Ảnh JPEG, PNG, WebP hoặc tệp PDF."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
        error_messages={"required": _("Hãy chọn tệp."), "empty": _("Tệp trống, không có nội dung.")},
    )
    caption = forms.CharField(label=_("Ghi chú"), required=False, max_length=200)


class ViolationFilterForm(Form):
    """The list's search box and filters (all optional; a bad value is ignored)."""

    q = forms.CharField(
        label=_("Tìm theo tên, hành vi, nơi vi phạm hoặc số quyết định"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    decision = forms.ChoiceField(
        label=_("Hình thức xử lý"), required=False, choices=[("", _("Tất cả")), *Decision.choices]
    )
    payment_status = forms.ChoiceField(
        label=_("Nộp phạt"), required=False, choices=[("", _("Tất cả")), *PaymentStatus.choices]
    )
    offender_kind = forms.ChoiceField(
        label=_("Đối tượng"), required=False, choices=[("", _("Tất cả")), *OffenderKind.choices]
    )
    since = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )
    until = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )

    def search_kwargs(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        names = ("decision", "payment_status", "offender_kind", "since", "until")
        found: dict[str, Any] = {name: data[name] for name in names if data.get(name) not in (None, "")}
        found["query"] = data.get("q", "") or ""
        return found
