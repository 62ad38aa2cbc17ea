"""REST endpoints of the request desk (``/api/v1/requests/``): list, enter, read, handle.

Reads go through the desk's selectors for the requesting user; writes through its services
(audit row, the on-duty alert for an urgent request). Handling is a ``PATCH`` with ``If-Match``
(the ETag ``"v<version>"``): a stale one is 412 with what changed.
"""

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
from phaodai.people.access import person_get_for_user
from phaodai.requests_desk.enums import RequestCategory, RequestStatus, Urgency
from phaodai.requests_desk.errors import RequestsErrorCode
from phaodai.requests_desk.models import ResidentRequest
from phaodai.requests_desk.selectors import handler_get_for_user, request_get_for_user, request_search
from phaodai.requests_desk.services import request_create, request_update

_UNIT = gettext_lazy("đơn vị")


_PERSON = gettext_lazy("nhân khẩu")
_HANDLER = gettext_lazy("người xử lý")


class RequestOutputSerializer(serializers.Serializer[ResidentRequest]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    receipt_code = serializers.CharField(source="receipt_display", help_text="Mã biên nhận, dạng ABCD-EFGH.")
    unit = UnitRefSerializer()
    category = serializers.ChoiceField(choices=RequestCategory.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    channel = serializers.CharField()
    description = serializers.CharField()
    requester_name = serializers.CharField()
    requester_phone = serializers.CharField()
    person = serializers.IntegerField(source="person_id", allow_null=True)
    household = serializers.IntegerField(source="household_id", allow_null=True)
    assigned_to = serializers.IntegerField(source="assigned_to_id", allow_null=True)
    received_at = serializers.DateTimeField()
    assigned_at = serializers.DateTimeField(allow_null=True)
    resolution = serializers.CharField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    minutes_to_resolve = serializers.SerializerMethodField(help_text="Từ lúc tiếp nhận đến lúc đóng (phút).")
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')

    def get_minutes_to_resolve(self, request: ResidentRequest) -> int | None:
        spent = request.time_to_resolve
        return int(spent.total_seconds() // 60) if spent is not None else None


class RequestListApi(ScopedAPIView):
    """Yêu cầu của người dân trong địa bàn: yêu cầu khẩn chưa đóng trước, rồi yêu cầu đang mở
    (chờ lâu nhất trước), rồi yêu cầu đã đóng."""

    required_capability = Capability.VIEW_REQUESTS
    logs_access = True
    selector = request_search

    class FilterSerializer(fields.Serializer):
        q = fields.CharField(required=False, allow_blank=True, max_length=100)
        status = fields.ChoiceField(choices=RequestStatus.choices, required=False)
        category = fields.ChoiceField(choices=RequestCategory.choices, required=False)
        urgency = fields.ChoiceField(choices=Urgency.choices, required=False)
        open = fields.BooleanField(required=False, help_text="Chỉ yêu cầu chưa đóng.")
        unit = fields.RefField(
            fetch=unit_get_for_user,
            lookup="unit_id",
            what=_UNIT,
            required=False,
            help_text="Chỉ trong đơn vị này.",
        )

    @extend_schema(
        operation_id="request_list",
        parameters=[FilterSerializer],
        responses={200: RequestOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        rows = self.get_scoped_queryset(
            unit=found.get("unit"),
            query=found.get("q", ""),
            status=found.get("status", ""),
            category=found.get("category", ""),
            urgency=found.get("urgency", ""),
            open_only=bool(found.get("open")),
        )
        return self.paginated(rows, RequestOutputSerializer)


class RequestCreateApi(ScopedAPIView):
    """Cán bộ trực nhập một yêu cầu nhận qua điện thoại. Yêu cầu khẩn (và mọi yêu cầu đưa đi
    bệnh viện) báo ngay cho cán bộ đang trực của địa bàn."""

    required_capability = Capability.HANDLE_REQUESTS
    fetch = request_get_for_user

    class InputSerializer(fields.Serializer):
        unit = fields.RefField(
            fetch=unit_get_for_user, lookup="unit_id", what=_UNIT, help_text="Thôn hoặc xã."
        )
        category = fields.ChoiceField(choices=RequestCategory.choices)
        urgency = fields.ChoiceField(choices=Urgency.choices, required=False)
        description = fields.CharField(max_length=2000)
        requester_name = fields.CharField(required=False, allow_blank=True, max_length=120)
        requester_phone = fields.CharField(required=False, allow_blank=True, max_length=20)
        person = fields.RefField(
            fetch=person_get_for_user, lookup="person_id", what=_PERSON, required=False, allow_null=True
        )

    @extend_schema(
        operation_id="request_create",
        request=InputSerializer,
        responses={201: RequestOutputSerializer, **error_responses(400, 401, 403, codes=RequestsErrorCode)},
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        data.setdefault("urgency", Urgency.NORMAL)
        created = request_create(actor=request.user, **data)
        return with_etag(
            Response(RequestOutputSerializer(created).data, status=status.HTTP_201_CREATED), created
        )


class RequestDetailApi(ScopedAPIView):
    """Một yêu cầu (404 nếu không có hoặc ngoài địa bàn)."""

    required_capability = Capability.VIEW_REQUESTS
    logs_access = True
    fetch = request_get_for_user

    @extend_schema(
        operation_id="request_retrieve",
        responses={200: RequestOutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, request_id: int) -> Response:
        found = self.get_scoped_object(request_id=request_id)
        return with_etag(Response(RequestOutputSerializer(found).data), found)


class RequestUpdateApi(ScopedAPIView):
    """Xử lý một yêu cầu: giao người xử lý, chuyển tình trạng, đóng với kết quả giải quyết,
    liên kết nhân khẩu, đổi mức độ. Yêu cầu đã đóng không sửa được nữa."""

    required_capability = Capability.HANDLE_REQUESTS
    fetch = request_get_for_user

    class InputSerializer(fields.Serializer):
        status = fields.ChoiceField(choices=RequestStatus.choices)
        assigned_to = fields.RefField(
            fetch=handler_get_for_user,
            lookup="user_id",
            what=_HANDLER,
            help_text="Mã số tài khoản người xử lý.",
        )
        resolution = fields.CharField(allow_blank=True, max_length=2000)
        urgency = fields.ChoiceField(choices=Urgency.choices)
        category = fields.ChoiceField(choices=RequestCategory.choices)
        person = fields.RefField(fetch=person_get_for_user, lookup="person_id", what=_PERSON, allow_null=True)

    @extend_schema(
        operation_id="request_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: RequestOutputSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=RequestsErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, request_id: int) -> Response:
        found = self.get_scoped_object(request_id=request_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        updated = request_update(
            actor=request.user, request=found, expected_version=version, **serializer.validated_data
        )
        refreshed = request_get_for_user(user=request.user, request_id=updated.pk)
        return with_etag(Response(RequestOutputSerializer(refreshed).data), refreshed)
