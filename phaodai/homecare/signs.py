"""The warning signs of home care as rule data, and the pure function that reads one reading.

A rule set of kind ``warning_signs`` (RULES.md §3.4: the 11 signs of 261/QĐ-BYT, the earlier
Hà Nội variant) carries ``WarningSignsParams``: the numbered signs, the thresholds of the
measured signs by age band (respiratory rate, SpO2, pulse, blood pressure, temperature) and the
symptoms of the monitoring sheet, each symptom raising a sign or none. Nothing here knows a
number of a decree: every threshold is a parameter, so a corrected gazette reading is a data
change (``rules.services.rule_set_update``), never a code change.

``evaluate(params, reading, age_months=…)`` is pure and typed: it returns each sign raised with
its reason in the active language, and what could not be judged (a child's breathing rate below
the youngest band the rule gives).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Self

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, model_validator

Op = Literal["<", "<=", ">", ">="]
Measure = Literal["respiratory_rate", "spo2", "pulse", "systolic", "diastolic", "temperature"]
MEASURES: tuple[Measure, ...] = ("respiratory_rate", "spo2", "pulse", "systolic", "diastolic", "temperature")

_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_OP_TEXT = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Sign(_Frozen):
    """One numbered warning sign of the rule set ("2. Nhịp thở …")."""

    number: int = Field(ge=1, le=99)
    title: str = Field(min_length=1, max_length=300)


class Bound(_Frozen):
    """A threshold: the sign is raised when ``value <op> limit`` ("≥ 20", "< 90")."""

    op: Op
    limit: Decimal

    def hit(self, value: Decimal) -> bool:
        return _COMPARE[self.op](value, self.limit)

    def text(self) -> str:
        return f"{_OP_TEXT[self.op]} {_number(self.limit)}"


class AgeBand(_Frozen):
    """The bounds for ages ``from_months`` ≤ age < ``until_months`` (None: no upper end).

    Any one bound hit raises the sign (pulse "> 120 or < 50").
    """

    from_months: int = Field(default=0, ge=0)
    until_months: int | None = Field(default=None, ge=1)
    bounds: tuple[Bound, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.until_months is not None and self.until_months <= self.from_months:
            raise ValueError("until_months phải lớn hơn from_months")
        return self

    def covers(self, age_months: int) -> bool:
        return self.from_months <= age_months and (
            self.until_months is None or age_months < self.until_months
        )


class MeasureRule(_Frozen):
    """Which sign a measurement raises, and its bounds by age band (bands may not overlap)."""

    sign: int
    bands: tuple[AgeBand, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_overlap(self) -> Self:
        ordered = sorted(self.bands, key=lambda band: band.from_months)
        for before, after in itertools.pairwise(ordered):
            if before.until_months is None or before.until_months > after.from_months:
                raise ValueError("các nhóm tuổi chồng lên nhau")
        return self

    def band_for(self, age_months: int) -> AgeBand | None:
        return next((band for band in self.bands if band.covers(age_months)), None)


class Symptom(_Frozen):
    """A symptom of the monitoring sheet; ``sign`` is the warning sign it raises (None: none).

    ``children_only``: it raises its sign only for a child (under ``child_until_months``);
    an adult ticking it records the symptom without a sign (vomiting is sign 9 for a child).
    """

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    label: str = Field(min_length=1, max_length=300)
    sign: int | None = None
    children_only: bool = False


class WarningSignsParams(_Frozen):
    """Parameters of a ``warning_signs`` rule set."""

    signs: tuple[Sign, ...] = Field(min_length=1)
    child_until_months: int = Field(ge=1, le=240)
    respiratory_rate: MeasureRule | None = None
    spo2: MeasureRule | None = None
    pulse: MeasureRule | None = None
    systolic: MeasureRule | None = None
    diastolic: MeasureRule | None = None
    temperature: MeasureRule | None = None
    symptoms: tuple[Symptom, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        numbers = [sign.number for sign in self.signs]
        if len(set(numbers)) != len(numbers):
            raise ValueError("số thứ tự dấu hiệu bị trùng")
        codes = [symptom.code for symptom in self.symptoms]
        if len(set(codes)) != len(codes):
            raise ValueError("mã triệu chứng bị trùng")
        known = set(numbers)
        used = [rule.sign for rule in self.measure_rules().values()]
        used += [symptom.sign for symptom in self.symptoms if symptom.sign is not None]
        unknown = sorted(set(used) - known)
        if unknown:
            raise ValueError(f"dấu hiệu không có trong danh sách: {', '.join(map(str, unknown))}")
        return self

    def measure_rules(self) -> dict[Measure, MeasureRule]:
        rules = {name: getattr(self, name) for name in MEASURES}
        return {name: rule for name, rule in rules.items() if rule is not None}

    def sign(self, number: int) -> Sign:
        return next(sign for sign in self.signs if sign.number == number)

    def symptom(self, code: str) -> Symptom | None:
        return next((symptom for symptom in self.symptoms if symptom.code == code), None)

    def symptom_choices(self) -> list[tuple[str, str]]:
        return [(symptom.code, symptom.label) for symptom in self.symptoms]


@dataclass(frozen=True)
class Reading:
    """One monitoring reading: what was measured (None: not measured) and the symptoms ticked."""

    respiratory_rate: int | None = None
    spo2: int | None = None
    pulse: int | None = None
    systolic: int | None = None
    diastolic: int | None = None
    temperature: Decimal | None = None
    symptoms: frozenset[str] = field(default_factory=frozenset)

    def value(self, measure: Measure) -> Decimal | None:
        raw = getattr(self, measure)
        return None if raw is None else Decimal(raw)


@dataclass(frozen=True)
class RaisedSign:
    number: int
    title: str
    reason: str


@dataclass(frozen=True)
class Evaluation:
    raised: tuple[RaisedSign, ...]
    # Measured but not judged: no band of the rule set covers the person's age.
    unjudged: tuple[str, ...] = ()

    @property
    def numbers(self) -> list[int]:
        return sorted({sign.number for sign in self.raised})


def age_label(band: AgeBand) -> str:
    """ "trẻ từ 1 đến dưới 5 tuổi", "từ 12 tuổi trở lên", "trẻ dưới 12 tháng" …"""

    def span(months: int) -> str:
        if months % 12 == 0:
            return _("%(n)d tuổi") % {"n": months // 12}
        return _("%(n)d tháng") % {"n": months}

    if band.from_months == 0 and band.until_months is None:
        return _("mọi lứa tuổi")
    if band.until_months is None:
        return _("từ %(age)s trở lên") % {"age": span(band.from_months)}
    if band.from_months == 0:
        return _("dưới %(age)s") % {"age": span(band.until_months)}
    return _("từ %(start)s đến dưới %(end)s") % {
        "start": span(band.from_months),
        "end": span(band.until_months),
    }


def _measure_text(measure: Measure, value: Decimal) -> str:
    shown = _number(value)
    texts = {
        "respiratory_rate": _("Nhịp thở %(v)s lần/phút"),
        "spo2": _("SpO2 %(v)s %%"),
        "pulse": _("Mạch %(v)s lần/phút"),
        "systolic": _("Huyết áp tối đa %(v)s mmHg"),
        "diastolic": _("Huyết áp tối thiểu %(v)s mmHg"),
        "temperature": _("Nhiệt độ %(v)s °C"),
    }
    return texts[measure] % {"v": shown}


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def evaluate(params: WarningSignsParams, reading: Reading, *, age_months: int) -> Evaluation:
    """Every sign ``reading`` raises for a person aged ``age_months``, with its reason."""
    raised: list[RaisedSign] = []
    unjudged: list[str] = []
    for measure, rule in params.measure_rules().items():
        value = reading.value(measure)
        if value is None:
            continue
        band = rule.band_for(age_months)
        if band is None:
            unjudged.append(
                _("%(what)s: quy định không có ngưỡng cho tuổi này") % {"what": _measure_text(measure, value)}
            )
            continue
        hits = [bound for bound in band.bounds if bound.hit(value)]
        if hits:
            what = _("%(what)s %(bounds)s") % {
                "what": _measure_text(measure, value),
                "bounds": _(" hoặc ").join(bound.text() for bound in hits),
            }
            every_age = band.from_months == 0 and band.until_months is None
            reason = what if every_age else _("%(what)s (%(age)s)") % {"what": what, "age": age_label(band)}
            raised.append(RaisedSign(rule.sign, params.sign(rule.sign).title, reason))
    child = age_months < params.child_until_months
    for code in _ordered(reading.symptoms, params):
        symptom = params.symptom(code)
        if symptom is None or symptom.sign is None or (symptom.children_only and not child):
            continue
        raised.append(RaisedSign(symptom.sign, params.sign(symptom.sign).title, symptom.label))
    raised.sort(key=lambda sign: sign.number)
    return Evaluation(raised=tuple(raised), unjudged=tuple(unjudged))


def _ordered(codes: Iterable[str], params: WarningSignsParams) -> list[str]:
    """The ticked symptoms in the rule set's order (unknown codes last, ignored by the caller)."""
    order = {symptom.code: index for index, symptom in enumerate(params.symptoms)}
    return sorted(codes, key=lambda code: (order.get(code, len(order)), code))
