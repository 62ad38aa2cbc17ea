"""Signing in to the API: obtain and revoke a token; who am I.

``POST /api/v1/token/`` exchanges a username and password for a token, through
``django.contrib.auth.authenticate`` so that django-axes counts failures and locks the
username+address pair out after ``AXES_FAILURE_LIMIT`` of them (answer: 429).
Clients then send ``Authorization: Token <key>``; ``DELETE /api/v1/token/`` revokes it.
"""

from __future__ import annotations

import math

from axes.helpers import get_cool_off  # type: ignore[import-untyped]  # django-axes ships no types
from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.accounts.models import User
from phaodai.api import fields
from phaodai.api.base import LoginOnlyAPIView, PublicAPIView
from phaodai.api.exceptions import LockedOut
from phaodai.api.schema import error_responses
from phaodai.api.serializers import UnitRefSerializer
from phaodai.api.types import AuthedApiRequest
from phaodai.core.roles import CAPABILITIES, Role


def _lockout_message(request: Request) -> str:
    cool_off = get_cool_off(request)
    if cool_off is None:
        return _("Tài khoản bị khoá do đăng nhập sai quá nhiều lần. Hãy liên hệ quản trị hệ thống.")
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60))
    return _("Tài khoản tạm khoá do đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.") % {
        "minutes": minutes
    }


class TokenObtainApi(PublicAPIView):
    """Đổi tên đăng nhập và mật khẩu lấy mã truy cập (token)."""

    class InputSerializer(fields.Serializer):
        username = fields.CharField(max_length=150)
        password = fields.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})

    class OutputSerializer(serializers.Serializer[dict[str, str]]):
        token = serializers.CharField(help_text="Gửi kèm mọi yêu cầu: Authorization: Token <mã>")

    @extend_schema(
        operation_id="token_obtain",
        tags=["auth"],
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 429)},
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Axes reads and marks the request it is given; pass DRF's request so its
        # middleware leaves this JSON answer alone.
        user = authenticate(
            request=request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            raise LockedOut(_lockout_message(request))
        if user is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Tên đăng nhập hoặc mật khẩu không đúng.")]}, code="invalid_login"
            )
        user_logged_in.send(sender=type(user), request=request, user=user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response(self.OutputSerializer({"token": token.key}).data)


class TokenRevokeApi(LoginOnlyAPIView):
    """Thu hồi mã truy cập của người dùng hiện tại."""

    @extend_schema(
        operation_id="token_revoke",
        tags=["auth"],
        request=None,
        responses={204: OpenApiResponse(description="Đã thu hồi."), **error_responses(401)},
    )
    def delete(self, request: AuthedApiRequest) -> Response:
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(LoginOnlyAPIView):
    """Người dùng hiện tại: vai trò, quyền và đơn vị (địa bàn)."""

    class OutputSerializer(serializers.Serializer[User]):
        id = serializers.IntegerField(source="pk")
        username = serializers.CharField()
        full_name = serializers.CharField(source="get_full_name")
        role = serializers.ChoiceField(choices=Role.choices)
        role_label = serializers.CharField(source="get_role_display")
        capabilities = serializers.SerializerMethodField()
        sees_everything = serializers.BooleanField()
        home_unit = UnitRefSerializer(
            allow_null=True,
            help_text="Đơn vị của người dùng; địa bàn là đơn vị này và mọi đơn vị trực thuộc.",
        )

        def get_capabilities(self, user: object) -> list[str]:
            role = getattr(user, "role", "")
            return sorted(str(c) for c in CAPABILITIES.get(role, frozenset()))

    @extend_schema(
        operation_id="me_retrieve", tags=["auth"], responses={200: OutputSerializer, **error_responses(401)}
    )
    def get(self, request: AuthedApiRequest) -> Response:
        return Response(self.OutputSerializer(request.user).data)
