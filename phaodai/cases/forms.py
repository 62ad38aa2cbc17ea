"""Forms of the cases pages: input shape only; the services decide what is allowed."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.cases.enums import (
    FACILITY_TIERS,
    BedKind,
    CareSetting,
    CaseStatus,
    HowFound,
    Severity,
    Symptom,
    VaccinationStatus,
)
from phaodai.ui.forms import DATE_INPUT_FORMATS, DateInput, Form, UnitChoiceField, VersionField

_ALL = ("", _("Tất cả"))


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")},
        **kwargs,
    )


class CaseFilterForm(Form):
    """The filters of the case list (all optional; bad values are ignored)."""

    status = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=[_ALL, *CaseStatus.choices])
    severity = forms.ChoiceField(label=_("Mức độ"), required=False, choices=[_ALL, *Severity.choices])
    care_setting = forms.ChoiceField(
        label=_("Nơi điều trị"), required=False, choices=[_ALL, *CareSetting.choices]
    )
    how_found = forms.ChoiceField(label=_("Phát hiện"), required=False, choices=[_ALL, *HowFound.choices])
    source = forms.ChoiceField(
        label=_("Nguồn lây"),
        required=False,
        choices=[_ALL, ("1", _("Rõ nguồn lây")), ("0", _("Chưa rõ nguồn lây"))],
    )
    confirmed_from = _date(_("Khẳng định từ ngày"), required=False)
    confirmed_to = _date(_("đến ngày"), required=False)

    def filter_kwargs(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        source = data.get("source", "")
        return {
            "status": data.get("status", ""),
            "severity": data.get("severity", ""),
            "care_setting": data.get("care_setting", ""),
            "how_found": data.get("how_found", ""),
            "source_known": None if source == "" else source == "1",
            "confirmed_from": data.get("confirmed_from"),
            "confirmed_to": data.get("confirmed_to"),
        }

    @property
    def has_filters(self) -> bool:
        return any(v not in ("", None) for v in self.filter_kwargs().values())


class CaseForm(Form):
    """A case's findings at classification (create and edit)."""

    unit = UnitChoiceField(label=_("Xã quản lý"), queryset=None, empty_label=_("— Chọn xã —"))
    confirmed_on = _date(_("Ngày khẳng định"))
    how_found = forms.ChoiceField(label=_("Phát hiện"), choices=HowFound.choices)
    source_known = forms.BooleanField(label=_("Rõ nguồn lây"), required=False)
    vaccination_status = forms.ChoiceField(label=_("Tiêm chủng"), choices=VaccinationStatus.choices)
    last_dose_on = _date(_("Ngày tiêm mũi gần nhất"), required=False)
    symptoms = forms.MultipleChoiceField(
        label=_("Triệu chứng"), required=False, choices=Symptom.choices, widget=forms.CheckboxSelectMultiple
    )
    respiratory_rate = forms.IntegerField(
        label=_("Nhịp thở (lần/phút)"), required=False, min_value=0, max_value=200
    )
    spo2 = forms.IntegerField(label=_("SpO2 (%)"), required=False, min_value=0, max_value=200)
    has_pneumonia = forms.BooleanField(label=_("Có viêm phổi"), required=False)
    abnormal_breathing = forms.BooleanField(
        label=_("Thở bất thường (thở rên, rút lõm lồng ngực, phập phồng cánh mũi, khò khè)"), required=False
    )
    needs_ventilation = forms.BooleanField(label=_("Cần thở máy"), required=False)
    comorbidity_stable = forms.BooleanField(label=_("Bệnh nền đang điều trị ổn định"), required=False)
    postpartum = forms.BooleanField(label=_("Đang trong thời kỳ hậu sản"), required=False)
    can_self_care = forms.BooleanField(
        label=_("Tự chăm sóc được (hoặc có người chăm sóc)"), required=False, initial=True
    )
    can_contact_staff = forms.BooleanField(
        label=_("Liên lạc được với nhân viên y tế"), required=False, initial=True
    )
    notes = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = VersionField(required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).queryset = units


class CaseCreateForm(CaseForm):
    severity = forms.ChoiceField(
        label=_("Mức độ"),
        required=False,
        choices=[("", _("— Theo phân loại của quy định —")), *Severity.choices],
    )
    care_setting = forms.ChoiceField(
        label=_("Nơi điều trị"), choices=CareSetting.choices, initial=CareSetting.HOME
    )
    facility = forms.TypedChoiceField(label=_("Cơ sở điều trị"), required=False, coerce=int, empty_value=None)
    bed_kind = forms.ChoiceField(
        label=_("Loại giường"), required=False, choices=[("", "—"), *BedKind.choices]
    )

    def __init__(self, *args: Any, facilities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["facility"]).choices = [("", "—"), *facilities]


class SeverityForm(Form):
    severity = forms.ChoiceField(label=_("Mức độ mới"), choices=Severity.choices)
    on = _date(_("Từ ngày"))
    respiratory_rate = forms.IntegerField(
        label=_("Nhịp thở (lần/phút)"), required=False, min_value=0, max_value=200
    )
    spo2 = forms.IntegerField(label=_("SpO2 (%)"), required=False, min_value=0, max_value=200)
    reason = forms.CharField(label=_("Lý do, diễn biến"), required=False, max_length=255)
    version = VersionField()


class TransferForm(Form):
    care_setting = forms.ChoiceField(label=_("Chuyển đến"), choices=CareSetting.choices)
    bed_kind = forms.ChoiceField(
        label=_("Loại giường cần"), required=False, choices=[("", "—"), *BedKind.choices]
    )
    facility = forms.TypedChoiceField(label=_("Cơ sở"), required=False, coerce=int, empty_value=None)
    on = _date(_("Ngày chuyển"))
    reason = forms.CharField(
        label=_("Lý do chuyển"), max_length=255, error_messages={"required": _("Hãy ghi lý do chuyển.")}
    )
    version = VersionField()

    def __init__(self, *args: Any, facilities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["facility"]).choices = [("", "—"), *facilities]


class CloseForm(Form):
    status = forms.ChoiceField(
        label=_("Kết thúc"),
        choices=[(v, label) for v, label in CaseStatus.choices if v != CaseStatus.ACTIVE],
        widget=forms.RadioSelect,
    )
    on = _date(_("Ngày (giấy xác nhận khỏi bệnh, hoặc ngày mất)"))
    burial_note = forms.CharField(
        label=_("Mai táng (với ca tử vong)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)
    version = VersionField()


class DeleteForm(Form):
    reason = forms.CharField(
        label=_("Lý do xóa"), max_length=255, error_messages={"required": _("Hãy ghi lý do xóa.")}
    )
    version = VersionField(required=False)


class FacilityForm(Form):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=None, empty_label=_("— Chọn đơn vị —"))
    name = forms.CharField(label=_("Tên cơ sở"), max_length=200)
    tier = forms.ChoiceField(label=_("Tuyến"), choices=FACILITY_TIERS)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=255)
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=11)
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False, initial=True)
    beds_ordinary = forms.IntegerField(label=_("Giường thường"), min_value=0, max_value=100000, initial=0)
    beds_oxygen = forms.IntegerField(label=_("Giường có ô-xy"), min_value=0, max_value=100000, initial=0)
    beds_icu = forms.IntegerField(
        label=_("Giường hồi sức tích cực"), min_value=0, max_value=100000, initial=0
    )
    notes = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = VersionField(required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).queryset = units


EXPORT_PURPOSES = [
    _("Báo cáo ca bệnh theo yêu cầu của cấp trên"),
    _("Điều tra dịch tễ, truy vết"),
    _("Rà soát ca bệnh cần xét nghiệm, kết thúc cách ly"),
]
