from django.db import models

from phaodai.core.models import AreaScopedModel


class FieldNote(AreaScopedModel):
    """A note a community team writes about a place, maybe about one resident."""

    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.CharField("nội dung", max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text
