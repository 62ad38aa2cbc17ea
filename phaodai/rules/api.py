"""REST endpoints for rule sets (``/api/v1/rules/``): read by every signed-in user, written by
system administrators (``MANAGE_RULES``) with ``If-Match`` on edits.

A rule set is addressed by its code (``home_care.261``). ``/api/v1/rules/in-force/`` answers
which rule set of a kind was in force for a unit (in the caller's jurisdiction) on a date.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from phaodai.api import fields
from phaodai.api.base import LoginOnlyAPIView, ScopedAPIView
from phaodai.api.schema import error_responses
from phaodai.api.serializers import UnitRefSerializer
from phaodai.api.types import AuthedApiRequest
from phaodai.api.versions import IF_MATCH, expected_version, with_etag
from phaodai.areas.selectors import unit_get_for_user
from phaodai.core.roles import Capability
from phaodai.rules.errors import RulesErrorCode
from phaodai.rules.models import RuleSet
from phaodai.rules.selectors import rule_in_force, rule_set_by_code, rule_set_list
from phaodai.rules.services import rule_set_create, rule_set_update

_UNIT = gettext_lazy("đơn vị")


def _rule_set(code: str) -> RuleSet:
    try:
        return rule_set_by_code(code)
    except RuleSet.DoesNotExist:
        raise Http404 from None


def _unit_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=unit_get_for_user, lookup="unit_id", what=_UNIT, **kwargs)


class RuleSetSerializer(serializers.Serializer[RuleSet]):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    scope_unit = UnitRefSerializer(allow_null=True, help_text="Tỉnh có quy định riêng; null: toàn quốc.")
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True, help_text="Ngày cuối cùng còn hiệu lực; null: vẫn còn.")
    source_number = serializers.CharField()
    source_date = serializers.DateField(allow_null=True)
    source_body = serializers.CharField()
    source_where = serializers.CharField()
    verified = serializers.BooleanField()
    verification_note = serializers.CharField()
    parameters = serializers.JSONField()
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class RuleSetListApi(LoginOnlyAPIView):
    """Các bộ quy định chuyên môn (mọi loại, hoặc một loại), theo loại và ngày bắt đầu hiệu lực."""

    class FilterSerializer(fields.Serializer):
        kind = fields.CharField(required=False, max_length=64, help_text="Mã loại quy định, ví dụ home_care.")

    @extend_schema(
        operation_id="rule_set_list",
        parameters=[FilterSerializer],
        responses={200: RuleSetSerializer(many=True), **error_responses(400, 401)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        return self.paginated(rule_set_list(kind=found.get("kind") or None), RuleSetSerializer)


class _WriteFields(fields.Serializer):
    title = fields.CharField(max_length=300)
    scope_unit = _unit_ref(required=False, allow_null=True, help_text="Mã số tỉnh; null: toàn quốc.")
    valid_from = fields.DateField()
    valid_to = fields.DateField(required=False, allow_null=True)
    source_number = fields.CharField(required=False, allow_blank=True, max_length=100)
    source_date = fields.DateField(required=False, allow_null=True)
    source_body = fields.CharField(required=False, allow_blank=True, max_length=200)
    source_where = fields.CharField(required=False, allow_blank=True, max_length=500)
    verified = fields.BooleanField(required=False)
    verification_note = fields.CharField(required=False, allow_blank=True, max_length=5000)
    parameters = fields.JSONObjectField(help_text="Tham số theo lược đồ của loại quy định.")


class RuleSetCreateApi(ScopedAPIView):
    """Thêm một bộ quy định (quản trị hệ thống). Tham số được kiểm theo lược đồ của loại; thời
    gian hiệu lực không được trùng với bộ khác cùng loại và cùng phạm vi."""

    required_capability = Capability.MANAGE_RULES

    class InputSerializer(_WriteFields):
        code = fields.CharField(max_length=64)
        kind = fields.CharField(max_length=64)

    @extend_schema(
        operation_id="rule_set_create",
        request=InputSerializer,
        responses={201: RuleSetSerializer, **error_responses(400, 401, 403, codes=RulesErrorCode)},
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        rule_set = rule_set_create(actor=request.user, **serializer.validated_data)
        response = Response(RuleSetSerializer(rule_set).data, status=status.HTTP_201_CREATED)
        return with_etag(response, rule_set)


class RuleSetDetailApi(LoginOnlyAPIView):
    """Một bộ quy định theo mã (404 nếu không có)."""

    @extend_schema(
        operation_id="rule_set_retrieve", responses={200: RuleSetSerializer, **error_responses(401, 404)}
    )
    def get(self, request: AuthedApiRequest, rule_code: str) -> Response:
        rule_set = _rule_set(rule_code)
        return with_etag(Response(RuleSetSerializer(rule_set).data), rule_set)


class RuleSetUpdateApi(ScopedAPIView):
    """Sửa một bộ quy định (quản trị hệ thống): chỉ gửi các trường cần đổi, kèm If-Match."""

    required_capability = Capability.MANAGE_RULES

    class InputSerializer(_WriteFields):
        code = fields.CharField(max_length=64)

    @extend_schema(
        operation_id="rule_set_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: RuleSetSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=RulesErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, rule_code: str) -> Response:
        rule_set = _rule_set(rule_code)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        saved = rule_set_update(
            actor=request.user, rule_set=rule_set, expected_version=version, **serializer.validated_data
        )
        return with_etag(Response(RuleSetSerializer(saved).data), saved)


class RuleInForceApi(ScopedAPIView):
    """Bộ quy định của một loại có hiệu lực tại một đơn vị (trong địa bàn của bạn) vào một ngày:
    quy định riêng của tỉnh nếu có, nếu không thì quy định toàn quốc. 400 nếu không có bộ nào."""

    class FilterSerializer(fields.Serializer):
        kind = fields.CharField(max_length=64, help_text="Mã loại quy định.")
        unit = _unit_ref(help_text="Mã số đơn vị, trong địa bàn của bạn.")
        on = fields.DateField(required=False, help_text="Ngày (YYYY-MM-DD); mặc định hôm nay.")

    @extend_schema(
        operation_id="rule_in_force",
        parameters=[FilterSerializer],
        responses={200: RuleSetSerializer, **error_responses(400, 401, codes=RulesErrorCode)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        serializer = self.FilterSerializer(data=request.query_params.dict(), context={"request": request})
        serializer.is_valid(raise_exception=True)
        found = serializer.validated_data
        rule_set = rule_in_force(found["kind"], found["unit"], found.get("on") or timezone.localdate())
        return with_etag(Response(RuleSetSerializer(rule_set).data), rule_set)


__all__ = [
    "RuleInForceApi",
    "RuleSetCreateApi",
    "RuleSetDetailApi",
    "RuleSetListApi",
    "RuleSetUpdateApi",
]
