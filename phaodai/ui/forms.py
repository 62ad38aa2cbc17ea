"""Form pieces every app's pages use: a unit choice, a dd/mm/yyyy date box, service errors on a form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit
from phaodai.core.text import clean_value

# The spellings of a date an officer types (dd/mm/yyyy first, as on paper forms).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


def clean_input(data: Mapping[str, Any], *, keep: frozenset[str] = frozenset()) -> Mapping[str, Any]:
    """The submitted data with every string cleaned (``core.text.clean_text``), ``keep`` untouched."""
    if isinstance(data, QueryDict):
        cleaned = QueryDict(mutable=True)
        for key, values in data.lists():
            cleaned.setlist(key, values if key in keep else [clean_value(value) for value in values])
        cleaned._mutable = False
        return cleaned
    return {key: value if key in keep else clean_value(value) for key, value in data.items()}


class CleanInputMixin:
    """Cleans what was typed before any field sees it: NFC, no zero-width or bidirectional
    characters (``core.text``). Passwords are left exactly as typed."""

    data: Mapping[str, Any]
    is_bound: bool
    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        if self.is_bound and not getattr(self, "_input_cleaned", False):
            passwords = frozenset(
                name for name, field in self.fields.items() if isinstance(field.widget, forms.PasswordInput)
            )
            self.data = clean_input(self.data, keep=passwords)
            self._input_cleaned = True
        super().full_clean()  # type: ignore[misc]


class Form(CleanInputMixin, forms.Form):
    """The base of every form of the project: its input is cleaned at the boundary."""


class ExportForm(Form):
    """What an export of personal data needs (Nghị định 13/2023/NĐ-CP): a format and a purpose.

    The purpose is free text; a page may offer common ones in a ``<datalist id="export-purposes">``.
    """

    fmt = forms.ChoiceField(
        label=_("Định dạng"),
        choices=[("xlsx", _("Excel (.xlsx)")), ("csv", _("CSV (.csv)"))],
        initial="xlsx",
        widget=forms.RadioSelect,
        required=False,
    )
    purpose = forms.CharField(
        label=_("Mục đích sử dụng danh sách"),
        min_length=5,
        max_length=500,
        help_text=_(
            "Theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân, mỗi lần xuất danh sách phải ghi rõ"
            " mục đích; mục đích được lưu vào nhật ký."
        ),
        error_messages={
            "required": _("Hãy ghi mục đích sử dụng danh sách."),
            "min_length": _("Hãy ghi rõ hơn mục đích sử dụng (ít nhất 5 ký tự)."),
            "max_length": _("Mục đích dài quá 500 ký tự."),
        },
        widget=forms.TextInput(attrs={"list": "export-purposes", "autocomplete": "off"}),
    )


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class UnitChoiceField(forms.ModelChoiceField[AdminUnit]):
    """A unit shown with its parent, so two villages of the same name can be told apart."""

    def label_from_instance(self, obj: AdminUnit) -> str:
        if obj.level == UnitLevel.VILLAGE and obj.parent is not None:
            return f"{obj.name} — {obj.parent.name}"
        return obj.name


class DateInput(forms.DateInput):
    """A text box for dd/mm/yyyy: phones' date pickers are slow for birth dates decades ago."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "placeholder": "dd/mm/yyyy",
                "inputmode": "numeric",
                "autocomplete": "off",
                **(attrs or {}),
            },
            format="%d/%m/%Y",
        )


class VersionField(forms.IntegerField):
    """The version of the record the form was opened on (``core.models.AreaScopedModel.version``).

    Sent back with the edit so that the service refuses it if someone saved the record in the
    meantime (``core.services.StaleRecordError``), instead of silently saving over their change.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Trang đã cũ; hãy tải lại trang rồi sửa."),
                "invalid": _("Trang đã cũ; hãy tải lại trang rồi sửa."),
            },
        )
        super().__init__(**kwargs)


@dataclass(frozen=True)
class ChangedMeanwhile:
    """One field another officer changed while this one was editing: its label and value now."""

    label: str
    value: str


def rebind_stale(
    form: forms.Form, stale: Any, current: Mapping[str, Any], model: type[Model]
) -> tuple[QueryDict, list[ChangedMeanwhile]]:
    """What to show after a refused stale edit: the officer's entries, except the fields changed
    meanwhile, which show their values now; the hidden version now; and the list of those fields.

    Saving this again is a deliberate choice made knowing the other officer's change.
    """
    from phaodai.ui.history import field_label  # history is a sibling module

    data = form.data.copy() if isinstance(form.data, QueryDict) else QueryDict(mutable=True)
    if not isinstance(form.data, QueryDict):
        data.update(form.data)
    changed: list[ChangedMeanwhile] = []
    for name in stale.changed:
        if name not in form.fields:
            continue
        field = form.fields[name]
        value = field.prepare_value(current.get(name))
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
            else:
                data.pop(name, None)
        elif isinstance(value, (list, tuple)):
            data.setlist(name, [str(item) for item in value])
        else:
            shown = field.widget.format_value(value)
            data[name] = "" if shown is None else str(shown)
        raw = stale.changed[name]
        changed.append(
            ChangedMeanwhile(label=field_label(model, name), value=_display(model, name, raw, current))
        )
    data["version"] = str(stale.current)
    data._mutable = False
    return data, changed


def _display(model: type[Model], name: str, raw: Any, current: Mapping[str, Any]) -> str:
    from phaodai.ui.history import format_value

    related = current.get(name)
    if isinstance(related, Model):
        return str(related)
    return format_value(model, name, raw)
