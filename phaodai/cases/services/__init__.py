"""Writes of the cases app (split by topic; everything is importable from here)."""

from phaodai.cases.services.cases import (
    CASE_FIELDS,
    CLOSING_STATUSES,
    case_close,
    case_confirm_from_proposal,
    case_confirm_once,
    case_create,
    case_delete,
    case_person_merged,
    case_severity_change,
    case_transfer,
    case_update,
    delete_refusal,
    lock_case,
)
from phaodai.cases.services.decide import decide, facts_of, suggest_severity
from phaodai.cases.services.facilities import FACILITY_FIELDS, beds_set, facility_create, facility_update

__all__ = [
    "CASE_FIELDS",
    "CLOSING_STATUSES",
    "FACILITY_FIELDS",
    "beds_set",
    "case_close",
    "case_confirm_from_proposal",
    "case_confirm_once",
    "case_create",
    "case_delete",
    "case_person_merged",
    "case_severity_change",
    "case_transfer",
    "case_update",
    "decide",
    "delete_refusal",
    "facility_create",
    "facility_update",
    "facts_of",
    "lock_case",
    "suggest_severity",
]
