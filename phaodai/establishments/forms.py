"""The establishments pages' forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phaodai.areas.models import AdminUnit
from phaodai.establishments.enums import (
    Answer,
    EstablishmentKind,
    InspectionResult,
    MemberRole,
    Readiness,
    SchoolLevel,
)
from phaodai.establishments.models import ChecklistItem
from phaodai.ui.forms import DATE_INPUT_FORMATS, DateInput, Form, UnitChoiceField, VersionField

_BAD_DATE = _("Ngày chưa đúng: nhập theo dạng ngày/tháng/năm.")


class PersonRefField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.birth_year})"


class EstablishmentForm(Form):
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = VersionField(required=False)
    unit = UnitChoiceField(
        label=_("Xã, thôn"),
        queryset=None,
        empty_label=_("— Chọn xã hoặc thôn —"),
        error_messages={
            "required": _("Hãy chọn xã hoặc thôn của cơ sở."),
            "invalid_choice": _("Đơn vị không thuộc địa bàn bạn phụ trách."),
        },
    )
    kind = forms.ChoiceField(label=_("Loại cơ sở"), choices=EstablishmentKind.choices)
    name = forms.CharField(
        label=_("Tên cơ sở"), max_length=200, error_messages={"required": _("Hãy nhập tên cơ sở.")}
    )
    industrial_park = forms.CharField(label=_("Khu, cụm công nghiệp"), required=False, max_length=160)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=255)
    owner_name = forms.CharField(label=_("Người đứng đầu, chủ cơ sở"), required=False, max_length=160)
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=15)
    headcount = forms.IntegerField(
        label=_("Số người lao động, học sinh"),
        required=False,
        min_value=0,
        error_messages={"min_value": _("Số người không được âm."), "invalid": _("Hãy nhập một số.")},
    )
    school_level = forms.ChoiceField(
        label=_("Cấp học (trường học)"), required=False, choices=[("", "—"), *SchoolLevel.choices]
    )
    safety_plan = forms.CharField(
        label=_("Phương án phòng, chống dịch"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    safety_plan_on = forms.DateField(
        label=_("Ngày phê duyệt phương án"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _BAD_DATE},
    )

    def __init__(self, *args: Any, units: QuerySet[AdminUnit], creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).queryset = units
        if creating:
            del self.fields["version"]
        else:
            del self.fields["uuid"]

    def service_fields(self) -> dict[str, Any]:
        values = {k: v for k, v in self.cleaned_data.items() if k not in ("uuid", "version")}
        if values.get("headcount") is None:
            values["headcount"] = 0
        return values


class OperationForm(Form):
    version = VersionField()
    may_operate = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Được hoạt động")), ("0", _("Tạm dừng hoạt động"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    operate_note = forms.CharField(
        label=_("Lý do"),
        max_length=300,
        error_messages={"required": _("Hãy ghi lý do cho phép hoạt động hoặc tạm dừng.")},
    )


class MemberForm(Form):
    version = VersionField(required=False)
    person = PersonRefField(
        label=_("Mã hồ sơ nhân khẩu"),
        queryset=None,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Khi người đó có trong sổ nhân khẩu: số ở cuối địa chỉ trang của họ."),
        error_messages={"invalid_choice": _("Không có nhân khẩu với mã này trong địa bàn của bạn.")},
    )
    full_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=120)
    role = forms.ChoiceField(label=_("Vai trò"), choices=MemberRole.choices)
    group = forms.CharField(label=_("Tổ, phân xưởng hoặc lớp"), required=False, max_length=80)
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=15)
    active = forms.BooleanField(label=_("Đang làm việc, đang học"), required=False, initial=True)

    def __init__(self, *args: Any, people: QuerySet[Any], creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonRefField, self.fields["person"]).queryset = people
        if creating:
            del self.fields["version"]


class InspectionForm(Form):
    """An inspection: the date, who inspected, one answer (and a note) per criterion, the result."""

    inspected_on = forms.DateField(
        label=_("Ngày kiểm tra"),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"required": _("Hãy nhập ngày kiểm tra."), "invalid": _BAD_DATE},
    )
    inspectors = forms.CharField(
        label=_("Đoàn kiểm tra"), max_length=300, error_messages={"required": _("Hãy ghi đoàn kiểm tra.")}
    )
    result = forms.ChoiceField(label=_("Kết luận"), choices=InspectionResult.choices)
    findings = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(
        label=_("Việc phải khắc phục"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_due = forms.DateField(
        label=_("Hạn khắc phục"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _BAD_DATE},
    )

    def __init__(self, *args: Any, items: list[ChecklistItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.code}"] = forms.ChoiceField(
                label=item.text,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Hãy đánh giá tiêu chí này.")},
            )
            self.fields[f"note_{item.code}"] = forms.CharField(
                label=_("Ghi chú"), required=False, max_length=300
            )

    def item_rows(self) -> list[tuple[ChecklistItem, forms.BoundField, forms.BoundField]]:
        return [(item, self[f"item_{item.code}"], self[f"note_{item.code}"]) for item in self.items]

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            item.code: (data[f"item_{item.code}"], data.get(f"note_{item.code}", "")) for item in self.items
        }

    def service_fields(self) -> dict[str, Any]:
        names = ("inspected_on", "inspectors", "result", "findings", "follow_up", "follow_up_due")
        return {name: self.cleaned_data.get(name) for name in names}


class FollowUpForm(Form):
    version = VersionField()
    done_on = forms.DateField(
        label=_("Ngày đã khắc phục"),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"required": _("Hãy nhập ngày đã khắc phục."), "invalid": _BAD_DATE},
    )


class EstablishmentFilterForm(Form):
    q = forms.CharField(
        label=_("Tìm theo tên cơ sở, khu công nghiệp, địa chỉ hoặc người đứng đầu"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Loại cơ sở"), required=False, choices=[("", _("Tất cả")), *EstablishmentKind.choices]
    )
    may_operate = forms.ChoiceField(
        label=_("Hoạt động"),
        required=False,
        choices=[("", _("Tất cả")), ("1", _("Được hoạt động")), ("0", _("Đang tạm dừng"))],
    )
    readiness = forms.ChoiceField(
        label=_("Trường học sẵn sàng năm học mới"),
        required=False,
        choices=[("", _("Tất cả")), *Readiness.choices],
    )

    def search_kwargs(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        found: dict[str, Any] = {
            "query": data.get("q", "") or "",
            "kind": data.get("kind", "") or "",
            "readiness": data.get("readiness", "") or "",
        }
        if data.get("may_operate") in ("0", "1"):
            found["may_operate"] = data["may_operate"] == "1"
        return found
