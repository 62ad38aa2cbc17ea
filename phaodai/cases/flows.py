"""The count flows a case contributes (``counts``), computed from its records.

One function says what a case adds to every indicator; the services apply the difference
between a case's flows before and after a change (in the same transaction), and
``cases.indicators.rebuild`` sums them over all records: the incremental table and the rebuilt
one cannot disagree. A stock (cases by severity and by care setting, beds occupied) is +1 on the
day a state starts and −1 on the day it ends (``counts.Indicator.stock``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from phaodai.cases.enums import CaseStatus
from phaodai.cases.models import CareEpisode, Case, SeverityChange

NEW = "cases.new"
SEVERITY = "cases.severity"
CARE_SETTING = "cases.care_setting"
RECOVERED = "cases.recovered"
DIED = "cases.died"
BEDS_OCCUPIED = "cases.beds_occupied"

# (unit id, day, indicator, dims) → value
FlowKey = tuple[int, dt.date, str, tuple[str, ...]]


def source_dim(known: bool) -> str:
    return "known" if known else "unknown"


def case_flows(
    case: Case,
    severity_changes: Iterable[SeverityChange],
    episodes: Iterable[CareEpisode],
    facility_units: dict[int, int],
) -> Counter[FlowKey]:
    """Everything one case adds to the counts (``facility_units``: facility id → its unit id)."""
    flows: Counter[FlowKey] = Counter()
    unit = case.unit_id
    flows[(unit, case.confirmed_on, NEW, (case.how_found, source_dim(case.source_known)))] += 1
    ended = case.outcome_on if case.status != CaseStatus.ACTIVE else None
    changes = sorted(severity_changes, key=lambda c: (c.on, c.pk or 0))
    for index, change in enumerate(changes):
        flows[(unit, change.on, SEVERITY, (change.severity,))] += 1
        until = changes[index + 1].on if index + 1 < len(changes) else ended
        if until is not None:
            flows[(unit, until, SEVERITY, (change.severity,))] -= 1
    for episode in episodes:
        flows[(unit, episode.started_on, CARE_SETTING, (episode.setting,))] += 1
        if episode.ended_on is not None:
            flows[(unit, episode.ended_on, CARE_SETTING, (episode.setting,))] -= 1
        if episode.facility_id is not None:
            where = facility_units[episode.facility_id]
            dims = (episode.bed_kind, str(episode.facility_id))
            flows[(where, episode.started_on, BEDS_OCCUPIED, dims)] += 1
            if episode.ended_on is not None:
                flows[(where, episode.ended_on, BEDS_OCCUPIED, dims)] -= 1
    if case.status == CaseStatus.RECOVERED and case.outcome_on is not None:
        flows[(unit, case.outcome_on, RECOVERED, ())] += 1
    if case.status == CaseStatus.DIED and case.outcome_on is not None:
        flows[(unit, case.outcome_on, DIED, ())] += 1
    return Counter({key: value for key, value in flows.items() if value})


def stored_case_flows(case_id: int) -> Counter[FlowKey]:
    """A case's flows as stored now (an empty counter for a case that is not there)."""
    case = Case.objects.unscoped().filter(pk=case_id).first()
    if case is None:
        return Counter()
    changes = list(SeverityChange.objects.filter(case_id=case_id))
    episodes = list(CareEpisode.objects.filter(case_id=case_id).select_related("facility"))
    units = {e.facility.pk: e.facility.unit_id for e in episodes if e.facility is not None}
    return case_flows(case, changes, episodes, units)


def apply_difference(before: Counter[FlowKey], after: Counter[FlowKey]) -> None:
    """Move the counts from ``before`` to ``after`` (inside the caller's transaction)."""
    from phaodai.counts.services import count_add

    for key in sorted(set(before) | set(after), key=lambda k: (k[2], k[1], k[0], k[3])):
        delta = after.get(key, 0) - before.get(key, 0)
        if delta:
            unit, day, indicator, dims = key
            count_add(unit=unit, day=day, indicator=indicator, delta=delta, dims=dims)
