"""Error codes of the shared checks (``ValidationError(code=…)``), as API clients read them.

Each app declares its own ``<App>ErrorCode`` the same way (``phaodai.people.errors``); the API
puts the codes beside the messages (``error.codes``) and the schema lists them per app.
"""

from django.db import models


class CoreErrorCode(models.TextChoices):
    UNIT_REQUIRED = "unit_required", "unit_required"
    OUTSIDE_JURISDICTION = "outside_jurisdiction", "outside_jurisdiction"
    UNIT_TOO_HIGH = "unit_too_high", "unit_too_high"
    UUID_TAKEN = "uuid_taken", "uuid_taken"
