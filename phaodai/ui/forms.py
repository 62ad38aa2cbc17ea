"""Form pieces every app's pages use: a unit choice, a dd/mm/yyyy date box, service errors on a form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import AdminUnit

# The spellings of a date an officer types (dd/mm/yyyy first, as on paper forms).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


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
