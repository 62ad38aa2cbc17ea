"""How a stored parameter value is shown on the rule set page."""

from __future__ import annotations

import json
from typing import Any

from django import template

register = template.Library()


@register.filter
def param_value(value: Any) -> dict[str, Any]:
    """{"kind": "bool" | "list" | "json" | "text", ...} for the ``rules/_value.html`` template."""
    if isinstance(value, bool):
        return {"kind": "bool"}
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return {"kind": "list", "items": value}
    if isinstance(value, (dict, list)):
        return {"kind": "json", "text": json.dumps(value, ensure_ascii=False, indent=2)}
    return {"kind": "text", "text": "—" if value is None else str(value)}
