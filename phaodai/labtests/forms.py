"""Forms of the testing pages: they check the shape of what was typed; the services the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phaodai.areas.models import AdminUnit
from phaodai.labtests.enums import FollowUpStatus, PlaceKind, ProposalStatus, ResultValue, TestKind
from phaodai.people.enums import Sex
from phaodai.ui.forms import DATE_INPUT_FORMATS, DateInput, Form, UnitChoiceField, VersionField

SESSION_KINDS = [
    (TestKind.RAPID_ANTIGEN.value, TestKind.RAPID_ANTIGEN.label),
    (TestKind.RT_PCR.value, TestKind.RT_PCR.label),
]
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ: hãy nhập dạng ngày/tháng/năm, ví dụ 05/01/2022.")}


def _date(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"required": _("Hãy nhập ngày."), **DATE_ERRORS},
        **kwargs,
    )


def _ct() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Ct"),
        required=False,
        max_digits=4,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": "4"}),
        error_messages={"invalid": _("Giá trị Ct là một số, ví dụ 27,5.")},
        localize=True,
    )


class SessionForm(Form):
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = VersionField(required=False)
    unit = UnitChoiceField(
        label=_("Đơn vị tổ chức"),
        queryset=None,
        empty_label=_("— Chọn xã hoặc thôn —"),
        error_messages={
            "required": _("Hãy chọn đơn vị."),
            "invalid_choice": _("Đơn vị không thuộc địa bàn bạn phụ trách."),
        },
    )
    held_on = _date(_("Ngày xét nghiệm"))
    place_kind = forms.ChoiceField(label=_("Loại địa điểm"), choices=PlaceKind.choices)
    place = forms.CharField(
        label=_("Địa điểm"),
        max_length=255,
        help_text=_("Ví dụ: Chợ phiên Bắc Hà; Trường THCS Bản Phố; cả Thôn Bản Phố 1."),
        error_messages={"required": _("Hãy ghi địa điểm (chợ, trường, thôn…).")},
    )
    default_kind = forms.ChoiceField(label=_("Loại xét nghiệm"), choices=SESSION_KINDS)
    lab = forms.CharField(label=_("Nơi xét nghiệm"), max_length=120, required=False)
    notes = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: QuerySet[AdminUnit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
            del self.fields["uuid"]
        else:
            del self.fields["version"]
            cast(UnitChoiceField, self.fields["unit"]).queryset = units.select_related("parent")


class SessionFilterForm(Form):
    q = forms.CharField(label=_("Tìm theo địa điểm"), required=False, max_length=120)
    place_kind = forms.ChoiceField(
        label=_("Loại địa điểm"), required=False, choices=[("", _("Tất cả")), *PlaceKind.choices]
    )
    start = _date(_("Từ ngày"), required=False)
    end = _date(_("Đến ngày"), required=False)

    def search_kwargs(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q", ""),
            "place_kind": data.get("place_kind", ""),
            "start": data.get("start"),
            "end": data.get("end"),
        }


class EntryForm(Form):
    """One line of the fast entry: who, the test, the result (all keyboard)."""

    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    who = forms.CharField(
        label=_("Người được xét nghiệm"),
        max_length=120,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": _("Tên, CCCD hoặc số điện thoại"), "autofocus": True}
        ),
    )
    person = forms.CharField(required=False, max_length=20)
    kind = forms.ChoiceField(label=_("Loại"), choices=TestKind.choices)
    result = forms.ChoiceField(
        label=_("Kết quả"), required=False, choices=[("", _("Chờ kết quả")), *ResultValue.choices]
    )
    ct_value = _ct()
    symptoms = forms.BooleanField(label=_("Triệu chứng"), required=False)
    contact = forms.BooleanField(label=_("F1"), required=False)
    epi_factors = forms.BooleanField(label=_("Yếu tố dịch tễ"), required=False)
    new_sex = forms.ChoiceField(label=_("Giới tính"), required=False, choices=[("", "—"), *Sex.choices])
    new_birth_year = forms.IntegerField(
        label=_("Năm sinh"),
        required=False,
        min_value=1900,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": "4"}),
        error_messages={
            "invalid": _("Năm sinh là 4 chữ số."),
            "min_value": _("Năm sinh không hợp lệ."),
            "max_value": _("Năm sinh không hợp lệ."),
        },
    )
    new_village = UnitChoiceField(label=_("Thôn"), queryset=None, required=False, empty_label="—")

    def __init__(self, *args: Any, villages: QuerySet[AdminUnit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(UnitChoiceField, self.fields["new_village"])
        if villages is None:
            del self.fields["new_village"]
        else:
            field.queryset = villages


class ResultForm(Form):
    """Correcting a result."""

    version = VersionField()
    result = forms.ChoiceField(label=_("Kết quả"), choices=ResultValue.choices)
    sampled_on = _date(_("Ngày lấy mẫu"))
    result_on = _date(_("Ngày có kết quả"))
    ct_value = _ct()
    lab = forms.CharField(label=_("Phòng xét nghiệm"), max_length=120, required=False)


class ResultRecordForm(Form):
    """The result of a sample still waiting for one."""

    result = forms.ChoiceField(label=_("Kết quả"), choices=ResultValue.choices)
    result_on = _date(_("Ngày có kết quả"), required=False)
    ct_value = _ct()
    lab = forms.CharField(label=_("Phòng xét nghiệm"), max_length=120, required=False)


class ResultFilterForm(Form):
    q = forms.CharField(label=_("Tìm theo tên, CCCD hoặc số điện thoại"), required=False, max_length=120)
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Tất cả")), *TestKind.choices])
    result = forms.ChoiceField(
        label=_("Kết quả"), required=False, choices=[("", _("Tất cả")), *ResultValue.choices]
    )
    start = _date(_("Lấy mẫu từ ngày"), required=False)
    end = _date(_("Đến ngày"), required=False)

    def search_kwargs(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q", ""),
            "kind": data.get("kind", ""),
            "result": data.get("result", ""),
            "start": data.get("start"),
            "end": data.get("end"),
        }


class PoolForm(Form):
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    code = forms.CharField(label=_("Mã mẫu gộp"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Loại xét nghiệm"), choices=SESSION_KINDS, initial=TestKind.RT_PCR)


class PoolMemberForm(Form):
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    who = forms.CharField(
        label=_("Thêm người vào mẫu gộp"),
        max_length=120,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": _("Tên, CCCD hoặc số điện thoại"), "autofocus": True}
        ),
        error_messages={"required": _("Hãy nhập tên, CCCD hoặc số điện thoại.")},
    )
    person = forms.CharField(required=False, max_length=20)


class PoolResultForm(Form):
    version = VersionField()
    result = forms.ChoiceField(label=_("Kết quả mẫu gộp"), choices=ResultValue.choices)
    result_on = _date(_("Ngày có kết quả"), required=False)
    ct_value = _ct()
    lab = forms.CharField(label=_("Phòng xét nghiệm"), max_length=120, required=False)


class FollowUpFilterForm(Form):
    q = forms.CharField(label=_("Tìm theo tên, CCCD hoặc số điện thoại"), required=False, max_length=120)
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[*FollowUpStatus.choices, ("all", _("Tất cả"))]
    )


class ProposalFilterForm(Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[*ProposalStatus.choices, ("all", _("Tất cả"))]
    )


class DismissForm(Form):
    version = VersionField()
    reason = forms.CharField(
        label=_("Lý do không xác nhận"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi lý do không xác nhận ca bệnh.")},
    )


class DeleteForm(Form):
    version = VersionField()
    reason = forms.CharField(label=_("Lý do xoá"), max_length=1000, required=False)


EXPORT_PURPOSES = [
    ("report", _("Báo cáo cấp trên")),
    ("investigation", _("Điều tra dịch tễ")),
    ("follow_up", _("Theo dõi, xét nghiệm lại")),
]


class ExportForm(Form):
    purpose = forms.ChoiceField(label=_("Mục đích xuất danh sách"), choices=EXPORT_PURPOSES)
    fmt = forms.ChoiceField(choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")], required=False)


class ImportUploadForm(Form):
    unit = UnitChoiceField(
        label=_("Đơn vị"),
        queryset=None,
        empty_label=_("— Chọn xã —"),
        error_messages={
            "required": _("Hãy chọn đơn vị."),
            "invalid_choice": _("Đơn vị không thuộc địa bàn bạn phụ trách."),
        },
    )
    file = forms.FileField(
        label=_("Tệp kết quả của phòng xét nghiệm (.xlsx hoặc .csv)"),
        error_messages={"required": _("Hãy chọn tệp.")},
    )

    def __init__(self, *args: Any, units: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).queryset = units
