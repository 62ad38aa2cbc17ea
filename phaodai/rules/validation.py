"""A kind's schema errors, said in Vietnamese and naming the parameter."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticError


def _where(loc: tuple[int | str, ...]) -> str:
    parts = []
    for step in loc:
        if isinstance(step, int):
            parts.append(f"[{step + 1}]")
        else:
            parts.append(("." if parts else "") + step)
    return "".join(parts) or _("(toàn bộ)")


def _why(error: Any) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("chưa có giá trị (bắt buộc)")
    if kind == "extra_forbidden":
        return _("không có trong loại quy định này")
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return _("phải là số nguyên")
    if kind in {"float_type", "float_parsing", "decimal_type", "decimal_parsing"}:
        return _("phải là số")
    if kind in {"bool_type", "bool_parsing"}:
        return _("phải là có hoặc không")
    if kind in {"string_type"}:
        return _("phải là chữ")
    if kind in {"list_type", "tuple_type", "set_type", "frozen_set_type"}:
        return _("phải là một danh sách")
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _("phải là một nhóm tham số")
    if kind in {"date_type", "date_parsing", "date_from_datetime_parsing"}:
        return _("phải là một ngày (YYYY-MM-DD)")
    if kind == "greater_than":
        return _("phải lớn hơn %(limit)s") % {"limit": ctx.get("gt")}
    if kind == "greater_than_equal":
        return _("phải từ %(limit)s trở lên") % {"limit": ctx.get("ge")}
    if kind == "less_than":
        return _("phải nhỏ hơn %(limit)s") % {"limit": ctx.get("lt")}
    if kind == "less_than_equal":
        return _("không được quá %(limit)s") % {"limit": ctx.get("le")}
    if kind in {"too_short", "string_too_short"}:
        return _("quá ngắn (ít nhất %(limit)s)") % {"limit": ctx.get("min_length")}
    if kind in {"too_long", "string_too_long"}:
        return _("quá dài (nhiều nhất %(limit)s)") % {"limit": ctx.get("max_length")}
    if kind in {"literal_error", "enum"}:
        return _("phải là một trong: %(choices)s") % {"choices": ctx.get("expected", "")}
    if kind == "value_error":
        return _("không hợp lệ: %(why)s") % {"why": str(ctx.get("error", error.get("msg", "")))}
    return _("không hợp lệ (%(why)s)") % {"why": error.get("msg", kind)}


def parameter_messages(exc: PydanticError) -> list[str]:
    """One Vietnamese sentence per schema error: «Tham số "x": phải là số nguyên.»"""
    return [
        _("Tham số «%(name)s»: %(why)s.") % {"name": _where(tuple(error["loc"])), "why": _why(error)}
        for error in exc.errors()
    ]
