"""REST endpoints of the establishments registry (``/api/v1/establishments/``).

One class per resource action, reading through the selectors and access functions and writing
through the services. Creation is idempotent by a client ``uuid``; edits need ``If-Match``.
Whether an establishment may operate is decided on its page (an inspector's act, with a reason).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from phaodai.api import fields
from phaodai.api.base import ScopedAPIView
from phaodai.api.schema import error_responses
from phaodai.api.serializers import UnitRefSerializer
from phaodai.api.types import AuthedApiRequest
from phaodai.api.versions import IF_MATCH, expected_version, with_etag
from phaodai.areas.selectors import unit_get_for_user
from phaodai.core.roles import Capability
from phaodai.establishments.access import establishment_get_for_user
from phaodai.establishments.enums import EstablishmentKind, Readiness, SchoolLevel
from phaodai.establishments.errors import EstablishmentErrorCode
from phaodai.establishments.models import Establishment
from phaodai.establishments.selectors import establishment_search
from phaodai.establishments.services import establishment_create, establishment_update


def _unit_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=unit_get_for_user, lookup="unit_id", what=gettext_lazy("đơn vị"), **kwargs)


class EstablishmentOutputSerializer(serializers.Serializer[Establishment]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    unit = UnitRefSerializer()
    kind = serializers.ChoiceField(choices=EstablishmentKind.choices)
    name = serializers.CharField()
    industrial_park = serializers.CharField()
    address = serializers.CharField()
    owner_name = serializers.CharField()
    phone = serializers.CharField()
    headcount = serializers.IntegerField()
    safety_plan = serializers.CharField()
    safety_plan_on = serializers.DateField(allow_null=True)
    school_level = serializers.CharField(help_text="Cấp học (trường học); rỗng nếu không phải trường.")
    may_operate = serializers.BooleanField()
    operate_note = serializers.CharField()
    operate_decided_on = serializers.DateField(allow_null=True)
    readiness = serializers.ChoiceField(choices=Readiness.choices)
    readiness_on = serializers.DateField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')


class EstablishmentListApi(ScopedAPIView):
    """Cơ sở trong địa bàn; tìm theo tên, khu công nghiệp, địa chỉ, người đứng đầu."""

    required_capability = Capability.VIEW_ESTABLISHMENTS
    selector = establishment_search

    class FilterSerializer(fields.Serializer):
        q = fields.CharField(required=False, allow_blank=True, max_length=100)
        unit = _unit_ref(required=False, help_text="Chỉ lấy cơ sở trong đơn vị này (và đơn vị con).")
        kind = fields.ChoiceField(choices=EstablishmentKind.choices, required=False)
        may_operate = fields.BooleanField(required=False)
        readiness = fields.ChoiceField(choices=Readiness.choices, required=False)

    @extend_schema(
        operation_id="establishment_list",
        parameters=[FilterSerializer],
        responses={200: EstablishmentOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        rows = self.get_scoped_queryset(
            query=found.get("q", ""),
            unit=found.get("unit"),
            kind=found.get("kind", ""),
            may_operate=found.get("may_operate"),
            readiness=found.get("readiness", ""),
        )
        return self.paginated(rows, EstablishmentOutputSerializer)


class EstablishmentDetailApi(ScopedAPIView):
    """Một cơ sở (404 nếu không có hoặc ngoài địa bàn)."""

    required_capability = Capability.VIEW_ESTABLISHMENTS
    fetch = establishment_get_for_user

    @extend_schema(
        operation_id="establishment_retrieve",
        responses={200: EstablishmentOutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, establishment_id: int) -> Response:
        establishment = self.get_scoped_object(establishment_id=establishment_id)
        return with_etag(Response(EstablishmentOutputSerializer(establishment).data), establishment)


class _Fields(fields.Serializer):
    kind = fields.ChoiceField(choices=EstablishmentKind.choices)
    name = fields.CharField(max_length=200)
    industrial_park = fields.CharField(allow_blank=True, max_length=160)
    address = fields.CharField(allow_blank=True, max_length=255)
    owner_name = fields.CharField(allow_blank=True, max_length=160)
    phone = fields.CharField(allow_blank=True, max_length=15)
    headcount = fields.IntegerField(min_value=0, max_value=1_000_000)
    safety_plan = fields.CharField(allow_blank=True, max_length=20000)
    safety_plan_on = fields.DateField(allow_null=True)
    school_level = fields.ChoiceField(choices=[("", "—"), *SchoolLevel.choices], allow_blank=True)


class EstablishmentCreateApi(ScopedAPIView):
    """Thêm một cơ sở; `uuid` do máy tạo giúp gửi lại an toàn."""

    required_capability = Capability.EDIT_ESTABLISHMENTS
    fetch = establishment_get_for_user

    class InputSerializer(_Fields):
        uuid = fields.UUIDField(
            required=False, help_text="Do máy khách tạo; gửi lại cùng mã không tạo bản ghi mới."
        )
        unit = _unit_ref(help_text="Xã hoặc thôn của cơ sở, trong địa bàn của bạn.")

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name in (
                "industrial_park",
                "address",
                "owner_name",
                "phone",
                "headcount",
                "safety_plan",
                "safety_plan_on",
                "school_level",
            ):
                self.fields[name].required = False

    @extend_schema(
        operation_id="establishment_create",
        request=InputSerializer,
        responses={
            201: OpenApiResponse(EstablishmentOutputSerializer, description="Đã thêm."),
            200: OpenApiResponse(EstablishmentOutputSerializer, description="Đã có cơ sở với uuid này."),
            **error_responses(400, 401, 403, codes=EstablishmentErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        establishment, created = establishment_create(actor=request.user, **serializer.validated_data)
        return self.created_or_replayed(
            establishment, created, EstablishmentOutputSerializer, establishment_id=establishment.pk
        )


class EstablishmentUpdateApi(ScopedAPIView):
    """Sửa thông tin một cơ sở: chỉ gửi các trường cần đổi."""

    required_capability = Capability.EDIT_ESTABLISHMENTS
    fetch = establishment_get_for_user

    class InputSerializer(_Fields):
        unit = _unit_ref()

    @extend_schema(
        operation_id="establishment_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: EstablishmentOutputSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=EstablishmentErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, establishment_id: int) -> Response:
        establishment = self.get_scoped_object(establishment_id=establishment_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        establishment = establishment_update(
            actor=request.user,
            establishment=establishment,
            expected_version=version,
            **serializer.validated_data,
        )
        return with_etag(Response(EstablishmentOutputSerializer(establishment).data), establishment)


__all__ = [
    "EstablishmentCreateApi",
    "EstablishmentDetailApi",
    "EstablishmentListApi",
    "EstablishmentUpdateApi",
]
