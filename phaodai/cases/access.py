"""Single-record fetches for a user with a keyword-only ``user`` (the API's ``fetch``, ``RefField``):
404 both when the record is missing and when it is out of reach."""

from __future__ import annotations

from typing import Any

from phaodai.cases.models import Case, Facility
from phaodai.cases.selectors import case_for_user, facility_for_user
from phaodai.core.roles import Capability


def case_get_for_user(*, user: Any, case_id: int | str) -> Case:
    return case_for_user(user, case_id)


def facility_get_for_user(*, user: Any, facility_id: int | str) -> Facility:
    return facility_for_user(user, facility_id)


def facility_for_placement(*, user: Any, facility_id: int | str) -> Facility:
    """A facility a case of the user's may be placed in: any active facility of a province the
    user works in (a commune's officer sends cases to district and provincial facilities that
    lie outside their own jurisdiction; facilities are public, not personal data)."""
    from django.http import Http404

    from phaodai.core.access import get_or_404, has_capability, jurisdiction_of

    if not has_capability(user, Capability.EDIT_CASES):
        raise Http404
    jurisdiction = jurisdiction_of(user)
    facility = get_or_404(Facility.objects.unscoped().select_related("unit"), pk=facility_id)
    province = facility.area_path.split(".", 1)[0] + "."
    if not jurisdiction.is_everything and not any(p.startswith(province) for p in jurisdiction.paths):
        raise Http404
    return facility
