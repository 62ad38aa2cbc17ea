"""Error codes of the counts endpoints and pages, as API clients read them."""

from django.db import models


class CountsErrorCode(models.TextChoices):
    INDICATOR_UNKNOWN = "counts.indicator_unknown", "counts.indicator_unknown"
    PERIOD_REVERSED = "counts.period_reversed", "counts.period_reversed"
    PERIOD_TOO_LONG = "counts.period_too_long", "counts.period_too_long"
