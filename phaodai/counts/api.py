"""REST endpoints for the daily figures (``/api/v1/counts/``): aggregates of a unit in the caller's
jurisdiction, and the list of declared indicators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from phaodai.api import fields
from phaodai.api.base import LoginOnlyAPIView, ScopedAPIView
from phaodai.api.schema import error_responses
from phaodai.api.serializers import UnitRefSerializer
from phaodai.api.types import AuthedApiRequest
from phaodai.areas.selectors import unit_get_for_user
from phaodai.counts.errors import CountsErrorCode
from phaodai.counts.forms import DEFAULT_DAYS, MAX_DAYS
from phaodai.counts.indicators import Indicator, declared_indicators
from phaodai.counts.selectors import series_for, stock_on

_UNIT = gettext_lazy("đơn vị")


class IndicatorSerializer(serializers.Serializer[Indicator]):
    code = serializers.CharField()
    name = serializers.CharField()
    meaning = serializers.CharField()
    dims = serializers.ListField(child=serializers.CharField(), help_text="Tên các chiều phân tổ (tối đa 2).")
    stock = serializers.BooleanField(help_text="Số tồn: đọc theo mức cuối ngày, không cộng dồn.")


class IndicatorListApi(LoginOnlyAPIView):
    """Các chỉ số được khai báo (mã, tên, ý nghĩa, chiều phân tổ)."""

    pagination_class = None  # type: ignore[assignment]  # a short list, whole

    @extend_schema(
        operation_id="indicator_list", responses={200: IndicatorSerializer(many=True), **error_responses(401)}
    )
    def get(self, request: AuthedApiRequest) -> Response:
        items: Any = list(declared_indicators().values())
        return Response(IndicatorSerializer(items, many=True).data)


class DayValueSerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    value = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField()
    stock = serializers.BooleanField()
    unit = UnitRefSerializer()
    start = serializers.DateField()
    end = serializers.DateField()
    total = serializers.IntegerField(help_text="Tổng trong kỳ; với số tồn: mức cuối ngày `end`.")
    days = DayValueSerializer(many=True, help_text="Mọi ngày trong kỳ (kể cả ngày bằng 0).")


class FiguresApi(ScopedAPIView):
    """Số liệu theo ngày của một chỉ số cho một đơn vị (trong địa bàn của bạn, gồm mọi đơn vị trực
    thuộc) trong một kỳ (mặc định 14 ngày đến hôm nay; tối đa 366 ngày)."""

    class FilterSerializer(fields.Serializer):
        indicator = fields.CharField(max_length=64, help_text="Mã chỉ số, ví dụ cases.new.")
        unit = fields.RefField(fetch=unit_get_for_user, lookup="unit_id", what=_UNIT)
        start = fields.DateField(required=False)
        end = fields.DateField(required=False)
        dim1 = fields.CharField(
            required=False, max_length=64, help_text="Chỉ lấy giá trị này của chiều thứ nhất."
        )
        dim2 = fields.CharField(
            required=False, max_length=64, help_text="Chỉ lấy giá trị này của chiều thứ hai."
        )

        def validate_indicator(self, value: str) -> str:
            if value not in declared_indicators():
                raise serializers.ValidationError(
                    _("Không có chỉ số «%(code)s».") % {"code": value}, code=CountsErrorCode.INDICATOR_UNKNOWN
                )
            return value

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            end = attrs.get("end") or timezone.localdate()
            start = attrs.get("start") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
            if start > end:
                raise serializers.ValidationError(
                    {"start": [_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")]}
                )
            if (end - start).days + 1 > MAX_DAYS:
                raise serializers.ValidationError(
                    {"start": [_("Mỗi lần xem nhiều nhất %(n)d ngày.") % {"n": MAX_DAYS}]}
                )
            return {**attrs, "start": start, "end": end}

    @extend_schema(
        operation_id="count_figures",
        parameters=[FilterSerializer],
        responses={200: FiguresSerializer, **error_responses(400, 401, codes=CountsErrorCode)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        item = declared_indicators()[found["indicator"]]
        unit, start, end = found["unit"], found["start"], found["end"]
        dims = {position: found[f"dim{position}"] for position in (1, 2) if found.get(f"dim{position}")}
        series = series_for(item, unit=unit, start=start, end=end, dims=dims or None)
        total = (
            stock_on(item.code, unit=unit, on=end, dims=dims or None)
            if item.stock
            else sum(v for _d, v in series)
        )
        data = {
            "indicator": item.code,
            "stock": item.stock,
            "unit": unit,
            "start": start,
            "end": end,
            "total": total,
            "days": [{"day": day, "value": value} for day, value in series],
        }
        return Response(FiguresSerializer(data).data)
