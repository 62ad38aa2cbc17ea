"""Error codes of the establishments services (``ValidationError(code=…)``)."""

from django.db import models


class EstablishmentErrorCode(models.TextChoices):
    NAME_REQUIRED = "establishments.name_required", "establishments.name_required"
    SCHOOL_ONLY = "establishments.school_only", "establishments.school_only"
    HEADCOUNT_NEGATIVE = "establishments.headcount_negative", "establishments.headcount_negative"
    PHONE_INVALID = "establishments.phone_invalid", "establishments.phone_invalid"
    MEMBER_NAME_REQUIRED = "establishments.member_name_required", "establishments.member_name_required"
    MEMBER_PERSON_OUTSIDE = "establishments.member_person_outside", "establishments.member_person_outside"
    MEMBER_TAKEN = "establishments.member_taken", "establishments.member_taken"
    PUPIL_NOT_SCHOOL = "establishments.pupil_not_school", "establishments.pupil_not_school"
    INSPECTED_FUTURE = "establishments.inspected_future", "establishments.inspected_future"
    ANSWERS_MISSING = "establishments.answers_missing", "establishments.answers_missing"
    PASSED_WITH_UNMET = "establishments.passed_with_unmet", "establishments.passed_with_unmet"
    FOLLOW_UP_REQUIRED = "establishments.follow_up_required", "establishments.follow_up_required"
    FOLLOW_UP_DATE = "establishments.follow_up_date", "establishments.follow_up_date"
    OPERATE_REASON_REQUIRED = (
        "establishments.operate_reason_required",
        "establishments.operate_reason_required",
    )
