"""Forms of the directives pages: they check the shape of what was typed; the services the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phaodai.areas.models import AdminUnit
from phaodai.directives.enums import DirectiveKind, ReportFrequency, Urgency
from phaodai.directives.files import ACCEPTED
from phaodai.ui.forms import DATE_INPUT_FORMATS, DateInput, Form, UnitChoiceField, VersionField

_FILE_HELP = _("Tệp %(accepted)s, tối đa 10 MB.") % {"accepted": ACCEPTED}


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": _("Hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 27/08/2021.")},
    )


class DirectiveFilterForm(Form):
    q = forms.CharField(label=_("Tìm theo số, trích yếu, cơ quan ban hành"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Loại văn bản"), required=False, choices=[("", _("Mọi loại")), *DirectiveKind.choices]
    )
    urgency = forms.ChoiceField(
        label=_("Độ khẩn"), required=False, choices=[("", _("Mọi độ khẩn")), *Urgency.choices]
    )
    year = forms.IntegerField(label=_("Năm ban hành"), required=False, min_value=1945, max_value=2100)


class DirectiveForm(Form):
    unit = UnitChoiceField(
        label=_("Đơn vị ban hành"),
        queryset=None,
        help_text=_("Nhiệm vụ chỉ giao được cho đơn vị này và các đơn vị trực thuộc."),
    )
    issuing_body = forms.CharField(
        label=_("Cơ quan ban hành"),
        max_length=200,
        help_text=_("Ví dụ: Ban Chỉ đạo phòng, chống dịch COVID-19 huyện Bắc Hà; Huyện ủy Bắc Hà."),
    )
    number = forms.CharField(
        label=_("Số, ký hiệu"), max_length=60, required=False, help_text=_("Ví dụ: 907-CV/TU, 1102/CĐ-TTg.")
    )
    issued_on = _date(_("Ngày ban hành"))
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DirectiveKind.choices)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL)
    summary = forms.CharField(
        label=_("Trích yếu (V/v)"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    recipients = forms.CharField(
        label=_("Kính gửi, nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi nơi nhận một dòng."),
    )
    signer = forms.CharField(label=_("Người ký, chức vụ"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Nội dung văn bản"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=100_000,
    )
    file = forms.FileField(
        label=_("Tệp văn bản (bản quét hoặc bản điện tử)"), required=False, help_text=_FILE_HELP
    )

    def __init__(self, *args: Any, units: QuerySet[AdminUnit] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units


class DirectiveEditForm(DirectiveForm):
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, units=None, **kwargs)
        del self.fields["unit"]


class TaskForm(Form):
    title = forms.CharField(
        label=_("Nhiệm vụ"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: Thành lập Trung tâm Chỉ huy phòng, chống dịch cấp xã."),
    )
    unit = UnitChoiceField(label=_("Giao cho đơn vị"), queryset=None)
    every_commune = forms.BooleanField(
        label=_("Giao cho mọi xã, phường, thị trấn của đơn vị này (mỗi xã một nhiệm vụ)"), required=False
    )
    responsible_body = forms.CharField(
        label=_("Cơ quan chủ trì"),
        max_length=200,
        help_text=_("Ví dụ: UBND xã, Đảng ủy xã, Trung tâm Y tế huyện."),
    )
    office_holder = forms.CharField(
        label=_("Người đứng đầu chịu trách nhiệm"), max_length=120, help_text=_("Ví dụ: Chủ tịch UBND xã.")
    )
    cooperating = forms.CharField(label=_("Đơn vị phối hợp"), max_length=300, required=False)
    deadline = _date(
        _("Hạn hoàn thành"), help_text=_("Ngày cuối cùng được hoàn thành («trước ngày 28/8» là 27/08).")
    )
    details = forms.CharField(
        label=_("Yêu cầu cụ thể"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    report_required = forms.CharField(
        label=_("Báo cáo phải gửi"),
        max_length=300,
        required=False,
        help_text=_("Ví dụ: Quyết định thành lập Trung tâm Chỉ huy, danh sách thành viên."),
    )
    report_frequency = forms.ChoiceField(
        label=_("Tần suất báo cáo"), choices=ReportFrequency.choices, initial=ReportFrequency.ONCE
    )

    def __init__(self, *args: Any, units: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units


class TaskEditForm(TaskForm):
    """The assigning side corrects a task: one unit (no fan-out), on the version it read."""

    version = VersionField()

    def __init__(self, *args: Any, units: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, units=units, **kwargs)
        del self.fields["every_commune"]


class AcknowledgeForm(Form):
    version = VersionField()


class ProgressForm(Form):
    version = VersionField()
    progress = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=99,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": _("Tiến độ là một số từ 0 đến 99."),
            "max_value": _("Tiến độ là một số từ 0 đến 99; khi xong hãy báo cáo hoàn thành."),
        },
    )
    note = forms.CharField(
        label=_("Đã làm được gì"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    file = forms.FileField(label=_("Tệp đính kèm"), required=False, help_text=_FILE_HELP)


class CompleteForm(Form):
    version = VersionField()
    completed_on = _date(
        _("Ngày hoàn thành"),
        required=False,
        help_text=_("Bỏ trống: ngày thành lập ghi trên hồ sơ chứng minh, nếu có, hoặc hôm nay."),
    )
    evidence = forms.ChoiceField(label=_("Hồ sơ chứng minh"), required=False, choices=[])
    note = forms.CharField(
        label=_("Ghi chú, kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    file = forms.FileField(
        label=_("Tệp đính kèm (quyết định, biên bản, ảnh)"), required=False, help_text=_FILE_HELP
    )

    def __init__(self, *args: Any, evidence_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        evidence: Any = self.fields["evidence"]
        evidence.choices = [("", _("— không chọn —")), *evidence_choices]
        if not evidence_choices:
            del self.fields["evidence"]

    def evidence_ref(self) -> tuple[str, int | None]:
        raw = self.cleaned_data.get("evidence") or ""
        label, _sep, pk = raw.rpartition(":")
        return (label, int(pk)) if label and pk.isdigit() else ("", None)


class PassDownForm(TaskForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Bỏ trống: giữ nội dung nhiệm vụ cấp trên.")
        self.fields["deadline"].help_text = _("Không được muộn hơn hạn của nhiệm vụ cấp trên.")


class ComplianceForm(Form):
    on = _date(_("Tính đến ngày"), required=False)
    directive = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ComplianceExportForm(Form):
    fmt = forms.ChoiceField(
        label=_("Định dạng"),
        choices=[("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV (.csv)"))],
        initial="xlsx",
        required=False,
    )
    on = _date(_("Tính đến ngày"), required=False)
    directive = forms.IntegerField(required=False, widget=forms.HiddenInput)
