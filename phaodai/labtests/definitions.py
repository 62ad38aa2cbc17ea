"""Judging positive results against a case definition (``rule_kinds.CaseDefinition``).

Pure functions over plain facts, so the rules can be tested without the database:
``evaluate(definition, facts)`` says whether the facts meet a criterion, which one, and if
none, which test is still missing for each criterion whose recorded facts already hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from phaodai.labtests.enums import ResultValue, TestKind
from phaodai.labtests.rule_kinds import CaseDefinition, Criterion


@dataclass(frozen=True)
class ResultFacts:
    """What a definition looks at in one result and its sample."""

    kind: str
    result: str
    sampled_on: dt.date
    sampled_at: dt.time | None = None
    contact: bool = False
    symptoms: bool = False
    epi_factors: bool = False


@dataclass(frozen=True)
class Evaluation:
    meets: bool
    criterion: str  # "(a) RT-PCR dương tính" when met, "" otherwise
    missing: str  # what test is still needed when not met, "" when met


def _conditions_hold(criterion: Criterion, facts: Sequence[ResultFacts]) -> bool:
    return all(any(getattr(f, name) for f in facts) for name in criterion.conditions)


def _within(first: ResultFacts, last: ResultFacts, hours: int) -> bool | None:
    """Whether ``last`` was sampled within ``hours`` of ``first``; None when a time is unknown."""
    if first.sampled_at is None or last.sampled_at is None:
        if (last.sampled_on - first.sampled_on).days * 24 > hours:
            return False
        return None
    start = dt.datetime.combine(first.sampled_on, first.sampled_at)
    end = dt.datetime.combine(last.sampled_on, last.sampled_at)
    return dt.timedelta(0) <= abs(end - start) <= dt.timedelta(hours=hours)


def _met_by(criterion: Criterion, positives: list[ResultFacts]) -> tuple[bool, str]:
    """(met, what is missing) for one criterion whose conditions hold."""
    kinds = " / ".join(str(TestKind(k).label) for k in criterion.test_kinds)
    need = criterion.positive_tests
    if len(positives) < need:
        if need == 1:
            return False, _("%(kinds)s dương tính") % {"kinds": kinds}
        if criterion.within_hours:
            return False, _("%(kinds)s dương tính lần %(n)d trong vòng %(hours)d giờ sau lần đầu") % {
                "kinds": kinds,
                "n": len(positives) + 1,
                "hours": criterion.within_hours,
            }
        return False, _("%(kinds)s dương tính lần %(n)d") % {"kinds": kinds, "n": len(positives) + 1}
    if need == 1 or not criterion.within_hours:
        return True, ""
    ordered = sorted(positives, key=lambda f: (f.sampled_on, f.sampled_at or dt.time.min))
    unknown_time = False
    for i in range(len(ordered) - need + 1):
        within = _within(ordered[i], ordered[i + need - 1], criterion.within_hours)
        if within:
            return True, ""
        unknown_time = unknown_time or within is None
    if unknown_time:
        return False, _(
            "giờ lấy mẫu của các lần test (để biết lần sau có trong vòng %(hours)d giờ không)"
        ) % {"hours": criterion.within_hours}
    return False, _("%(kinds)s dương tính lần %(n)d trong vòng %(hours)d giờ sau lần trước") % {
        "kinds": kinds,
        "n": need,
        "hours": criterion.within_hours,
    }


def evaluate(definition: CaseDefinition, facts: Sequence[ResultFacts], *, document: str = "") -> Evaluation:
    """Whether ``facts`` (the positive results of one person) meet ``definition``.

    Criteria are tried in the document's order; the first met is named. If none is, the
    missing tests are listed for every criterion whose recorded conditions already hold
    ("RT-PCR dương tính (điểm a) hoặc test nhanh … lần 2 trong vòng 8 giờ (điểm d)").
    """
    positives_all = [f for f in facts if f.result == ResultValue.POSITIVE]
    alternatives: list[str] = []
    for criterion in definition.criteria:
        if not _conditions_hold(criterion, positives_all):
            continue
        positives = [f for f in positives_all if f.kind in criterion.test_kinds]
        met, missing = _met_by(criterion, positives)
        if met:
            return Evaluation(meets=True, criterion=f"({criterion.code}) {criterion.text}", missing="")
        alternatives.append(_("%(what)s (điểm %(code)s)") % {"what": missing, "code": criterion.code})
    if not alternatives:
        return Evaluation(
            meets=False, criterion="", missing=_("Không tiêu chuẩn nào của định nghĩa áp dụng được.")
        )
    what = _(" hoặc ").join(alternatives)
    if document:
        missing = _("Chưa đủ tiêu chuẩn ca bệnh theo %(document)s. Còn cần: %(what)s.") % {
            "document": document,
            "what": what,
        }
    else:
        missing = _("Chưa đủ tiêu chuẩn ca bệnh. Còn cần: %(what)s.") % {"what": what}
    return Evaluation(meets=False, criterion="", missing=missing)
