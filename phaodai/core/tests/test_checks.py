"""The system check refuses a model that has an area but is not scoped."""

from __future__ import annotations

from django.db import models
from django.test.utils import isolate_apps

from phaodai.core.access import ScopedManager
from phaodai.core.checks import check_scoped_models
from phaodai.core.models import AreaScopedModel


def test_the_project_passes():
    assert check_scoped_models() == []


@isolate_apps("phaodai.core")
def test_a_model_with_a_unit_and_a_plain_manager_is_refused():
    class Checkpoint(models.Model):
        unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")

        class Meta:
            app_label = "core"

    assert [(e.id, e.obj) for e in check_scoped_models([Checkpoint])] == [("phaodai.E001", Checkpoint)]


@isolate_apps("phaodai.core")
def test_a_model_with_an_area_path_only_is_refused_unless_exempt_with_a_reason():
    class Trace(models.Model):
        area_path = models.CharField(max_length=255)

        class Meta:
            app_label = "core"

    class Reference(models.Model):
        unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
        scope_exempt = "links read by anyone who may see either side"

        class Meta:
            app_label = "core"

    assert [e.id for e in check_scoped_models([Trace, Reference])] == ["phaodai.E001"]


@isolate_apps("phaodai.core")
def test_a_scoped_model_must_name_real_fields():
    class Lost(models.Model):
        unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
        objects = ScopedManager()
        scope_field = "path"  # no such field

        class Meta:
            app_label = "core"

    class Misnamed(AreaScopedModel):
        place = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")

        class Meta:
            app_label = "core"

    assert [e.id for e in check_scoped_models([Lost, Misnamed])] == ["phaodai.E002", "phaodai.E003"]
