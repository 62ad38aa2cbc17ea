"""REST endpoints of the testing app (``/api/v1/test-sessions/``, ``samples/``, ``test-results/``,
``case-proposals/``). One class per resource action, reading through the testing selectors and
access functions and writing through its services. Results are personal health data: every
read is logged (``logs_access``). Edits carry ``If-Match`` (the record's ETag)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from phaodai.api import fields
from phaodai.api.base import ScopedAPIView
from phaodai.api.schema import error_responses
from phaodai.api.serializers import UnitRefSerializer
from phaodai.api.sync import ChangesFilterSerializer, changes_page_serializer
from phaodai.api.types import AuthedApiRequest
from phaodai.api.versions import IF_MATCH, expected_version, with_etag
from phaodai.areas.selectors import unit_get_for_user
from phaodai.core.roles import Capability
from phaodai.labtests import services
from phaodai.labtests.access import (
    proposal_get_for_user,
    result_get_for_user,
    sample_get_for_user,
    session_get_for_user,
)
from phaodai.labtests.enums import PlaceKind, ProposalStatus, ResultSource, ResultValue, TestKind
from phaodai.labtests.errors import LabtestsErrorCode
from phaodai.labtests.models import CaseProposal, Sample, TestResult, TestSession
from phaodai.labtests.selectors import proposal_search, result_changes, result_search, session_search
from phaodai.people.access import person_get_for_user
from phaodai.people.api import PersonRefSerializer

_UNIT = gettext_lazy("đơn vị")
_PERSON = gettext_lazy("nhân khẩu")
_SESSION = gettext_lazy("đợt xét nghiệm")
_SAMPLE = gettext_lazy("mẫu xét nghiệm")


def _unit_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=unit_get_for_user, lookup="unit_id", what=_UNIT, **kwargs)


def _ct(**kwargs: Any) -> fields.DecimalField:
    return fields.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        help_text="Giá trị Ct (chỉ RT-PCR), 0 < Ct ≤ 50.",
        **kwargs,
    )


SESSION_KINDS = [
    (TestKind.RAPID_ANTIGEN.value, TestKind.RAPID_ANTIGEN.label),
    (TestKind.RT_PCR.value, TestKind.RT_PCR.label),
]


# --- sessions --------------------------------------------------------------------------------


class SessionOutputSerializer(serializers.Serializer[TestSession]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    unit = UnitRefSerializer()
    held_on = serializers.DateField()
    place_kind = serializers.ChoiceField(choices=PlaceKind.choices)
    place = serializers.CharField()
    default_kind = serializers.ChoiceField(choices=SESSION_KINDS)
    lab = serializers.CharField()
    notes = serializers.CharField()
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')


class SessionListApi(ScopedAPIView):
    """Các đợt xét nghiệm trong địa bàn, mới nhất trước."""

    required_capability = Capability.VIEW_TESTS
    selector = session_search

    class FilterSerializer(fields.Serializer):
        unit = _unit_ref(required=False, help_text="Chỉ lấy đợt trong đơn vị này (và đơn vị con).")
        start = fields.DateField(required=False)
        end = fields.DateField(required=False)

    @extend_schema(
        operation_id="test_session_list",
        parameters=[FilterSerializer],
        responses={200: SessionOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        sessions = self.get_scoped_queryset(
            unit=found.get("unit"), start=found.get("start"), end=found.get("end")
        )
        return self.paginated(sessions, SessionOutputSerializer)


class SessionCreateApi(ScopedAPIView):
    """Tạo một đợt xét nghiệm (cùng `uuid` gửi lại nhận về bản ghi đã lưu, mã 200)."""

    required_capability = Capability.EDIT_TESTS
    fetch = session_get_for_user

    class InputSerializer(fields.Serializer):
        uuid = fields.UUIDField(required=False)
        unit = _unit_ref(help_text="Xã hoặc thôn tổ chức xét nghiệm.")
        held_on = fields.DateField()
        place_kind = fields.ChoiceField(choices=PlaceKind.choices)
        place = fields.CharField(max_length=255)
        default_kind = fields.ChoiceField(choices=SESSION_KINDS, required=False)
        lab = fields.CharField(required=False, allow_blank=True, max_length=120)
        notes = fields.CharField(required=False, allow_blank=True, max_length=2000)

    @extend_schema(
        operation_id="test_session_create",
        request=InputSerializer,
        responses={
            201: OpenApiResponse(SessionOutputSerializer, description="Đã tạo."),
            200: OpenApiResponse(SessionOutputSerializer, description="Đã có bản ghi với uuid này."),
            **error_responses(400, 401, 403, codes=LabtestsErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        session, created = services.session_create(actor=request.user, **serializer.validated_data)
        return self.created_or_replayed(session, created, SessionOutputSerializer, session_id=session.pk)


class SessionDetailApi(ScopedAPIView):
    """Một đợt xét nghiệm (404 nếu không có hoặc ngoài địa bàn)."""

    required_capability = Capability.VIEW_TESTS
    fetch = session_get_for_user

    @extend_schema(
        operation_id="test_session_retrieve",
        responses={200: SessionOutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, session_id: int) -> Response:
        session = self.get_scoped_object(session_id=session_id)
        return with_etag(Response(SessionOutputSerializer(session).data), session)


class SessionUpdateApi(ScopedAPIView):
    """Sửa một đợt xét nghiệm: chỉ gửi các trường cần đổi, kèm If-Match."""

    required_capability = Capability.EDIT_TESTS
    fetch = session_get_for_user

    class InputSerializer(fields.Serializer):
        held_on = fields.DateField()
        place_kind = fields.ChoiceField(choices=PlaceKind.choices)
        place = fields.CharField(max_length=255)
        default_kind = fields.ChoiceField(choices=SESSION_KINDS)
        lab = fields.CharField(allow_blank=True, max_length=120)
        notes = fields.CharField(allow_blank=True, max_length=2000)

    @extend_schema(
        operation_id="test_session_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: SessionOutputSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=LabtestsErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, session_id: int) -> Response:
        session = self.get_scoped_object(session_id=session_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        session = services.session_update(
            actor=request.user, session=session, expected_version=version, **serializer.validated_data
        )
        return with_etag(Response(SessionOutputSerializer(session).data), session)


# --- results ---------------------------------------------------------------------------------


class ResultOutputSerializer(serializers.Serializer[TestResult]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    person = PersonRefSerializer()
    sample = serializers.IntegerField(source="sample_id")
    unit = UnitRefSerializer()
    kind = serializers.ChoiceField(choices=TestKind.choices)
    sampled_on = serializers.DateField()
    result = serializers.ChoiceField(choices=ResultValue.choices)
    result_on = serializers.DateField()
    ct_value = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    lab = serializers.CharField()
    pool = serializers.IntegerField(source="pool_id", allow_null=True)
    origin = serializers.ChoiceField(
        source="source",
        choices=ResultSource.choices,
        help_text="Cách kết quả được nhập: tại điểm xét nghiệm, từ tệp, từ mẫu gộp âm tính, qua API.",
    )
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')


class SampleOutputSerializer(serializers.Serializer[Sample]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    person = PersonRefSerializer()
    unit = UnitRefSerializer()
    session = serializers.IntegerField(source="session_id", allow_null=True)
    pool = serializers.IntegerField(source="pool_id", allow_null=True)
    kind = serializers.ChoiceField(choices=TestKind.choices)
    sampled_on = serializers.DateField()
    sampled_at = serializers.TimeField(allow_null=True)
    code = serializers.CharField()
    symptoms = serializers.BooleanField()
    contact = serializers.BooleanField()
    epi_factors = serializers.BooleanField()
    result = serializers.IntegerField(
        source="result_pk", allow_null=True, help_text="Mã kết quả; null khi chờ kết quả."
    )
    version = serializers.IntegerField()


class SampleCreateApi(ScopedAPIView):
    """Lấy mẫu một người (trong đợt xét nghiệm nếu có) và, nếu đã có, kết quả (test nhanh đọc tại chỗ).

    Cùng `uuid` gửi lại nhận về mẫu đã lưu (mã 200). Kết quả có ngày trước ngày lấy mẫu bị từ chối."""

    required_capability = Capability.EDIT_TESTS
    fetch = sample_get_for_user

    class InputSerializer(fields.Serializer):
        uuid = fields.UUIDField(required=False)
        person = fields.RefField(fetch=person_get_for_user, lookup="person_id", what=_PERSON)
        session = fields.RefField(
            fetch=session_get_for_user, lookup="session_id", what=_SESSION, required=False, allow_null=True
        )
        kind = fields.ChoiceField(choices=TestKind.choices, required=False)
        sampled_on = fields.DateField(required=False)
        code = fields.CharField(required=False, allow_blank=True, max_length=40)
        symptoms = fields.BooleanField(required=False)
        contact = fields.BooleanField(required=False)
        epi_factors = fields.BooleanField(required=False)
        result = fields.ChoiceField(choices=ResultValue.choices, required=False)
        result_on = fields.DateField(required=False)
        ct_value = _ct(required=False)
        lab = fields.CharField(required=False, allow_blank=True, max_length=120)

    @extend_schema(
        operation_id="sample_create",
        request=InputSerializer,
        responses={
            201: OpenApiResponse(SampleOutputSerializer, description="Đã lưu."),
            200: OpenApiResponse(SampleOutputSerializer, description="Đã có mẫu với uuid này."),
            **error_responses(400, 401, 403, codes=LabtestsErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        sample, created = services.sample_record(
            actor=request.user, source=ResultSource.API, **serializer.validated_data
        )
        return self.created_or_replayed(sample, created, SampleOutputSerializer, sample_id=sample.pk)


class SampleDetailApi(ScopedAPIView):
    """Một mẫu xét nghiệm. Mỗi lần xem được ghi vào nhật ký truy cập."""

    required_capability = Capability.VIEW_TESTS
    logs_access = True
    fetch = sample_get_for_user

    @extend_schema(
        operation_id="sample_retrieve",
        responses={200: SampleOutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, sample_id: int) -> Response:
        sample = self.get_scoped_object(sample_id=sample_id)
        return with_etag(Response(SampleOutputSerializer(sample).data), sample)


class SampleResultApi(ScopedAPIView):
    """Ghi kết quả cho một mẫu đơn chưa có kết quả (RT-PCR gửi phòng xét nghiệm)."""

    required_capability = Capability.EDIT_TESTS
    fetch = sample_get_for_user

    class InputSerializer(fields.Serializer):
        result = fields.ChoiceField(choices=ResultValue.choices)
        result_on = fields.DateField(required=False)
        ct_value = _ct(required=False)
        lab = fields.CharField(required=False, allow_blank=True, max_length=120)

    @extend_schema(
        operation_id="sample_result_create",
        request=InputSerializer,
        responses={
            201: ResultOutputSerializer,
            **error_responses(400, 401, 403, 404, codes=LabtestsErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest, sample_id: int) -> Response:
        sample = self.get_scoped_object(sample_id=sample_id)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        result = services.result_record(
            actor=request.user, sample=sample, source=ResultSource.API, **serializer.validated_data
        )
        result = result_get_for_user(user=request.user, result_id=result.pk)
        return with_etag(
            Response(ResultOutputSerializer(result).data, status=status.HTTP_201_CREATED), result
        )


class ResultListApi(ScopedAPIView):
    """Kết quả xét nghiệm trong địa bàn, theo ngày lấy mẫu (mới nhất trước). Mỗi lần đọc được ghi
    vào nhật ký truy cập; trang lớn hơn 50 cần quyền lấy hàng loạt."""

    required_capability = Capability.VIEW_TESTS
    bulk_capability = Capability.SYNC_PEOPLE
    logs_access = True
    selector = result_search

    class FilterSerializer(fields.Serializer):
        q = fields.CharField(
            required=False, allow_blank=True, max_length=100, help_text="Tên, CCCD hoặc số điện thoại."
        )
        unit = _unit_ref(required=False)
        kind = fields.ChoiceField(choices=TestKind.choices, required=False)
        result = fields.ChoiceField(choices=ResultValue.choices, required=False)
        start = fields.DateField(required=False, help_text="Lấy mẫu từ ngày (YYYY-MM-DD).")
        end = fields.DateField(required=False)

    @extend_schema(
        operation_id="test_result_list",
        parameters=[FilterSerializer],
        responses={200: ResultOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        results = self.get_scoped_queryset(
            query=found.get("q", ""),
            unit=found.get("unit"),
            kind=found.get("kind", ""),
            result=found.get("result", ""),
            start=found.get("start"),
            end=found.get("end"),
        )
        return self.paginated(results, ResultOutputSerializer)


class ResultChangesApi(ScopedAPIView):
    """Nguồn thay đổi của kết quả xét nghiệm (như của nhân khẩu); cần quyền lấy hàng loạt."""

    required_capability = Capability.SYNC_PEOPLE
    logs_access = True
    selector = result_changes

    @extend_schema(
        operation_id="test_result_changes",
        parameters=[ChangesFilterSerializer],
        responses={
            200: changes_page_serializer(ResultOutputSerializer, "TestResultChangesPage"),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request: AuthedApiRequest) -> Response:
        return self.changes(self.get_scoped_queryset(), ResultOutputSerializer)


class ResultDetailApi(ScopedAPIView):
    """Một kết quả xét nghiệm. Mỗi lần xem được ghi vào nhật ký truy cập."""

    required_capability = Capability.VIEW_TESTS
    logs_access = True
    throttle_scope = "people_read"
    fetch = result_get_for_user

    @extend_schema(
        operation_id="test_result_retrieve",
        responses={200: ResultOutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, result_id: int) -> Response:
        result = self.get_scoped_object(result_id=result_id)
        return with_etag(Response(ResultOutputSerializer(result).data), result)


class ResultUpdateApi(ScopedAPIView):
    """Sửa một kết quả (kết quả, ngày lấy mẫu, ngày có kết quả, Ct, phòng xét nghiệm), kèm If-Match."""

    required_capability = Capability.EDIT_TESTS
    fetch = result_get_for_user

    class InputSerializer(fields.Serializer):
        result = fields.ChoiceField(choices=ResultValue.choices)
        sampled_on = fields.DateField()
        result_on = fields.DateField()
        ct_value = _ct()
        lab = fields.CharField(allow_blank=True, max_length=120)

    @extend_schema(
        operation_id="test_result_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: ResultOutputSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=LabtestsErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, result_id: int) -> Response:
        result = self.get_scoped_object(result_id=result_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.result_update(
            actor=request.user, record=result, expected_version=version, **serializer.validated_data
        )
        result = result_get_for_user(user=request.user, result_id=result_id)
        return with_etag(Response(ResultOutputSerializer(result).data), result)


class ResultDeleteApi(ScopedAPIView):
    """Xoá một kết quả nhập nhầm (mẫu vẫn còn, chờ kết quả), kèm If-Match."""

    required_capability = Capability.EDIT_TESTS
    fetch = result_get_for_user

    @extend_schema(
        operation_id="test_result_delete",
        parameters=[IF_MATCH],
        responses={204: None, **error_responses(400, 401, 403, 404, 412, 428, codes=LabtestsErrorCode)},
    )
    def delete(self, request: AuthedApiRequest, result_id: int) -> Response:
        result = self.get_scoped_object(result_id=result_id)
        version = expected_version(request)
        services.result_delete(actor=request.user, result=result, expected_version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- proposals -------------------------------------------------------------------------------


class ProposalOutputSerializer(serializers.Serializer[CaseProposal]):
    id = serializers.IntegerField(source="pk")
    person = PersonRefSerializer()
    unit = UnitRefSerializer()
    results = serializers.ListField(
        child=serializers.IntegerField(),
        source="result_ids",
        help_text="Mã các kết quả xét nghiệm dương tính.",
    )
    rule_set = serializers.CharField(source="rule_set.code", allow_null=True, default=None)
    meets_definition = serializers.BooleanField()
    criterion = serializers.CharField()
    missing = serializers.CharField()
    first_positive_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    case_id = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()


class ProposalListApi(ScopedAPIView):
    """Đề xuất ca bệnh từ kết quả dương tính (mặc định: đang chờ xem xét)."""

    required_capability = Capability.VIEW_TESTS
    logs_access = True
    selector = proposal_search

    class FilterSerializer(fields.Serializer):
        status = fields.ChoiceField(choices=ProposalStatus.choices, required=False)
        unit = _unit_ref(required=False)

    @extend_schema(
        operation_id="case_proposal_list",
        parameters=[FilterSerializer],
        responses={200: ProposalOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        proposals = self.get_scoped_queryset(
            status=found.get("status", ProposalStatus.OPEN), unit=found.get("unit")
        )
        return self.paginated(proposals, ProposalOutputSerializer)


class ProposalDetailApi(ScopedAPIView):
    """Một đề xuất ca bệnh."""

    required_capability = Capability.VIEW_TESTS
    logs_access = True
    fetch = proposal_get_for_user

    @extend_schema(
        operation_id="case_proposal_retrieve",
        responses={200: ProposalOutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, proposal_id: int) -> Response:
        proposal = self.get_scoped_object(proposal_id=proposal_id)
        return with_etag(Response(ProposalOutputSerializer(proposal).data), proposal)
