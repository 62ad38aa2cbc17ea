"""Every form of the project cleans its input (``ui.forms.CleanInputMixin``), passwords aside."""

from __future__ import annotations

import inspect

from django import forms
from django.http import QueryDict

from phaodai.core.plugins import app_modules
from phaodai.ui.forms import CleanInputMixin, Form


def _project_forms() -> list[type]:
    found = []
    for _config, module in app_modules("forms"):
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_every_form_cleans_its_input():
    found = _project_forms()

    assert len(found) >= 8
    assert [f.__qualname__ for f in found if not issubclass(f, CleanInputMixin)] == []


def test_text_is_cleaned_and_a_password_is_left_as_typed():
    class Sample(Form):
        name = forms.CharField()
        secret = forms.CharField(widget=forms.PasswordInput)

    data = QueryDict(mutable=True)
    data.update({"name": "Nguy\u200bễn", "secret": "mật\u200bkhẩu"})

    form = Sample(data)

    assert form.is_valid()
    assert form.cleaned_data == {"name": "Nguyễn", "secret": "mật\u200bkhẩu"}
