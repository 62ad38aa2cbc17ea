"""Schemathesis over the committed schema (``docs/openapi.yaml``), every operation, every check.

Each operation gets its coverage cases (boundaries, missing and wrong-typed values) and a bounded
number of generated requests (``FUZZ_EXAMPLES``, default 10; ``FUZZ_EXAMPLES=200 pytest -m fuzz``
goes deeper; about 3,000 requests in all at the default), sent in-process to the WSGI application as a
commune officer and as the province leader, each with a token issued before the run. Every check
schemathesis has is on: no 5xx, status codes, content types, headers and bodies as documented,
invalid input refused, valid input accepted. Failed logins the fuzzer makes on the token endpoint
use generated usernames, and the lock-out is per username and address, so the two accounts are
never locked out; the rate limits are the test settings' (far above the run).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.env import BASE_DIR
from phaodai.accounts.services import token_issue
from phaodai.accounts.tests.factories import PASSWORD, make_user
from phaodai.core.errors import CoreErrorCode
from phaodai.core.roles import Role
from phaodai.people.tests.factories import make_household, make_person

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))

# What a schema-valid request may still get: the answers that depend on the data, not the form
# (a record that is not there or not in the caller's area, a record changed meanwhile, a rule).
STATE_DEPENDENT = {200, 201, 204, 301, 302, 401, 403, 404, 409, 412, 428, 429}
# Field error codes a schema cannot promise away: a reference that does not resolve in the
# caller's area ("not_found"), the shared rules of core (a unit too high for a record, outside
# the jurisdiction…), a wrong password, a change-feed token the server never issued ("token": it
# is opaque, any string is schema-valid), and the apps' own rules ("people.household_code_taken").
STATE_DEPENDENT_CODES = {"not_found", "invalid_login", "token", *CoreErrorCode.values}


def _codes(body: Any) -> list[str]:
    try:
        codes = body["error"]["codes"]
    except (KeyError, TypeError):
        return []
    return [code for field_codes in codes.values() for code in field_codes]


def valid_data_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schemathesis's positive-data check, told which 400s are about the data, not its form.

    A schema-valid request answered 400 fails unless every field error is state-dependent
    (above); so a DRF format error (``invalid``, ``max_length``, ``required`` …) on data the
    schema allows — the schema promising what the code refuses — still fails the run.
    """
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code in STATE_DEPENDENT:
        return None
    if response.status_code == 400:
        codes = _codes(response.json())
        if codes and all(code in STATE_DEPENDENT_CODES or "." in code for code in codes):
            return None
    raise AssertionError(f"Schema-valid request answered {response.status_code}: {response.text[:500]}")


schema = schemathesis.openapi.from_path(BASE_DIR / "docs" / "openapi.yaml")
schema.app = WSGIHandler()

pytestmark = [pytest.mark.fuzz]


@pytest.fixture
def in_process_requests() -> Iterator[None]:
    """Requests served in this thread share the test's transaction: keep the connection open
    (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(params=["commune", "province"])
def caller(
    request: pytest.FixtureRequest, units: dict[str, Any], in_process_requests: None
) -> Iterator[dict[str, str]]:
    """Headers of one caller, with a little of everything in the commune to find; afterwards,
    the caller's account still logs in (the run locked nobody out)."""
    village = units["Thôn Bản Phố 1"]
    household = make_household(unit=village, code="BP1-FUZZ", address="Thôn Bản Phố 1, nhà số 9")
    make_person(
        residence_unit=village, full_name="Lò Văn Thử", national_id="010090000009", household=household
    )
    make_person(residence_unit=units["Thôn Sán Chải"], full_name="Giàng Thị Mai")
    if request.param == "commune":
        user = make_user(role=Role.COMMUNE_LEADER, home_unit=units["Xã Bản Phố"], username="canbo.xa")
    else:
        user = make_user(role=Role.PROVINCE_LEADER, home_unit=units["Tỉnh Lào Cai"], username="lanhdao.tinh")
    _token, key = token_issue(user=user, name="schemathesis", audited=False)
    yield {"Authorization": f"Token {key}"}

    login = Client().post(
        "/api/v1/token/",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert login.status_code == 200, login.content


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_keeps_to_its_schema(case: Any, caller: dict[str, str]) -> None:
    case.call_and_validate(
        headers=caller,
        excluded_checks=[positive_data_acceptance],
        additional_checks=[valid_data_accepted],
    )
