"""Plausible values of a monitoring reading: what a person can measure at home and still be alive.

These are not warning thresholds (those are rule data, ``homecare.signs``) but typing checks:
an SpO2 of 150 or a pulse of 0 is a slip of the finger, refused with a Vietnamese message and
nothing saved. The ranges are wide on purpose: a real but alarming value must go through so
that it raises its sign.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phaodai.homecare.errors import HomecareErrorCode
from phaodai.homecare.signs import Reading, WarningSignsParams


@dataclass(frozen=True)
class Range:
    label: Any  # a lazy string
    low: Decimal
    high: Decimal
    unit: str
    decimals: int = 0


RANGES: dict[str, Range] = {
    "respiratory_rate": Range(gettext_lazy("Nhịp thở"), Decimal(5), Decimal(100), "lần/phút"),
    "pulse": Range(gettext_lazy("Mạch"), Decimal(20), Decimal(250), "lần/phút"),
    "temperature": Range(gettext_lazy("Nhiệt độ"), Decimal("34.0"), Decimal("42.5"), "°C", decimals=1),
    "spo2": Range(gettext_lazy("SpO2"), Decimal(50), Decimal(100), "%"),
    "systolic": Range(gettext_lazy("Huyết áp tối đa"), Decimal(50), Decimal(260), "mmHg"),
    "diastolic": Range(gettext_lazy("Huyết áp tối thiểu"), Decimal(20), Decimal(160), "mmHg"),
}
READING_FIELDS = tuple(RANGES)


def _shown(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _parse(name: str, raw: Any) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    spec = RANGES[name]
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise ValidationError(
            _("%(what)s phải là một số.") % {"what": spec.label}, code=HomecareErrorCode.NOT_A_NUMBER
        )
    if spec.decimals == 0 and value != value.to_integral_value():
        raise ValidationError(
            _("%(what)s phải là số nguyên.") % {"what": spec.label}, code=HomecareErrorCode.NOT_A_NUMBER
        )
    if not spec.low <= value <= spec.high:
        raise ValidationError(
            _("%(what)s %(value)s %(unit)s không hợp lý: hãy đo lại và nhập số từ %(low)s đến %(high)s.")
            % {
                "what": spec.label,
                "value": _shown(value),
                "unit": spec.unit,
                "low": _shown(spec.low),
                "high": _shown(spec.high),
            },
            code=HomecareErrorCode.OUT_OF_RANGE,
        )
    return value.quantize(Decimal(1) if spec.decimals == 0 else Decimal("0.1"))


def clean_reading(values: Mapping[str, Any], params: WarningSignsParams) -> Reading:
    """The reading in ``values`` (numbers as text or numbers, ``symptoms`` a list of codes).

    Raises one ``ValidationError`` keyed by field with every mistake found.
    """
    errors: dict[str, list[ValidationError]] = {}
    numbers: dict[str, Decimal | None] = {}
    for name in READING_FIELDS:
        try:
            numbers[name] = _parse(name, values.get(name))
        except ValidationError as error:
            errors[name] = [error]
            numbers[name] = None
    systolic, diastolic = numbers["systolic"], numbers["diastolic"]
    if systolic is not None and diastolic is not None and systolic <= diastolic:
        errors.setdefault("diastolic", []).append(
            ValidationError(
                _("Huyết áp tối thiểu phải nhỏ hơn huyết áp tối đa."),
                code=HomecareErrorCode.BLOOD_PRESSURE_ORDER,
            )
        )
    symptoms = _symptoms(values.get("symptoms") or (), params, errors)
    if not errors and all(value is None for value in numbers.values()) and not symptoms:
        errors["__all__"] = [
            ValidationError(
                _("Hãy nhập ít nhất một chỉ số hoặc một triệu chứng."), code=HomecareErrorCode.EMPTY_READING
            )
        ]
    if errors:
        raise ValidationError(errors)

    def whole(name: str) -> int | None:
        value = numbers[name]
        return None if value is None else int(value)

    return Reading(
        respiratory_rate=whole("respiratory_rate"),
        spo2=whole("spo2"),
        pulse=whole("pulse"),
        systolic=whole("systolic"),
        diastolic=whole("diastolic"),
        temperature=numbers["temperature"],
        symptoms=symptoms,
    )


def _symptoms(
    codes: Iterable[Any], params: WarningSignsParams, errors: dict[str, list[ValidationError]]
) -> frozenset[str]:
    chosen = frozenset(str(code) for code in codes)
    unknown = sorted(code for code in chosen if params.symptom(code) is None)
    if unknown:
        errors["symptoms"] = [
            ValidationError(
                _("Triệu chứng không có trong danh sách của quy định: %(codes)s")
                % {"codes": ", ".join(unknown)},
                code=HomecareErrorCode.SYMPTOM_UNKNOWN,
            )
        ]
    return chosen
