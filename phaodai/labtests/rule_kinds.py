"""The ``case_definition`` rule kind: what makes a positive test a confirmed case (F0).

A definition is a list of criteria, any one of which confirms a case (RULES.md §3.1): which
test kinds count, which facts about the person must have been recorded with the sample
(``contact``: an F1; ``symptoms``: clinical signs of suspected COVID-19; ``epi_factors``:
epidemiological factors), and how many positive tests are needed (11042 (d): two
consecutive positive rapid antigen tests, the second within 8 hours of the first).
The definitions shipped (11042/BYT-DP, 1909/BYT-DP) are in migration ``0002_case_definitions``.
"""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field

from phaodai.rules.kinds import RuleKind

CASE_DEFINITION = "case_definition"

TestKindCode = Literal["rapid_antigen", "rt_pcr", "self_test"]
ConditionCode = Literal["contact", "symptoms", "epi_factors"]


class Criterion(BaseModel):
    """One way to meet the definition, e.g. "(b) an F1 with a positive rapid antigen test"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(min_length=1, max_length=10, description="The point of the document: a, b, c…")
    text: str = Field(min_length=1, max_length=500, description="The criterion as the document words it")
    test_kinds: tuple[TestKindCode, ...] = Field(min_length=1, description="Test kinds whose positive counts")
    conditions: tuple[ConditionCode, ...] = Field(
        default=(), description="Facts recorded with a sample that must all hold"
    )
    positive_tests: int = Field(default=1, ge=1, le=3, description="How many positive tests are needed")
    within_hours: int | None = Field(
        default=None, ge=1, le=72, description="The last positive within this many hours of the first"
    )


class CaseDefinition(BaseModel):
    """The parameters of a ``case_definition`` rule set."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    criteria: tuple[Criterion, ...] = Field(min_length=1)


RULE_KINDS = [
    RuleKind(
        code=CASE_DEFINITION,
        name=_("Định nghĩa ca bệnh xác định (F0)"),
        schema=CaseDefinition,
        description=_(
            "Các tiêu chuẩn để một kết quả xét nghiệm dương tính được đề xuất là ca bệnh mới: "
            "loại xét nghiệm, điều kiện kèm theo (F1, triệu chứng, yếu tố dịch tễ), số lần dương tính."
        ),
    )
]
