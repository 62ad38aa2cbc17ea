"""REST endpoints of the area tree (``/api/v1/units/…``): read-only, scoped to the user's jurisdiction.

Each class reads only through the areas selectors with the requesting user
(``phaodai.api.base.ScopedAPIView``): a unit outside the jurisdiction is a 404 exactly
like a unit that does not exist.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from phaodai.api import fields
from phaodai.api.base import ScopedAPIView
from phaodai.api.schema import error_responses
from phaodai.api.serializers import UnitRefSerializer
from phaodai.api.types import AuthedApiRequest
from phaodai.areas.enums import AgeBand, PopulationSource, UnitLevel, UnitType
from phaodai.areas.models import AdminUnit
from phaodai.areas.selectors import (
    population_latest_year,
    population_of,
    unit_ancestors,
    unit_get_for_user,
    unit_list,
)
from phaodai.areas.services import POPULATION_YEARS
from phaodai.core.access import Policy


class UnitPopulationAgeBand(serializers.Serializer[dict[str, Any]]):
    """Một nhóm tuổi: số nam, số nữ, tổng."""

    age_band = serializers.ChoiceField(choices=AgeBand.choices)
    male = serializers.IntegerField()
    female = serializers.IntegerField()
    total = serializers.IntegerField()


class UnitListApi(ScopedAPIView):
    """Danh sách đơn vị hành chính trong địa bàn, lọc theo đơn vị cha, cấp, bản đồ và tên (không dấu)."""

    access_policy = Policy.AREA_SCOPED
    selector = unit_list

    class FilterSerializer(fields.Serializer):
        # DRF takes declared fields off the class, so "parent" (and "source") do not shadow the
        # serializer's own attributes; the stubs see a class attribute of another type.
        parent = fields.IntegerField(  # type: ignore[assignment]
            required=False, min_value=1, help_text="Chỉ lấy các đơn vị con của đơn vị này."
        )
        level = fields.ChoiceField(choices=UnitLevel.choices, required=False)
        era = fields.CharField(
            required=False, allow_blank=True, max_length=16, help_text="Mã bản đồ: 2021 hoặc 2025."
        )
        q = fields.CharField(
            required=False, allow_blank=True, max_length=100, help_text="Một phần của tên, có hoặc không dấu."
        )

    class OutputSerializer(serializers.Serializer[AdminUnit]):
        id = serializers.IntegerField(source="pk")
        code = serializers.CharField(help_text="Mã GSO; chỉ duy nhất trong một bản đồ (era).")
        name = serializers.CharField()
        level = serializers.ChoiceField(
            choices=UnitLevel.choices, help_text="1 tỉnh, 2 huyện, 3 xã, 4 thôn/tổ dân phố"
        )
        unit_type = serializers.ChoiceField(choices=UnitType.choices)
        era = serializers.CharField(source="era.code", help_text="Bản đồ hành chính: 2021 hoặc 2025.")
        parent = serializers.IntegerField(source="parent_id", allow_null=True)  # type: ignore[assignment]
        depth = serializers.IntegerField()
        valid_from = serializers.DateField()
        valid_to = serializers.DateField(allow_null=True)
        is_border = serializers.BooleanField()

    @extend_schema(
        operation_id="unit_list",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        units = self.get_scoped_queryset(
            parent_id=found.get("parent"),
            level=found.get("level"),
            era_code=found.get("era", ""),
            query=found.get("q", ""),
        )
        return self.paginated(units, self.OutputSerializer)


class UnitDetailApi(ScopedAPIView):
    """Một đơn vị hành chính và các cấp trên của nó (404 nếu không có hoặc ngoài địa bàn)."""

    access_policy = Policy.AREA_SCOPED
    fetch = unit_get_for_user

    class OutputSerializer(UnitListApi.OutputSerializer):
        ancestors = UnitRefSerializer(many=True, help_text="Các cấp trên, từ tỉnh xuống.")

    @extend_schema(
        operation_id="unit_retrieve", responses={200: OutputSerializer, **error_responses(401, 403, 404)}
    )
    def get(self, request: AuthedApiRequest, unit_id: int) -> Response:
        unit = self.get_scoped_object(unit_id=unit_id)
        unit.ancestors = unit_ancestors(unit=unit)
        return Response(self.OutputSerializer(unit).data)


class UnitPopulationApi(ScopedAPIView):
    """Dân số của một đơn vị (cộng cả địa bàn trực thuộc) theo nhóm tuổi × giới tính.

    Không ghi năm: lấy năm gần nhất có số liệu. Không ghi nguồn: lấy nguồn tốt nhất có
    trong địa bàn (điều tra dân số > ước tính > sổ nhân khẩu). Số liệu ghi ở nhiều cấp thì
    chỉ cộng cấp chi tiết nhất có trong địa bàn.
    """

    access_policy = Policy.AREA_SCOPED
    fetch = unit_get_for_user

    class FilterSerializer(fields.Serializer):
        year = fields.IntegerField(
            required=False, min_value=POPULATION_YEARS[0], max_value=POPULATION_YEARS[1]
        )
        source = fields.ChoiceField(choices=PopulationSource.choices, required=False)  # type: ignore[assignment]

    class OutputSerializer(serializers.Serializer[dict[str, Any]]):
        unit = UnitRefSerializer()
        year = serializers.IntegerField(allow_null=True, help_text="null: chưa có số liệu nào.")
        source = serializers.ChoiceField(  # type: ignore[assignment]
            choices=PopulationSource.choices,
            allow_null=True,
            help_text="Nguồn đã dùng (census, estimate, registry); null nếu không có số liệu.",
        )
        recorded_at = serializers.DateTimeField(
            allow_null=True,
            help_text="Thời điểm số liệu được ghi nhận (nhập, đếm từ sổ nhân khẩu); null nếu chưa rõ.",
        )
        total = serializers.IntegerField()
        male = serializers.IntegerField()
        female = serializers.IntegerField()
        age_bands = UnitPopulationAgeBand(many=True, help_text="Mọi nhóm tuổi, theo thứ tự.")

    @extend_schema(
        operation_id="unit_population",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, unit_id: int) -> Response:
        unit = self.get_scoped_object(unit_id=unit_id)
        found = self.query_filters(self.FilterSerializer)
        year = found.get("year") or population_latest_year(unit=unit)
        body: dict[str, Any] = {
            "unit": unit,
            "year": year,
            "source": None,
            "recorded_at": None,
            "total": 0,
            "male": 0,
            "female": 0,
        }
        rows = [{"age_band": band, "male": 0, "female": 0, "total": 0} for band in AgeBand]
        if year is not None:
            summary = population_of(unit=unit, year=year, source=found.get("source"))
            body.update(
                source=summary.source,
                recorded_at=summary.recorded_at,
                total=summary.total,
                male=summary.men,
                female=summary.women,
            )
            rows = [
                {"age_band": band, "male": men, "female": women, "total": both}
                for band, men, women, both in summary.table()
            ]
        return Response(self.OutputSerializer({**body, "age_bands": rows}).data)
