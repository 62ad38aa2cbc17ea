"""Reads of the testing app. Every one takes the requesting user and starts from
``Model.objects.for_user(user)``; a user without ``VIEW_TESTS`` gets nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from phaodai.areas.models import AdminUnit
from phaodai.areas.places import PLACE_PARENTS
from phaodai.core.access import has_capability
from phaodai.core.roles import Capability
from phaodai.labtests.enums import FollowUpStatus, ProposalStatus, ResultValue
from phaodai.labtests.models import CaseProposal, FollowUp, Pool, Sample, TestResult, TestSession
from phaodai.people.models import Person
from phaodai.people.selectors import person_search


def _may_view(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_TESTS)


def _people_matching(user: Any, query: str) -> QuerySet[Person]:
    return person_search(user=user, query=query, include_merged=True).order_by().values("pk")  # type: ignore[return-value]


def session_search(
    *,
    user: Any,
    unit: AdminUnit | None = None,
    query: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    place_kind: str = "",
) -> QuerySet[TestSession]:
    """Sessions the user may see, newest first, with how many sampled and how many positive."""
    sessions = TestSession.objects.for_user(user)
    if not _may_view(user):
        return sessions.none()
    if unit is not None:
        sessions = sessions.within(unit.path)
    if query.strip():
        sessions = sessions.filter(place__icontains=query.strip())
    if start is not None:
        sessions = sessions.filter(held_on__gte=start)
    if end is not None:
        sessions = sessions.filter(held_on__lte=end)
    if place_kind:
        sessions = sessions.filter(place_kind=place_kind)
    return (
        sessions.select_related(f"unit__{PLACE_PARENTS}")
        .annotate(
            sample_count=Count("samples", distinct=True),
            positive_count=Count(
                "samples", filter=Q(samples__result__result=ResultValue.POSITIVE), distinct=True
            ),
        )
        .order_by("-held_on", "-pk")
    )


def session_samples(*, user: Any, session: TestSession) -> QuerySet[Sample]:
    """The samples of a session, latest entered first, with person and result."""
    if not _may_view(user):
        return Sample.objects.none()
    return (
        Sample.objects.for_user(user)
        .filter(session=session)
        .select_related("person", "person__residence_unit", "result", "pool")
        .order_by("-pk")
    )


def result_search(
    *,
    user: Any,
    unit: AdminUnit | None = None,
    query: str = "",
    kind: str = "",
    result: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    session: TestSession | None = None,
) -> QuerySet[TestResult]:
    """Results the user may see, by the day the sample was taken (newest first).

    ``query`` finds the person as the registry does (name, CCCD, phone).
    """
    results = TestResult.objects.for_user(user)
    if not _may_view(user):
        return results.none()
    if unit is not None:
        results = results.within(unit.path)
    if query.strip():
        results = results.filter(person__in=_people_matching(user, query))
    if kind:
        results = results.filter(kind=kind)
    if result:
        results = results.filter(result=result)
    if start is not None:
        results = results.filter(sampled_on__gte=start)
    if end is not None:
        results = results.filter(sampled_on__lte=end)
    if session is not None:
        results = results.filter(sample__session=session)
    return results.select_related("person", f"unit__{PLACE_PARENTS}", "sample", "sample__session").order_by(
        "-sampled_on", "-pk"
    )


def results_of_person(user: Any, person: Person) -> QuerySet[TestResult]:
    """A person's results the user may see, newest sample first (the person page)."""
    if not _may_view(user):
        return TestResult.objects.none()
    return (
        TestResult.objects.for_user(user)
        .filter(person=person)
        .select_related("unit", "sample", "sample__session", "pool")
        .order_by("-sampled_on", "-pk")
    )


def pool_search(
    *, user: Any, unit: AdminUnit | None = None, session: TestSession | None = None
) -> QuerySet[Pool]:
    pools = Pool.objects.for_user(user)
    if not _may_view(user):
        return pools.none()
    if unit is not None:
        pools = pools.within(unit.path)
    if session is not None:
        pools = pools.filter(session=session)
    return (
        pools.select_related("unit", "session")
        .annotate(member_count=Count("members"))
        .order_by("-sampled_on", "-pk")
    )


def pool_members(*, user: Any, pool: Pool) -> QuerySet[Sample]:
    if not _may_view(user):
        return Sample.objects.none()
    return Sample.objects.for_user(user).filter(pool=pool).select_related("person", "result").order_by("pk")


def follow_up_search(
    *, user: Any, unit: AdminUnit | None = None, status: str = FollowUpStatus.OPEN, query: str = ""
) -> QuerySet[FollowUp]:
    """Members of positive pools waiting for (or given) a single test, oldest pool first."""
    follow_ups = FollowUp.objects.for_user(user)
    if not _may_view(user):
        return follow_ups.none()
    if unit is not None:
        follow_ups = follow_ups.within(unit.path)
    if status:
        follow_ups = follow_ups.filter(status=status)
    if query.strip():
        follow_ups = follow_ups.filter(person__in=_people_matching(user, query))
    return follow_ups.select_related(
        "person", "person__residence_unit", "pool", "pool__session", "result"
    ).order_by("pool__sampled_on", "pk")


def proposals_for_user(
    user: Any, *, status: str = ProposalStatus.OPEN, unit: AdminUnit | None = None
) -> QuerySet[CaseProposal]:
    """Case proposals the user may see (``status`` "" for all), newest positive first."""
    proposals = CaseProposal.objects.for_user(user)
    if not _may_view(user):
        return proposals.none()
    if unit is not None:
        proposals = proposals.within(unit.path)
    if status:
        proposals = proposals.filter(status=status)
    return (
        proposals.select_related("person", f"unit__{PLACE_PARENTS}", "rule_set", "decided_by")
        .prefetch_related("results")
        .order_by("-first_positive_on", "-pk")
    )


def proposal_search(
    *, user: Any, status: str = ProposalStatus.OPEN, unit: AdminUnit | None = None
) -> QuerySet[CaseProposal]:
    """``proposals_for_user`` with a keyword-only user (for the API's scoped endpoints)."""
    return proposals_for_user(user, status=status, unit=unit)


def result_changes(*, user: Any) -> QuerySet[TestResult]:
    """Every result the user may see, for the change feed."""
    if not _may_view(user):
        return TestResult.objects.none()
    return TestResult.objects.for_user(user).select_related("person", "unit")


@dataclass(frozen=True)
class HomeFigures:
    sampled_week: int
    positive_week: int
    follow_ups: int
    proposals: int
    since: dt.date


def home_figures(*, user: Any, unit: AdminUnit | None, today: dt.date | None = None) -> HomeFigures:
    """The home card: samples and positives of the last 7 days (from ``counts``), open lists."""
    from django.utils import timezone

    from phaodai.counts.selectors import Ask, figures_of
    from phaodai.labtests.indicators import POSITIVE, SAMPLES

    end = today or timezone.localdate()
    start = end - dt.timedelta(days=6)
    sampled = positive = 0
    if unit is not None and _may_view(user):
        found = figures_of(unit, {"sampled": Ask(SAMPLES, end, start), "positive": Ask(POSITIVE, end, start)})
        sampled, positive = found["sampled"], found["positive"]
    return HomeFigures(
        sampled_week=sampled,
        positive_week=positive,
        follow_ups=follow_up_search(user=user, unit=unit).count(),
        proposals=proposals_for_user(user, unit=unit).count(),
        since=start,
    )
