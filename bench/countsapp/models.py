from django.db import models

from phaodai.core.access import ScopedManager
from phaodai.core.fields import KeyField


class BenchSample(models.Model):
    """A test sample taken in a commune on a day: kind and result (a lean test-result row)."""

    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    area_path = KeyField(max_length=255)
    day = models.DateField()
    kind = models.CharField(max_length=16)
    result = models.CharField(max_length=16)

    objects = ScopedManager()
    scope_field = "area_path"

    class Meta:
        app_label = "bench_counts"
        indexes = [models.Index(fields=["area_path", "day"], name="bench_sample_path_day")]

    def __str__(self) -> str:
        return f"{self.kind} {self.result} {self.day}"
