"""The rules on dates, Ct values and persons that every testing write applies (one copy)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.core.access import in_jurisdiction
from phaodai.core.errors import CoreErrorCode
from phaodai.labtests.enums import ResultValue, TestKind
from phaodai.labtests.errors import LabtestsErrorCode
from phaodai.people.models import Person

CT_MAX = Decimal("50")
LAB_MAX = 120

Errors = dict[str, list[ValidationError]]


def add(errors: Errors, field: str, message: str, code: str) -> None:
    errors.setdefault(field, []).append(ValidationError(message, code=code))


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def today() -> dt.date:
    return timezone.localdate()


def shown(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def person_errors(actor: Any, person: Person | None, errors: Errors) -> None:
    if person is None:
        add(errors, "person", _("Hãy chọn người được xét nghiệm."), LabtestsErrorCode.PERSON_REQUIRED)
        return
    if person.merged_into_id is not None:
        add(
            errors,
            "person",
            _("Hồ sơ của %(name)s đã được gộp vào hồ sơ khác; hãy chọn hồ sơ còn dùng.")
            % {"name": person.full_name},
            LabtestsErrorCode.PERSON_MERGED,
        )
    elif not in_jurisdiction(actor, person.area_path):
        add(
            errors,
            "person",
            _("Người này nằm ngoài địa bàn bạn phụ trách."),
            CoreErrorCode.OUTSIDE_JURISDICTION,
        )


def sample_date_errors(person: Person | None, sampled_on: dt.date | None, errors: Errors) -> None:
    if sampled_on is None:
        add(errors, "sampled_on", _("Hãy nhập ngày lấy mẫu."), LabtestsErrorCode.DATE_IN_FUTURE)
        return
    if sampled_on > today():
        add(
            errors,
            "sampled_on",
            _("Ngày lấy mẫu %(day)s ở sau hôm nay.") % {"day": shown(sampled_on)},
            LabtestsErrorCode.DATE_IN_FUTURE,
        )
    if person is None:
        return
    born = person.birth_date
    if (born is not None and sampled_on < born) or sampled_on.year < person.birth_year:
        add(
            errors,
            "sampled_on",
            _("Ngày lấy mẫu %(day)s ở trước khi %(name)s sinh ra.")
            % {"day": shown(sampled_on), "name": person.full_name},
            LabtestsErrorCode.SAMPLE_BEFORE_BIRTH,
        )


def result_errors(
    *,
    kind: str,
    sampled_on: dt.date | None,
    result: str,
    result_on: dt.date | None,
    ct_value: Decimal | None,
    lab: str,
    errors: Errors,
) -> None:
    """A result dated before its sample, in the future, a Ct without RT-PCR or out of range…"""
    if result not in ResultValue.values:
        add(
            errors,
            "result",
            _("Hãy chọn kết quả: dương tính, âm tính hoặc không xác định được."),
            LabtestsErrorCode.RESULT_REQUIRED,
        )
    if result_on is not None:
        if sampled_on is not None and result_on < sampled_on:
            add(
                errors,
                "result_on",
                _(
                    "Ngày có kết quả %(result)s ở trước ngày lấy mẫu %(sample)s: kết quả không thể có trước khi lấy mẫu."
                )
                % {"result": shown(result_on), "sample": shown(sampled_on)},
                LabtestsErrorCode.RESULT_BEFORE_SAMPLE,
            )
        if result_on > today():
            add(
                errors,
                "result_on",
                _("Ngày có kết quả %(day)s ở sau hôm nay.") % {"day": shown(result_on)},
                LabtestsErrorCode.DATE_IN_FUTURE,
            )
    if ct_value is not None:
        if kind != TestKind.RT_PCR:
            add(
                errors,
                "ct_value",
                _("Chỉ xét nghiệm RT-PCR mới có giá trị Ct."),
                LabtestsErrorCode.CT_ONLY_PCR,
            )
        elif not (Decimal(0) < ct_value <= CT_MAX):
            add(
                errors,
                "ct_value",
                _("Giá trị Ct phải lớn hơn 0 và không quá %(max)s.") % {"max": CT_MAX},
                LabtestsErrorCode.CT_RANGE,
            )
    if len(lab) > LAB_MAX:
        add(
            errors,
            "lab",
            _("Tên phòng xét nghiệm dài quá %(n)d ký tự.") % {"n": LAB_MAX},
            LabtestsErrorCode.LAB_TOO_LONG,
        )


def default_result_on(kind: str, sampled_on: dt.date) -> dt.date:
    """A rapid test is read on the spot; a lab's result is dated the day it is entered."""
    return sampled_on if kind != TestKind.RT_PCR else max(sampled_on, today())
