"""Error codes of the request desk services (``ValidationError(code=…)``)."""

from django.db import models


class RequestsErrorCode(models.TextChoices):
    DESCRIPTION_REQUIRED = "requests.description_required", "requests.description_required"
    NAME_REQUIRED = "requests.name_required", "requests.name_required"
    PHONE_INVALID = "requests.phone_invalid", "requests.phone_invalid"
    UNIT_INVALID = "requests.unit_invalid", "requests.unit_invalid"
    CLOSED = "requests.closed", "requests.closed"
    STATUS_NOT_ALLOWED = "requests.status_not_allowed", "requests.status_not_allowed"
    RESOLUTION_REQUIRED = "requests.resolution_required", "requests.resolution_required"
    ASSIGNEE_REQUIRED = "requests.assignee_required", "requests.assignee_required"
    ASSIGNEE_OUTSIDE = "requests.assignee_outside", "requests.assignee_outside"
    PERSON_OUTSIDE = "requests.person_outside", "requests.person_outside"
