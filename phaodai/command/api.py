"""REST endpoints of the command app (``/api/v1/command/…``): centres, members, shifts.

Reads go through the command selectors and access functions for the requesting user; writes
through the command services (audited, Vietnamese refusals with ``command.*`` codes). Edits
carry ``If-Match: "v<version>"``; a stale one is 412 with what changed.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
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
from phaodai.command import selectors, services
from phaodai.command.access import (
    centre_get_for_user,
    committee_get_for_user,
    member_get_for_user,
    shift_get_for_user,
)
from phaodai.command.enums import Office, Position
from phaodai.command.errors import CommandErrorCode
from phaodai.command.models import CommandCentre, Member, Shift
from phaodai.core.roles import Capability

_UNIT = gettext_lazy("đơn vị")
_CENTRE = gettext_lazy("Trung tâm Chỉ huy")
_COMMITTEE = gettext_lazy("Ban Chỉ đạo")
_MEMBER = gettext_lazy("thành viên")


def _unit_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=unit_get_for_user, lookup="unit_id", what=_UNIT, **kwargs)


def _centre_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=centre_get_for_user, lookup="centre_id", what=_CENTRE, **kwargs)


def _committee_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=committee_get_for_user, lookup="committee_id", what=_COMMITTEE, **kwargs)


def _member_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=member_get_for_user, lookup="member_id", what=_MEMBER, **kwargs)


class MemberRefSerializer(serializers.Serializer[Member]):
    id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()
    phone = serializers.CharField()


# --- centres --------------------------------------------------------------------------------


class CentreOutput(serializers.Serializer[CommandCentre]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    unit = UnitRefSerializer()
    name = serializers.CharField()
    established_on = serializers.DateField(allow_null=True, help_text="Ngày thành lập; null: chưa thành lập.")
    decision_number = serializers.CharField()
    functions = serializers.CharField()
    notes = serializers.CharField()
    shift_hours = serializers.IntegerField()
    day_starts_at = serializers.IntegerField()
    max_hours_in_row = serializers.IntegerField()
    min_rest_hours = serializers.IntegerField()
    officers_per_shift = serializers.IntegerField()
    leader_required = serializers.BooleanField()
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')


class CentreListApi(ScopedAPIView):
    """Các Trung tâm Chỉ huy trong địa bàn, theo đơn vị."""

    required_capability = Capability.VIEW_COMMAND
    selector = selectors.centres_for_user

    class FilterSerializer(fields.Serializer):
        unit = _unit_ref(required=False, help_text="Chỉ lấy trung tâm trong đơn vị này (và đơn vị con).")

    @extend_schema(
        operation_id="command_centre_list",
        parameters=[FilterSerializer],
        responses={200: CentreOutput(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        return self.paginated(self.get_scoped_queryset(unit=found.get("unit")), CentreOutput)


class CentreCreateInput(fields.Serializer):
    uuid = fields.UUIDField(
        required=False, help_text="Do máy khách tạo; gửi lại cùng mã không tạo bản ghi mới."
    )
    unit = _unit_ref(help_text="Tỉnh, huyện hoặc xã có trung tâm.")
    name = fields.CharField(max_length=200)
    established_on = fields.DateField(required=False, allow_null=True)
    decision_number = fields.CharField(required=False, allow_blank=True, max_length=60)
    functions = fields.CharField(required=False, allow_blank=True, max_length=5000)
    notes = fields.CharField(required=False, allow_blank=True, max_length=5000)
    shift_hours = fields.IntegerField(required=False, min_value=1, max_value=24)
    day_starts_at = fields.IntegerField(required=False, min_value=0, max_value=23)
    max_hours_in_row = fields.IntegerField(required=False, min_value=1, max_value=48)
    min_rest_hours = fields.IntegerField(required=False, min_value=0, max_value=72)
    officers_per_shift = fields.IntegerField(required=False, min_value=1, max_value=10)
    leader_required = fields.BooleanField(required=False)


class CentreCreateApi(ScopedAPIView):
    """Thêm Trung tâm Chỉ huy của một đơn vị (mỗi đơn vị một trung tâm)."""

    InputSerializer = CentreCreateInput

    required_capability = Capability.MANAGE_COMMAND
    fetch = centre_get_for_user

    @extend_schema(
        operation_id="command_centre_create",
        request=CentreCreateInput,
        responses={
            201: OpenApiResponse(CentreOutput, description="Đã thêm."),
            200: OpenApiResponse(
                CentreOutput, description="Đã có trung tâm với uuid này; trả lại trung tâm đó."
            ),
            **error_responses(400, 401, 403, codes=CommandErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = CentreCreateInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        centre, created = services.centre_create(actor=request.user, **serializer.validated_data)
        return self.created_or_replayed(centre, created, CentreOutput, centre_id=centre.pk)


class CentreDetailApi(ScopedAPIView):
    """Một Trung tâm Chỉ huy (404 nếu không có hoặc ngoài địa bàn)."""

    required_capability = Capability.VIEW_COMMAND
    fetch = centre_get_for_user

    @extend_schema(
        operation_id="command_centre_retrieve",
        responses={200: CentreOutput, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, centre_id: int) -> Response:
        centre = self.get_scoped_object(centre_id=centre_id)
        return with_etag(Response(CentreOutput(centre).data), centre)


class CentreUpdateInput(fields.Serializer):
    name = fields.CharField(max_length=200)
    established_on = fields.DateField(allow_null=True)
    decision_number = fields.CharField(allow_blank=True, max_length=60)
    functions = fields.CharField(allow_blank=True, max_length=5000)
    notes = fields.CharField(allow_blank=True, max_length=5000)
    shift_hours = fields.IntegerField(min_value=1, max_value=24)
    day_starts_at = fields.IntegerField(min_value=0, max_value=23)
    max_hours_in_row = fields.IntegerField(min_value=1, max_value=48)
    min_rest_hours = fields.IntegerField(min_value=0, max_value=72)
    officers_per_shift = fields.IntegerField(min_value=1, max_value=10)
    leader_required = fields.BooleanField()


class CentreUpdateApi(ScopedAPIView):
    """Sửa Trung tâm Chỉ huy: chỉ gửi các trường cần đổi, kèm If-Match."""

    InputSerializer = CentreUpdateInput

    required_capability = Capability.MANAGE_COMMAND
    fetch = centre_get_for_user

    @extend_schema(
        operation_id="command_centre_update",
        request=CentreUpdateInput,
        parameters=[IF_MATCH],
        responses={
            200: CentreOutput,
            **error_responses(400, 401, 403, 404, 412, 428, codes=CommandErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, centre_id: int) -> Response:
        centre = self.get_scoped_object(centre_id=centre_id)
        version = expected_version(request)
        serializer = CentreUpdateInput(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.centre_update(
            actor=request.user, centre=centre, expected_version=version, **serializer.validated_data
        )
        return with_etag(Response(CentreOutput(centre).data), centre)


class OnDutyOutput(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    members = MemberRefSerializer(many=True)


class CentreOnDutyApi(ScopedAPIView):
    """Ai đang trực ở trung tâm lúc này (hoặc lúc `at`), người trực lãnh đạo trước."""

    required_capability = Capability.VIEW_COMMAND
    fetch = centre_get_for_user

    class FilterSerializer(fields.Serializer):
        at = fields.DateTimeField(required=False, help_text="Thời điểm (mặc định: bây giờ).")

    @extend_schema(
        operation_id="command_centre_on_duty",
        parameters=[FilterSerializer],
        responses={200: OnDutyOutput, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, centre_id: int) -> Response:
        centre = self.get_scoped_object(centre_id=centre_id)
        at = self.query_filters(self.FilterSerializer).get("at") or timezone.now()
        members = selectors.officers_on_duty_at_centre(centre, at)
        return Response(OnDutyOutput({"at": at, "members": members}).data)


# --- members --------------------------------------------------------------------------------


class MemberOutput(serializers.Serializer[Member]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    unit = UnitRefSerializer()
    centre = serializers.IntegerField(source="centre_id", allow_null=True)
    committee = serializers.IntegerField(source="committee_id", allow_null=True)
    full_name = serializers.CharField()
    position = serializers.ChoiceField(choices=Position.choices)
    office = serializers.ChoiceField(choices=Office.choices)
    office_detail = serializers.CharField()
    phone = serializers.CharField()
    duties = serializers.CharField()
    area_unit = serializers.IntegerField(source="area_unit_id", allow_null=True)
    area_note = serializers.CharField()
    user = serializers.IntegerField(source="user_id", allow_null=True)
    takes_shifts = serializers.BooleanField()
    active = serializers.BooleanField()
    is_leader = serializers.BooleanField(help_text="Có thể trực lãnh đạo (trưởng, phó, ủy viên thường trực).")
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')


class MemberListApi(ScopedAPIView):
    """Thành viên Ban Chỉ đạo và Trung tâm Chỉ huy trong địa bàn; tìm theo tên hoặc số điện thoại."""

    required_capability = Capability.VIEW_COMMAND
    logs_access = True
    selector = selectors.member_search

    class FilterSerializer(fields.Serializer):
        q = fields.CharField(required=False, allow_blank=True, max_length=100)
        unit = _unit_ref(required=False)
        body = fields.ChoiceField(choices=["centre", "committee"], required=False)
        position = fields.ChoiceField(choices=Position.choices, required=False)

    @extend_schema(
        operation_id="command_member_list",
        parameters=[FilterSerializer],
        responses={200: MemberOutput(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        members = self.get_scoped_queryset(
            query=found.get("q", ""),
            unit=found.get("unit"),
            body=found.get("body", ""),
            position=found.get("position", ""),
        )
        return self.paginated(members, MemberOutput)


class MemberFieldsInput(fields.Serializer):
    full_name = fields.CharField(max_length=120)
    position = fields.ChoiceField(choices=Position.choices)
    office = fields.ChoiceField(choices=Office.choices)
    office_detail = fields.CharField(allow_blank=True, max_length=200)
    phone = fields.CharField(allow_blank=True, max_length=20)
    duties = fields.CharField(allow_blank=True, max_length=5000)
    area_unit = _unit_ref(allow_null=True)
    area_note = fields.CharField(allow_blank=True, max_length=200)
    takes_shifts = fields.BooleanField()
    active = fields.BooleanField()


class MemberCreateInput(MemberFieldsInput):
    uuid = fields.UUIDField(
        required=False, help_text="Do máy khách tạo; gửi lại cùng mã không tạo bản ghi mới."
    )
    centre = _centre_ref(required=False, allow_null=True, help_text="Trung tâm Chỉ huy (hoặc `committee`).")
    committee = _committee_ref(required=False, allow_null=True, help_text="Ban Chỉ đạo (hoặc `centre`).")


class MemberCreateApi(ScopedAPIView):
    """Thêm thành viên vào một Trung tâm Chỉ huy (`centre`) hoặc một Ban Chỉ đạo (`committee`)."""

    InputSerializer = MemberCreateInput

    required_capability = Capability.MANAGE_COMMAND
    fetch = member_get_for_user

    @extend_schema(
        operation_id="command_member_create",
        request=MemberCreateInput,
        responses={
            201: OpenApiResponse(MemberOutput, description="Đã thêm."),
            200: OpenApiResponse(
                MemberOutput, description="Đã có thành viên với uuid này; trả lại bản ghi đó."
            ),
            **error_responses(400, 401, 403, codes=CommandErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = MemberCreateInput(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        centre, committee = data.pop("centre", None), data.pop("committee", None)
        body = centre or committee
        if body is None or (centre is not None and committee is not None):
            raise serializers.ValidationError(
                {"centre": [serializers.ErrorDetail(str(_ONE_BODY), code=CommandErrorCode.BODY_REQUIRED)]}
            )
        if "full_name" not in data:
            raise serializers.ValidationError(
                {
                    "full_name": [
                        serializers.ErrorDetail(str(_REQUIRED), code=CommandErrorCode.FULL_NAME_REQUIRED)
                    ]
                }
            )
        member, created = services.member_create(actor=request.user, body=body, **data)
        return self.created_or_replayed(member, created, MemberOutput, member_id=member.pk)


_ONE_BODY = gettext_lazy(
    "Hãy chọn đúng một cơ quan: Trung tâm Chỉ huy (centre) hoặc Ban Chỉ đạo (committee)."
)
_REQUIRED = gettext_lazy("Trường này là bắt buộc.")


class MemberDetailApi(ScopedAPIView):
    """Một thành viên (404 nếu không có hoặc ngoài địa bàn)."""

    required_capability = Capability.VIEW_COMMAND
    logs_access = True
    fetch = member_get_for_user

    @extend_schema(
        operation_id="command_member_retrieve",
        responses={200: MemberOutput, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, member_id: int) -> Response:
        member = self.get_scoped_object(member_id=member_id)
        return with_etag(Response(MemberOutput(member).data), member)


class MemberUpdateApi(ScopedAPIView):
    """Sửa một thành viên: chỉ gửi các trường cần đổi, kèm If-Match."""

    InputSerializer = MemberFieldsInput

    required_capability = Capability.MANAGE_COMMAND
    fetch = member_get_for_user

    @extend_schema(
        operation_id="command_member_update",
        request=MemberFieldsInput,
        parameters=[IF_MATCH],
        responses={
            200: MemberOutput,
            **error_responses(400, 401, 403, 404, 412, 428, codes=CommandErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, member_id: int) -> Response:
        member = self.get_scoped_object(member_id=member_id)
        version = expected_version(request)
        serializer = MemberFieldsInput(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.member_update(
            actor=request.user, member=member, expected_version=version, **serializer.validated_data
        )
        return with_etag(Response(MemberOutput(member).data), member)


# --- shifts ---------------------------------------------------------------------------------


class ShiftOutput(serializers.Serializer[Shift]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    centre = serializers.IntegerField(source="centre_id")
    member = MemberRefSerializer()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    leads = serializers.BooleanField(help_text="Trực lãnh đạo.")
    note = serializers.CharField()
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')


class ShiftListApi(ScopedAPIView):
    """Các ca trực trong địa bàn, lọc theo trung tâm và khoảng thời gian (ca giao với khoảng đó)."""

    required_capability = Capability.VIEW_COMMAND
    selector = selectors.shifts_for_user

    class FilterSerializer(fields.Serializer):
        centre = _centre_ref(required=False)
        start = fields.DateTimeField(required=False, help_text="Ca kết thúc sau thời điểm này.")
        end = fields.DateTimeField(required=False, help_text="Ca bắt đầu trước thời điểm này.")

    @extend_schema(
        operation_id="command_shift_list",
        parameters=[FilterSerializer],
        responses={200: ShiftOutput(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        shifts = self.get_scoped_queryset(
            centre=found.get("centre"), start=found.get("start"), end=found.get("end")
        )
        return self.paginated(shifts, ShiftOutput)


class ShiftCreateInput(fields.Serializer):
    uuid = fields.UUIDField(required=False, help_text="Do máy khách tạo; gửi lại cùng mã không tạo ca mới.")
    centre = _centre_ref()
    member = _member_ref()
    starts_at = fields.DateTimeField()
    ends_at = fields.DateTimeField()
    leads = fields.BooleanField(
        required=False, allow_null=True, help_text="Mặc định: theo vị trí của người trực."
    )
    note = fields.CharField(required=False, allow_blank=True, max_length=200)


class ShiftCreateApi(ScopedAPIView):
    """Thêm một ca trực. Ca kết thúc trước khi bắt đầu bị từ chối (`command.shift_ends_before_start`)."""

    InputSerializer = ShiftCreateInput

    required_capability = Capability.MANAGE_COMMAND
    fetch = shift_get_for_user

    @extend_schema(
        operation_id="command_shift_create",
        request=ShiftCreateInput,
        responses={
            201: OpenApiResponse(ShiftOutput, description="Đã thêm."),
            200: OpenApiResponse(ShiftOutput, description="Đã có ca với uuid này; trả lại ca đó."),
            **error_responses(400, 401, 403, codes=CommandErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = ShiftCreateInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        shift, created = services.shift_create(actor=request.user, **serializer.validated_data)
        return self.created_or_replayed(shift, created, ShiftOutput, shift_id=shift.pk)


class ShiftDetailApi(ScopedAPIView):
    """Một ca trực (404 nếu không có hoặc ngoài địa bàn)."""

    required_capability = Capability.VIEW_COMMAND
    fetch = shift_get_for_user

    @extend_schema(
        operation_id="command_shift_retrieve", responses={200: ShiftOutput, **error_responses(401, 403, 404)}
    )
    def get(self, request: AuthedApiRequest, shift_id: int) -> Response:
        shift = self.get_scoped_object(shift_id=shift_id)
        return with_etag(Response(ShiftOutput(shift).data), shift)


class ShiftUpdateInput(fields.Serializer):
    member = _member_ref()
    starts_at = fields.DateTimeField()
    ends_at = fields.DateTimeField()
    leads = fields.BooleanField()
    note = fields.CharField(allow_blank=True, max_length=200)


class ShiftUpdateApi(ScopedAPIView):
    """Sửa một ca trực: chỉ gửi các trường cần đổi, kèm If-Match."""

    InputSerializer = ShiftUpdateInput

    required_capability = Capability.MANAGE_COMMAND
    fetch = shift_get_for_user

    @extend_schema(
        operation_id="command_shift_update",
        request=ShiftUpdateInput,
        parameters=[IF_MATCH],
        responses={200: ShiftOutput, **error_responses(400, 401, 403, 404, 412, 428, codes=CommandErrorCode)},
    )
    def patch(self, request: AuthedApiRequest, shift_id: int) -> Response:
        shift = self.get_scoped_object(shift_id=shift_id)
        version = expected_version(request)
        serializer = ShiftUpdateInput(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.shift_update(
            actor=request.user, shift=shift, expected_version=version, **serializer.validated_data
        )
        return with_etag(Response(ShiftOutput(shift).data), shift)
