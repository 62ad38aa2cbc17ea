"""A rule kind for the rules framework's own tests: how long a home isolation lasts."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from phaodai.rules.kinds import RuleKind


class IsolationParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    days: int = Field(ge=1, le=60)
    negative_test_needed: bool = False
    tests: tuple[str, ...] = ()


RULE_KINDS = [
    RuleKind(
        code="test_isolation",
        name="Thời gian cách ly (thử)",
        schema=IsolationParams,
        description="Chỉ dùng trong kiểm thử",
    )
]
