"""System checks of the access model: every model with an area is scoped (``manage.py check``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from phaodai.core.access import is_scoped, scope_field_of
from phaodai.core.models import AreaScopedModel

AREA_MODEL = "areas.AdminUnit"


def _label(related: Any) -> str:
    """The "app_label.Model" of a relation's target (a string while it is not resolved yet)."""
    return related if isinstance(related, str) else str(related._meta.label)


def _area_fields(model: type[models.Model]) -> list[str]:
    """The fields that say a row belongs to an area: a path, or a foreign key to a unit."""
    found = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False):
            continue
        # A model class once the apps are loaded (a string in an isolated registry); None: generic.
        related = field.related_model
        if field.name == "area_path" or (
            field.is_relation and field.many_to_one and related is not None and _label(related) == AREA_MODEL
        ):
            found.append(field.name)
    return found


def check_scoped_models(
    models_to_check: Iterable[type[models.Model]] | None = None,
) -> list[checks.CheckMessage]:
    """Errors for area-bound models whose default manager is not scoped (or scoped on no field)."""
    errors: list[checks.CheckMessage] = []
    candidates = models_to_check if models_to_check is not None else apps.get_models()
    for model in candidates:
        meta = model._meta
        if meta.abstract or meta.proxy or (meta.label == AREA_MODEL and is_scoped(model)):
            continue
        area_fields = _area_fields(model)
        exempt = getattr(model, "scope_exempt", "")
        if not area_fields and not is_scoped(model):
            continue
        if not is_scoped(model):
            if not exempt:
                errors.append(
                    checks.Error(
                        f"{meta.label} has an area ({', '.join(area_fields)}) but its default manager "
                        "is not a ScopedManager.",
                        hint="Derive it from phaodai.core.models.AreaScopedModel, or give it "
                        "objects = ScopedManager() and scope_field; or set scope_exempt = '<why>'.",
                        obj=model,
                        id="phaodai.E001",
                    )
                )
            continue
        field_name = scope_field_of(model)
        try:
            meta.get_field(field_name)
        except FieldDoesNotExist:
            errors.append(
                checks.Error(
                    f"{meta.label} is scoped on {field_name!r}, which is not one of its fields.",
                    obj=model,
                    id="phaodai.E002",
                )
            )
        if issubclass(model, AreaScopedModel):
            errors.extend(_unit_field_errors(model))
    return errors


def _unit_field_errors(model: type[AreaScopedModel]) -> Sequence[checks.CheckMessage]:
    name = model.area_unit_field
    try:
        field: Any = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is None or not field.many_to_one or _label(field.related_model) != AREA_MODEL:
        return [
            checks.Error(
                f"{model._meta.label}.area_unit_field = {name!r} is not a foreign key to {AREA_MODEL}.",
                obj=model,
                id="phaodai.E003",
            )
        ]
    return []


def scoped_models_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return check_scoped_models()


def shared_cache_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Deployment: rate limits count in the cache, so several workers need one shared cache."""
    backend = str(settings.CACHES.get("default", {}).get("BACKEND", ""))
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            checks.Warning(
                "The cache is each process's own memory: every worker counts rate limits by itself.",
                hint="Set REDIS_URL (docs/SECURITY.md) so all workers and machines share the counts.",
                id="phaodai.W001",
            )
        ]
    return []
