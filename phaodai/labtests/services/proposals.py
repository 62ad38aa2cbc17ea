"""Case proposals: a positive result put to the health staff under the definition in force.

``proposal_consider`` runs inside the transaction of every positive result: the person's open
proposal of the last ``WINDOW_DAYS`` takes the result and is judged again (a second test may
complete it), else a new one is made. The definition is the ``case_definition`` rule set in
force for the unit of the latest positive result and the day its sample was taken
(``rules.selectors.rule_in_force``); the proposal keeps which one (``rule_set``), so a later
rule change never rewrites it. ``proposal_decide`` is how the ``cases`` app (or an officer)
confirms or dismisses it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.audit.services import audit_record, audited_create, audited_update, check_version
from phaodai.core.roles import Capability
from phaodai.core.services import require, require_in_jurisdiction
from phaodai.labtests import events
from phaodai.labtests.definitions import ResultFacts, evaluate
from phaodai.labtests.enums import ProposalStatus, ResultValue
from phaodai.labtests.errors import LabtestsErrorCode
from phaodai.labtests.models import CaseProposal, TestResult
from phaodai.labtests.rule_kinds import CASE_DEFINITION, CaseDefinition
from phaodai.rules.errors import NoRuleInForce
from phaodai.rules.selectors import params, rule_in_force

# Positive results of one person this many days apart belong to one proposal.
WINDOW_DAYS = 14
PROPOSAL_FIELDS = (
    "unit",
    "person",
    "rule_set",
    "meets_definition",
    "criterion",
    "missing",
    "first_positive_on",
    "status",
)
JUDGED_FIELDS = ("rule_set", "meets_definition", "criterion", "missing", "first_positive_on")


def _facts(result: TestResult) -> ResultFacts:
    sample = result.sample
    return ResultFacts(
        kind=result.kind,
        result=result.result,
        sampled_on=result.sampled_on,
        sampled_at=sample.sampled_at,
        contact=sample.contact,
        symptoms=sample.symptoms,
        epi_factors=sample.epi_factors,
    )


def judge(results: list[TestResult]) -> dict[str, Any]:
    """The judged fields of a proposal holding ``results`` (positive results of one person)."""
    latest = max(results, key=lambda r: (r.sampled_on, r.pk or 0))
    first = min(r.sampled_on for r in results)
    with translation.override("vi"):  # stored text: the officers' language
        try:
            rule_set = rule_in_force(CASE_DEFINITION, latest.unit, latest.sampled_on)
        except NoRuleInForce as error:
            return {
                "rule_set": None,
                "meets_definition": False,
                "criterion": "",
                "missing": " ".join(error.messages),
                "first_positive_on": first,
            }
        definition = params(rule_set, CaseDefinition)
        judged = evaluate(definition, [_facts(r) for r in results], document=rule_set.source_number)
    return {
        "rule_set": rule_set,
        "meets_definition": judged.meets,
        "criterion": judged.criterion,
        "missing": judged.missing,
        "first_positive_on": first,
    }


def _positive_results(proposal: CaseProposal) -> list[TestResult]:
    return list(
        proposal.results.filter(result=ResultValue.POSITIVE)
        .select_related("sample", "unit")
        .order_by("sampled_on", "pk")
    )


def proposal_consider(*, actor: User, result: TestResult) -> CaseProposal:
    """Put a positive ``result`` into its person's open proposal (judged again), or a new one."""
    proposal = (
        CaseProposal.objects.unscoped()
        .select_for_update()
        .filter(
            person_id=result.person_id,
            status=ProposalStatus.OPEN,
            first_positive_on__gte=result.sampled_on - dt.timedelta(days=WINDOW_DAYS),
            first_positive_on__lte=result.sampled_on + dt.timedelta(days=WINDOW_DAYS),
        )
        .order_by("-pk")
        .first()
    )
    if proposal is None:
        person = result.person
        proposal = CaseProposal(person=person, unit=person.residence_unit, **judge([result]))
        audited_create(
            proposal,
            actor=actor,
            event=events.PROPOSAL_CREATED,
            fields=PROPOSAL_FIELDS,
            params={"result": result.pk},
        )
        proposal.results.add(result)
        return proposal
    proposal.results.add(result)
    _rejudge(actor=actor, proposal=proposal, params={"result": result.pk})
    return proposal


def _rejudge(*, actor: User, proposal: CaseProposal, params: dict[str, Any]) -> None:
    results = _positive_results(proposal)
    if not results:
        audit_record(
            actor=actor,
            event=events.PROPOSAL_WITHDRAWN,
            target=proposal,
            area_path=proposal.area_path,
            params=params,
        )
        proposal.delete()
        return
    audited_update(
        proposal,
        actor=actor,
        event=events.PROPOSAL_UPDATED,
        fields=JUDGED_FIELDS,
        values=judge(results),
        params=params,
    )


def proposals_result_changed(*, actor: User, result: TestResult, deleting: bool = False) -> None:
    """A result was edited (or is being deleted): its proposals follow.

    A result behind a confirmed case cannot change (``labtests.result_in_case``); an open
    proposal is judged again (and withdrawn when no positive result is left in it); a positive
    result not yet in any proposal gets one.
    """
    proposals = list(CaseProposal.objects.unscoped().select_for_update().filter(results=result))
    if any(p.status == ProposalStatus.CONFIRMED for p in proposals):
        raise ValidationError(
            _("Kết quả này đã dùng để xác nhận ca bệnh; không sửa hay xoá được. Hãy xử lý ở hồ sơ ca bệnh."),
            code=LabtestsErrorCode.RESULT_IN_CASE,
        )
    for proposal in proposals:
        if proposal.status != ProposalStatus.OPEN:
            continue
        if deleting or result.result != ResultValue.POSITIVE:
            proposal.results.remove(result)
        _rejudge(actor=actor, proposal=proposal, params={"result": result.pk})
    if not deleting and not proposals and result.result == ResultValue.POSITIVE:
        proposal_consider(actor=actor, result=result)


@transaction.atomic
def proposal_decide(
    *,
    actor: User,
    proposal: CaseProposal,
    expected_version: int | None,
    confirmed: bool,
    case_id: int | None,
    reason: str = "",
) -> CaseProposal:
    """Confirm a proposal as the case ``case_id`` (made by the ``cases`` app), or dismiss it.

    Only an open proposal can be decided; a dismissal needs its reason.
    """
    require(actor, Capability.EDIT_TESTS)
    proposal = CaseProposal.objects.unscoped().select_for_update().get(pk=proposal.pk)
    require_in_jurisdiction(actor, proposal.area_path)
    check_version(proposal, expected_version)
    reason = reason.strip()
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(
            _("Đề xuất này đã được quyết định (%(status)s).") % {"status": proposal.get_status_display()},
            code=LabtestsErrorCode.PROPOSAL_DECIDED,
        )
    if confirmed and case_id is None:
        raise ValidationError(
            {
                "case_id": [
                    ValidationError(
                        _("Hãy cho biết ca bệnh được tạo từ đề xuất."), code=LabtestsErrorCode.CASE_REQUIRED
                    )
                ]
            }
        )
    if not confirmed and not reason:
        raise ValidationError(
            {
                "reason": [
                    ValidationError(
                        _("Hãy ghi lý do không xác nhận ca bệnh."), code=LabtestsErrorCode.CASE_REQUIRED
                    )
                ]
            }
        )
    audited_update(
        proposal,
        actor=actor,
        event=events.PROPOSAL_DECIDED,
        fields=("status", "case_id", "decided_by", "decided_at", "reason"),
        values={
            "status": ProposalStatus.CONFIRMED if confirmed else ProposalStatus.DISMISSED,
            "case_id": case_id if confirmed else None,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "reason": reason,
        },
        reason=reason,
        expected_version=expected_version,
    )
    return proposal
