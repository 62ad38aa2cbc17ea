"""REST endpoints of announcements (``/api/v1/announcements/``): list, read, write, edit, and the
steps of its life: submit (the writer), approve (a leader who did not write it), publish to the
chosen units and withdraw (leaders with ``approve_announcements``).

Creation is idempotent by a client ``uuid``; edits and every step need ``If-Match``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from phaodai.announcements.access import announcement_get_for_user
from phaodai.announcements.enums import AnnouncementStatus, AudioStatus
from phaodai.announcements.errors import AnnouncementErrorCode
from phaodai.announcements.models import Announcement
from phaodai.announcements.selectors import announcement_search
from phaodai.announcements.services import (
    announcement_approve,
    announcement_create,
    announcement_publish,
    announcement_submit,
    announcement_update,
    announcement_withdraw,
)
from phaodai.api import fields
from phaodai.api.base import ScopedAPIView
from phaodai.api.schema import error_responses
from phaodai.api.serializers import UnitRefSerializer
from phaodai.api.types import AuthedApiRequest
from phaodai.api.versions import IF_MATCH, expected_version, with_etag
from phaodai.areas.selectors import unit_get_for_user
from phaodai.core.roles import Capability


def _unit_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=unit_get_for_user, lookup="unit_id", what=gettext_lazy("đơn vị"), **kwargs)


class AnnouncementOutputSerializer(serializers.Serializer[Announcement]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    unit = UnitRefSerializer()
    title = serializers.CharField()
    body = serializers.CharField()
    for_loudspeaker = serializers.BooleanField()
    for_radio = serializers.BooleanField()
    for_public_page = serializers.BooleanField()
    targets = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=AnnouncementStatus.choices)
    audio_status = serializers.ChoiceField(choices=AudioStatus.choices)
    audio_seconds = serializers.FloatField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')

    def get_targets(self, announcement: Announcement) -> list[int]:
        return sorted(unit.pk for unit in announcement.targets.all())


class AnnouncementListApi(ScopedAPIView):
    """Thông báo do các đơn vị trong địa bàn ra, mới nhất trước."""

    required_capability = Capability.VIEW_ANNOUNCEMENTS
    selector = announcement_search

    class FilterSerializer(fields.Serializer):
        q = fields.CharField(required=False, allow_blank=True, max_length=100)
        unit = _unit_ref(required=False, help_text="Chỉ lấy thông báo của đơn vị này (và đơn vị con).")
        status = fields.ChoiceField(choices=AnnouncementStatus.choices, required=False)

    @extend_schema(
        operation_id="announcement_list",
        parameters=[FilterSerializer],
        responses={200: AnnouncementOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        rows = self.get_scoped_queryset(
            query=found.get("q", ""), unit=found.get("unit"), status=found.get("status", "")
        ).prefetch_related("targets")
        return self.paginated(rows, AnnouncementOutputSerializer)


class AnnouncementDetailApi(ScopedAPIView):
    """Một thông báo (404 nếu không có hoặc ngoài địa bàn)."""

    required_capability = Capability.VIEW_ANNOUNCEMENTS
    fetch = announcement_get_for_user

    @extend_schema(
        operation_id="announcement_retrieve",
        responses={200: AnnouncementOutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, announcement_id: int) -> Response:
        announcement = self.get_scoped_object(announcement_id=announcement_id)
        return with_etag(Response(AnnouncementOutputSerializer(announcement).data), announcement)


class _Fields(fields.Serializer):
    title = fields.CharField(max_length=200)
    body = fields.CharField(max_length=20000)
    for_loudspeaker = fields.BooleanField()
    for_radio = fields.BooleanField()
    for_public_page = fields.BooleanField()
    targets = fields.ListField(
        child=_unit_ref(),
        max_length=200,
        help_text="Mã các thôn, xã phát tới (trong địa bàn đơn vị ra thông báo).",
    )


class AnnouncementCreateApi(ScopedAPIView):
    """Soạn một thông báo (bản nháp); lãnh đạo duyệt và phát trên trang web."""

    required_capability = Capability.WRITE_ANNOUNCEMENTS
    fetch = announcement_get_for_user

    class InputSerializer(_Fields):
        uuid = fields.UUIDField(
            required=False, help_text="Do máy khách tạo; gửi lại cùng mã không tạo bản ghi mới."
        )
        unit = _unit_ref(help_text="Đơn vị ra thông báo (huyện, xã) trong địa bàn của bạn.")

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name in ("for_loudspeaker", "for_radio", "for_public_page"):
                self.fields[name].required = False

    @extend_schema(
        operation_id="announcement_create",
        request=InputSerializer,
        responses={
            201: OpenApiResponse(AnnouncementOutputSerializer, description="Đã lưu bản nháp."),
            200: OpenApiResponse(AnnouncementOutputSerializer, description="Đã có thông báo với uuid này."),
            **error_responses(400, 401, 403, codes=AnnouncementErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        announcement, created = announcement_create(actor=request.user, **serializer.validated_data)
        return self.created_or_replayed(
            announcement, created, AnnouncementOutputSerializer, announcement_id=announcement.pk
        )


class AnnouncementUpdateApi(ScopedAPIView):
    """Sửa bản nháp hoặc thông báo chờ duyệt (nó trở lại bản nháp); đã duyệt thì không sửa được."""

    required_capability = Capability.WRITE_ANNOUNCEMENTS
    fetch = announcement_get_for_user

    class InputSerializer(_Fields):
        pass

    @extend_schema(
        operation_id="announcement_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: AnnouncementOutputSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=AnnouncementErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, announcement_id: int) -> Response:
        announcement = self.get_scoped_object(announcement_id=announcement_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        announcement = announcement_update(
            actor=request.user,
            announcement=announcement,
            expected_version=version,
            **serializer.validated_data,
        )
        return with_etag(Response(AnnouncementOutputSerializer(announcement).data), announcement)


class _StepApi(ScopedAPIView):
    """One step of an announcement's life, on the version the client read (``If-Match``)."""

    fetch = announcement_get_for_user

    def step(
        self,
        request: AuthedApiRequest,
        announcement_id: int,
        service: Callable[..., Announcement],
        **extra: Any,
    ) -> Response:
        announcement = self.get_scoped_object(announcement_id=announcement_id)
        version = expected_version(request)
        announcement = service(
            actor=request.user, announcement=announcement, expected_version=version, **extra
        )
        announcement = announcement_get_for_user(user=request.user, announcement_id=announcement.pk)
        return with_etag(Response(AnnouncementOutputSerializer(announcement).data), announcement)


_STEP_ERRORS = error_responses(400, 401, 403, 404, 412, 428, codes=AnnouncementErrorCode)


class AnnouncementSubmitApi(_StepApi):
    """Người soạn gửi bản nháp cho lãnh đạo duyệt."""

    required_capability = Capability.WRITE_ANNOUNCEMENTS

    @extend_schema(
        operation_id="announcement_submit",
        request=None,
        parameters=[IF_MATCH],
        responses={200: AnnouncementOutputSerializer, **_STEP_ERRORS},
    )
    def post(self, request: AuthedApiRequest, announcement_id: int) -> Response:
        return self.step(request, announcement_id, announcement_submit)


class AnnouncementApproveApi(_StepApi):
    """Lãnh đạo duyệt thông báo đang chờ duyệt (không duyệt thông báo do chính mình soạn); tệp
    âm thanh cho loa được tạo ngay sau đó."""

    required_capability = Capability.APPROVE_ANNOUNCEMENTS

    @extend_schema(
        operation_id="announcement_approve",
        request=None,
        parameters=[IF_MATCH],
        responses={200: AnnouncementOutputSerializer, **_STEP_ERRORS},
    )
    def post(self, request: AuthedApiRequest, announcement_id: int) -> Response:
        return self.step(request, announcement_id, announcement_approve)


class AnnouncementPublishApi(_StepApi):
    """Phát thông báo đã duyệt tới các đơn vị đã chọn (gửi targets để chọn lại khi phát)."""

    required_capability = Capability.APPROVE_ANNOUNCEMENTS

    class InputSerializer(fields.Serializer):
        targets = fields.ListField(
            child=_unit_ref(),
            max_length=200,
            required=False,
            help_text="Mã các thôn, xã phát tới; không gửi thì phát tới các đơn vị đã chọn khi soạn.",
        )

    @extend_schema(
        operation_id="announcement_publish",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={200: AnnouncementOutputSerializer, **_STEP_ERRORS},
    )
    def post(self, request: AuthedApiRequest, announcement_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return self.step(request, announcement_id, announcement_publish, **serializer.validated_data)


class AnnouncementWithdrawApi(_StepApi):
    """Thu hồi thông báo đã duyệt hoặc đã phát."""

    required_capability = Capability.APPROVE_ANNOUNCEMENTS

    @extend_schema(
        operation_id="announcement_withdraw",
        request=None,
        parameters=[IF_MATCH],
        responses={200: AnnouncementOutputSerializer, **_STEP_ERRORS},
    )
    def post(self, request: AuthedApiRequest, announcement_id: int) -> Response:
        return self.step(request, announcement_id, announcement_withdraw)


__all__ = [
    "AnnouncementApproveApi",
    "AnnouncementCreateApi",
    "AnnouncementDetailApi",
    "AnnouncementListApi",
    "AnnouncementPublishApi",
    "AnnouncementSubmitApi",
    "AnnouncementUpdateApi",
    "AnnouncementWithdrawApi",
]
