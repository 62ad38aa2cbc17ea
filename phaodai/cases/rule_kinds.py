"""The rule kinds the cases app reads (``rules``): their parameter schemas, validated on save.

Each rule set of these kinds is shipped by this app's data migration
(``migrations/0002_rule_sets.py``) with its legal source, dates and verified flag as
``RULES.md`` §3 gives them; an administrator corrects them on the rules pages, never in code.
The functions that apply them are in ``cases.decisions``.
"""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field, model_validator

from phaodai.rules.kinds import RuleKind

HOME_CARE = "home_care"
SEVERITY = "severity_classes"
RISK_ROUTING = "risk_routing"
ISOLATION_END = "isolation_end"

SymptomCode = Literal[
    "fever",
    "dry_cough",
    "sore_throat",
    "stuffy_nose",
    "runny_nose",
    "fatigue",
    "headache",
    "myalgia",
    "numb_tongue",
    "diarrhoea",
    "loss_of_smell_taste",
    "dyspnoea",
    "chest_pain",
    "confusion",
]
GroupCode = Literal["low", "medium", "high", "very_high"]
SettingCode = Literal["home", "commune_station", "mobile_station", "district", "provincial", "field_hospital"]
BedCode = Literal["", "ordinary", "oxygen", "icu"]
TestCode = Literal["rapid_antigen", "rt_pcr"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HomeCareParams(_Frozen):
    """Who may be isolated and treated at home (4038/QĐ-BYT, 261/QĐ-BYT; RULES.md §3.2)."""

    mild_symptoms: tuple[SymptomCode, ...] = Field(description="Triệu chứng nhẹ vẫn được điều trị tại nhà")
    respiratory_rate_max: int = Field(ge=10, le=60, description="Nhịp thở tối đa (lần/phút)")
    respiratory_rate_max_inclusive: bool = Field(description="Bằng mức tối đa vẫn đạt (≤) hay phải dưới (<)")
    spo2_min: int = Field(ge=80, le=100, description="SpO2 tối thiểu (%) khi thở khí trời")
    spo2_min_inclusive: bool = Field(description="Bằng mức tối thiểu vẫn đạt (≥) hay phải trên (>)")
    # 4038: vaccinated (2 doses, or 1 dose ≥ N days before), or all of: age > 1 and < 50, no
    # comorbidity, not pregnant. 261: no comorbidity, or one under stable treatment.
    extra_condition: Literal["vaccinated_or_low_risk", "comorbidity_none_or_stable"]
    one_dose_min_days: int = Field(default=14, ge=0, le=90)
    low_risk_age_above: int = Field(default=1, ge=0, le=18, description="Tuổi phải trên (năm)")
    low_risk_age_below: int = Field(default=50, ge=18, le=120, description="Tuổi phải dưới (năm)")
    requires_self_care: bool = True
    requires_contact: bool = True


class SeverityParams(_Frozen):
    """Limits of the five clinical classes (250/437/QĐ-BYT, 2671/QĐ-BYT; RULES.md §3.5)."""

    normal_spo2_above: int = Field(ge=80, le=100, description="Không triệu chứng, nhẹ: SpO2 trên (%)")
    normal_rr_below: int = Field(ge=10, le=60, description="Không triệu chứng, nhẹ: nhịp thở dưới")
    moderate_rr_max: int = Field(ge=10, le=60, description="Trung bình: nhịp thở đến")
    severe_spo2_below: int = Field(ge=70, le=100, description="Nặng: SpO2 dưới (%)")
    mild_with_comorbidity_is_moderate: bool = Field(
        description="Người bệnh nhẹ có bệnh nền được xếp mức trung bình"
    )

    @model_validator(mode="after")
    def _ordered(self) -> SeverityParams:
        if self.severe_spo2_below > self.normal_spo2_above:
            raise ValueError("severe_spo2_below: phải không lớn hơn normal_spo2_above")
        if self.moderate_rr_max < self.normal_rr_below:
            raise ValueError("moderate_rr_max: phải không nhỏ hơn normal_rr_below")
        return self


class RiskRow(_Frozen):
    """One line of the routing table: who (every condition given must hold) → risk group."""

    group: GroupCode
    who: str = Field(min_length=1, description="Đối tượng, như văn bản ghi")
    min_age_months: int | None = Field(default=None, ge=0)
    max_age_months: int | None = Field(default=None, ge=1, description="Dưới (tháng), không kể bằng")
    fully_vaccinated: bool | None = None
    chronic: bool | None = None
    pregnant: bool | None = None
    postpartum: bool | None = None


class RiskSetting(_Frozen):
    group: GroupCode
    setting: SettingCode
    bed_kind: BedCode = ""
    where: str = Field(min_length=1, description="Nơi điều trị, như văn bản ghi")


class RiskRoutingParams(_Frozen):
    """The December 2021 individual risk-group table (3646/QĐ-BYT groups; RULES.md §3.2)."""

    rows: tuple[RiskRow, ...] = Field(min_length=1)
    settings: tuple[RiskSetting, ...] = Field(min_length=1)
    default_group: GroupCode = Field(description="Nhóm khi không dòng nào khớp")
    default_note: str = ""

    @model_validator(mode="after")
    def _every_group_routed(self) -> RiskRoutingParams:
        routed = {s.group for s in self.settings}
        missing = ({r.group for r in self.rows} | {self.default_group}) - routed
        if missing:
            raise ValueError(f"settings: thiếu nơi điều trị cho nhóm {', '.join(sorted(missing))}")
        return self


class EndPath(_Frozen):
    """How isolation ends in one setting (home, or a facility)."""

    days: int | None = Field(
        default=None, ge=0, le=60, description="Sau bao nhiêu ngày (tính từ ngày khẳng định)"
    )
    accepted_tests: tuple[TestCode, ...] = Field(default=(), description="Xét nghiệm âm tính được chấp nhận")
    tests_needed: int = Field(default=1, ge=0, le=5)
    ct_at_least: int | None = Field(default=None, ge=10, le=45, description="Ct từ mức này coi như âm tính")
    symptom_free_days: int | None = Field(default=None, ge=0, le=30)
    if_positive_days_full: int | None = Field(
        default=None, ge=0, le=60, description="Còn dương tính, đã tiêm đủ"
    )
    if_positive_days_not_full: int | None = Field(
        default=None, ge=0, le=60, description="Còn dương tính, chưa tiêm đủ"
    )
    then_home_days: int | None = Field(
        default=None, ge=0, le=30, description="Sau đó tự theo dõi tại nhà (ngày)"
    )
    note: str = ""


class IsolationEndParams(_Frozen):
    """End of isolation / discharge (3416, 11011, 250/261, 762; RULES.md §3.6)."""

    home: EndPath | None = None
    facility: EndPath | None = None

    @model_validator(mode="after")
    def _some_path(self) -> IsolationEndParams:
        if self.home is None and self.facility is None:
            raise ValueError("home: cần ít nhất một quy tắc (tại nhà hoặc tại cơ sở)")
        return self


RULE_KINDS = [
    RuleKind(
        code=HOME_CARE,
        name=_("Điều kiện cách ly, điều trị F0 tại nhà"),
        schema=HomeCareParams,
        description=_("Triệu chứng, nhịp thở, SpO2 và điều kiện thêm để F0 được điều trị tại nhà."),
    ),
    RuleKind(
        code=SEVERITY,
        name=_("Phân loại mức độ bệnh COVID-19"),
        schema=SeverityParams,
        description=_(
            "Ngưỡng SpO2 và nhịp thở của các mức không triệu chứng, nhẹ, trung bình, nặng, nguy kịch."
        ),
    ),
    RuleKind(
        code=RISK_ROUTING,
        name=_("Nhóm nguy cơ của người bệnh và nơi điều trị"),
        schema=RiskRoutingParams,
        description=_("Bảng phân nhóm nguy cơ theo tuổi, tiêm chủng, bệnh nền và nơi điều trị tương ứng."),
    ),
    RuleKind(
        code=ISOLATION_END,
        name=_("Kết thúc cách ly, ra viện của F0"),
        schema=IsolationEndParams,
        description=_("Số ngày và xét nghiệm cần để F0 kết thúc cách ly tại nhà hoặc ra viện."),
    ),
]
