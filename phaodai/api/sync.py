"""The change feed of a resource, for phones that work offline: ``GET …/changes/?since=<token>``.

A client asks for the rows of its jurisdiction changed since its last token (none: from the
beginning) and gets them in a stable order, oldest change first (``updated_at``, then id),
at most ``page_size`` at a time, with the token to ask from next time. The token is opaque
to the client (it encodes the last row's change time and id). Rows changed in the last
``PHAODAI_SYNC_SETTLE_SECONDS`` are held back until the next call, so a row written by a
transaction that commits a little later than another is not skipped.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from phaodai.api import fields

DEFAULT_PAGE_SIZE = 200
MAX_PAGE_SIZE = 1000


def encode_token(changed_at: dt.datetime, pk: int) -> str:
    raw = f"{changed_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> tuple[dt.datetime, int]:
    """(change time, id) of a token; ValueError when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        stamp, _sep, pk = raw.partition("|")
        changed_at = dt.datetime.fromisoformat(stamp)
        number = int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(token) from exc
    if changed_at.tzinfo is None or number < 0 or not pk.isascii():
        raise ValueError(token)
    return changed_at, number


class SinceField(fields.CharField):
    """The ``since`` token (blank or absent: from the beginning), checked and decoded."""

    default_error_messages = {
        **fields.CharField.default_error_messages,
        "token": _("Mã đồng bộ không hợp lệ; hãy dùng giá trị next_since của lần trước, hoặc bỏ trống."),
    }

    def run_validation(self, data: Any = empty) -> Any:
        # DRF answers a blank value without calling to_internal_value: blank is "from the start".
        value = super().run_validation(data)
        return None if value == "" else value

    # A CharField on the wire whose value is the decoded token: DRF allows it, its stubs do not.
    def to_internal_value(self, data: Any) -> tuple[dt.datetime, int] | None:  # type: ignore[override]
        text = super().to_internal_value(data)
        if not text:
            return None
        try:
            return decode_token(text)
        except ValueError:
            self.fail("token")


class ChangesFilterSerializer(fields.Serializer):
    since = SinceField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Giá trị next_since của lần gọi trước; bỏ trống để lấy từ đầu.",
    )
    page_size = fields.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=f"Số bản ghi tối đa mỗi lần (mặc định {DEFAULT_PAGE_SIZE}, tối đa {MAX_PAGE_SIZE}).",
    )


def changes_page_serializer(
    item: type[serializers.BaseSerializer[Any]], name: str
) -> type[serializers.Serializer[Any]]:
    """The documented body of a change feed of ``item`` rows (its schema component ``name``)."""

    class ChangesPage(serializers.Serializer[Any]):
        results = item(many=True)
        next_since = serializers.CharField(help_text="Gửi lại ở lần sau: ?since=<giá trị này>.")
        has_more = serializers.BooleanField(help_text="true: còn bản ghi thay đổi, hãy gọi tiếp ngay.")

    ChangesPage.__name__ = ChangesPage.__qualname__ = name
    return ChangesPage


def changes_since(
    queryset: QuerySet[Any], *, since: tuple[dt.datetime, int] | None, page_size: int
) -> tuple[list[Any], str, bool]:
    """(rows, next token, more) of ``queryset`` changed after ``since``, oldest change first."""
    settle = dt.timedelta(seconds=getattr(settings, "PHAODAI_SYNC_SETTLE_SECONDS", 2))
    rows = queryset.filter(updated_at__lte=timezone.now() - settle)
    if since is not None:
        changed_at, pk = since
        rows = rows.filter(Q(updated_at__gt=changed_at) | Q(updated_at=changed_at, pk__gt=pk))
    found = list(rows.order_by("updated_at", "pk")[: page_size + 1])
    more = len(found) > page_size
    found = found[:page_size]
    if found:
        token = encode_token(found[-1].updated_at, found[-1].pk)
    elif since is not None:
        token = encode_token(*since)
    else:
        token = ""
    return found, token, more
