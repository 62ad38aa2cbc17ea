"""Reads of the request desk: lists inside the user's jurisdiction, the home card, the receipt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    When,
)
from django.utils import timezone

from phaodai.accounts.models import User
from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit
from phaodai.core.access import ScopedQuerySet, get_or_404, has_capability, in_jurisdiction
from phaodai.core.roles import Capability
from phaodai.core.text import clean_text
from phaodai.requests_desk.enums import CLOSED_STATUSES, OPEN_STATUSES, RequestStatus, Urgency
from phaodai.requests_desk.models import ResidentRequest
from phaodai.requests_desk.receipts import normalize_code

_RELATED = ("unit__parent", "assigned_to", "person", "household")


def _requests_for(user: Any) -> ScopedQuerySet[ResidentRequest]:
    if not has_capability(user, Capability.VIEW_REQUESTS):
        return ResidentRequest.objects.none()
    return ResidentRequest.objects.for_user(user)


def request_search(
    *,
    user: Any,
    unit: AdminUnit | None = None,
    status: str = "",
    category: str = "",
    urgency: str = "",
    open_only: bool = False,
    query: str = "",
) -> QuerySet[ResidentRequest]:
    """Requests the user may see: open urgent ones first, then open ones, oldest waiting first;
    closed ones after, newest first. ``query`` is a receipt code, a name or a phone."""
    queryset = _requests_for(user)
    if unit is not None:
        queryset = queryset.within(unit.path)
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(category=category)
    if urgency:
        queryset = queryset.filter(urgency=urgency)
    if open_only:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    text = clean_text(query or "").strip()
    if text:
        code = normalize_code(text)
        condition = Q(requester_name__icontains=text) | Q(requester_phone__startswith=text)
        if code is not None:
            condition |= Q(receipt_code=code)
        queryset = queryset.filter(condition)
    rank = Case(
        When(status__in=CLOSED_STATUSES, then=2),
        When(urgency=Urgency.URGENT, then=0),
        default=1,
        output_field=IntegerField(),
    )
    return queryset.select_related(*_RELATED).annotate(rank=rank).order_by("rank", "received_at", "pk")


def request_get_for_user(*, user: Any, request_id: int | str) -> ResidentRequest:
    """One request (404 when missing, out of reach, or for a user who may not see requests)."""
    return get_or_404(
        _requests_for(user).select_related(*_RELATED, "received_by", "resolved_by"), pk=request_id
    )


def request_by_receipt(code: str) -> ResidentRequest | None:
    """The request a receipt code names, for the resident's public page (whoever asks: the code
    is the key; the page shows no personal data)."""
    normalized = normalize_code(code)
    if normalized is None:
        return None
    found: ResidentRequest | None = (
        ResidentRequest.objects.unscoped()
        .select_related("unit__parent")
        .filter(receipt_code=normalized)
        .first()
    )
    return found


def request_changes(*, user: Any) -> QuerySet[ResidentRequest]:
    return _requests_for(user).select_related(*_RELATED)


@dataclass(frozen=True)
class RequestFigures:
    open: int
    urgent_open: int
    new: int
    resolved_week: int
    # Mean time from receipt to resolution of the requests resolved in the last 30 days.
    mean_hours_to_resolve: float | None


def home_figures(*, user: Any, unit: AdminUnit | None, now: dt.datetime | None = None) -> RequestFigures:
    """The desk's home card, counted from the requests (one aggregate query)."""
    now = now or timezone.now()
    queryset = _requests_for(user)
    if unit is not None:
        queryset = queryset.within(unit.path)
    duration = ExpressionWrapper(F("resolved_at") - F("received_at"), output_field=DurationField())
    counts = queryset.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        urgent_open=Count("pk", filter=Q(status__in=OPEN_STATUSES, urgency=Urgency.URGENT)),
        new=Count("pk", filter=Q(status=RequestStatus.NEW)),
        resolved_week=Count(
            "pk", filter=Q(status=RequestStatus.RESOLVED, resolved_at__gte=now - dt.timedelta(days=7))
        ),
        mean=Avg(
            duration, filter=Q(status=RequestStatus.RESOLVED, resolved_at__gte=now - dt.timedelta(days=30))
        ),
    )
    mean = counts["mean"]
    return RequestFigures(
        open=counts["open"],
        urgent_open=counts["urgent_open"],
        new=counts["new"],
        resolved_week=counts["resolved_week"],
        mean_hours_to_resolve=round(mean.total_seconds() / 3600, 1) if mean is not None else None,
    )


def assignee_choices(*, user: Any, request: ResidentRequest) -> list[User]:
    """Who may be given the request: active users of its area (or above) who handle requests."""
    path = request.area_path
    step = PATH_SEGMENT_WIDTH + 1
    ancestors = [path[:end] for end in range(step, len(path) + 1, step)]
    candidates = (
        User.objects.filter(is_active=True)
        .filter(Q(home_unit__path__in=ancestors) | ~Q(extra_unit_paths=""))
        .select_related("home_unit")
        .order_by("first_name", "username")
    )
    return [
        candidate
        for candidate in candidates
        if has_capability(candidate, Capability.HANDLE_REQUESTS) and in_jurisdiction(candidate, path)
    ]


# --- the public form's tree (no login: units are public facts) ------------------------------


def _current_units(today: dt.date | None = None) -> QuerySet[AdminUnit]:
    """Today's map; where no province of it is loaded (an installation, or the demo, kept on the
    2021 map after the 2025 reform), the latest map that is: its records are filed on it."""
    today = today or timezone.localdate()
    everything = AdminUnit.objects.unscoped()
    current = everything.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    if current.filter(parent__isnull=True).exists():
        return current
    latest = everything.order_by("-era__valid_from", "-era_id").values_list("era_id", flat=True).first()
    return current if latest is None else everything.filter(era_id=latest)


def public_unit(unit_id: str | int | None) -> AdminUnit | None:
    """A unit of today's map by id, or None (a bad or old id is no unit)."""
    if unit_id in (None, ""):
        return None
    try:
        number = int(str(unit_id))
    except ValueError:
        return None
    if not 0 < number < 2**63:
        return None
    found: AdminUnit | None = _current_units().select_related("parent").filter(pk=number).first()
    return found


def public_children(unit: AdminUnit | None) -> QuerySet[AdminUnit]:
    """The units to choose from under ``unit`` (the provinces at the top), by name."""
    units = _current_units()
    units = units.filter(parent__isnull=True) if unit is None else units.filter(parent=unit)
    return units.order_by("name_key", "pk")


def public_places(commune: AdminUnit) -> QuerySet[AdminUnit]:
    """Where in a commune a request may be filed: its villages, or the commune if it has none."""
    villages = public_children(commune).filter(level=UnitLevel.VILLAGE)
    if villages.exists():
        return villages.select_related("parent")
    return _current_units().filter(pk=commune.pk).select_related("parent")


def handler_get_for_user(*, user: Any, user_id: int | str) -> User:
    """A user the requesting user may hand requests to: active, handling requests, and with a home
    unit inside the requester's jurisdiction or above it (404 otherwise: ids tell nothing)."""
    from django.http import Http404

    if not has_capability(user, Capability.HANDLE_REQUESTS):
        raise Http404
    candidate = get_or_404(User.objects.filter(is_active=True).select_related("home_unit"), pk=user_id)
    home = candidate.home_unit
    mine = getattr(user, "home_unit", None)
    related = home is not None and (
        in_jurisdiction(user, home.path) or (mine is not None and mine.path.startswith(home.path))
    )
    if not related or not has_capability(candidate, Capability.HANDLE_REQUESTS):
        raise Http404
    return candidate
