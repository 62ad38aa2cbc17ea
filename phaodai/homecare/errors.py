"""Error codes of the home-care services (``ValidationError(code=…)``), as API clients read them."""

from django.db import models


class HomecareErrorCode(models.TextChoices):
    OUT_OF_RANGE = "homecare.out_of_range", "homecare.out_of_range"
    NOT_A_NUMBER = "homecare.not_a_number", "homecare.not_a_number"
    BLOOD_PRESSURE_ORDER = "homecare.blood_pressure_order", "homecare.blood_pressure_order"
    SYMPTOM_UNKNOWN = "homecare.symptom_unknown", "homecare.symptom_unknown"
    EMPTY_READING = "homecare.empty_reading", "homecare.empty_reading"
    SLOT_FUTURE = "homecare.slot_future", "homecare.slot_future"
    SLOT_OUTSIDE_ISOLATION = "homecare.slot_outside_isolation", "homecare.slot_outside_isolation"
    CASE_NOT_AT_HOME = "homecare.case_not_at_home", "homecare.case_not_at_home"
    LINK_INVALID = "homecare.link_invalid", "homecare.link_invalid"
    LINK_REVOKED = "homecare.link_revoked", "homecare.link_revoked"
    LINK_EXPIRED = "homecare.link_expired", "homecare.link_expired"
    LINK_OTHER_CASE = "homecare.link_other_case", "homecare.link_other_case"
    ISOLATION_ENDED = "homecare.isolation_ended", "homecare.isolation_ended"
