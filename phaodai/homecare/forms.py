"""Forms of the home-care pages: the monitoring sheet (staff and personal link), filters.

The form checks only the shape of what was typed (numbers as text, known choices); the plausible
ranges and the warning signs are the service's (``homecare.validators``, ``homecare.signs``),
so the staff page, the personal link and the API give the same Vietnamese messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phaodai.homecare.enums import Slot
from phaodai.homecare.validators import RANGES, READING_FIELDS
from phaodai.ui.forms import DATE_INPUT_FORMATS, DateInput, Form, VersionField

_INPUT_MODES = {"temperature": "decimal"}


class ReadingForm(Form):
    """The measures and symptoms of one reading; ``symptoms`` are the rule set's list."""

    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, symptoms: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measures: dict[str, forms.Field] = {}
        for name in READING_FIELDS:
            spec = RANGES[name]
            measures[name] = forms.CharField(
                label=f"{spec.label} ({spec.unit})",
                required=False,
                max_length=8,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": _INPUT_MODES.get(name, "numeric"),
                        "autocomplete": "off",
                        "class": "short",
                    }
                ),
            )
        measures["symptoms"] = forms.MultipleChoiceField(
            label=_("Triệu chứng (chọn các triệu chứng đang có)"),
            required=False,
            choices=symptoms,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields = {**measures, **self.fields}

    def reading_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in (*READING_FIELDS, "symptoms")}


class StaffEntryForm(ReadingForm):
    """A health worker's entry: which half-day it is for (from a paper sheet, perhaps later)."""

    day = forms.DateField(label=_("Ngày"), input_formats=DATE_INPUT_FORMATS, widget=DateInput())
    slot = forms.ChoiceField(label=_("Buổi"), choices=Slot.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["day", "slot"])


class EntryEditForm(ReadingForm):
    version = VersionField()


class LinkEntryForm(ReadingForm):
    """The personal link's sheet: today's morning or afternoon (the afternoon only once it came)."""

    slot = forms.ChoiceField(label=_("Buổi"), choices=Slot.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, afternoon_open: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not afternoon_open:
            slot = self.fields["slot"]
            assert isinstance(slot, forms.ChoiceField)  # noqa: S101  # declared above
            slot.choices = [(Slot.MORNING.value, Slot.MORNING.label)]
        self.order_fields(["slot"])


class BoardFilterForm(Form):
    day = forms.DateField(
        label=_("Ngày"), required=False, input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )

    def chosen_day(self, today: dt.date) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("day"):
            day: dt.date = self.cleaned_data["day"]
            return day
        return today
