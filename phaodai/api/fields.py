"""Input fields for API serializers: DRF's fields with Vietnamese error messages.

DRF's own Vietnamese catalogue translates almost nothing, so every input serializer
builds its fields from this module (``from phaodai.api import fields``) and derives
from ``phaodai.api.fields.Serializer``. ``phaodai/api/tests/test_messages.py`` checks
that every input field of every endpoint comes from here.

``RefField`` takes the id of a related record and resolves it through an access
function that takes the requesting user, so an id outside the user's jurisdiction
is refused with a field error exactly like an id that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.validators import RegexValidator
from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from phaodai.core.text import ascii_digits, clean_value

_BASE = {
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống (null)."),
}


# Primary keys are 64-bit: a larger number is no record, and SQLite would overflow on it.
ID_MAX = 2**63 - 1


class Serializer(serializers.Serializer[Any]):
    # Base of every input serializer (no instance: it validates request data). Every string in
    # the input is cleaned first (core.text.clean_text: NFC, no zero-width or bidirectional
    # characters); password fields are left as typed. (A comment, not a docstring: the schema
    # would show a docstring as the description of every body.)
    default_error_messages = {
        **_BASE,
        "invalid": _("Dữ liệu không hợp lệ: cần một đối tượng JSON, không phải {datatype}."),
    }

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            secret = {
                name for name, field in self.fields.items() if field.style.get("input_type") == "password"
            }
            data = {
                key: value if key in secret or _too_long(self.fields.get(key), value) else clean_value(value)
                for key, value in data.items()
            }
        return super().to_internal_value(data)


def _too_long(field: Any, value: Any) -> bool:
    """A text longer than its field allows is refused as sent, before invisible characters are
    taken out: the limit the schema documents is the limit of what a client may send."""
    limit = getattr(field, "max_length", None)
    return isinstance(value, str) and limit is not None and len(value) > limit


# At least one character one can see: what "not blank" means once invisible characters are
# taken out (core.text.clean_text). Also the field's pattern in the schema, so a client (and the
# fuzzer) knows that "\u200b" or "\x19" alone is blank.
VISIBLE = r"[^\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"


class CharField(serializers.CharField):
    default_error_messages = {
        **_BASE,
        "invalid": _("Giá trị phải là một chuỗi ký tự."),
        "blank": _("Trường này không được để trống."),
        "max_length": _("Không được dài quá {max_length} ký tự."),
        "min_length": _("Cần ít nhất {min_length} ký tự."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not self.allow_blank:
            self.validators.append(RegexValidator(VISIBLE, message=_("Trường này không được để trống.")))

    def to_internal_value(self, data: Any) -> str:
        # A text is a JSON string, as the schema says: DRF alone would take 0 for "0".
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True})
class NumberTextField(CharField):
    """A reading sent as a JSON number or as the text typed on a phone ("37,5"); the service
    parses and checks it. Anything else (true, a list) is refused."""

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, int | float) and not isinstance(data, bool):
            data = str(data)
        return super().to_internal_value(data)


class IntegerField(serializers.IntegerField):
    """An integer within what the databases store (64 bits) unless the field says narrower."""

    default_error_messages = {
        **_BASE,
        "invalid": _("Giá trị phải là một số nguyên."),
        "max_value": _("Giá trị không được lớn hơn {max_value}."),
        "min_value": _("Giá trị không được nhỏ hơn {min_value}."),
        "max_string_length": _("Số quá lớn."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", ID_MAX)
        kwargs.setdefault("min_value", -ID_MAX - 1)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, str):
            data = ascii_digits(data.strip())
            if not data.lstrip("+-").isascii() or not data.lstrip("+-").isdigit():
                self.fail("invalid")
        return int(super().to_internal_value(data))


class DecimalField(serializers.DecimalField):
    default_error_messages = {
        **_BASE,
        "invalid": _("Giá trị phải là một số."),
        "max_value": _("Giá trị không được lớn hơn {max_value}."),
        "min_value": _("Giá trị không được nhỏ hơn {min_value}."),
        "max_digits": _("Số không được có quá {max_digits} chữ số."),
        "max_decimal_places": _("Số không được có quá {max_decimal_places} chữ số sau dấu thập phân."),
        "max_whole_digits": _("Số không được có quá {max_whole_digits} chữ số trước dấu thập phân."),
        "max_string_length": _("Số quá lớn."),
    }


class BooleanField(serializers.BooleanField):
    default_error_messages = {**_BASE, "invalid": _("Giá trị phải là true hoặc false.")}


class UUIDField(serializers.UUIDField):
    default_error_messages = {**_BASE, "invalid": _("Mã UUID không hợp lệ.")}

    def to_internal_value(self, data: Any) -> Any:
        # A uuid is a JSON string: DRF would take false or 0 for the uuid 0.
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class FileField(serializers.FileField):
    """A file sent as multipart form data."""

    default_error_messages = {
        **_BASE,
        "invalid": _("Không đọc được tệp gửi lên."),
        "no_name": _("Tệp gửi lên không có tên."),
        "empty": _("Tệp gửi lên không có nội dung."),
        "max_length": _("Tên tệp không được dài quá {max_length} ký tự (đang có {length})."),
    }


class DateField(serializers.DateField):
    default_error_messages = {
        **_BASE,
        "invalid": _("Ngày không đúng định dạng; dùng dạng YYYY-MM-DD, ví dụ 2021-08-31."),
        "datetime": _("Cần một ngày, không phải ngày giờ."),
    }


class DateTimeField(serializers.DateTimeField):
    """An ISO 8601 date and time. One that cannot be placed on the calendar once converted to the
    server's time zone (year 1 at +14:00) is refused with code ``api.datetime_out_of_range``."""

    default_error_messages = {
        **_BASE,
        "invalid": _("Ngày giờ không đúng định dạng; dùng dạng 2021-08-15T09:30:00+07:00."),
        "date": _("Cần ngày và giờ, không chỉ ngày."),
        "make_aware": _("Ngày giờ không có trong múi giờ {timezone}."),
        "overflow": _("Ngày giờ nằm ngoài khoảng lịch dùng được."),
    }
    OUT_OF_RANGE = "api.datetime_out_of_range"

    def to_internal_value(self, value: Any) -> Any:
        try:
            return super().to_internal_value(value)
        except (OverflowError, ValueError):
            raise serializers.ValidationError(
                str(self.error_messages["overflow"]), code=self.OUT_OF_RANGE
            ) from None

    def enforce_timezone(self, value: Any) -> Any:
        try:
            return super().enforce_timezone(value)
        except (OverflowError, ValueError):
            raise serializers.ValidationError(
                str(self.error_messages["overflow"]), code=self.OUT_OF_RANGE
            ) from None


class ChoiceField(serializers.ChoiceField):
    default_error_messages = {**_BASE, "invalid_choice": _("“{input}” không phải là lựa chọn hợp lệ.")}


class MultipleChoiceField(serializers.MultipleChoiceField):
    default_error_messages = {
        **_BASE,
        "invalid_choice": _("“{input}” không phải là lựa chọn hợp lệ."),
        "not_a_list": _("Cần một danh sách, không phải {input_type}."),
        "empty": _("Cần chọn ít nhất một giá trị."),
    }


class ListField(serializers.ListField):
    default_error_messages = {
        **_BASE,
        "not_a_list": _("Cần một danh sách, không phải {input_type}."),
        "empty": _("Danh sách không được rỗng."),
        "min_length": _("Danh sách cần ít nhất {min_length} phần tử."),
        "max_length": _("Danh sách có nhiều nhất {max_length} phần tử."),
    }


def parse_id(data: Any) -> int | None:
    """A record's id as a client may send it (a number, or its digits in any script), else None.

    "²" passes ``str.isdigit`` but is no number; 5,000 digits are a number but no id.
    """
    if isinstance(data, bool):
        return None
    if isinstance(data, int):
        return data if 1 <= data <= ID_MAX else None
    if not isinstance(data, str):
        return None
    digits = ascii_digits(data.strip())
    if not digits.isascii() or not digits.isdigit() or len(digits) > 19:
        return None
    number = int(digits)
    return number if 1 <= number <= ID_MAX else None


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": ID_MAX})
class RefField(serializers.Field[Model, Any, Any, Any]):
    """The id of a related record the requesting user may see, resolved to the record.

    ``fetch`` is an access function ``f(*, user, <lookup>=id)`` that raises ``Http404``
    both for a missing record and for one outside the user's jurisdiction; both become
    the same field error, so the answer never tells which. The serializer needs
    ``context={"request": request}``.
    """

    default_error_messages = {
        **_BASE,
        "invalid": _("Giá trị phải là mã số (số nguyên) của bản ghi."),
        "not_found": _("Không tìm thấy {what} này trong địa bàn của bạn."),
    }

    def __init__(self, *, fetch: Callable[..., Any], lookup: str, what: StrOrPromise, **kwargs: Any) -> None:
        self.fetch = fetch
        self.lookup = lookup
        self.what = what
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        number = parse_id(data)
        if number is None:
            self.fail("invalid")
        request = self.context["request"]
        try:
            return self.fetch(user=request.user, **{self.lookup: number})
        except Http404:
            self.fail("not_found", what=self.what)

    def to_representation(self, value: Any) -> Any:
        return value.pk


@extend_schema_field({"type": "object", "additionalProperties": True})
class JSONObjectField(serializers.Field[dict[str, Any], Any, Any, Any]):
    """A JSON object taken as sent (its content is checked by the service: a rule set's
    parameters by its kind's schema)."""

    default_error_messages = {**_BASE, "invalid": _("Cần một đối tượng JSON ({...}).")}

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        return value
