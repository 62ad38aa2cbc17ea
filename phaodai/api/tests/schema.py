"""Check API responses against the committed ``docs/openapi.yaml`` (Zulip's pattern).

``assert_matches_schema(response, "person_list")`` fails when the status code is not
documented for that operation, or when the JSON body does not validate against the
documented schema. Validation is strict: an object may carry no property the schema
does not list, so an undocumented field in a response fails the test too.

The OpenAPI 3.0 document is turned into plain JSON Schema first: ``nullable: true``
becomes a ``"null"`` type, and ``$ref``s resolve inside the document
(``#/components/schemas/...``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from typing import Any

import yaml
from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]  # no stubs installed
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_FILE = settings.BASE_DIR / "docs" / "openapi.yaml"
_URI = "urn:phaodai:openapi"
_METHODS = ("get", "post", "put", "patch", "delete")


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects → JSON Schema 2020-12, recursively."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items()}
    if "properties" in converted and "additionalProperties" not in converted:
        converted["additionalProperties"] = False
    if converted.pop("nullable", False):
        if "type" in converted:
            converted["type"] = [converted["type"], "null"]
            if "enum" in converted and None not in converted["enum"]:
                converted["enum"] = [*converted["enum"], None]
        else:
            return {"anyOf": [converted, {"type": "null"}]}
    return converted


@cache
def _document() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))
    return document


@cache
def _registry() -> Registry:
    resource = Resource.from_contents(_json_schema(_document()), default_specification=DRAFT202012)
    registry: Registry = Registry().with_resource(_URI, resource)
    return registry


@cache
def operations() -> dict[str, tuple[str, str]]:
    """operationId → (path, method) for every operation in the committed schema."""
    found: dict[str, tuple[str, str]] = {}
    for path, item in _document()["paths"].items():
        for method in _METHODS:
            if method in item:
                found[item[method]["operationId"]] = (path, method)
    return found


def operation_id_for(path: str, method: str) -> str | None:
    """The operationId documented for a path template and method, or None."""
    item = _document()["paths"].get(path, {})
    found: str | None = item.get(method.lower(), {}).get("operationId")
    return found


def _pointer(*parts: str) -> str:
    return "/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)  # type: ignore[untyped-decorator]  # jsonschema: no stubs
def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return dt.datetime.fromisoformat(value).tzinfo is not None


def assert_matches_schema(response: Any, operation_id: str) -> None:
    """The response's status is documented for ``operation_id`` and its body validates."""
    assert operation_id in operations(), f"operation {operation_id!r} is not in {SCHEMA_FILE.name}"
    path, method = operations()[operation_id]
    documented = _document()["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{operation_id}: status {status} is not documented ({sorted(documented)})"
    content = documented[status].get("content")
    if content is None:
        assert response.content == b"", f"{operation_id}: {status} is documented without a body"
        return
    assert re.match(r"application/json\b", response["Content-Type"]), response["Content-Type"]
    pointer = _pointer("paths", path, method, "responses", status, "content", "application/json", "schema")
    validator = Draft202012Validator(
        {"$ref": f"{_URI}#{pointer}"}, registry=_registry(), format_checker=FORMATS
    )
    errors = sorted(validator.iter_errors(json.loads(response.content)), key=lambda e: list(e.absolute_path))
    assert not errors, f"{operation_id} {status}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}" for e in errors
    )
