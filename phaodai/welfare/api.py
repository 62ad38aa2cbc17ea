"""REST endpoints of welfare (``/api/v1/welfare/…``): vulnerable households, packages with their
stock, deliveries. Reads through the welfare selectors, writes through its services; edits of a
vulnerable household carry ``If-Match``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from phaodai.api import fields
from phaodai.api.base import ScopedAPIView
from phaodai.api.schema import error_responses
from phaodai.api.serializers import UnitRefSerializer
from phaodai.api.types import AuthedApiRequest
from phaodai.api.versions import IF_MATCH, expected_version, with_etag
from phaodai.areas.selectors import unit_get_for_user
from phaodai.core.roles import Capability
from phaodai.people.access import household_get_for_user
from phaodai.welfare.enums import PackageKind, Vulnerability
from phaodai.welfare.errors import WelfareErrorCode
from phaodai.welfare.models import Delivery, SupportPackage, VulnerableHousehold
from phaodai.welfare.selectors import (
    delivery_search,
    package_get_for_user,
    package_search,
    vulnerable_get_for_user,
    vulnerable_search,
)
from phaodai.welfare.services import delivery_record, vulnerable_mark, vulnerable_update

_UNIT = gettext_lazy("đơn vị")


_HOUSEHOLD = gettext_lazy("hộ gia đình")
_PACKAGE = gettext_lazy("hàng hỗ trợ")


def _unit_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=unit_get_for_user, lookup="unit_id", what=_UNIT, **kwargs)


class VulnerableOutputSerializer(serializers.Serializer[VulnerableHousehold]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    household = serializers.IntegerField(source="household_id")
    household_code = serializers.CharField(source="household.code")
    unit = UnitRefSerializer()
    vulnerabilities = serializers.ListField(child=serializers.ChoiceField(choices=Vulnerability.choices))
    needs = serializers.CharField()
    active = serializers.BooleanField()
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')


class VulnerableListOutputSerializer(VulnerableOutputSerializer):
    last_delivered_on = serializers.DateField(allow_null=True, help_text="Lần nhận hỗ trợ gần nhất.")
    reached_this_week = serializers.BooleanField(help_text="Đã nhận hỗ trợ từ thứ Hai tuần này.")


class VulnerableListApi(ScopedAPIView):
    """Hộ khó khăn trong địa bàn: hộ chưa được hỗ trợ tuần này trước (hộ chưa nhận lần nào trước
    hộ nhận đã lâu)."""

    required_capability = Capability.VIEW_WELFARE
    logs_access = True
    selector = vulnerable_search

    class FilterSerializer(fields.Serializer):
        q = fields.CharField(required=False, allow_blank=True, max_length=100)
        vulnerability = fields.ChoiceField(choices=Vulnerability.choices, required=False)
        reached = fields.ChoiceField(
            choices=[("no", "no"), ("yes", "yes")],
            required=False,
            help_text="Đã được hỗ trợ trong N ngày qua.",
        )
        unit = _unit_ref(required=False, help_text="Chỉ trong đơn vị này.")

    @extend_schema(
        operation_id="welfare_household_list",
        parameters=[FilterSerializer],
        responses={200: VulnerableListOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        rows = self.get_scoped_queryset(
            unit=found.get("unit"),
            query=found.get("q", ""),
            vulnerability=found.get("vulnerability", ""),
            reached=found.get("reached", ""),
        )
        return self.paginated(rows, VulnerableListOutputSerializer)


class VulnerableCreateApi(ScopedAPIView):
    """Đánh dấu một hộ trong sổ nhân khẩu là hộ khó khăn, với nhu cầu của hộ."""

    required_capability = Capability.EDIT_WELFARE
    fetch = vulnerable_get_for_user

    class InputSerializer(fields.Serializer):
        household = fields.RefField(fetch=household_get_for_user, lookup="household_id", what=_HOUSEHOLD)
        vulnerabilities = fields.ListField(
            child=fields.ChoiceField(choices=Vulnerability.choices), min_length=1, max_length=6
        )
        needs = fields.CharField(required=False, allow_blank=True, max_length=1000)

    @extend_schema(
        operation_id="welfare_household_create",
        request=InputSerializer,
        responses={201: VulnerableOutputSerializer, **error_responses(400, 401, 403, codes=WelfareErrorCode)},
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        record = vulnerable_mark(actor=request.user, **serializer.validated_data)
        return with_etag(
            Response(VulnerableOutputSerializer(record).data, status=status.HTTP_201_CREATED), record
        )


class VulnerableDetailApi(ScopedAPIView):
    """Một hộ khó khăn (404 nếu không có hoặc ngoài địa bàn)."""

    required_capability = Capability.VIEW_WELFARE
    logs_access = True
    fetch = vulnerable_get_for_user

    @extend_schema(
        operation_id="welfare_household_retrieve",
        responses={200: VulnerableOutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, vulnerable_id: int) -> Response:
        record = self.get_scoped_object(vulnerable_id=vulnerable_id)
        return with_etag(Response(VulnerableOutputSerializer(record).data), record)


class VulnerableUpdateApi(ScopedAPIView):
    """Sửa diện khó khăn, nhu cầu, hoặc rút hộ khỏi danh sách (`active`: false)."""

    required_capability = Capability.EDIT_WELFARE
    fetch = vulnerable_get_for_user

    class InputSerializer(fields.Serializer):
        vulnerabilities = fields.ListField(
            child=fields.ChoiceField(choices=Vulnerability.choices), min_length=1, max_length=6
        )
        needs = fields.CharField(allow_blank=True, max_length=1000)
        active = fields.BooleanField()

    @extend_schema(
        operation_id="welfare_household_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: VulnerableOutputSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=WelfareErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, vulnerable_id: int) -> Response:
        record = self.get_scoped_object(vulnerable_id=vulnerable_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        updated = vulnerable_update(
            actor=request.user, vulnerable=record, expected_version=version, **serializer.validated_data
        )
        return with_etag(Response(VulnerableOutputSerializer(updated).data), updated)


class PackageOutputSerializer(serializers.Serializer[SupportPackage]):
    id = serializers.IntegerField(source="pk")
    unit = UnitRefSerializer()
    kind = serializers.ChoiceField(choices=PackageKind.choices)
    name = serializers.CharField()
    unit_label = serializers.CharField()
    received = serializers.IntegerField(help_text="Tổng số đã nhập.")
    delivered = serializers.IntegerField(help_text="Tổng số đã phát.")
    stock = serializers.IntegerField(help_text="Còn trong kho = đã nhập − đã phát.")


class PackageListApi(ScopedAPIView):
    """Hàng hỗ trợ ở các xã trong địa bàn, với tồn kho tính từ phiếu nhập và các lần phát."""

    required_capability = Capability.VIEW_WELFARE
    selector = package_search

    class FilterSerializer(fields.Serializer):
        kind = fields.ChoiceField(choices=PackageKind.choices, required=False)
        unit = _unit_ref(required=False, help_text="Chỉ trong đơn vị này.")

    @extend_schema(
        operation_id="welfare_package_list",
        parameters=[FilterSerializer],
        responses={200: PackageOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        rows = self.get_scoped_queryset(unit=found.get("unit"), kind=found.get("kind", ""))
        return self.paginated(rows, PackageOutputSerializer)


class DeliveryOutputSerializer(serializers.Serializer[Delivery]):
    id = serializers.IntegerField(source="pk")
    package = serializers.IntegerField(source="package_id")
    household = serializers.IntegerField(source="household_id")
    unit = serializers.IntegerField(source="unit_id")
    quantity = serializers.IntegerField()
    delivered_on = serializers.DateField()
    delivered_by = serializers.CharField()
    note = serializers.CharField()


class DeliveryListApi(ScopedAPIView):
    """Các lần phát hàng hỗ trợ trong địa bàn, mới nhất trước."""

    required_capability = Capability.VIEW_WELFARE
    selector = delivery_search

    class FilterSerializer(fields.Serializer):
        unit = _unit_ref(required=False, help_text="Chỉ trong đơn vị này.")

    @extend_schema(
        operation_id="welfare_delivery_list",
        parameters=[FilterSerializer],
        responses={200: DeliveryOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        return self.paginated(self.get_scoped_queryset(unit=found.get("unit")), DeliveryOutputSerializer)


class DeliveryCreateApi(ScopedAPIView):
    """Ghi nhận phát hàng cho một hộ: hộ ngoài địa bàn, hàng của xã khác, quá số còn trong kho,
    ngày sau hôm nay đều bị từ chối, không lưu gì."""

    required_capability = Capability.DELIVER_WELFARE

    class InputSerializer(fields.Serializer):
        package = fields.RefField(fetch=package_get_for_user, lookup="package_id", what=_PACKAGE)
        household = fields.RefField(fetch=household_get_for_user, lookup="household_id", what=_HOUSEHOLD)
        quantity = fields.IntegerField(min_value=1, max_value=10_000)
        delivered_on = fields.DateField(help_text="Dạng YYYY-MM-DD; không sau hôm nay.")
        delivered_by = fields.CharField(max_length=120)
        note = fields.CharField(required=False, allow_blank=True, max_length=300)

    @extend_schema(
        operation_id="welfare_delivery_create",
        request=InputSerializer,
        responses={201: DeliveryOutputSerializer, **error_responses(400, 401, 403, codes=WelfareErrorCode)},
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        delivery = delivery_record(actor=request.user, **serializer.validated_data)
        return Response(DeliveryOutputSerializer(delivery).data, status=status.HTTP_201_CREATED)
