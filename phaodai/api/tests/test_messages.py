"""Every input field of every endpoint comes from phaodai.api.fields (Vietnamese messages)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework import serializers

from phaodai.api import fields as vi_fields
from phaodai.api.tests.test_anonymous import ENDPOINTS

_NESTED = ("InputSerializer", "FilterSerializer")


def _input_serializers() -> list[tuple[str, type[serializers.Serializer[Any]]]]:
    found = {}
    for _route, method, view in ENDPOINTS:
        action = getattr(view.cls, "actions", {}).get(method.lower(), view.cls)
        for name in _NESTED:
            serializer = getattr(action, name, None)
            if serializer is not None:
                found[f"{action.__name__}.{name}"] = serializer
    return sorted(found.items())


def _fields_of(field: Any, prefix: str) -> list[tuple[str, Any]]:
    found = [(prefix, field)]
    if isinstance(field, serializers.ListField):
        found += _fields_of(field.child, prefix + "[]")
    return found


INPUTS = _input_serializers()


def test_the_endpoints_have_input_serializers():
    names = [name for name, _serializer in INPUTS]

    assert "TokenObtainApi.InputSerializer" in names
    assert "PersonCreateApi.InputSerializer" in names
    assert "HouseholdUpdateApi.InputSerializer" in names


@pytest.mark.parametrize(("name", "serializer_class"), INPUTS)
def test_input_fields_have_vietnamese_messages(name, serializer_class):
    assert issubclass(serializer_class, vi_fields.Serializer), name
    foreign = [
        f"{field_name}: {type(field).__name__}"
        for top_name, top_field in serializer_class().fields.items()
        for field_name, field in _fields_of(top_field, top_name)
        if type(field).__module__ != vi_fields.__name__
    ]

    assert foreign == [], f"{name} uses DRF fields with English messages"


def test_the_vietnamese_fields_replace_every_drf_message():
    english = [
        f"{cls.__name__}.{key}"
        for cls in (
            vi_fields.CharField,
            vi_fields.IntegerField,
            vi_fields.BooleanField,
            vi_fields.UUIDField,
            vi_fields.DateField,
            vi_fields.DateTimeField,
            vi_fields.ChoiceField,
            vi_fields.MultipleChoiceField,
            vi_fields.ListField,
        )
        for parent in cls.__mro__[1:]
        for key in getattr(parent, "default_error_messages", {})
        if key not in cls.default_error_messages
    ]

    assert english == []
