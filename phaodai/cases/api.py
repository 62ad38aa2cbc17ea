"""REST endpoints for cases and facilities (``/api/v1/cases/``, ``/api/v1/facilities/``).

Reads go through the cases selectors and access functions (with the requesting user), writes
through the cases services. Reading a case is reading a health record: every read is logged
(``logs_access``). Edits carry ``If-Match`` with the case's ETag (``"v<version>"``).
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
from phaodai.cases import services
from phaodai.cases.access import case_get_for_user, facility_for_placement, facility_get_for_user
from phaodai.cases.enums import (
    FACILITY_TIERS,
    BedKind,
    CareSetting,
    CaseStatus,
    HowFound,
    Severity,
    Symptom,
    VaccinationStatus,
)
from phaodai.cases.errors import CasesErrorCode
from phaodai.cases.models import CareEpisode, Case, Facility, SeverityChange
from phaodai.cases.selectors import bed_states, case_due_search, case_search, facility_search
from phaodai.core.roles import Capability
from phaodai.labtests.access import proposal_get_for_user
from phaodai.people.access import person_get_for_user

_UNIT = gettext_lazy("đơn vị")
_PERSON = gettext_lazy("nhân khẩu")
_FACILITY = gettext_lazy("cơ sở điều trị")


def _unit_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=unit_get_for_user, lookup="unit_id", what=_UNIT, **kwargs)


class ReasonSerializer(serializers.Serializer[Any]):
    condition = serializers.CharField()
    met = serializers.BooleanField()
    reason = serializers.CharField()


class RuleSetRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    source_number = serializers.CharField()
    verified = serializers.BooleanField()


class SeverityChangeSerializer(serializers.Serializer[SeverityChange]):
    severity = serializers.ChoiceField(choices=Severity.choices)
    on = serializers.DateField()
    reason = serializers.CharField()
    suggested = serializers.CharField(
        help_text="Mức quy định xếp theo số đo lúc đó (rỗng: không có quy định)."
    )


class CareEpisodeSerializer(serializers.Serializer[CareEpisode]):
    setting = serializers.ChoiceField(choices=CareSetting.choices)
    facility = serializers.IntegerField(source="facility_id", allow_null=True)
    bed_kind = serializers.CharField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    reason = serializers.CharField()


class CaseOutputSerializer(serializers.Serializer[Case]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.full_name")
    unit = UnitRefSerializer()
    confirmed_on = serializers.DateField()
    how_found = serializers.ChoiceField(choices=HowFound.choices)
    source_known = serializers.BooleanField()
    severity = serializers.ChoiceField(choices=Severity.choices)
    care_setting = serializers.ChoiceField(choices=CareSetting.choices)
    facility = serializers.IntegerField(source="facility_id", allow_null=True)
    bed_kind = serializers.CharField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    outcome_on = serializers.DateField(allow_null=True)
    vaccination_status = serializers.ChoiceField(choices=VaccinationStatus.choices)
    home_care_eligible = serializers.BooleanField(allow_null=True)
    home_care_reasons = ReasonSerializer(many=True)
    home_care_rule_set = RuleSetRefSerializer(allow_null=True)
    risk_group = serializers.CharField(help_text="low, medium, high, very_high hoặc rỗng")
    risk_setting = serializers.CharField()
    risk_reasons = ReasonSerializer(many=True)
    risk_rule_set = RuleSetRefSerializer(allow_null=True)
    isolation_from = serializers.DateField(allow_null=True)
    release_test_on = serializers.DateField(allow_null=True)
    release_test = serializers.CharField(help_text="rapid_antigen, rt_pcr hoặc rỗng (không cần xét nghiệm)")
    isolation_until = serializers.DateField(allow_null=True)
    end_reasons = ReasonSerializer(many=True)
    end_rule_set = RuleSetRefSerializer(allow_null=True)
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')


class CaseDetailSerializer(CaseOutputSerializer):
    severity_changes = SeverityChangeSerializer(many=True)
    care_episodes = CareEpisodeSerializer(many=True)


def _detail(case: Case) -> Response:
    case.refresh_from_db()
    return with_etag(Response(CaseDetailSerializer(case).data), case)


class CaseListApi(ScopedAPIView):
    """Danh sách ca bệnh F0 trong địa bàn, mới nhất trước, lọc theo tình trạng, mức độ, nơi điều
    trị, nơi phát hiện. Mỗi lần đọc được ghi vào nhật ký truy cập (hồ sơ sức khỏe)."""

    required_capability = Capability.VIEW_CASES
    logs_access = True
    selector = case_search

    class FilterSerializer(fields.Serializer):
        unit = _unit_ref(required=False)
        status = fields.ChoiceField(choices=CaseStatus.choices, required=False)
        severity = fields.ChoiceField(choices=Severity.choices, required=False)
        care_setting = fields.ChoiceField(choices=CareSetting.choices, required=False)
        how_found = fields.ChoiceField(choices=HowFound.choices, required=False)
        source_known = fields.BooleanField(required=False)

    @extend_schema(
        operation_id="case_list",
        parameters=[FilterSerializer],
        responses={200: CaseOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        return self.paginated(self.get_scoped_queryset(**found), CaseOutputSerializer)


class CaseDueApi(ScopedAPIView):
    """Danh sách đến hạn hôm nay: `tests` (xét nghiệm để kết thúc cách ly), `may_end` (có thể kết
    thúc cách ly), `overdue` (quá hạn)."""

    required_capability = Capability.VIEW_CASES
    logs_access = True
    selector = case_due_search

    class FilterSerializer(fields.Serializer):
        which = fields.ChoiceField(
            choices=[("tests", "tests"), ("may_end", "may_end"), ("overdue", "overdue")]
        )
        unit = _unit_ref(required=False)

    @extend_schema(
        operation_id="case_due",
        parameters=[FilterSerializer],
        responses={200: CaseOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        rows = self.get_scoped_queryset(today=timezone.localdate(), **found).order_by("pk")
        return self.paginated(rows, CaseOutputSerializer)


class CaseDetailApi(ScopedAPIView):
    """Một ca bệnh với phân loại, điều kiện điều trị tại nhà, kết thúc cách ly (mỗi kết luận kèm lý
    do và quy định đã dùng) và diễn biến (404 nếu không có hoặc ngoài địa bàn)."""

    required_capability = Capability.VIEW_CASES
    logs_access = True
    throttle_scope = "people_read"
    fetch = case_get_for_user

    @extend_schema(
        operation_id="case_retrieve", responses={200: CaseDetailSerializer, **error_responses(401, 403, 404)}
    )
    def get(self, request: AuthedApiRequest, case_id: int) -> Response:
        case = self.get_scoped_object(case_id=case_id)
        return with_etag(Response(CaseDetailSerializer(case).data), case)


class _Findings(fields.Serializer):
    vaccination_status = fields.ChoiceField(choices=VaccinationStatus.choices, required=False)
    last_dose_on = fields.DateField(required=False, allow_null=True)
    symptoms = fields.ListField(
        child=fields.ChoiceField(choices=Symptom.choices), required=False, max_length=20
    )
    respiratory_rate = fields.IntegerField(required=False, allow_null=True, min_value=0, max_value=200)
    spo2 = fields.IntegerField(required=False, allow_null=True, min_value=0, max_value=200)
    has_pneumonia = fields.BooleanField(required=False)
    abnormal_breathing = fields.BooleanField(required=False)
    needs_ventilation = fields.BooleanField(required=False)
    comorbidity_stable = fields.BooleanField(required=False)
    postpartum = fields.BooleanField(required=False)
    can_self_care = fields.BooleanField(required=False)
    can_contact_staff = fields.BooleanField(required=False)
    notes = fields.CharField(required=False, allow_blank=True, max_length=2000)


class CaseCreateApi(ScopedAPIView):
    """Thêm một ca bệnh F0. Gửi kèm `uuid` do máy tạo: gửi lại cùng `uuid` nhận về bản ghi đã lưu."""

    required_capability = Capability.EDIT_CASES
    fetch = case_get_for_user

    class InputSerializer(_Findings):
        uuid = fields.UUIDField(required=False)
        person = fields.RefField(fetch=person_get_for_user, lookup="person_id", what=_PERSON)
        unit = _unit_ref(help_text="Xã quản lý ca bệnh.")
        confirmed_on = fields.DateField()
        how_found = fields.ChoiceField(choices=HowFound.choices)
        source_known = fields.BooleanField(required=False)
        severity = fields.ChoiceField(
            choices=Severity.choices, required=False, help_text="Bỏ trống: theo phân loại của quy định."
        )
        care_setting = fields.ChoiceField(choices=CareSetting.choices, required=False)
        facility = fields.RefField(
            fetch=facility_for_placement,
            lookup="facility_id",
            what=_FACILITY,
            required=False,
            allow_null=True,
        )
        bed_kind = fields.ChoiceField(choices=BedKind.choices, required=False)

    @extend_schema(
        operation_id="case_create",
        request=InputSerializer,
        responses={
            201: OpenApiResponse(CaseDetailSerializer, description="Đã thêm."),
            200: OpenApiResponse(CaseDetailSerializer, description="Đã có bản ghi với uuid này."),
            **error_responses(400, 401, 403, codes=CasesErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        case, created = services.case_create(actor=request.user, **serializer.validated_data)
        return self.created_or_replayed(case, created, CaseDetailSerializer, case_id=case.pk)


class CaseConfirmApi(ScopedAPIView):
    """Khẳng định một đề xuất ca bệnh (từ kết quả xét nghiệm dương tính) thành ca bệnh F0, như trên
    trang «Khẳng định ca bệnh»: ca bệnh nhận người, các kết quả và xã của đề xuất, ngày khẳng định
    mặc định là ngày có kết quả cuối. Kèm If-Match (ETag của đề xuất, `case_proposal_retrieve`) và
    `uuid` do máy tạo: gửi lại cùng `uuid` nhận về ca bệnh đã lưu (200). Đề xuất chưa đủ tiêu chuẩn
    ca bệnh (còn chờ xét nghiệm thứ hai): 400 `cases.proposal_not_met`; đề xuất đã được quyết định:
    400 `cases.proposal_not_open`; 404 nếu đề xuất không có hoặc ngoài địa bàn."""

    required_capability = Capability.CONFIRM_CASES
    fetch = proposal_get_for_user

    class InputSerializer(_Findings):
        uuid = fields.UUIDField(required=False)
        how_found = fields.ChoiceField(choices=HowFound.choices)
        source_known = fields.BooleanField(required=False)
        confirmed_on = fields.DateField(required=False, help_text="Bỏ trống: ngày có kết quả cuối.")
        unit = _unit_ref(required=False, help_text="Xã quản lý ca bệnh; bỏ trống: xã của đề xuất.")

    @extend_schema(
        operation_id="case_proposal_confirm",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            201: OpenApiResponse(CaseDetailSerializer, description="Đã khẳng định ca bệnh."),
            200: OpenApiResponse(CaseDetailSerializer, description="Đã có ca bệnh với uuid này."),
            **error_responses(400, 401, 403, 404, 412, 428, codes=CasesErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest, proposal_id: int) -> Response:
        proposal = self.get_scoped_object(proposal_id=proposal_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case, created = services.case_confirm_once(
            actor=request.user,
            proposal=proposal,
            uuid=data.pop("uuid", None),
            expected_version=version,
            **data,
        )
        response = _detail(case)
        response.status_code = 201 if created else 200
        return response


class CaseUpdateApi(ScopedAPIView):
    """Sửa một ca bệnh (chỉ gửi các trường cần đổi); các kết luận được tính lại theo quy định có
    hiệu lực vào ngày khẳng định."""

    required_capability = Capability.EDIT_CASES
    fetch = case_get_for_user

    class InputSerializer(_Findings):
        unit = _unit_ref()
        confirmed_on = fields.DateField()
        how_found = fields.ChoiceField(choices=HowFound.choices)
        source_known = fields.BooleanField()

    @extend_schema(
        operation_id="case_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: CaseDetailSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=CasesErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, case_id: int) -> Response:
        case = self.get_scoped_object(case_id=case_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        case = services.case_update(
            actor=request.user, case=case, expected_version=version, **serializer.validated_data
        )
        return _detail(case)


class CaseDeleteApi(ScopedAPIView):
    """Xóa một ca bệnh nhập nhầm (cần lý do và If-Match). Ca bệnh đã có phiếu theo dõi tại nhà
    (hoặc bản ghi khác gắn với nó) không bao giờ bị xóa: trả 400 với mã `cases.delete_has_records`."""

    required_capability = Capability.EDIT_CASES
    fetch = case_get_for_user

    class InputSerializer(fields.Serializer):
        reason = fields.CharField(max_length=255)

    @extend_schema(
        operation_id="case_delete",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={204: None, **error_responses(400, 401, 403, 404, 412, 428, codes=CasesErrorCode)},
    )
    def delete(self, request: AuthedApiRequest, case_id: int) -> Response:
        case = self.get_scoped_object(case_id=case_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.case_delete(
            actor=request.user,
            case=case,
            expected_version=version,
            reason=serializer.validated_data["reason"],
        )
        return Response(status=204)


class CaseSeverityApi(ScopedAPIView):
    """Ghi mức độ mới của ca bệnh từ một ngày (kèm số đo mới nếu có)."""

    required_capability = Capability.EDIT_CASES
    fetch = case_get_for_user

    class InputSerializer(fields.Serializer):
        severity = fields.ChoiceField(choices=Severity.choices)
        on = fields.DateField()
        reason = fields.CharField(required=False, allow_blank=True, max_length=255)
        respiratory_rate = fields.IntegerField(required=False, allow_null=True, min_value=0, max_value=200)
        spo2 = fields.IntegerField(required=False, allow_null=True, min_value=0, max_value=200)

    @extend_schema(
        operation_id="case_severity_change",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: CaseDetailSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=CasesErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest, case_id: int) -> Response:
        case = self.get_scoped_object(case_id=case_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.case_severity_change(
            actor=request.user, case=case, expected_version=version, **serializer.validated_data
        )
        return _detail(case)


class CaseTransferApi(ScopedAPIView):
    """Chuyển nơi điều trị từ một ngày: bị từ chối nếu cơ sở không còn giường trống loại đó."""

    required_capability = Capability.EDIT_CASES
    fetch = case_get_for_user

    class InputSerializer(fields.Serializer):
        care_setting = fields.ChoiceField(choices=CareSetting.choices)
        facility = fields.RefField(
            fetch=facility_for_placement,
            lookup="facility_id",
            what=_FACILITY,
            required=False,
            allow_null=True,
        )
        bed_kind = fields.ChoiceField(choices=BedKind.choices, required=False)
        on = fields.DateField()
        reason = fields.CharField(max_length=255)

    @extend_schema(
        operation_id="case_transfer",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: CaseDetailSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=CasesErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest, case_id: int) -> Response:
        case = self.get_scoped_object(case_id=case_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        services.case_transfer(
            actor=request.user,
            case=case,
            expected_version=version,
            care_setting=data["care_setting"],
            facility=data.get("facility"),
            bed_kind=data.get("bed_kind", ""),
            on=data["on"],
            reason=data["reason"],
        )
        return _detail(case)


class CaseCloseApi(ScopedAPIView):
    """Kết thúc ca bệnh: khỏi bệnh (ngày của giấy xác nhận), tử vong (ngày mất, ghi mai táng), chuyển đi."""

    required_capability = Capability.EDIT_CASES
    fetch = case_get_for_user

    class InputSerializer(fields.Serializer):
        status = fields.ChoiceField(
            choices=[(v, label) for v, label in CaseStatus.choices if v != CaseStatus.ACTIVE]
        )
        on = fields.DateField()
        burial_note = fields.CharField(required=False, allow_blank=True, max_length=1000)
        reason = fields.CharField(required=False, allow_blank=True, max_length=255)

    @extend_schema(
        operation_id="case_close",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: CaseDetailSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=CasesErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest, case_id: int) -> Response:
        case = self.get_scoped_object(case_id=case_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        services.case_close(
            actor=request.user, case=case, expected_version=version, **serializer.validated_data
        )
        return _detail(case)


class BedStateSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=BedKind.choices)
    beds = serializers.IntegerField()
    occupied = serializers.IntegerField(help_text="Tính từ các đợt điều trị, không nhập tay.")
    free = serializers.IntegerField()


class FacilityOutputSerializer(serializers.Serializer[Facility]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    tier = serializers.ChoiceField(choices=FACILITY_TIERS)
    unit = UnitRefSerializer()
    is_active = serializers.BooleanField()
    version = serializers.IntegerField()


class FacilityListApi(ScopedAPIView):
    """Cơ sở điều trị trong địa bàn, lọc theo tuyến."""

    required_capability = Capability.VIEW_FACILITIES
    selector = facility_search

    class FilterSerializer(fields.Serializer):
        tier = fields.ChoiceField(choices=FACILITY_TIERS, required=False)
        unit = _unit_ref(required=False)

    @extend_schema(
        operation_id="facility_list",
        parameters=[FilterSerializer],
        responses={200: FacilityOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        return self.paginated(self.get_scoped_queryset(**found), FacilityOutputSerializer)


class FacilityDetailApi(ScopedAPIView):
    """Một cơ sở điều trị với số giường và số giường có người bệnh hôm nay theo loại."""

    required_capability = Capability.VIEW_FACILITIES
    fetch = facility_get_for_user

    class OutputSerializer(FacilityOutputSerializer):
        beds = BedStateSerializer(many=True)

    @extend_schema(
        operation_id="facility_retrieve", responses={200: OutputSerializer, **error_responses(401, 403, 404)}
    )
    def get(self, request: AuthedApiRequest, facility_id: int) -> Response:
        facility = self.get_scoped_object(facility_id=facility_id)
        states = bed_states(facility, timezone.localdate())
        data = {**FacilityOutputSerializer(facility).data, "beds": BedStateSerializer(states, many=True).data}
        return with_etag(Response(data), facility)
