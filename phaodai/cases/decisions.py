"""Pure decision functions: a case's facts against one rule set's parameters.

Nothing here reads the database or the clock. Each function returns its answer with every
condition it tested (met or not, and why, in Vietnamese); ``cases.services`` stores the answer,
the reasons and the rule set beside the case (a later rule change never rewrites them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from phaodai.cases.enums import CareSetting, EndTest, RiskGroup, Severity, Symptom, VaccinationStatus
from phaodai.cases.rule_kinds import (
    EndPath,
    HomeCareParams,
    IsolationEndParams,
    RiskRoutingParams,
    RiskRow,
    SeverityParams,
)


@dataclass(frozen=True)
class CaseFacts:
    """What the rules look at: the person at the confirmation date and the case's findings."""

    confirmed_on: dt.date
    age_months: int | None
    pregnant: bool
    postpartum: bool
    comorbidities: tuple[str, ...]
    comorbidity_stable: bool
    vaccination: str
    last_dose_on: dt.date | None
    symptoms: tuple[str, ...]
    respiratory_rate: int | None
    spo2: int | None
    has_pneumonia: bool
    abnormal_breathing: bool
    needs_ventilation: bool
    can_self_care: bool
    can_contact_staff: bool
    care_setting: str = CareSetting.HOME

    @property
    def age_years(self) -> int | None:
        return None if self.age_months is None else self.age_months // 12

    @property
    def fully_vaccinated(self) -> bool:
        return self.vaccination == VaccinationStatus.FULL


@dataclass(frozen=True)
class Condition:
    code: str
    met: bool
    reason: str

    def as_json(self) -> dict[str, object]:
        return {"condition": self.code, "met": self.met, "reason": self.reason}


@dataclass(frozen=True)
class HomeCareDecision:
    eligible: bool
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class RiskDecision:
    group: str
    setting: str
    bed_kind: str
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class SeverityDecision:
    severity: str
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class IsolationDecision:
    isolation_from: dt.date
    release_from: dt.date | None  # the first day isolation may end (with the test, if one is needed)
    test: str  # EndTest value
    until: dt.date | None  # the last day when the test stays positive (None: until a negative test)
    conditions: tuple[Condition, ...] = field(default=())


def age_in_months(birth_date: dt.date | None, birth_year: int | None, on: dt.date) -> int | None:
    """Whole months of age on ``on`` (from the birth year alone: as if born on 1 January)."""
    if birth_date is None:
        if birth_year is None:
            return None
        birth_date = dt.date(birth_year, 1, 1)
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    if on.day < birth_date.day:
        months -= 1
    return max(months, 0)


def _symptom_names(codes: Sequence[str]) -> str:
    labels = dict(Symptom.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


def _compare(value: int, limit: int, *, below: bool, inclusive: bool) -> bool:
    if below:
        return value <= limit if inclusive else value < limit
    return value >= limit if inclusive else value > limit


def _sign(*, below: bool, inclusive: bool) -> str:
    if below:
        return "≤" if inclusive else "<"
    return "≥" if inclusive else ">"


def home_care_eligibility(facts: CaseFacts, params: HomeCareParams) -> HomeCareDecision:
    """May this case be isolated and treated at home under these parameters? Every condition."""
    conditions: list[Condition] = []
    unusual = [s for s in facts.symptoms if s not in params.mild_symptoms]
    if not facts.symptoms:
        conditions.append(Condition("symptoms", True, _("Không có triệu chứng.")))
    elif unusual:
        conditions.append(
            Condition(
                "symptoms",
                False,
                _("Có triệu chứng không thuộc nhóm nhẹ: %(names)s.") % {"names": _symptom_names(unusual)},
            )
        )
    else:
        conditions.append(
            Condition(
                "symptoms",
                True,
                _("Chỉ có triệu chứng nhẹ: %(names)s.") % {"names": _symptom_names(facts.symptoms)},
            )
        )
    conditions.append(
        Condition("pneumonia", False, _("Có viêm phổi."))
        if facts.has_pneumonia
        else Condition("pneumonia", True, _("Không có dấu hiệu viêm phổi."))
    )
    rr_sign = _sign(below=True, inclusive=params.respiratory_rate_max_inclusive)
    if facts.respiratory_rate is None:
        conditions.append(Condition("respiratory_rate", False, _("Chưa đo nhịp thở.")))
    else:
        ok = _compare(
            facts.respiratory_rate,
            params.respiratory_rate_max,
            below=True,
            inclusive=params.respiratory_rate_max_inclusive,
        )
        conditions.append(
            Condition(
                "respiratory_rate",
                ok,
                (
                    _("Nhịp thở %(value)d lần/phút, đạt (cần %(sign)s %(limit)d).")
                    if ok
                    else _("Nhịp thở %(value)d lần/phút, không đạt (cần %(sign)s %(limit)d).")
                )
                % {"value": facts.respiratory_rate, "sign": rr_sign, "limit": params.respiratory_rate_max},
            )
        )
    spo2_sign = _sign(below=False, inclusive=params.spo2_min_inclusive)
    if facts.spo2 is None:
        conditions.append(Condition("spo2", False, _("Chưa đo SpO2.")))
    else:
        ok = _compare(facts.spo2, params.spo2_min, below=False, inclusive=params.spo2_min_inclusive)
        conditions.append(
            Condition(
                "spo2",
                ok,
                (
                    _("SpO2 %(value)d %%, đạt (cần %(sign)s %(limit)d %%).")
                    if ok
                    else _("SpO2 %(value)d %%, không đạt (cần %(sign)s %(limit)d %%).")
                )
                % {"value": facts.spo2, "sign": spo2_sign, "limit": params.spo2_min},
            )
        )
    conditions.append(
        Condition("breathing", False, _("Có dấu hiệu thở bất thường."))
        if facts.abnormal_breathing
        else Condition("breathing", True, _("Không thở bất thường."))
    )
    if params.extra_condition == "vaccinated_or_low_risk":
        conditions.append(_vaccinated_or_low_risk(facts, params))
    else:
        if not facts.comorbidities:
            conditions.append(Condition("comorbidity", True, _("Không có bệnh nền.")))
        elif facts.comorbidity_stable:
            conditions.append(Condition("comorbidity", True, _("Có bệnh nền nhưng đang điều trị ổn định.")))
        else:
            conditions.append(Condition("comorbidity", False, _("Có bệnh nền chưa ổn định.")))
    if params.requires_self_care:
        conditions.append(
            Condition("self_care", True, _("Tự chăm sóc được hoặc có người chăm sóc."))
            if facts.can_self_care
            else Condition("self_care", False, _("Không tự chăm sóc được và không có người chăm sóc."))
        )
    if params.requires_contact:
        conditions.append(
            Condition("contact", True, _("Liên lạc được với nhân viên y tế."))
            if facts.can_contact_staff
            else Condition("contact", False, _("Không có cách liên lạc với nhân viên y tế."))
        )
    return HomeCareDecision(eligible=all(c.met for c in conditions), conditions=tuple(conditions))


def _vaccinated_or_low_risk(facts: CaseFacts, params: HomeCareParams) -> Condition:
    if facts.fully_vaccinated:
        return Condition("protection", True, _("Đã tiêm đủ 2 liều vắc-xin."))
    if (
        facts.vaccination == VaccinationStatus.PARTIAL
        and facts.last_dose_on is not None
        and (facts.confirmed_on - facts.last_dose_on).days >= params.one_dose_min_days
    ):
        return Condition(
            "protection",
            True,
            _("Đã tiêm 1 liều từ %(days)d ngày trở lên trước ngày khẳng định.")
            % {"days": params.one_dose_min_days},
        )
    missing: list[str] = []
    age = facts.age_years
    if age is None:
        missing.append(_("chưa biết tuổi"))
    elif not params.low_risk_age_above < age < params.low_risk_age_below:
        missing.append(
            _("%(age)d tuổi (cần trên %(low)d và dưới %(high)d)")
            % {"age": age, "low": params.low_risk_age_above, "high": params.low_risk_age_below}
        )
    if facts.comorbidities:
        missing.append(_("có bệnh nền"))
    if facts.pregnant:
        missing.append(_("đang mang thai"))
    if missing:
        return Condition(
            "protection",
            False,
            _("Chưa tiêm đủ vắc-xin và không thuộc nhóm ít nguy cơ: %(why)s.") % {"why": "; ".join(missing)},
        )
    return Condition(
        "protection",
        True,
        _("Chưa tiêm đủ vắc-xin nhưng từ %(low)d đến dưới %(high)d tuổi, không bệnh nền, không mang thai.")
        % {"low": params.low_risk_age_above + 1, "high": params.low_risk_age_below},
    )


def severity_class(facts: CaseFacts, params: SeverityParams) -> SeverityDecision:
    """The clinical class the findings point to, with the limits that decided it."""
    rr, spo2 = facts.respiratory_rate, facts.spo2
    if facts.needs_ventilation:
        return SeverityDecision(
            Severity.CRITICAL, (Condition("ventilation", True, _("Suy hô hấp cần thở máy xâm nhập.")),)
        )
    severe: list[Condition] = []
    if spo2 is not None and spo2 < params.severe_spo2_below:
        severe.append(
            Condition(
                "spo2", True, _("SpO2 %(v)d %% dưới %(l)d %%.") % {"v": spo2, "l": params.severe_spo2_below}
            )
        )
    if rr is not None and rr > params.moderate_rr_max:
        severe.append(
            Condition(
                "respiratory_rate",
                True,
                _("Nhịp thở %(v)d lần/phút trên %(l)d.") % {"v": rr, "l": params.moderate_rr_max},
            )
        )
    if severe:
        return SeverityDecision(Severity.SEVERE, tuple(severe))
    moderate: list[Condition] = []
    if rr is not None and rr >= params.normal_rr_below:
        moderate.append(
            Condition(
                "respiratory_rate",
                True,
                _("Nhịp thở %(v)d lần/phút, từ %(a)d đến %(b)d.")
                % {"v": rr, "a": params.normal_rr_below, "b": params.moderate_rr_max},
            )
        )
    if spo2 is not None and spo2 <= params.normal_spo2_above:
        moderate.append(
            Condition(
                "spo2",
                True,
                _("SpO2 %(v)d %%, từ %(a)d đến %(b)d %%.")
                % {"v": spo2, "a": params.severe_spo2_below, "b": params.normal_spo2_above},
            )
        )
    if facts.has_pneumonia:
        moderate.append(Condition("pneumonia", True, _("Có viêm phổi.")))
    if facts.symptoms and facts.comorbidities and params.mild_with_comorbidity_is_moderate:
        moderate.append(
            Condition("comorbidity", True, _("Có triệu chứng và có bệnh nền: xếp mức trung bình."))
        )
    if moderate:
        return SeverityDecision(Severity.MODERATE, tuple(moderate))
    vitals = Condition(
        "vitals",
        True,
        _("SpO2 trên %(s)d %% và nhịp thở dưới %(r)d (hoặc chưa đo).")
        % {"s": params.normal_spo2_above, "r": params.normal_rr_below},
    )
    if facts.symptoms:
        return SeverityDecision(
            Severity.MILD,
            (vitals, Condition("symptoms", True, _("Có triệu chứng, không viêm phổi."))),
        )
    return SeverityDecision(
        Severity.ASYMPTOMATIC, (vitals, Condition("symptoms", True, _("Không có triệu chứng.")))
    )


def _row_conditions(facts: CaseFacts, row: RiskRow) -> list[Condition] | None:
    """The conditions of one table row as met by the facts, or None if one of them is not."""
    met: list[Condition] = []
    months = facts.age_months
    if row.min_age_months is not None or row.max_age_months is not None:
        if months is None:
            return None
        if row.min_age_months is not None and months < row.min_age_months:
            return None
        if row.max_age_months is not None and months >= row.max_age_months:
            return None
        met.append(Condition("age", True, _age_phrase(months)))
    checks = (
        (
            "fully_vaccinated",
            row.fully_vaccinated,
            facts.fully_vaccinated,
            _("đã tiêm đủ liều"),
            _("chưa tiêm đủ liều"),
        ),
        ("chronic", row.chronic, bool(facts.comorbidities), _("có bệnh nền"), _("không bệnh nền")),
        ("pregnant", row.pregnant, facts.pregnant, _("đang mang thai"), _("không mang thai")),
        ("postpartum", row.postpartum, facts.postpartum, _("hậu sản"), _("không trong thời kỳ hậu sản")),
    )
    for code, wanted, actual, yes, no in checks:
        if wanted is None:
            continue
        if wanted != actual:
            return None
        met.append(Condition(code, True, str(yes if actual else no)))
    return met


def _age_phrase(months: int) -> str:
    if months < 24:
        return _("%(n)d tháng tuổi") % {"n": months}
    return _("%(n)d tuổi") % {"n": months // 12}


def risk_routing(facts: CaseFacts, params: RiskRoutingParams) -> RiskDecision:
    """The individual risk group (first row of the table that matches) and where it is treated."""
    settings = {s.group: s for s in params.settings}
    for row in params.rows:
        met = _row_conditions(facts, row)
        if met is None:
            continue
        target = settings[row.group]
        why = Condition(
            "row",
            True,
            _("Thuộc dòng “%(who)s”: %(facts)s → %(group)s, điều trị: %(where)s.")
            % {
                "who": row.who,
                "facts": ", ".join(c.reason for c in met) or "—",
                "group": RiskGroup(row.group).label,
                "where": target.where,
            },
        )
        return RiskDecision(row.group, target.setting, target.bed_kind, (why, *met))
    target = settings[params.default_group]
    note = params.default_note or _("Không khớp dòng nào của bảng.")
    why = Condition(
        "row",
        False,
        _("%(note)s Xếp %(group)s, điều trị: %(where)s.")
        % {"note": note, "group": RiskGroup(params.default_group).label, "where": target.where},
    )
    return RiskDecision(params.default_group, target.setting, target.bed_kind, (why,))


def isolation_end(
    facts: CaseFacts, params: IsolationEndParams, *, isolation_from: dt.date
) -> IsolationDecision:
    """When the case may leave isolation (and with which test), and until when it stays otherwise.

    Days count from ``isolation_from`` as day 0: "released after 7 days" is ``isolation_from + 7``.
    """
    at_home = facts.care_setting == CareSetting.HOME
    path: EndPath | None = params.home if at_home else params.facility
    conditions: list[Condition] = []
    if path is None:
        other = params.facility if at_home else params.home
        if other is None:  # the schema requires one of them
            raise ValueError("isolation_end: neither a home nor a facility rule")
        path = other
        conditions.append(
            Condition(
                "path",
                False,
                _("Văn bản không có quy tắc riêng cho F0 tại nhà; áp dụng quy tắc ra viện.")
                if at_home
                else _("Văn bản không có quy tắc ra viện; áp dụng quy tắc cho F0 tại nhà."),
            )
        )
    test = path.accepted_tests[0] if path.accepted_tests and path.tests_needed else EndTest.NONE
    base_days = path.days if path.days is not None else path.symptom_free_days
    release = isolation_from + dt.timedelta(days=base_days) if base_days is not None else None
    if release is not None:
        test_text = (
            _("và %(n)d lần %(test)s") % {"n": path.tests_needed, "test": EndTest(test).label}
            if test
            else _("không cần xét nghiệm")
        )
        if path.ct_at_least is not None:
            test_text += " " + _("(hoặc Ct ≥ %(ct)d)") % {"ct": path.ct_at_least}
        conditions.append(
            Condition(
                "release",
                True,
                _("Có thể kết thúc từ ngày %(day)s (sau %(n)d ngày) %(test)s.")
                % {"day": release.strftime("%d/%m/%Y"), "n": base_days, "test": test_text},
            )
        )
    if path.symptom_free_days is not None and path.days is not None:
        conditions.append(
            Condition(
                "symptom_free",
                True,
                _("Cần hết triệu chứng ít nhất %(n)d ngày.") % {"n": path.symptom_free_days},
            )
        )
    until: dt.date | None = None
    extra = path.if_positive_days_full if facts.fully_vaccinated else path.if_positive_days_not_full
    if extra is not None:
        until = isolation_from + dt.timedelta(days=extra)
        conditions.append(
            Condition(
                "if_positive",
                True,
                (
                    _("Nếu còn dương tính: cách ly đến ngày %(day)s (%(n)d ngày, đã tiêm đủ liều).")
                    if facts.fully_vaccinated
                    else _("Nếu còn dương tính: cách ly đến ngày %(day)s (%(n)d ngày, chưa tiêm đủ liều).")
                )
                % {"day": until.strftime("%d/%m/%Y"), "n": extra},
            )
        )
    elif test:
        conditions.append(
            Condition("if_positive", True, _("Nếu còn dương tính: tiếp tục cách ly đến khi âm tính."))
        )
    if path.then_home_days:
        conditions.append(
            Condition(
                "then_home",
                True,
                _("Sau đó tự theo dõi sức khỏe tại nhà %(n)d ngày.") % {"n": path.then_home_days},
            )
        )
    if path.note:
        conditions.append(Condition("note", True, path.note))
    return IsolationDecision(
        isolation_from=isolation_from,
        release_from=release,
        test=str(test),
        until=until,
        conditions=tuple(conditions),
    )
