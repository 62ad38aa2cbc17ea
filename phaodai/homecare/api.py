"""REST endpoints of home-care monitoring (``/api/v1/homecare/…``).

A case's entries (list, create), one entry (read with its ETag, correct with ``If-Match``).
Reads go through the home-care selectors for the requesting user and are written to the access
log (health data); writes go through ``homecare.services`` (ranges, warning signs, alerts).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from phaodai.api import fields
from phaodai.api.base import ScopedAPIView
from phaodai.api.schema import error_responses
from phaodai.api.types import AuthedApiRequest
from phaodai.api.versions import IF_MATCH, expected_version, with_etag
from phaodai.cases.selectors import case_for_user
from phaodai.core.access import AnyUser
from phaodai.core.roles import Capability
from phaodai.homecare.enums import EntrySource, Slot
from phaodai.homecare.errors import HomecareErrorCode
from phaodai.homecare.models import MonitoringEntry
from phaodai.homecare.selectors import entries_of_case, entry_get_for_user
from phaodai.homecare.services import entry_create, entry_update
from phaodai.homecare.validators import READING_FIELDS

_MEASURE_HELP = "Số (có thể gửi dạng chuỗi, dấu phẩy hoặc chấm thập phân); bỏ trống nếu không đo."


def case_entries(*, user: AnyUser, case_id: int) -> QuerySet[MonitoringEntry]:
    """The entries of one case the user may see (404 outside)."""
    return entries_of_case(user=user, case=case_for_user(user, case_id))


def _measure(**kwargs: Any) -> fields.CharField:
    return fields.NumberTextField(
        required=False, allow_blank=True, allow_null=True, max_length=10, help_text=_MEASURE_HELP, **kwargs
    )


class EntryOutputSerializer(serializers.Serializer[MonitoringEntry]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    case = serializers.IntegerField(source="case_id")
    unit = serializers.IntegerField(source="unit_id")
    day = serializers.DateField()
    slot = serializers.ChoiceField(choices=Slot.choices)
    respiratory_rate = serializers.IntegerField(allow_null=True)
    pulse = serializers.IntegerField(allow_null=True)
    temperature = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)
    spo2 = serializers.IntegerField(allow_null=True)
    systolic = serializers.IntegerField(allow_null=True)
    diastolic = serializers.IntegerField(allow_null=True)
    symptoms = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()
    signs = serializers.ListField(
        child=serializers.IntegerField(), help_text="Số thứ tự các dấu hiệu cảnh báo (theo bộ quy định)."
    )
    sign_reasons = serializers.ListField(child=serializers.CharField())
    has_warning = serializers.BooleanField()
    rule_set = serializers.CharField(source="rule_set.code", help_text="Mã bộ dấu hiệu cảnh báo đã dùng.")
    entry_source = serializers.ChoiceField(
        choices=EntrySource.choices,
        source="source",
        help_text="staff: cán bộ y tế nhập; link: người bệnh, người nhà qua đường dẫn.",
    )
    recorded_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')


class ReadingInputSerializer(fields.Serializer):
    respiratory_rate = _measure()
    pulse = _measure()
    temperature = _measure()
    spo2 = _measure()
    systolic = _measure()
    diastolic = _measure()
    symptoms = fields.ListField(
        child=fields.CharField(max_length=40),
        required=False,
        max_length=40,
        help_text="Mã triệu chứng của bộ quy định.",
    )
    note = fields.CharField(required=False, allow_blank=True, max_length=1000)


class EntryListApi(ScopedAPIView):
    """Các phiếu theo dõi sức khỏe tại nhà của một ca bệnh, mới nhất trước. Mỗi lần đọc được ghi
    vào nhật ký truy cập."""

    required_capability = Capability.VIEW_HOMECARE
    logs_access = True
    selector = case_entries

    @extend_schema(
        operation_id="homecare_entry_list",
        responses={200: EntryOutputSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, case_id: int) -> Response:
        return self.paginated(self.get_scoped_queryset(case_id=case_id), EntryOutputSerializer)


class EntryCreateApi(ScopedAPIView):
    """Ghi một phiếu theo dõi cho ca bệnh (cán bộ y tế). Dấu hiệu cảnh báo được xét ngay theo bộ
    quy định đang áp dụng; có dấu hiệu thì cán bộ y tế của xã được báo. Gửi lại cùng `uuid`
    nhận về phiếu đã lưu (mã 200)."""

    required_capability = Capability.RECORD_HOMECARE
    fetch = entry_get_for_user

    class InputSerializer(ReadingInputSerializer):
        uuid = fields.UUIDField(
            required=False, help_text="Do máy khách tạo; gửi lại cùng mã không tạo phiếu mới."
        )
        day = fields.DateField(help_text="Ngày của buổi theo dõi (YYYY-MM-DD).")
        slot = fields.ChoiceField(choices=Slot.choices)

    @extend_schema(
        operation_id="homecare_entry_create",
        request=InputSerializer,
        responses={
            201: OpenApiResponse(EntryOutputSerializer, description="Đã ghi."),
            200: OpenApiResponse(EntryOutputSerializer, description="Đã có phiếu với uuid này."),
            **error_responses(400, 401, 403, 404, codes=HomecareErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest, case_id: int) -> Response:
        case = case_for_user(request.user, case_id)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        entry, created = entry_create(
            actor=request.user,
            case=case,
            day=data.pop("day"),
            slot=data.pop("slot"),
            uuid=data.pop("uuid", None),
            note=data.pop("note", ""),
            values=data,
        )
        return self.created_or_replayed(entry, created, EntryOutputSerializer, entry_id=entry.pk)


class EntryDetailApi(ScopedAPIView):
    """Một phiếu theo dõi (404 nếu không có hoặc ngoài địa bàn), với ETag để sửa."""

    required_capability = Capability.VIEW_HOMECARE
    logs_access = True
    fetch = entry_get_for_user

    @extend_schema(
        operation_id="homecare_entry_retrieve",
        responses={200: EntryOutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, entry_id: int) -> Response:
        entry = self.get_scoped_object(entry_id=entry_id)
        return with_etag(Response(EntryOutputSerializer(entry).data), entry)


class EntryUpdateApi(ScopedAPIView):
    """Sửa chỉ số của một phiếu, với `If-Match`: chỉ gửi các trường cần đổi (null để xoá một chỉ
    số). Phiếu được xét lại theo chính bộ quy định đã dùng khi ghi."""

    required_capability = Capability.RECORD_HOMECARE
    fetch = entry_get_for_user

    @extend_schema(
        operation_id="homecare_entry_update",
        request=ReadingInputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: EntryOutputSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=HomecareErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, entry_id: int) -> Response:
        entry = self.get_scoped_object(entry_id=entry_id)
        version = expected_version(request)
        serializer = ReadingInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        note = data.pop("note", None)
        values = {name: getattr(entry, name) for name in READING_FIELDS} | {"symptoms": entry.symptoms} | data
        entry = entry_update(
            actor=request.user, entry=entry, values=values, note=note, expected_version=version
        )
        return with_etag(Response(EntryOutputSerializer(entry).data), entry)
