"""The rule set form: the common fields, and one field per parameter of the kind's schema.

Simple parameters (whole numbers, numbers, yes/no, text, dates, a choice among literals, a list
of short texts) get a typed field each; anything richer (nested groups, tables by age) is edited
as JSON. Whatever the form lets through, the kind's schema checks again when the service saves.
"""

from __future__ import annotations

import datetime as dt
import json
import types
from typing import Any, Literal, Union, cast, get_args, get_origin

import annotated_types
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from phaodai.areas.models import AdminUnit
from phaodai.rules.kinds import RuleKind
from phaodai.rules.models import RuleSet
from phaodai.ui.forms import DATE_INPUT_FORMATS, DateInput, Form, UnitChoiceField, VersionField

PARAM_PREFIX = "p__"
_NONE = type(None)


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    """(the type inside ``X | None``, whether None was allowed)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not _NONE]
        if len(args) == 1 and len(get_args(annotation)) == 2:
            return args[0], True
    return annotation, False


def _bounds(info: FieldInfo) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in info.metadata:
        if isinstance(item, annotated_types.Ge):
            found["min_value"] = item.ge
        elif isinstance(item, annotated_types.Gt) and isinstance(item.gt, int):
            found["min_value"] = item.gt + 1
        elif isinstance(item, annotated_types.Le):
            found["max_value"] = item.le
        elif isinstance(item, annotated_types.Lt) and isinstance(item.lt, int):
            found["max_value"] = item.lt - 1
    return found


def _is_text_list(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin not in (list, tuple, set, frozenset):
        return False
    args = [arg for arg in get_args(annotation) if arg is not Ellipsis]
    return len(args) == 1 and args[0] is str


class TextListField(forms.CharField):
    """A list of short texts, one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class JsonParamField(forms.CharField):
    """A parameter too rich for one box, written as JSON (checked by the kind's schema on save)."""

    widget = forms.Textarea(attrs={"rows": 8, "class": "mono", "spellcheck": "false"})

    def prepare_value(self, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            raise forms.ValidationError(
                _('Không đọc được: hãy viết theo dạng JSON (ví dụ [1, 2] hoặc {"a": 1}).'), code="json"
            ) from None


_LIMITS = {
    "required": gettext_lazy("Tham số này là bắt buộc."),
    "min_value": gettext_lazy("Phải từ %(limit_value)s trở lên."),
    "max_value": gettext_lazy("Không được quá %(limit_value)s."),
}


def _param_field(name: str, info: FieldInfo) -> forms.Field:
    annotation, nullable = _unwrap_optional(info.annotation)
    required = info.is_required() and not nullable
    common: dict[str, Any] = {
        "label": info.title or name,
        "help_text": info.description or "",
        "required": required,
    }
    if annotation is bool:
        return forms.BooleanField(**{**common, "required": False})
    if annotation is int:
        return forms.IntegerField(
            **common,
            **_bounds(info),
            error_messages={"invalid": gettext_lazy("Hãy nhập một số nguyên."), **_LIMITS},
        )
    if annotation is float:
        return forms.FloatField(
            **common, **_bounds(info), error_messages={"invalid": gettext_lazy("Hãy nhập một số."), **_LIMITS}
        )
    if annotation is str:
        return forms.CharField(**common, max_length=2000)
    if annotation is dt.date:
        return forms.DateField(
            **common,
            input_formats=DATE_INPUT_FORMATS,
            widget=DateInput(),
            error_messages={"invalid": gettext_lazy("Hãy nhập ngày dạng ngày/tháng/năm.")},
        )
    if get_origin(annotation) is Literal:
        choices = [(str(value), str(value)) for value in get_args(annotation)]
        return forms.ChoiceField(**common, choices=[("", "—"), *choices] if not required else choices)
    if _is_text_list(annotation):
        return TextListField(
            **{**common, "required": False, "help_text": info.description or _("Mỗi dòng một mục.")}
        )
    return JsonParamField(**common)


def _param_value(field: forms.Field, value: Any) -> Any:
    if isinstance(field, forms.ChoiceField) and value == "":
        return None
    return value


class RuleSetForm(Form):
    """A rule set of one kind: its source, period, scope, verification, and the kind's parameters."""

    code = forms.CharField(
        label=gettext_lazy("Mã"),
        max_length=64,
        help_text=gettext_lazy("Chữ thường không dấu, số và . _ - ; ví dụ home_care.261"),
        error_messages={"required": gettext_lazy("Hãy nhập mã.")},
    )
    title = forms.CharField(
        label=gettext_lazy("Tên"), max_length=300, error_messages={"required": gettext_lazy("Hãy nhập tên.")}
    )
    scope_unit = UnitChoiceField(
        label=gettext_lazy("Phạm vi"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Toàn quốc"),
        help_text=gettext_lazy("Chọn một tỉnh nếu đây là quy định riêng của tỉnh đó."),
        error_messages={"invalid_choice": gettext_lazy("Hãy chọn một tỉnh trong danh sách.")},
    )
    valid_from = forms.DateField(
        label=gettext_lazy("Hiệu lực từ ngày"),
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Hãy nhập ngày bắt đầu hiệu lực."),
            "invalid": gettext_lazy("Hãy nhập ngày dạng ngày/tháng/năm."),
        },
    )
    valid_to = forms.DateField(
        label=gettext_lazy("Hiệu lực đến hết ngày"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        help_text=gettext_lazy("Để trống nếu vẫn còn hiệu lực."),
        error_messages={"invalid": gettext_lazy("Hãy nhập ngày dạng ngày/tháng/năm.")},
    )
    source_number = forms.CharField(label=gettext_lazy("Số, ký hiệu văn bản"), max_length=100, required=False)
    source_date = forms.DateField(
        label=gettext_lazy("Ngày ban hành"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": gettext_lazy("Hãy nhập ngày dạng ngày/tháng/năm.")},
    )
    source_body = forms.CharField(label=gettext_lazy("Cơ quan ban hành"), max_length=200, required=False)
    source_where = forms.CharField(
        label=gettext_lazy("Nơi đọc văn bản"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Địa chỉ trang hoặc mục của tài liệu nơi đã đọc văn bản."),
    )
    verified = forms.BooleanField(label=gettext_lazy("Đã xác minh với văn bản gốc"), required=False)
    verification_note = forms.CharField(
        label=gettext_lazy("Ghi chú xác minh"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField(required=False)

    COMMON = (
        "code",
        "title",
        "scope_unit",
        "valid_from",
        "valid_to",
        "source_number",
        "source_date",
        "source_body",
        "source_where",
        "verified",
        "verification_note",
    )

    def __init__(
        self,
        *args: Any,
        kind: RuleKind,
        provinces: QuerySet[AdminUnit],
        rule_set: RuleSet | None = None,
        **kwargs: Any,
    ) -> None:
        if rule_set is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_of(rule_set)
        super().__init__(*args, **kwargs)
        self.kind = kind
        cast(UnitChoiceField, self.fields["scope_unit"]).queryset = provinces
        if rule_set is None:
            del self.fields["version"]
        schema: type[BaseModel] = kind.schema
        self.param_names: list[str] = []
        for name, info in schema.model_fields.items():
            self.fields[PARAM_PREFIX + name] = _param_field(name, info)
            self.param_names.append(name)

    @property
    def common_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.COMMON]

    @property
    def param_fields(self) -> list[forms.BoundField]:
        return [self[PARAM_PREFIX + name] for name in self.param_names]

    def parameters(self) -> dict[str, Any]:
        """The parameters as typed, for the kind's schema (empty optional ones left to their default)."""
        found: dict[str, Any] = {}
        for name in self.param_names:
            key = PARAM_PREFIX + name
            field = self.fields[key]
            value = _param_value(field, self.cleaned_data.get(key))
            if value is None or (value == "" and not field.required):
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            found[name] = value
        return found

    def service_fields(self) -> dict[str, Any]:
        values = {name: self.cleaned_data.get(name) for name in self.COMMON}
        values["parameters"] = self.parameters()
        return values


def initial_of(rule_set: RuleSet) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(rule_set, name) for name in RuleSetForm.COMMON}
    initial["version"] = rule_set.version
    for name, value in (rule_set.parameters or {}).items():
        initial[PARAM_PREFIX + name] = value
    return initial
