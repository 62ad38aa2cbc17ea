"""Forms of the command pages (on ``ui.forms.Form``: input cleaned at the boundary)."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.command.documents import ALLOWED_SUFFIXES, MAX_DOCUMENT_BYTES
from phaodai.command.enums import BodyKind, DocumentKind, Office, Position
from phaodai.command.models import Member, Shift
from phaodai.command.roster import MAX_ROSTER_DAYS
from phaodai.ui.forms import DATE_INPUT_FORMATS, DateInput, Form, UnitChoiceField, VersionField

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%H:%M %d/%m/%Y", "%Y-%m-%d %H:%M"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def _datetime_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_INPUT_FORMATS,
        widget=DateTimeInput(),
        error_messages={
            "required": _("Hãy nhập ngày giờ."),
            "invalid": _("Ngày giờ không hợp lệ (ví dụ 07:00 30/11/2026)."),
        },
    )


class _ServiceForm(Form):
    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("uuid", None)
        data.pop("version", None)
        return data


class BodyForm(_ServiceForm):
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = VersionField(required=False)
    unit = UnitChoiceField(
        label=_("Đơn vị"),
        queryset=None,
        empty_label=_("— Chọn đơn vị —"),
        error_messages={
            "required": _("Hãy chọn đơn vị."),
            "invalid_choice": _("Đơn vị không thuộc địa bàn bạn phụ trách."),
        },
    )
    name = forms.CharField(label=_("Tên"), max_length=200, error_messages={"required": _("Hãy nhập tên.")})
    established_on = forms.DateField(
        label=_("Ngày thành lập"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        help_text=_("Để trống khi chưa thành lập."),
        error_messages={"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")},
    )
    decision_number = forms.CharField(label=_("Số quyết định thành lập"), max_length=60, required=False)
    functions = forms.CharField(
        label=_("Chức năng, nhiệm vụ, quyền hạn"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, units: QuerySet[AdminUnit] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]  # a body stays at its unit
        else:
            cast(UnitChoiceField, self.fields["unit"]).queryset = units.select_related("parent")
        if not self.is_bound and not self.initial.get("uuid"):
            self.initial["uuid"] = uuid.uuid4()


class CentreForm(BodyForm):
    shift_hours = forms.IntegerField(label=_("Độ dài một ca (giờ)"), min_value=1, max_value=24, initial=8)
    day_starts_at = forms.IntegerField(
        label=_("Ca đầu ngày bắt đầu lúc (giờ)"), min_value=0, max_value=23, initial=7
    )
    max_hours_in_row = forms.IntegerField(
        label=_("Trực liên tục tối đa (giờ)"), min_value=1, max_value=48, initial=12
    )
    min_rest_hours = forms.IntegerField(
        label=_("Nghỉ tối thiểu giữa hai ca (giờ)"), min_value=0, max_value=72, initial=8
    )
    officers_per_shift = forms.IntegerField(label=_("Số người mỗi ca"), min_value=1, max_value=10, initial=2)
    leader_required = forms.BooleanField(label=_("Mỗi ca có một lãnh đạo trực"), required=False, initial=True)


class UserChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.username})"


class MemberForm(_ServiceForm):
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = VersionField(required=False)
    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=120, error_messages={"required": _("Hãy nhập họ và tên thành viên.")}
    )
    position = forms.ChoiceField(label=_("Vị trí"), choices=Position.choices, initial=Position.MEMBER)
    office = forms.ChoiceField(label=_("Chức danh"), choices=Office.choices, initial=Office.OTHER)
    office_detail = forms.CharField(
        label=_("Chức danh cụ thể"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Chủ tịch UBND xã Bản Phố"),
    )
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    duties = forms.CharField(
        label=_("Nhiệm vụ được phân công"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    area_unit = UnitChoiceField(
        label=_("Địa bàn phụ trách"),
        queryset=None,
        required=False,
        empty_label=_("— Toàn địa bàn —"),
        error_messages={"invalid_choice": _("Địa bàn không thuộc đơn vị này.")},
    )
    area_note = forms.CharField(label=_("Lĩnh vực, địa bàn phụ trách"), max_length=200, required=False)
    user = UserChoiceField(
        label=_("Tài khoản trên hệ thống"),
        queryset=None,
        required=False,
        empty_label=_("— Không có tài khoản —"),
        help_text=_(
            "Cảnh báo gửi «cán bộ trực» đến tài khoản này; không có tài khoản thì nhắn tin đến số điện thoại."
        ),
        error_messages={"invalid_choice": _("Tài khoản không thuộc địa bàn này.")},
    )
    takes_shifts = forms.BooleanField(label=_("Tham gia trực"), required=False, initial=True)
    active = forms.BooleanField(label=_("Đang là thành viên"), required=False, initial=True)
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=999, initial=100)

    def __init__(
        self, *args: Any, areas: QuerySet[AdminUnit], users: QuerySet[User], creating: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["area_unit"]).queryset = areas.select_related("parent")
        cast(UserChoiceField, self.fields["user"]).queryset = users
        if creating:
            del self.fields["active"]
        if not self.is_bound and not self.initial.get("uuid"):
            self.initial["uuid"] = uuid.uuid4()


class MemberChoiceField(forms.ModelChoiceField[Member]):
    def label_from_instance(self, obj: Member) -> str:
        lead = " ★" if obj.is_leader else ""
        return f"{obj.full_name}{lead} — {obj.get_position_display()}"


class ShiftForm(_ServiceForm):
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = VersionField(required=False)
    member = MemberChoiceField(
        label=_("Người trực"),
        queryset=None,
        empty_label=_("— Chọn thành viên —"),
        error_messages={
            "required": _("Hãy chọn người trực."),
            "invalid_choice": _("Người trực phải là thành viên của trung tâm."),
        },
    )
    starts_at = _datetime_field(_("Bắt đầu"))
    ends_at = _datetime_field(_("Kết thúc"))
    leads = forms.BooleanField(
        label=_("Trực lãnh đạo"), required=False, help_text=_("Chỉ trưởng, phó, ủy viên thường trực.")
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=200, required=False)

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(MemberChoiceField, self.fields["member"]).queryset = members
        if not self.is_bound and not self.initial.get("uuid"):
            self.initial["uuid"] = uuid.uuid4()


PERIODS = [("week", _("Một tuần")), ("month", _("Một tháng"))]


class GenerateForm(Form):
    start = forms.DateField(
        label=_("Từ ngày"),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={
            "required": _("Hãy nhập ngày bắt đầu."),
            "invalid": _("Ngày không hợp lệ (dd/mm/yyyy)."),
        },
    )
    period = forms.ChoiceField(label=_("Lập cho"), choices=PERIODS, initial="week", widget=forms.RadioSelect)
    replace = forms.BooleanField(
        label=_("Lập lại: thay các ca chưa bắt đầu trong khoảng này"), required=False
    )

    def days(self) -> int:
        """Duty days to fill: seven, or as many as the month of the start date has."""
        start: dt.date = self.cleaned_data["start"]
        if self.cleaned_data["period"] != "month":
            return 7
        return min(calendar.monthrange(start.year, start.month)[1], MAX_ROSTER_DAYS)


class ShiftChoiceField(forms.ModelChoiceField[Shift]):
    def label_from_instance(self, obj: Shift) -> str:
        from django.utils import timezone

        start = timezone.localtime(obj.starts_at)
        end = timezone.localtime(obj.ends_at)
        return f"{obj.member.full_name}: {start:%H:%M %d/%m} – {end:%H:%M %d/%m}"


class SwapForm(Form):
    version = VersionField(required=False)
    to_member = MemberChoiceField(
        label=_("Người nhận ca"),
        queryset=None,
        empty_label=_("— Chọn thành viên —"),
        error_messages={
            "required": _("Hãy chọn người nhận ca."),
            "invalid_choice": _("Người nhận ca không hợp lệ."),
        },
    )
    other_shift = ShiftChoiceField(
        label=_("Đổi lấy ca của người nhận (nếu có)"),
        queryset=None,
        required=False,
        empty_label=_("— Không: chỉ nhường ca —"),
        error_messages={"invalid_choice": _("Ca đổi lại không hợp lệ.")},
    )
    from_agreed = forms.BooleanField(label=_("Người nhường ca đồng ý"), required=False)
    to_agreed = forms.BooleanField(label=_("Người nhận ca đồng ý"), required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=300, required=False)

    def __init__(self, *args: Any, members: QuerySet[Member], shifts: QuerySet[Shift], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(MemberChoiceField, self.fields["to_member"]).queryset = members
        cast(ShiftChoiceField, self.fields["other_shift"]).queryset = shifts


class DocumentForm(Form):
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Loại văn bản"), choices=DocumentKind.choices, initial=DocumentKind.WORKING_RULES
    )
    title = forms.CharField(
        label=_("Trích yếu"), max_length=300, error_messages={"required": _("Hãy nhập trích yếu văn bản.")}
    )
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")},
    )
    file = forms.FileField(
        label=_("Tệp (PDF, Word, ảnh chụp; tối đa %(mb)d MB)") % {"mb": MAX_DOCUMENT_BYTES // 1024 // 1024},
        error_messages={"required": _("Hãy chọn tệp văn bản."), "empty": _("Tệp trống.")},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("uuid"):
            self.initial["uuid"] = uuid.uuid4()


class MemberFilterForm(Form):
    q = forms.CharField(label=_("Tìm theo tên, số điện thoại"), required=False, max_length=100)
    body = forms.ChoiceField(
        label=_("Cơ quan"), choices=[("", _("Cả hai")), *BodyKind.choices], required=False
    )
    position = forms.ChoiceField(
        label=_("Vị trí"), choices=[("", _("Mọi vị trí")), *Position.choices], required=False
    )

    def search_kwargs(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {
            "query": self.cleaned_data.get("q") or "",
            "body": self.cleaned_data.get("body") or "",
            "position": self.cleaned_data.get("position") or "",
        }


class CommitteeForm(BodyForm):
    """A steering committee: the body fields only."""
