"""Writes to the resident registry (R-02, R-03).

Every function takes the acting user first (keyword-only), runs in one transaction,
checks the actor's capability and jurisdiction (``core.services``), validates with
Vietnamese messages keyed by field (each with a ``PeopleErrorCode``), and writes an audit
row of one of the app's event types (``people.events``) with the values before and after.
Rejected calls write nothing.

Offline clients send the record's ``uuid``: sending the same record again returns the
stored one (``created`` False) and writes nothing (``core.services.create_once``).
"""

from phaodai.people.export import people_export
from phaodai.people.services.households import (
    HOUSEHOLD_FIELDS,
    LIAISON_GROUP_FIELDS,
    household_create,
    household_update,
    liaison_group_create,
    liaison_group_update,
)
from phaodai.people.services.imports import (
    residents_import_file,
    residents_import_preview,
    residents_import_run,
    residents_import_start,
)
from phaodai.people.services.merge import duplicate_dismiss, person_merge
from phaodai.people.services.persons import (
    PERSON_FIELDS,
    derive_person,
    national_id_taken,
    person_create,
    person_update,
)
from phaodai.people.services.population import population_count_from_registry

__all__ = [
    "HOUSEHOLD_FIELDS",
    "LIAISON_GROUP_FIELDS",
    "PERSON_FIELDS",
    "derive_person",
    "duplicate_dismiss",
    "household_create",
    "household_update",
    "liaison_group_create",
    "liaison_group_update",
    "national_id_taken",
    "people_export",
    "person_create",
    "person_merge",
    "person_update",
    "population_count_from_registry",
    "residents_import_file",
    "residents_import_preview",
    "residents_import_run",
    "residents_import_start",
]
