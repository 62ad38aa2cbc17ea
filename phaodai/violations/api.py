"""REST endpoints of the violations register (``/api/v1/violations/``).

One class per resource action, reading through the violations selectors and access functions
and writing through its services (which check the rules and write the audit row). Creation is
idempotent by a client ``uuid``; edits need ``If-Match`` with the ETag read (412 when stale).
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
from phaodai.people.access import person_get_for_user
from phaodai.violations.access import violation_get_for_user
from phaodai.violations.enums import Decision, OffenderKind, PaymentStatus
from phaodai.violations.errors import ViolationErrorCode
from phaodai.violations.models import Violation
from phaodai.violations.selectors import violation_search
from phaodai.violations.services import violation_create, violation_update


def _unit_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=unit_get_for_user, lookup="unit_id", what=gettext_lazy("đơn vị"), **kwargs)


def _establishment_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(
        fetch=establishment_get_for_user, lookup="establishment_id", what=gettext_lazy("cơ sở"), **kwargs
    )


def _person_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(
        fetch=person_get_for_user, lookup="person_id", what=gettext_lazy("nhân khẩu"), **kwargs
    )


class ViolationOutputSerializer(serializers.Serializer[Violation]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    unit = UnitRefSerializer()
    offender_kind = serializers.ChoiceField(choices=OffenderKind.choices)
    person = serializers.IntegerField(source="person_id", allow_null=True)
    establishment = serializers.IntegerField(source="establishment_id", allow_null=True)
    offender_name = serializers.CharField()
    offender_address = serializers.CharField()
    rule_text = serializers.CharField()
    legal_basis = serializers.CharField()
    place = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    description = serializers.CharField()
    decision = serializers.ChoiceField(choices=Decision.choices)
    fine_amount = serializers.IntegerField(allow_null=True, help_text="Đồng; chỉ khi phạt tiền.")
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    suspended_until = serializers.DateField(allow_null=True)
    referred_to = serializers.CharField()
    payment_status = serializers.ChoiceField(choices=PaymentStatus.choices)
    paid_on = serializers.DateField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')


class ViolationListApi(ScopedAPIView):
    """Danh sách vi phạm trong địa bàn, mới nhất trước; tìm theo tên, hành vi, nơi, số quyết định."""

    required_capability = Capability.VIEW_VIOLATIONS
    logs_access = True
    selector = violation_search

    class FilterSerializer(fields.Serializer):
        q = fields.CharField(required=False, allow_blank=True, max_length=100)
        unit = _unit_ref(required=False, help_text="Chỉ lấy vi phạm trong đơn vị này (và đơn vị con).")
        decision = fields.ChoiceField(choices=Decision.choices, required=False)
        payment_status = fields.ChoiceField(choices=PaymentStatus.choices, required=False)
        offender_kind = fields.ChoiceField(choices=OffenderKind.choices, required=False)

    @extend_schema(
        operation_id="violation_list",
        parameters=[FilterSerializer],
        responses={200: ViolationOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        violations = self.get_scoped_queryset(
            query=found.get("q", ""),
            unit=found.get("unit"),
            decision=found.get("decision", ""),
            payment_status=found.get("payment_status", ""),
            offender_kind=found.get("offender_kind", ""),
        )
        return self.paginated(violations, ViolationOutputSerializer)


class ViolationDetailApi(ScopedAPIView):
    """Một vi phạm (404 nếu không có hoặc ngoài địa bàn)."""

    required_capability = Capability.VIEW_VIOLATIONS
    logs_access = True
    fetch = violation_get_for_user

    @extend_schema(
        operation_id="violation_retrieve",
        responses={200: ViolationOutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, violation_id: int) -> Response:
        violation = self.get_scoped_object(violation_id=violation_id)
        return with_etag(Response(ViolationOutputSerializer(violation).data), violation)


class _ViolationFields(fields.Serializer):
    offender_kind = fields.ChoiceField(choices=OffenderKind.choices)
    person = _person_ref(allow_null=True, help_text="Mã nhân khẩu, khi người vi phạm có trong sổ.")
    establishment = _establishment_ref(
        allow_null=True, help_text="Mã cơ sở, khi đối tượng là một cơ sở trong sổ."
    )
    offender_name = fields.CharField(allow_blank=True, max_length=160)
    offender_address = fields.CharField(allow_blank=True, max_length=255)
    rule_text = fields.CharField(max_length=300)
    legal_basis = fields.CharField(
        max_length=200, help_text="Ví dụ: điểm a khoản 1 Điều 12 Nghị định 117/2020/NĐ-CP"
    )
    place = fields.CharField(max_length=255)
    occurred_at = fields.DateTimeField()
    description = fields.CharField(allow_blank=True, max_length=4000)
    decision = fields.ChoiceField(choices=Decision.choices)
    fine_amount = fields.IntegerField(allow_null=True, help_text="Đồng, lớn hơn 0; chỉ khi phạt tiền.")
    decision_number = fields.CharField(allow_blank=True, max_length=64)
    decision_date = fields.DateField(allow_null=True)
    suspended_until = fields.DateField(allow_null=True)
    referred_to = fields.CharField(allow_blank=True, max_length=160)
    payment_status = fields.ChoiceField(choices=PaymentStatus.choices)
    paid_on = fields.DateField(allow_null=True)


class ViolationCreateApi(ScopedAPIView):
    """Ghi nhận một vi phạm; `uuid` do máy tạo giúp gửi lại an toàn. Phạt tiền, đình chỉ, chuyển
    công an cần quyền `decide_violations`."""

    required_capability = Capability.RECORD_VIOLATIONS
    fetch = violation_get_for_user

    class InputSerializer(_ViolationFields):
        uuid = fields.UUIDField(
            required=False, help_text="Do máy khách tạo; gửi lại cùng mã không tạo bản ghi mới."
        )
        unit = _unit_ref(help_text="Xã hoặc thôn nơi vi phạm, trong địa bàn của bạn.")

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name in (
                "offender_kind",
                "person",
                "establishment",
                "offender_name",
                "offender_address",
                "description",
                "decision",
                "fine_amount",
                "decision_number",
                "decision_date",
                "suspended_until",
                "referred_to",
                "payment_status",
                "paid_on",
            ):
                self.fields[name].required = False

    @extend_schema(
        operation_id="violation_create",
        request=InputSerializer,
        responses={
            201: OpenApiResponse(ViolationOutputSerializer, description="Đã ghi nhận."),
            200: OpenApiResponse(
                ViolationOutputSerializer, description="Đã có vi phạm với uuid này; trả lại nó."
            ),
            **error_responses(400, 401, 403, codes=ViolationErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        violation, created = violation_create(actor=request.user, **serializer.validated_data)
        return self.created_or_replayed(
            violation, created, ViolationOutputSerializer, violation_id=violation.pk
        )


class ViolationUpdateApi(ScopedAPIView):
    """Sửa một vi phạm hoặc ghi quyết định xử lý, nộp phạt: chỉ gửi các trường cần đổi."""

    required_capability = Capability.RECORD_VIOLATIONS
    fetch = violation_get_for_user

    class InputSerializer(_ViolationFields):
        unit = _unit_ref()

    @extend_schema(
        operation_id="violation_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: ViolationOutputSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=ViolationErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, violation_id: int) -> Response:
        violation = self.get_scoped_object(violation_id=violation_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        violation = violation_update(
            actor=request.user, violation=violation, expected_version=version, **serializer.validated_data
        )
        return with_etag(Response(ViolationOutputSerializer(violation).data), violation)


__all__ = ["ViolationCreateApi", "ViolationDetailApi", "ViolationListApi", "ViolationUpdateApi"]
