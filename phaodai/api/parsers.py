"""The API's JSON parser: depth-limited, so a hostile body is a 400 and never a RecursionError."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

# Deeper than any body the API documents (a person has one level of lists), far from Python's
# recursion limit.
MAX_DEPTH = 32
_OPEN, _CLOSE = frozenset(b"[{"), frozenset(b"]}")
_QUOTE, _ESCAPE = ord('"'), ord("\\")


def json_depth(raw: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets inside strings ignored)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == _ESCAPE:
                escaped = True
            elif byte == _QUOTE:
                in_string = False
        elif byte == _QUOTE:
            in_string = True
        elif byte in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
        elif byte in _CLOSE:
            depth -= 1
    return deepest


class TooDeepError(ParseError):
    default_code = "too_deep"


class TooLargeError(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def body_limit() -> int:
    limit: int | None = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit if limit is not None else 2_621_440


class BoundedJSONParser(JSONParser):
    """Reads at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes (413 past it) and at most ``MAX_DEPTH``
    levels of nesting (400), before ``json`` sees the body. DRF reads the request's stream
    itself, which skips Django's own size check."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = body_limit()
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise TooLargeError(_("Nội dung gửi lên quá lớn (tối đa %(kb)d KB).") % {"kb": limit // 1024})
        if json_depth(raw) > MAX_DEPTH:
            raise TooDeepError(
                _("Nội dung lồng nhau quá sâu (quá %(n)d tầng mảng hoặc đối tượng).") % {"n": MAX_DEPTH}
            )
        return super().parse(BytesIO(raw), media_type, parser_context)
