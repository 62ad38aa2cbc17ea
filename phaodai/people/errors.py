"""Error codes of the people services (``ValidationError(code=…)``), as API clients read them.

The API answers them in ``error.codes`` beside the messages; the schema lists them.
"""

from django.db import models


class PeopleErrorCode(models.TextChoices):
    NAME_REQUIRED = "people.name_required", "people.name_required"
    NATIONAL_ID_NOT_DIGITS = "people.national_id_not_digits", "people.national_id_not_digits"
    NATIONAL_ID_LENGTH = "people.national_id_length", "people.national_id_length"
    NATIONAL_ID_PROVINCE = "people.national_id_province", "people.national_id_province"
    NATIONAL_ID_FUTURE_YEAR = "people.national_id_future_year", "people.national_id_future_year"
    PHONE_INVALID = "people.phone_invalid", "people.phone_invalid"
    BIRTH_REQUIRED = "people.birth_required", "people.birth_required"
    BIRTH_YEAR_RANGE = "people.birth_year_range", "people.birth_year_range"
    BIRTH_DATE_FUTURE = "people.birth_date_future", "people.birth_date_future"
    BIRTH_DATE_TOO_EARLY = "people.birth_date_too_early", "people.birth_date_too_early"
    BIRTH_DATE_YEAR_MISMATCH = "people.birth_date_year_mismatch", "people.birth_date_year_mismatch"
    SEX_INVALID = "people.sex_invalid", "people.sex_invalid"
    CCCD_BIRTH_YEAR_MISMATCH = "people.cccd_birth_year_mismatch", "people.cccd_birth_year_mismatch"
    CCCD_SEX_MISMATCH = "people.cccd_sex_mismatch", "people.cccd_sex_mismatch"
    HOUSEHOLD_OTHER_UNIT = "people.household_other_unit", "people.household_other_unit"
    ETHNICITY_UNKNOWN = "people.ethnicity_unknown", "people.ethnicity_unknown"
    RESIDENCE_STATUS_INVALID = "people.residence_status_invalid", "people.residence_status_invalid"
    AWAY_LOCATION_REQUIRED = "people.away_location_required", "people.away_location_required"
    CONDITION_UNKNOWN = "people.condition_unknown", "people.condition_unknown"
    PREGNANT_MALE = "people.pregnant_male", "people.pregnant_male"
    MERGED_RECORD = "people.merged_record", "people.merged_record"
    MERGE_SELF = "people.merge_self", "people.merge_self"
    MERGE_CHAIN = "people.merge_chain", "people.merge_chain"
    MERGE_CHOICE_INVALID = "people.merge_choice_invalid", "people.merge_choice_invalid"
    PAIR_RESOLVED = "people.pair_resolved", "people.pair_resolved"
    HOUSEHOLD_CODE_TAKEN = "people.household_code_taken", "people.household_code_taken"
    GROUP_OTHER_AREA = "people.group_other_area", "people.group_other_area"
    HEAD_MERGED = "people.head_merged", "people.head_merged"
    HEAD_IN_OTHER_HOUSEHOLD = "people.head_in_other_household", "people.head_in_other_household"
    HEAD_NOT_MEMBER = "people.head_not_member", "people.head_not_member"
    HEAD_OTHER_UNIT = "people.head_other_unit", "people.head_other_unit"
    GROUP_NAME_REQUIRED = "people.group_name_required", "people.group_name_required"
    GROUP_NAME_TAKEN = "people.group_name_taken", "people.group_name_taken"
    LEADER_MERGED = "people.leader_merged", "people.leader_merged"
    LEADER_OTHER_UNIT = "people.leader_other_unit", "people.leader_other_unit"
