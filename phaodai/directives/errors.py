"""Error codes of the directives services (``ValidationError(code=…)``), as API clients read them."""

from django.db import models


class DirectivesErrorCode(models.TextChoices):
    REQUIRED = "directives.required", "directives.required"
    KIND_UNKNOWN = "directives.kind_unknown", "directives.kind_unknown"
    URGENCY_UNKNOWN = "directives.urgency_unknown", "directives.urgency_unknown"
    ISSUED_IN_FUTURE = "directives.issued_in_future", "directives.issued_in_future"
    FILE_TYPE = "directives.file_type", "directives.file_type"
    FILE_TOO_BIG = "directives.file_too_big", "directives.file_too_big"
    TEXT_OR_FILE = "directives.text_or_file", "directives.text_or_file"
    UNIT_OUTSIDE_ISSUER = "directives.unit_outside_issuer", "directives.unit_outside_issuer"
    NO_COMMUNES = "directives.no_communes", "directives.no_communes"
    DEADLINE_BEFORE_DIRECTIVE = "directives.deadline_before_directive", "directives.deadline_before_directive"
    DEADLINE_AFTER_PARENT = "directives.deadline_after_parent", "directives.deadline_after_parent"
    PASS_DOWN_BELOW = "directives.pass_down_below", "directives.pass_down_below"
    UNIT_LOCKED = "directives.unit_locked", "directives.unit_locked"
    FREQUENCY_UNKNOWN = "directives.frequency_unknown", "directives.frequency_unknown"
    TASK_DONE = "directives.task_done", "directives.task_done"
    PROGRESS_RANGE = "directives.progress_range", "directives.progress_range"
    EVIDENCE_REQUIRED = "directives.evidence_required", "directives.evidence_required"
    EVIDENCE_NOT_FOUND = "directives.evidence_not_found", "directives.evidence_not_found"
    COMPLETED_IN_FUTURE = "directives.completed_in_future", "directives.completed_in_future"
    COMPLETED_BEFORE_DIRECTIVE = (
        "directives.completed_before_directive",
        "directives.completed_before_directive",
    )
