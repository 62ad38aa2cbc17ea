from django.db import models

from phaodai.core.models import AreaScopedModel


class Tally(AreaScopedModel):
    """A record that counts: one sample of a colour taken in a unit on a day, maybe still open."""

    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    unit_id: int
    day = models.DateField()
    colour = models.CharField(max_length=16)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        # Explicit: the module lies inside the installed ``phaodai.counts``, which Django would
        # otherwise take for its app (and the tests import it before installing this app).
        app_label = "counts_tallyapp"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.colour} {self.day}"
