"""Forms for the people pages. They check the *shape* of what was typed; the services
enforce the rules (and their ValidationErrors are put back on these forms)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phaodai.areas.enums import AgeBand
from phaodai.areas.models import AdminUnit
from phaodai.people.enums import ChronicCondition, Ethnicity, ResidenceStatus, Sex
from phaodai.people.models import Household, LiaisonGroup, Person
from phaodai.people.services import PERSON_FIELDS
from phaodai.people.validators import normalize_phone, validate_birth, validate_national_id
from phaodai.ui.forms import (
    DATE_INPUT_FORMATS,
    DateInput,
    Form,
    UnitChoiceField,
    VersionField,
    apply_service_errors,
)

# Beyond this many households the form asks for the household from the household page.
HOUSEHOLD_SELECT_LIMIT = 300


class HouseholdChoiceField(forms.ModelChoiceField[Household]):
    """A household as an officer tells it apart: "BP1-007 · Chủ hộ: Giàng Seo Páo · Thôn Bản Phố 1".

    Needs the head and the unit selected (``selectors.household_search`` does)."""

    def label_from_instance(self, obj: Household) -> str:
        parts = [obj.code or obj.address or gettext("Hộ chưa có mã")]
        if obj.head is not None:
            parts.append(gettext("Chủ hộ: %(name)s") % {"name": obj.head.full_name})
        parts.append(obj.unit.name)
        return " · ".join(parts)


class LiaisonGroupChoiceField(forms.ModelChoiceField[LiaisonGroup]):
    """ "Tổ liên gia số 1 · Thôn Bản Phố 1 · Tổ trưởng: Vàng Seo Chứ": a name alone repeats in every
    village. Needs the unit and the leader selected (``selectors.liaison_groups_in``)."""

    def label_from_instance(self, obj: LiaisonGroup) -> str:
        parts = [obj.name, obj.unit.name]
        if obj.leader is not None:
            parts.append(gettext("Tổ trưởng: %(name)s") % {"name": obj.leader.full_name})
        return " · ".join(parts)


class PersonChoiceField(forms.ModelChoiceField[Person]):
    """A resident with the birth year and household: two members may share a name."""

    def label_from_instance(self, obj: Person) -> str:
        label = f"{obj.full_name} ({obj.birth_year})"
        if obj.household is not None and obj.household.code:
            label += " · " + gettext("Hộ %(code)s") % {"code": obj.household.code}
        return label


class PersonForm(Form):
    """One resident, as entered by a community team or commune officer."""

    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # The version the edit page was opened on (editing only): a stale save is refused.
    version = VersionField(required=False)
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=120,
        error_messages={
            "required": _("Hãy nhập họ và tên."),
            "max_length": _("Họ và tên dài quá 120 ký tự."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
    )
    sex = forms.ChoiceField(
        label=_("Giới tính"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn giới tính."), "invalid_choice": _("Giới tính không hợp lệ.")},
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        help_text=_("Dạng ngày/tháng/năm, ví dụ 05/09/1980. Không rõ ngày thì chỉ nhập năm sinh."),
        error_messages={
            "invalid": _("Ngày sinh không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/09/1980.")
        },
    )
    birth_year = forms.IntegerField(
        label=_("Năm sinh"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Năm sinh phải là một số, ví dụ 1980.")},
    )
    national_id = forms.CharField(
        label=_("Số CCCD/CMND"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("CCCD 12 chữ số hoặc CMND cũ 9 chữ số."),
        error_messages={"max_length": _("Số CCCD/CMND dài quá.")},
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
        error_messages={"max_length": _("Số điện thoại dài quá.")},
    )
    ethnicity = forms.ChoiceField(
        label=_("Dân tộc"),
        choices=Ethnicity.choices,
        initial=Ethnicity.KINH,
        error_messages={"invalid_choice": _("Dân tộc không có trong danh mục.")},
    )
    residence_unit = UnitChoiceField(
        label=_("Nơi cư trú (thôn, tổ dân phố)"),
        queryset=None,
        empty_label=_("— Chọn thôn, tổ dân phố —"),
        error_messages={
            "required": _("Hãy chọn nơi cư trú."),
            "invalid_choice": _("Nơi cư trú không thuộc địa bàn bạn phụ trách."),
        },
    )
    household: forms.ModelChoiceField[Household] = HouseholdChoiceField(
        label=_("Hộ gia đình"),
        queryset=None,
        required=False,
        empty_label=_("— Chưa gắn với hộ nào —"),
        error_messages={"invalid_choice": _("Hộ gia đình không thuộc địa bàn bạn phụ trách.")},
    )
    residence_status = forms.ChoiceField(
        label=_("Tình trạng cư trú"),
        choices=ResidenceStatus.choices,
        initial=ResidenceStatus.PERMANENT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn tình trạng cư trú.")},
    )
    away_location = forms.CharField(
        label=_("Đang ở đâu"),
        required=False,
        max_length=255,
        help_text=_("Với người đang đi làm, đi học nơi khác: tỉnh, huyện, nơi làm việc."),
    )
    chronic_conditions = forms.MultipleChoiceField(
        label=_("Bệnh nền"),
        choices=ChronicCondition.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_pregnant = forms.BooleanField(label=_("Đang mang thai"), required=False)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    # Fields that, when changed, may reveal a likely duplicate (checked live on the create page).
    IDENTITY_FIELDS = ("full_name", "birth_year", "birth_date", "national_id", "phone")

    def __init__(
        self,
        *args: Any,
        units: QuerySet[AdminUnit],
        households: QuerySet[Household],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # self.fields holds copies of the fields declared above (Django types them as any Field).
        cast(UnitChoiceField, self.fields["residence_unit"]).queryset = units.select_related("parent")
        cast("forms.ModelChoiceField[Household]", self.fields["household"]).queryset = households
        if households.count() > HOUSEHOLD_SELECT_LIMIT:
            # Too many to list on a phone: the household comes from the household page's link.
            self.fields["household"].widget = forms.HiddenInput()
        if not self.is_bound and not self.initial.get("uuid"):
            self.initial["uuid"] = uuid.uuid4()

    def enable_live_checks(self, *, validate_url: str, duplicates_url: str) -> None:
        """HTMX attributes: each field is checked by this same form as it is left.

        A box that is typed in is checked when it loses focus (``blur``: also when it was left
        empty or nothing changed), a choice when it changes. Each field's check cancels its own
        earlier one still on the way (``this:replace``) and never waits for another field's, so
        on a slow line every field still gets its message. The likely-duplicate panel is asked
        again each time an identity field is left (``duplicate_triggers``).
        """
        self.duplicates_url = duplicates_url
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            described = f"err-{name} help-{name}" if field.help_text else f"err-{name}"
            field.widget.attrs.update(
                {
                    "hx-post": validate_url,
                    "hx-trigger": self.leave_event(name),
                    "hx-target": f"#err-{name}",
                    "hx-swap": "outerHTML",
                    "hx-sync": "this:replace",
                    "aria-describedby": described,
                }
            )

    def leave_event(self, name: str) -> str:
        """``blur`` for a box one types in, ``change`` for a choice (radio, checkbox, list)."""
        widget = self.fields[name].widget
        return (
            "change" if isinstance(widget, (forms.Select, forms.CheckboxInput, forms.RadioSelect)) else "blur"
        )

    @property
    def duplicate_triggers(self) -> str:
        """The events that ask for the likely-duplicate panel again: leaving any identity field."""
        events = []
        for name in (*self.IDENTITY_FIELDS, "sex", "residence_unit"):
            if name not in self.fields or isinstance(self.fields[name].widget, forms.HiddenInput):
                continue
            source = f"input[name={name}]" if name == "sex" else f"#id_{name}"
            events.append(f"{self.leave_event(name)} from:{source}")
        return ", ".join(events)

    def clean_national_id(self) -> str:
        return validate_national_id(self.cleaned_data.get("national_id", ""))

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "birth_date" in self.errors or "birth_year" in self.errors:
            return cleaned
        birth_date = cleaned.get("birth_date")
        birth_year = cleaned.get("birth_year")
        try:
            validate_birth(birth_year, birth_date, timezone.localdate())
        except ValidationError as error:
            apply_service_errors(self, error)
            return cleaned
        if birth_year is None and birth_date is not None:
            cleaned["birth_year"] = birth_date.year
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values named as the services take them."""
        data = dict(self.cleaned_data)
        data.pop("uuid", None)
        data.pop("version", None)
        data["chronic_conditions"] = tuple(data.get("chronic_conditions") or ())
        return data


class PersonFilterForm(Form):
    """The search box and filters of the people list (all optional; bad values are ignored)."""

    q = forms.CharField(
        label=_("Tìm theo tên, số CCCD, số điện thoại hoặc 4 số cuối của số điện thoại"),
        required=False,
        max_length=120,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": _("Ví dụ: nguyen van an")}
        ),
    )
    sex = forms.ChoiceField(label=_("Giới tính"), required=False, choices=[("", _("Tất cả")), *Sex.choices])
    residence_status = forms.ChoiceField(
        label=_("Cư trú"), required=False, choices=[("", _("Tất cả")), *ResidenceStatus.choices]
    )
    high_risk = forms.ChoiceField(
        label=_("Nguy cơ cao"),
        required=False,
        choices=[("", _("Tất cả")), ("1", _("Chỉ nhóm nguy cơ cao")), ("0", _("Không thuộc nhóm nguy cơ"))],
    )
    age_band = forms.ChoiceField(
        label=_("Nhóm tuổi"), required=False, choices=[("", _("Tất cả")), *AgeBand.choices]
    )
    unplaced = forms.ChoiceField(
        label=_("Nơi ở"),
        required=False,
        choices=[("", _("Tất cả")), ("1", _("Chưa xếp vào thôn, tổ dân phố"))],
    )

    def search_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``person_search`` from the fields that are valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        high_risk = data.get("high_risk", "")
        return {
            "query": data.get("q", "").strip(),
            "sex": data.get("sex", ""),
            "residence_status": data.get("residence_status", ""),
            "high_risk": None if high_risk == "" else high_risk == "1",
            "age_band": data.get("age_band", ""),
            "unplaced": data.get("unplaced", "") == "1",
        }

    @property
    def has_filters(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(
            data.get(name) for name in ("q", "sex", "residence_status", "high_risk", "age_band", "unplaced")
        )


class HouseholdFilterForm(Form):
    q = forms.CharField(
        label=_("Tìm theo mã hộ, địa chỉ hoặc tên chủ hộ"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class HouseholdForm(Form):
    uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = VersionField(required=False)
    unit = UnitChoiceField(
        label=_("Thôn, tổ dân phố"),
        queryset=None,
        empty_label=_("— Chọn thôn, tổ dân phố —"),
        error_messages={
            "required": _("Hãy chọn thôn, tổ dân phố."),
            "invalid_choice": _("Đơn vị không thuộc địa bàn bạn phụ trách."),
        },
    )
    code = forms.CharField(
        label=_("Mã hộ"),
        required=False,
        max_length=32,
        error_messages={"max_length": _("Mã hộ dài quá 32 ký tự.")},
    )
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=255)
    liaison_group: forms.ModelChoiceField[LiaisonGroup] = LiaisonGroupChoiceField(
        label=_("Tổ liên gia"),
        queryset=None,
        required=False,
        empty_label=_("— Chưa thuộc tổ nào —"),
        error_messages={"invalid_choice": _("Tổ liên gia không thuộc địa bàn bạn phụ trách.")},
    )
    head: forms.ModelChoiceField[Person] = PersonChoiceField(
        label=_("Chủ hộ"),
        queryset=None,
        required=False,
        empty_label=_("— Chưa chọn —"),
        error_messages={"invalid_choice": _("Chủ hộ phải là một thành viên của hộ.")},
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[AdminUnit],
        liaison_groups: QuerySet[LiaisonGroup],
        members: QuerySet[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).queryset = units.select_related("parent")
        cast("forms.ModelChoiceField[LiaisonGroup]", self.fields["liaison_group"]).queryset = liaison_groups
        if members is None:
            del self.fields["head"]  # a new household has no members yet
        else:
            # An existing household stays in its village (members move one by one).
            del self.fields["unit"]
            cast("forms.ModelChoiceField[Person]", self.fields["head"]).queryset = members
        if not self.is_bound and not self.initial.get("uuid"):
            self.initial["uuid"] = uuid.uuid4()

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("uuid", None)
        data.pop("version", None)
        return data


class LiaisonGroupForm(Form):
    """A new group (its village and name), or an existing one (its name and leader)."""

    unit = UnitChoiceField(
        label=_("Thôn, tổ dân phố"),
        queryset=None,
        empty_label=_("— Chọn thôn, tổ dân phố —"),
        error_messages={
            "required": _("Hãy chọn thôn, tổ dân phố."),
            "invalid_choice": _("Đơn vị không thuộc địa bàn bạn phụ trách."),
        },
    )
    name = forms.CharField(
        label=_("Tên tổ"),
        max_length=120,
        error_messages={"required": _("Hãy nhập tên tổ."), "max_length": _("Tên tổ dài quá 120 ký tự.")},
    )
    leader: forms.ModelChoiceField[Person] = PersonChoiceField(
        label=_("Tổ trưởng"),
        queryset=None,
        required=False,
        empty_label=_("— Chưa chọn —"),
        help_text=_("Một người trong các hộ của tổ."),
        error_messages={"invalid_choice": _("Tổ trưởng phải là người trong các hộ của tổ.")},
    )
    version = VersionField(required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[AdminUnit] | None = None,
        leaders: QuerySet[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if leaders is None:
            del self.fields["leader"]  # a new group has no households yet
            del self.fields["version"]
            if units is None:
                raise TypeError("LiaisonGroupForm needs units (a new group) or leaders (an existing one)")
            cast(UnitChoiceField, self.fields["unit"]).queryset = units.select_related("parent")
        else:
            del self.fields["unit"]  # a group stays in its village
            cast("forms.ModelChoiceField[Person]", self.fields["leader"]).queryset = leaders


# The merge screen offers every field a person service writes, in the same order.
MERGE_FIELDS = PERSON_FIELDS

KEEP_CHOICES = [("first", _("Hồ sơ thứ nhất")), ("second", _("Hồ sơ thứ hai"))]


class MergeForm(Form):
    """Which record survives, and for each differing field which record's value is kept."""

    survivor = forms.ChoiceField(
        label=_("Giữ hồ sơ"),
        choices=KEEP_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn hồ sơ được giữ lại.")},
    )

    def __init__(self, *args: Any, differing: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.differing = differing
        for name in differing:
            self.fields[f"keep_{name}"] = forms.ChoiceField(
                choices=KEEP_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Hãy chọn giá trị được giữ.")},
            )

    def choices_by_field(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"keep_{name}"] for name in self.differing}


EXPORT_PURPOSES = [
    _("Rà soát, cập nhật sổ nhân khẩu"),
    _("Lập danh sách tiêm chủng"),
    _("Điều tra dịch tễ, truy vết"),
    _("Báo cáo theo yêu cầu của cấp trên"),
]


class ImportUploadForm(Form):
    """The first step of an import: the file, the unit it is for, and what to do with bad rows."""

    file = forms.FileField(
        label=_("Tệp danh sách (.xlsx hoặc .csv)"),
        error_messages={"required": _("Hãy chọn tệp."), "empty": _("Tệp rỗng: không có dòng nào.")},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            }
        ),
    )
    unit = UnitChoiceField(
        label=_("Nhập vào xã, thôn"),
        queryset=None,
        empty_label=_("— Chọn xã hoặc thôn —"),
        error_messages={
            "required": _("Hãy chọn xã hoặc thôn nhận danh sách."),
            "invalid_choice": _("Đơn vị không thuộc địa bàn bạn phụ trách."),
        },
    )
    mode = forms.ChoiceField(
        label=_("Khi có dòng lỗi"),
        choices=[
            ("all", _("Không lưu gì cả (tất cả hoặc không): sửa hết lỗi rồi nhập lại")),
            ("valid", _("Lưu các dòng đúng, bỏ qua dòng lỗi")),
        ],
        initial="all",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, units: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).queryset = units.select_related("parent")
