"""Signing in to the API: obtain and revoke a token; who am I.

``POST /api/v1/token/`` exchanges a username and password for a token, through
``django.contrib.auth.authenticate`` so that django-axes counts failures and locks the
username+address pair out after ``AXES_FAILURE_LIMIT`` of them (answer: 429, code
``locked_out``); an address with too many failures over any usernames waits too (429, code
``login_throttled``, ``phaodai.core.logins``).
Clients then send ``Authorization: Token <key>``; ``DELETE /api/v1/token/`` revokes it.
"""

from __future__ import annotations

import math
from typing import Any

from axes.helpers import get_cool_off  # type: ignore[import-untyped]  # django-axes ships no types
from django.contrib.auth import authenticate, user_logged_in
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from phaodai.accounts.models import ApiToken, User
from phaodai.accounts.services import token_issue, token_renew, token_revoke, tokens_of
from phaodai.api import fields
from phaodai.api.base import LoginOnlyAPIView, PublicAPIView
from phaodai.api.exceptions import LockedOut, LoginThrottled
from phaodai.api.schema import error_responses
from phaodai.api.serializers import UnitRefSerializer
from phaodai.api.types import AuthedApiRequest
from phaodai.core.logins import login_throttled, throttled_message
from phaodai.core.roles import CAPABILITIES, Role


def _lockout_message(request: Request) -> str:
    cool_off = get_cool_off(request)
    if cool_off is None:
        return _("Tài khoản bị khoá do đăng nhập sai quá nhiều lần. Hãy liên hệ quản trị hệ thống.")
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60))
    return _(
        "Tài khoản tạm khoá đăng nhập từ địa chỉ mạng này do sai mật khẩu quá nhiều lần."
        " Vui lòng thử lại sau %(minutes)d phút."
    ) % {"minutes": minutes}


class TokenObtainApi(PublicAPIView):
    """Đổi tên đăng nhập và mật khẩu lấy mã truy cập (token) cho một thiết bị.

    Mỗi lần gọi cấp một mã mới (mỗi thiết bị một mã); máy chủ chỉ lưu bản băm của mã, nên mã chỉ
    được trả về một lần. Mã hết hạn sau `expires_at` (gia hạn bằng `POST /api/v1/token/renew/`),
    khi bị thu hồi, khi đổi mật khẩu hoặc khi tài khoản bị khoá."""

    class InputSerializer(fields.Serializer):
        username = fields.CharField(max_length=150)
        password = fields.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})
        device = fields.CharField(
            required=False,
            allow_blank=True,
            max_length=100,
            help_text="Tên thiết bị, ví dụ «Điện thoại tổ Covid thôn 3».",
        )

    class OutputSerializer(serializers.Serializer[dict[str, Any]]):
        token = serializers.CharField(help_text="Gửi kèm mọi yêu cầu: Authorization: Token <mã>")
        expires_at = serializers.DateTimeField(help_text="Hết hạn lúc này; gia hạn trước đó.")

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
        wait = login_throttled(request)
        if wait is not None:
            raise LoginThrottled(throttled_message(wait), wait=wait)
        if user is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Tên đăng nhập hoặc mật khẩu không đúng.")]}, code="invalid_login"
            )
        user_logged_in.send(sender=type(user), request=request, user=user)
        token, key = token_issue(user=user, name=data.validated_data.get("device", ""), audited=False)
        return Response(self.OutputSerializer({"token": key, "expires_at": token.expires_at}).data)


class TokenRenewApi(LoginOnlyAPIView):
    """Gia hạn: đổi mã đang dùng lấy một mã mới cho cùng thiết bị; mã cũ hết hiệu lực ngay."""

    @extend_schema(
        operation_id="token_renew",
        tags=["auth"],
        request=None,
        responses={200: TokenObtainApi.OutputSerializer, **error_responses(400, 401)},
    )
    def post(self, request: AuthedApiRequest) -> Response:
        if not isinstance(request.auth, ApiToken):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Chỉ gia hạn được khi đăng nhập bằng mã truy cập.")]},
                code="not_a_token",
            )
        token, key = token_renew(token=request.auth)
        return Response(TokenObtainApi.OutputSerializer({"token": key, "expires_at": token.expires_at}).data)


class TokenRevokeApi(LoginOnlyAPIView):
    """Thu hồi mã truy cập đang dùng (đăng nhập bằng phiên trình duyệt: mọi mã của người dùng)."""

    @extend_schema(
        operation_id="token_revoke",
        tags=["auth"],
        request=None,
        responses={204: OpenApiResponse(description="Đã thu hồi."), **error_responses(401)},
    )
    def delete(self, request: AuthedApiRequest) -> Response:
        if isinstance(request.auth, ApiToken):
            token_revoke(actor=request.user, token=request.auth)
        else:
            for token in tokens_of(user=request.user):
                token_revoke(actor=request.user, token=token)
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
