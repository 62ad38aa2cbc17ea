"""Writes of the testing app (R-13): sessions, samples, pools, results, follow-ups, proposals.

Every function takes the acting user first (keyword-only), runs in one transaction, checks
``EDIT_TESTS`` and the jurisdiction, validates with Vietnamese messages keyed by field (each
with a ``LabtestsErrorCode``), writes an audit row of one of the app's event types, and moves
the testing figures in ``counts`` in that same transaction. Rejected calls write nothing.
"""

from phaodai.labtests.services.bulk import ScreeningLine, screening_bulk_record
from phaodai.labtests.services.entry import NewPerson, screening_entry
from phaodai.labtests.services.pools import pool_add_member, pool_create, pool_max, pool_result_record
from phaodai.labtests.services.proposals import proposal_decide
from phaodai.labtests.services.results import (
    result_delete,
    result_record,
    result_update,
    sample_delete,
    sample_record,
)
from phaodai.labtests.services.sessions import session_create, session_update

__all__ = [
    "NewPerson",
    "ScreeningLine",
    "pool_add_member",
    "pool_create",
    "pool_max",
    "pool_result_record",
    "proposal_decide",
    "result_delete",
    "result_record",
    "result_update",
    "sample_delete",
    "sample_record",
    "screening_bulk_record",
    "screening_entry",
    "session_create",
    "session_update",
]
