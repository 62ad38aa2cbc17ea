"""Error codes of the testing services (``ValidationError(code=…)``), as API clients read them."""

from django.db import models


class LabtestsErrorCode(models.TextChoices):
    RESULT_BEFORE_SAMPLE = "labtests.result_before_sample", "labtests.result_before_sample"
    DATE_IN_FUTURE = "labtests.date_in_future", "labtests.date_in_future"
    SAMPLE_BEFORE_BIRTH = "labtests.sample_before_birth", "labtests.sample_before_birth"
    CT_ONLY_PCR = "labtests.ct_only_pcr", "labtests.ct_only_pcr"
    CT_RANGE = "labtests.ct_range", "labtests.ct_range"
    POOL_FULL = "labtests.pool_full", "labtests.pool_full"
    POOL_KIND = "labtests.pool_kind", "labtests.pool_kind"
    POOL_HAS_RESULT = "labtests.pool_has_result", "labtests.pool_has_result"
    POOL_EMPTY = "labtests.pool_empty", "labtests.pool_empty"
    ALREADY_IN_POOL = "labtests.already_in_pool", "labtests.already_in_pool"
    ALREADY_IN_SESSION = "labtests.already_in_session", "labtests.already_in_session"
    SAMPLE_HAS_RESULT = "labtests.sample_has_result", "labtests.sample_has_result"
    POOLED_SAMPLE = "labtests.pooled_sample", "labtests.pooled_sample"
    PERSON_MERGED = "labtests.person_merged", "labtests.person_merged"
    PERSON_REQUIRED = "labtests.person_required", "labtests.person_required"
    RESULT_REQUIRED = "labtests.result_required", "labtests.result_required"
    RESULT_IN_CASE = "labtests.result_in_case", "labtests.result_in_case"
    SESSION_HAS_SAMPLES = "labtests.session_has_samples", "labtests.session_has_samples"
    SELF_TEST_IN_SESSION = "labtests.self_test_in_session", "labtests.self_test_in_session"
    PROPOSAL_DECIDED = "labtests.proposal_decided", "labtests.proposal_decided"
    CASE_REQUIRED = "labtests.case_required", "labtests.case_required"
    PLACE_REQUIRED = "labtests.place_required", "labtests.place_required"
    LAB_TOO_LONG = "labtests.lab_too_long", "labtests.lab_too_long"
