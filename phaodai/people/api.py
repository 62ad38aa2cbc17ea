"""REST endpoints for residents and households (``/api/v1/people/``, ``/api/v1/households/``).

One class per resource action; each reads only through the people selectors and
access functions (always with the requesting user) and writes only through the people
services, which check the rules, write the audit row and raise ``ValidationError``
or ``PermissionDenied`` (turned into JSON by ``phaodai.api.exceptions``).

Creation is idempotent by a client-generated ``uuid``: a phone that lost the answer
sends the same record again and gets the stored one back (200 instead of 201). A phone
working offline follows ``…/changes/?since=<token>`` to learn what changed in its area
(merged-away records included: ``merged_into`` says where they went).
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
from phaodai.api.sync import ChangesFilterSerializer, changes_page_serializer
from phaodai.api.types import AuthedApiRequest
from phaodai.api.versions import IF_MATCH, expected_version, with_etag
from phaodai.areas.selectors import unit_get_for_user
from phaodai.audit.models import AuditAction, AuditEvent
from phaodai.audit.selectors import history_for
from phaodai.core.roles import Capability
from phaodai.people.access import household_get_for_user, liaison_group_get_for_user, person_get_for_user
from phaodai.people.enums import ChronicCondition, Ethnicity, ResidenceStatus, Sex
from phaodai.people.errors import PeopleErrorCode
from phaodai.people.models import Household, Person
from phaodai.people.selectors import (
    household_changes,
    household_members,
    household_search,
    person_changes,
    person_search,
)
from phaodai.people.services import household_create, household_update, person_create, person_update

_UNIT = gettext_lazy("đơn vị")
_HOUSEHOLD = gettext_lazy("hộ gia đình")
_PERSON = gettext_lazy("nhân khẩu")
_GROUP = gettext_lazy("tổ liên gia")


def _unit_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=unit_get_for_user, lookup="unit_id", what=_UNIT, **kwargs)


def _household_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=household_get_for_user, lookup="household_id", what=_HOUSEHOLD, **kwargs)


def _person_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=person_get_for_user, lookup="person_id", what=_PERSON, **kwargs)


def _group_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=liaison_group_get_for_user, lookup="group_id", what=_GROUP, **kwargs)


class PersonRefSerializer(serializers.Serializer[Person]):
    id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()


# --- people -------------------------------------------------------------------------------


class PersonListApi(ScopedAPIView):
    """Danh sách nhân khẩu trong địa bàn, lọc theo tên/CCCD/số điện thoại, đơn vị, giới tính…

    Hồ sơ đã bị gộp vào hồ sơ khác không có trong danh sách. Trang lớn hơn 50 bản ghi cần quyền
    `sync_people` (lấy hàng loạt). Mỗi lần đọc được ghi vào nhật ký truy cập.
    """

    required_capability = Capability.VIEW_PEOPLE
    bulk_capability = Capability.SYNC_PEOPLE
    logs_access = True
    selector = person_search

    class FilterSerializer(fields.Serializer):
        q = fields.CharField(
            required=False,
            allow_blank=True,
            max_length=100,
            help_text=(
                "Tên (có hoặc không dấu, tìm theo phần đầu), số CCCD/CMND, số điện thoại, "
                "hoặc từ 4 đến 9 số cuối của số điện thoại."
            ),
        )
        unit = _unit_ref(required=False, help_text="Chỉ lấy người cư trú trong đơn vị này (và đơn vị con).")
        sex = fields.ChoiceField(choices=Sex.choices, required=False)
        residence_status = fields.ChoiceField(choices=ResidenceStatus.choices, required=False)
        high_risk = fields.BooleanField(
            required=False, help_text="true: chỉ nhóm nguy cơ cao; false: trừ nhóm này."
        )

    class OutputSerializer(serializers.Serializer[Person]):
        id = serializers.IntegerField(source="pk")
        uuid = serializers.UUIDField()
        full_name = serializers.CharField()
        sex = serializers.ChoiceField(choices=Sex.choices)
        birth_year = serializers.IntegerField()
        birth_date = serializers.DateField(allow_null=True)
        residence_unit = UnitRefSerializer()
        household = serializers.IntegerField(source="household_id", allow_null=True)
        residence_status = serializers.ChoiceField(choices=ResidenceStatus.choices)
        is_high_risk = serializers.BooleanField()

    @extend_schema(
        operation_id="person_list",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        people = self.get_scoped_queryset(
            query=found.get("q", ""),
            unit=found.get("unit"),
            sex=found.get("sex", ""),
            residence_status=found.get("residence_status", ""),
            high_risk=found.get("high_risk"),
        )
        return self.paginated(people, self.OutputSerializer)


class PersonDetailApi(ScopedAPIView):
    """Một nhân khẩu (404 nếu không có hoặc ngoài địa bàn). Mỗi lần xem được ghi vào nhật ký truy
    cập; số hồ sơ mở mỗi phút có giới hạn (`people_read`, chung với trang web)."""

    required_capability = Capability.VIEW_PEOPLE
    logs_access = True
    throttle_scope = "people_read"  # shared with the resident's page
    fetch = person_get_for_user

    class OutputSerializer(serializers.Serializer[Person]):
        id = serializers.IntegerField(source="pk")
        uuid = serializers.UUIDField()
        full_name = serializers.CharField()
        sex = serializers.ChoiceField(choices=Sex.choices)
        birth_year = serializers.IntegerField()
        birth_date = serializers.DateField(allow_null=True)
        national_id = serializers.CharField()
        phone = serializers.CharField()
        ethnicity = serializers.ChoiceField(choices=Ethnicity.choices)
        residence_unit = UnitRefSerializer()
        household = serializers.IntegerField(source="household_id", allow_null=True)
        residence_status = serializers.ChoiceField(choices=ResidenceStatus.choices)
        away_location = serializers.CharField()
        chronic_conditions = serializers.ListField(
            child=serializers.ChoiceField(choices=ChronicCondition.choices)
        )
        is_pregnant = serializers.BooleanField()
        is_high_risk = serializers.BooleanField()
        notes = serializers.CharField()
        merged_into = serializers.IntegerField(
            source="merged_into_id",
            allow_null=True,
            help_text="Hồ sơ này đã được gộp vào hồ sơ có mã số này.",
        )
        created_at = serializers.DateTimeField()
        updated_at = serializers.DateTimeField()
        version = serializers.IntegerField(
            help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.'
        )

    @extend_schema(
        operation_id="person_retrieve",
        responses={200: OutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, person_id: int) -> Response:
        person = self.get_scoped_object(person_id=person_id)
        return with_etag(Response(self.OutputSerializer(person).data), person)


class PersonChangesApi(ScopedAPIView):
    """Nguồn thay đổi cho máy làm việc ngoại tuyến: nhân khẩu trong địa bàn được thêm hoặc sửa
    sau mã `since`, cũ nhất trước (theo thời điểm sửa rồi mã số), kể cả hồ sơ đã bị gộp
    (`merged_into` cho biết gộp vào đâu). Gọi lại với `since` = `next_since` cho tới khi
    `has_more` là false. Cần quyền `sync_people`; mỗi lần đọc được ghi vào nhật ký truy cập."""

    required_capability = Capability.SYNC_PEOPLE
    logs_access = True
    selector = person_changes

    @extend_schema(
        operation_id="person_changes",
        parameters=[ChangesFilterSerializer],
        responses={
            200: changes_page_serializer(PersonDetailApi.OutputSerializer, "PersonChangesPage"),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request: AuthedApiRequest) -> Response:
        return self.changes(self.get_scoped_queryset(), PersonDetailApi.OutputSerializer)


class PersonCreateApi(ScopedAPIView):
    """Thêm một nhân khẩu. Gửi kèm `uuid` do máy tạo: gửi lại cùng `uuid` nhận về bản ghi đã lưu
    (mã 200) mà không tạo bản ghi mới; lần đầu nhận mã 201."""

    required_capability = Capability.EDIT_PEOPLE
    fetch = person_get_for_user

    class InputSerializer(fields.Serializer):
        uuid = fields.UUIDField(
            required=False, help_text="Do máy khách tạo (UUID4); gửi lại cùng mã không tạo bản ghi mới."
        )
        full_name = fields.CharField(max_length=120)
        sex = fields.ChoiceField(choices=Sex.choices)
        birth_year = fields.IntegerField(required=False, allow_null=True)
        birth_date = fields.DateField(required=False, allow_null=True, help_text="Dạng YYYY-MM-DD.")
        national_id = fields.CharField(required=False, allow_blank=True, max_length=20)
        phone = fields.CharField(required=False, allow_blank=True, max_length=20)
        ethnicity = fields.ChoiceField(
            choices=Ethnicity.choices, required=False, help_text="Mặc định 01 (Kinh)."
        )
        residence_unit = _unit_ref(
            help_text="Mã số đơn vị (thôn/tổ dân phố) nơi cư trú, trong địa bàn của bạn."
        )
        household = _household_ref(required=False, allow_null=True)
        residence_status = fields.ChoiceField(
            choices=ResidenceStatus.choices, required=False, help_text="Mặc định permanent."
        )
        away_location = fields.CharField(required=False, allow_blank=True, max_length=255)
        chronic_conditions = fields.ListField(
            child=fields.ChoiceField(choices=ChronicCondition.choices), required=False, max_length=20
        )
        is_pregnant = fields.BooleanField(required=False)
        notes = fields.CharField(required=False, allow_blank=True, max_length=2000)

    @extend_schema(
        operation_id="person_create",
        request=InputSerializer,
        responses={
            201: OpenApiResponse(PersonDetailApi.OutputSerializer, description="Đã thêm."),
            200: OpenApiResponse(
                PersonDetailApi.OutputSerializer,
                description="Đã có bản ghi với uuid này; trả lại bản ghi đó.",
            ),
            **error_responses(400, 401, 403, codes=PeopleErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        person, created = person_create(actor=request.user, **serializer.validated_data)
        return self.created_or_replayed(
            person, created, PersonDetailApi.OutputSerializer, person_id=person.pk
        )


class PersonUpdateApi(ScopedAPIView):
    """Sửa một nhân khẩu: chỉ gửi các trường cần đổi."""

    required_capability = Capability.EDIT_PEOPLE
    fetch = person_get_for_user

    class InputSerializer(fields.Serializer):
        full_name = fields.CharField(max_length=120)
        sex = fields.ChoiceField(choices=Sex.choices)
        birth_year = fields.IntegerField(allow_null=True)
        birth_date = fields.DateField(allow_null=True)
        national_id = fields.CharField(allow_blank=True, max_length=20)
        phone = fields.CharField(allow_blank=True, max_length=20)
        ethnicity = fields.ChoiceField(choices=Ethnicity.choices)
        residence_unit = _unit_ref()
        household = _household_ref(allow_null=True)
        residence_status = fields.ChoiceField(choices=ResidenceStatus.choices)
        away_location = fields.CharField(allow_blank=True, max_length=255)
        chronic_conditions = fields.ListField(
            child=fields.ChoiceField(choices=ChronicCondition.choices), max_length=20
        )
        is_pregnant = fields.BooleanField()
        notes = fields.CharField(allow_blank=True, max_length=2000)

    @extend_schema(
        operation_id="person_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: PersonDetailApi.OutputSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=PeopleErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, person_id: int) -> Response:
        person = self.get_scoped_object(person_id=person_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        person = person_update(
            actor=request.user, person=person, expected_version=version, **serializer.validated_data
        )
        return with_etag(Response(PersonDetailApi.OutputSerializer(person).data), person)


class PersonHistoryApi(ScopedAPIView):
    """Nhật ký thay đổi của một nhân khẩu, mới nhất trước."""

    required_capability = Capability.VIEW_AUDIT
    fetch = person_get_for_user
    selector = history_for

    class OutputSerializer(serializers.Serializer[AuditEvent]):
        id = serializers.IntegerField(source="pk")
        occurred_at = serializers.DateTimeField()
        action = serializers.ChoiceField(choices=AuditAction.choices)
        action_label = serializers.CharField(source="get_action_display")
        actor = serializers.CharField(
            source="actor.username", allow_null=True, default=None, help_text="Tên đăng nhập người thực hiện."
        )
        event = serializers.CharField(
            help_text="Loại sự kiện, do ứng dụng khai báo (people.person_updated…); rỗng với bản ghi cũ."
        )
        changes = serializers.DictField(
            help_text='{"tên_trường": [giá trị cũ, giá trị mới]} hoặc các mã số liên quan.'
        )
        summary = serializers.CharField(
            source="description",
            help_text="Nội dung, viết theo ngôn ngữ của người đọc (tiếng Việt mặc định).",
        )
        reason = serializers.CharField(help_text="Lý do người thực hiện ghi lại (có thể rỗng).")

    @extend_schema(
        operation_id="person_history",
        responses={200: OutputSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, person_id: int) -> Response:
        person = self.get_scoped_object(person_id=person_id)
        return self.paginated(self.get_scoped_queryset(target=person), self.OutputSerializer)


# --- households ---------------------------------------------------------------------------


class HouseholdListApi(ScopedAPIView):
    """Danh sách hộ gia đình trong địa bàn, tìm theo mã hộ, địa chỉ hoặc tên chủ hộ.

    Trang lớn hơn 50 bản ghi cần quyền `sync_people` (lấy hàng loạt)."""

    required_capability = Capability.VIEW_PEOPLE
    bulk_capability = Capability.SYNC_PEOPLE
    logs_access = True
    selector = household_search

    class FilterSerializer(fields.Serializer):
        q = fields.CharField(required=False, allow_blank=True, max_length=100)
        unit = _unit_ref(required=False, help_text="Chỉ lấy hộ trong đơn vị này (và đơn vị con).")

    class OutputSerializer(serializers.Serializer[Household]):
        id = serializers.IntegerField(source="pk")
        uuid = serializers.UUIDField()
        code = serializers.CharField()
        unit = UnitRefSerializer()
        address = serializers.CharField()
        head = PersonRefSerializer(allow_null=True)
        liaison_group = serializers.IntegerField(source="liaison_group_id", allow_null=True)
        member_count = serializers.IntegerField(help_text="Số nhân khẩu (không tính hồ sơ đã gộp).")

    @extend_schema(
        operation_id="household_list",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        households = self.get_scoped_queryset(query=found.get("q", ""), unit=found.get("unit"))
        return self.paginated(households, self.OutputSerializer)


class HouseholdDetailApi(ScopedAPIView):
    """Một hộ gia đình (404 nếu không có hoặc ngoài địa bàn)."""

    required_capability = Capability.VIEW_PEOPLE
    logs_access = True
    fetch = household_get_for_user

    class OutputSerializer(serializers.Serializer[Household]):
        id = serializers.IntegerField(source="pk")
        uuid = serializers.UUIDField()
        code = serializers.CharField()
        unit = UnitRefSerializer()
        address = serializers.CharField()
        head = PersonRefSerializer(allow_null=True)
        liaison_group = serializers.IntegerField(source="liaison_group_id", allow_null=True)
        created_at = serializers.DateTimeField()
        updated_at = serializers.DateTimeField()
        version = serializers.IntegerField(
            help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.'
        )

    @extend_schema(
        operation_id="household_retrieve",
        responses={200: OutputSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, household_id: int) -> Response:
        household = self.get_scoped_object(household_id=household_id)
        return with_etag(Response(self.OutputSerializer(household).data), household)


class HouseholdChangesApi(ScopedAPIView):
    """Nguồn thay đổi cho máy làm việc ngoại tuyến: hộ gia đình trong địa bàn được thêm hoặc
    sửa sau mã `since`, cũ nhất trước. Dùng như nguồn thay đổi của nhân khẩu; cần quyền
    `sync_people`."""

    required_capability = Capability.SYNC_PEOPLE
    logs_access = True
    selector = household_changes

    @extend_schema(
        operation_id="household_changes",
        parameters=[ChangesFilterSerializer],
        responses={
            200: changes_page_serializer(HouseholdDetailApi.OutputSerializer, "HouseholdChangesPage"),
            **error_responses(400, 401, 403),
        },
    )
    def get(self, request: AuthedApiRequest) -> Response:
        return self.changes(self.get_scoped_queryset(), HouseholdDetailApi.OutputSerializer)


class HouseholdCreateApi(ScopedAPIView):
    """Thêm một hộ gia đình; `uuid` do máy tạo giúp gửi lại an toàn như khi thêm nhân khẩu."""

    required_capability = Capability.EDIT_PEOPLE
    fetch = household_get_for_user

    class InputSerializer(fields.Serializer):
        uuid = fields.UUIDField(
            required=False, help_text="Do máy khách tạo; gửi lại cùng mã không tạo hộ mới."
        )
        unit = _unit_ref(help_text="Mã số thôn/tổ dân phố của hộ, trong địa bàn của bạn.")
        code = fields.CharField(required=False, allow_blank=True, max_length=32)
        address = fields.CharField(required=False, allow_blank=True, max_length=255)
        liaison_group = _group_ref(required=False, allow_null=True)
        head = _person_ref(required=False, allow_null=True)

    @extend_schema(
        operation_id="household_create",
        request=InputSerializer,
        responses={
            201: OpenApiResponse(HouseholdDetailApi.OutputSerializer, description="Đã thêm."),
            200: OpenApiResponse(
                HouseholdDetailApi.OutputSerializer, description="Đã có hộ với uuid này; trả lại hộ đó."
            ),
            **error_responses(400, 401, 403, codes=PeopleErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        household, created = household_create(actor=request.user, **serializer.validated_data)
        return self.created_or_replayed(
            household, created, HouseholdDetailApi.OutputSerializer, household_id=household.pk
        )


class HouseholdUpdateApi(ScopedAPIView):
    """Sửa một hộ gia đình: chỉ gửi các trường cần đổi. Chủ hộ phải là thành viên của hộ."""

    required_capability = Capability.EDIT_PEOPLE
    fetch = household_get_for_user

    class InputSerializer(fields.Serializer):
        code = fields.CharField(allow_blank=True, max_length=32)
        address = fields.CharField(allow_blank=True, max_length=255)
        liaison_group = _group_ref(allow_null=True)
        head = _person_ref(allow_null=True)

    @extend_schema(
        operation_id="household_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: HouseholdDetailApi.OutputSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=PeopleErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, household_id: int) -> Response:
        household = self.get_scoped_object(household_id=household_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        household = household_update(
            actor=request.user, household=household, expected_version=version, **serializer.validated_data
        )
        return with_etag(Response(HouseholdDetailApi.OutputSerializer(household).data), household)


class HouseholdMembersApi(ScopedAPIView):
    """Nhân khẩu của một hộ: chủ hộ trước, rồi theo tuổi từ lớn đến nhỏ."""

    required_capability = Capability.VIEW_PEOPLE
    logs_access = True
    fetch = household_get_for_user
    selector = household_members

    @extend_schema(
        operation_id="household_members",
        responses={200: PersonListApi.OutputSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, household_id: int) -> Response:
        household = self.get_scoped_object(household_id=household_id)
        return self.paginated(self.get_scoped_queryset(household=household), PersonListApi.OutputSerializer)


__all__ = [
    "HouseholdChangesApi",
    "HouseholdCreateApi",
    "HouseholdDetailApi",
    "HouseholdListApi",
    "HouseholdMembersApi",
    "HouseholdUpdateApi",
    "PersonChangesApi",
    "PersonCreateApi",
    "PersonDetailApi",
    "PersonHistoryApi",
    "PersonListApi",
    "PersonUpdateApi",
]
