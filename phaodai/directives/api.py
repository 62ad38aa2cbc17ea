"""REST endpoints for directives, their tasks and the reports on them (``/api/v1/directives/``,
``/api/v1/tasks/``), and compliance (``/api/v1/task-compliance/``).

One class per resource action; reads through the directives selectors and access functions with
the requesting user, writes through the services. Edits and reports carry ``If-Match`` with the
ETag read (``"v<version>"``): without it 428, on a task changed meanwhile 412. A directive's file
is sent and read at ``/api/v1/directives/<id>/file/`` (multipart ``PUT`` with If-Match; ``GET``);
reports take notes and links to evidence records.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from phaodai.api import fields
from phaodai.api.base import ScopedAPIView
from phaodai.api.parsers import TooLargeError
from phaodai.api.schema import error_responses
from phaodai.api.serializers import UnitRefSerializer
from phaodai.api.types import AuthedApiRequest
from phaodai.api.versions import IF_MATCH, expected_version, with_etag
from phaodai.areas.selectors import unit_get_for_user
from phaodai.core.roles import Capability
from phaodai.directives.access import directive_get_for_user, task_get_for_user
from phaodai.directives.enums import DirectiveKind, ReportFrequency, ReportKind, TaskStatus, Urgency
from phaodai.directives.errors import DirectivesErrorCode
from phaodai.directives.files import MAX_FILE_BYTES
from phaodai.directives.models import Directive, Task, TaskReport
from phaodai.directives.selectors import (
    TASK_FILTERS,
    ComplianceRow,
    compliance_by_office_holder,
    compliance_by_unit,
    directive_search,
    task_reports,
    task_search,
)
from phaodai.directives.services import (
    directive_create,
    directive_update,
    task_acknowledge,
    task_assign,
    task_complete,
    task_pass_down,
    task_report_progress,
    task_update,
)

_UNIT = gettext_lazy("đơn vị")
_DIRECTIVE = gettext_lazy("văn bản")


def _unit_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=unit_get_for_user, lookup="unit_id", what=_UNIT, **kwargs)


def _directive_ref(**kwargs: Any) -> fields.RefField:
    return fields.RefField(fetch=directive_get_for_user, lookup="directive_id", what=_DIRECTIVE, **kwargs)


def _inbox(*, user: Any, **arguments: Any) -> Any:
    return task_search(user=user, today=timezone.localdate(), **arguments)


# --- directives ---------------------------------------------------------------------------


def _directive_values(validated: dict[str, Any]) -> dict[str, Any]:
    values = dict(validated)
    if "directive_kind" in values:
        values["kind"] = values.pop("directive_kind")
    return values


class DirectiveOutputSerializer(serializers.Serializer[Directive]):
    id = serializers.IntegerField(source="pk")
    uuid = serializers.UUIDField()
    unit = UnitRefSerializer()
    issuing_body = serializers.CharField()
    number = serializers.CharField()
    issued_on = serializers.DateField()
    directive_kind = serializers.ChoiceField(source="kind", choices=DirectiveKind.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    summary = serializers.CharField()
    recipients = serializers.CharField()
    signer = serializers.CharField()
    has_file = serializers.SerializerMethodField()
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>") khi sửa.')

    def get_has_file(self, directive: Directive) -> bool:
        return bool(directive.file)


class DirectiveDetailSerializer(DirectiveOutputSerializer):
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class DirectiveListApi(ScopedAPIView):
    """Văn bản chỉ đạo đọc được: ban hành trong địa bàn, hoặc giao nhiệm vụ cho đơn vị trong địa bàn."""

    required_capability = Capability.VIEW_DIRECTIVES
    selector = directive_search

    class FilterSerializer(fields.Serializer):
        q = fields.CharField(required=False, allow_blank=True, max_length=100)
        unit = _unit_ref(required=False, help_text="Văn bản của đơn vị này (và cấp dưới) hoặc giao cho nó.")
        directive_kind = fields.ChoiceField(choices=DirectiveKind.choices, required=False)
        urgency = fields.ChoiceField(choices=Urgency.choices, required=False)
        year = fields.IntegerField(required=False, min_value=1945, max_value=2100)

    @extend_schema(
        operation_id="directive_list",
        parameters=[FilterSerializer],
        responses={200: DirectiveOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        directives = self.get_scoped_queryset(
            query=found.get("q", ""),
            unit=found.get("unit"),
            kind=found.get("directive_kind", ""),
            urgency=found.get("urgency", ""),
            year=found.get("year"),
        )
        return self.paginated(directives, DirectiveOutputSerializer)


class DirectiveCreateApi(ScopedAPIView):
    """Nhập một văn bản chỉ đạo (cần nội dung; tệp đính kèm nhập ở trang web)."""

    required_capability = Capability.ISSUE_DIRECTIVES
    fetch = directive_get_for_user

    class InputSerializer(fields.Serializer):
        uuid = fields.UUIDField(
            required=False, help_text="Do máy khách tạo; gửi lại cùng mã không tạo văn bản mới."
        )
        unit = _unit_ref(help_text="Đơn vị ban hành, trong địa bàn của bạn.")
        issuing_body = fields.CharField(max_length=200)
        number = fields.CharField(required=False, allow_blank=True, max_length=60)
        issued_on = fields.DateField()
        directive_kind = fields.ChoiceField(choices=DirectiveKind.choices)
        urgency = fields.ChoiceField(choices=Urgency.choices, required=False)
        summary = fields.CharField(max_length=500)
        recipients = fields.CharField(required=False, allow_blank=True, max_length=5000)
        signer = fields.CharField(required=False, allow_blank=True, max_length=200)
        text = fields.CharField(max_length=100_000)

    @extend_schema(
        operation_id="directive_create",
        request=InputSerializer,
        responses={
            201: OpenApiResponse(DirectiveDetailSerializer, description="Đã nhập."),
            200: OpenApiResponse(DirectiveDetailSerializer, description="Đã có văn bản với uuid này."),
            **error_responses(400, 401, 403, codes=DirectivesErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        directive, created = directive_create(
            actor=request.user, **_directive_values(serializer.validated_data)
        )
        return self.created_or_replayed(
            directive, created, DirectiveDetailSerializer, directive_id=directive.pk
        )


class DirectiveDetailApi(ScopedAPIView):
    """Một văn bản chỉ đạo (404 nếu không có hoặc không đọc được)."""

    required_capability = Capability.VIEW_DIRECTIVES
    fetch = directive_get_for_user

    @extend_schema(
        operation_id="directive_retrieve",
        responses={200: DirectiveDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, directive_id: int) -> Response:
        directive = self.get_scoped_object(directive_id=directive_id)
        return with_etag(Response(DirectiveDetailSerializer(directive).data), directive)


class DirectiveUpdateApi(ScopedAPIView):
    """Sửa văn bản: chỉ gửi các trường cần đổi, với If-Match."""

    required_capability = Capability.ISSUE_DIRECTIVES
    fetch = directive_get_for_user

    class InputSerializer(fields.Serializer):
        issuing_body = fields.CharField(max_length=200)
        number = fields.CharField(allow_blank=True, max_length=60)
        issued_on = fields.DateField()
        directive_kind = fields.ChoiceField(choices=DirectiveKind.choices)
        urgency = fields.ChoiceField(choices=Urgency.choices)
        summary = fields.CharField(max_length=500)
        recipients = fields.CharField(allow_blank=True, max_length=5000)
        signer = fields.CharField(allow_blank=True, max_length=200)
        text = fields.CharField(allow_blank=True, max_length=100_000)

    @extend_schema(
        operation_id="directive_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: DirectiveDetailSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=DirectivesErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, directive_id: int) -> Response:
        directive = self.get_scoped_object(directive_id=directive_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        directive = directive_update(
            actor=request.user,
            directive=directive,
            expected_version=version,
            **_directive_values(serializer.validated_data),
        )
        return with_etag(Response(DirectiveDetailSerializer(directive).data), directive)


class _FileParser(MultiPartParser):
    """multipart/form-data of at most one accepted file and its form (413 past it, unread)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        request = (parser_context or {}).get("request")
        length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        limit = MAX_FILE_BYTES + 64 * 1024
        if length > limit:
            raise TooLargeError(
                _("Nội dung gửi lên quá lớn (tối đa %(mb)d MB).") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return super().parse(stream, media_type, parser_context)


class DirectiveFileApi(ScopedAPIView):
    """Tệp văn bản (bản quét, bản ký số) của một văn bản chỉ đạo: tải về (404 khi chưa có tệp)."""

    required_capability = Capability.VIEW_DIRECTIVES
    fetch = directive_get_for_user

    @extend_schema(
        operation_id="directive_file_retrieve",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="Tệp văn bản, với tên tệp gốc."
            ),
            **error_responses(401, 403, 404),
        },
    )
    def get(self, request: AuthedApiRequest, directive_id: int) -> FileResponse:
        directive = self.get_scoped_object(directive_id=directive_id)
        if not directive.file:
            raise Http404
        try:
            handle = directive.file.open("rb")
        except OSError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=directive.file_name or "van-ban")


class DirectiveFileUploadApi(ScopedAPIView):
    """Gửi (hoặc thay) tệp của văn bản chỉ đạo: multipart/form-data, trường ``file``, với If-Match.
    Nhận pdf, jpg, png, docx, odt, xlsx, doc, xls tới 10 MB, kiểu tệp đọc từ nội dung."""

    required_capability = Capability.ISSUE_DIRECTIVES
    fetch = directive_get_for_user
    parser_classes = (_FileParser,)  # type: ignore[assignment]

    class InputSerializer(fields.Serializer):
        file = fields.FileField(
            max_length=200,
            allow_empty_file=False,
            error_messages={
                "required": gettext_lazy("Hãy chọn tệp văn bản."),
                "invalid": gettext_lazy("Không đọc được tệp gửi lên."),
                "empty": gettext_lazy("Tệp gửi lên không có nội dung."),
                "no_name": gettext_lazy("Tệp gửi lên không có tên."),
                "max_length": gettext_lazy("Tên tệp dài quá {max_length} ký tự."),
            },
        )

    @extend_schema(
        operation_id="directive_file_upload",
        request={"multipart/form-data": InputSerializer},
        parameters=[IF_MATCH],
        responses={
            200: DirectiveDetailSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=DirectivesErrorCode),
        },
    )
    def put(self, request: AuthedApiRequest, directive_id: int) -> Response:
        directive = self.get_scoped_object(directive_id=directive_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        directive = directive_update(
            actor=request.user,
            directive=directive,
            expected_version=version,
            file=serializer.validated_data["file"],
        )
        return with_etag(Response(DirectiveDetailSerializer(directive).data), directive)


# --- tasks --------------------------------------------------------------------------------


class TaskOutputSerializer(serializers.Serializer[Task]):
    id = serializers.IntegerField(source="pk")
    directive = serializers.IntegerField(source="directive_id")
    parent_id = serializers.IntegerField(allow_null=True, help_text="Nhiệm vụ cấp trên (giao tiếp), nếu có.")
    unit = UnitRefSerializer()
    title = serializers.CharField()
    responsible_body = serializers.CharField()
    office_holder = serializers.CharField()
    cooperating = serializers.CharField()
    deadline = serializers.DateField()
    report_required = serializers.CharField()
    report_frequency = serializers.ChoiceField(choices=ReportFrequency.choices)
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    progress = serializers.IntegerField()
    acknowledged_on = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField(help_text='Phiên bản; gửi lại trong If-Match ("v<version>").')


class TaskDetailSerializer(TaskOutputSerializer):
    details = serializers.CharField()
    assigned_by_unit = UnitRefSerializer()
    assigned_by_body = serializers.CharField()


class AssignedSerializer(serializers.Serializer[Any]):
    """The tasks written by one call (one per commune with every_commune)."""

    tasks = TaskDetailSerializer(many=True)


class TaskInputSerializer(fields.Serializer):
    unit = _unit_ref(help_text="Đơn vị chủ trì; với every_commune, mọi xã của đơn vị này.")
    every_commune = fields.BooleanField(
        required=False, help_text="Một nhiệm vụ cho mỗi xã, phường, thị trấn."
    )
    title = fields.CharField(max_length=300)
    responsible_body = fields.CharField(max_length=200)
    office_holder = fields.CharField(max_length=120)
    cooperating = fields.CharField(required=False, allow_blank=True, max_length=300)
    deadline = fields.DateField()
    details = fields.CharField(required=False, allow_blank=True, max_length=5000)
    report_required = fields.CharField(required=False, allow_blank=True, max_length=300)
    report_frequency = fields.ChoiceField(choices=ReportFrequency.choices, required=False)


class TaskListApi(ScopedAPIView):
    """Hộp nhiệm vụ: nhiệm vụ của các đơn vị trong địa bàn, lọc theo đơn vị, văn bản, tình trạng."""

    required_capability = Capability.VIEW_DIRECTIVES
    selector = _inbox

    class FilterSerializer(fields.Serializer):
        unit = _unit_ref(required=False)
        directive = _directive_ref(required=False)
        state = fields.ChoiceField(choices=[(key, key) for key in TASK_FILTERS], required=False)
        q = fields.CharField(required=False, allow_blank=True, max_length=100)

    @extend_schema(
        operation_id="task_list",
        parameters=[FilterSerializer],
        responses={200: TaskOutputSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        tasks = self.get_scoped_queryset(
            unit=found.get("unit"),
            directive=found.get("directive"),
            state=found.get("state", ""),
            query=found.get("q", ""),
        )
        return self.paginated(tasks, TaskOutputSerializer)


class TaskAssignApi(ScopedAPIView):
    """Giao nhiệm vụ của một văn bản (every_commune: một nhiệm vụ cho mỗi xã, trong một giao dịch)."""

    required_capability = Capability.ISSUE_DIRECTIVES
    fetch = directive_get_for_user

    @extend_schema(
        operation_id="task_assign",
        request=TaskInputSerializer,
        responses={
            201: AssignedSerializer,
            **error_responses(400, 401, 403, 404, codes=DirectivesErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest, directive_id: int) -> Response:
        directive = self.get_scoped_object(directive_id=directive_id)
        serializer = TaskInputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        tasks = task_assign(actor=request.user, directive=directive, **serializer.validated_data)
        return Response(AssignedSerializer({"tasks": tasks}).data, status=201)


class TaskDetailApi(ScopedAPIView):
    """Một nhiệm vụ (404 nếu không có hoặc ngoài địa bàn)."""

    required_capability = Capability.VIEW_DIRECTIVES
    fetch = task_get_for_user

    @extend_schema(
        operation_id="task_retrieve", responses={200: TaskDetailSerializer, **error_responses(401, 403, 404)}
    )
    def get(self, request: AuthedApiRequest, task_id: int) -> Response:
        task = self.get_scoped_object(task_id=task_id)
        return with_etag(Response(TaskDetailSerializer(task).data), task)


class TaskUpdateApi(ScopedAPIView):
    """Đơn vị giao sửa nhiệm vụ (nội dung, đơn vị chủ trì khi chưa tiếp nhận, người chịu trách
    nhiệm, hạn, báo cáo), với If-Match."""

    required_capability = Capability.ISSUE_DIRECTIVES
    fetch = task_get_for_user

    class InputSerializer(fields.Serializer):
        unit = _unit_ref(help_text="Đơn vị chủ trì mới (chỉ khi nhiệm vụ chưa được tiếp nhận, báo cáo).")
        title = fields.CharField(max_length=300)
        responsible_body = fields.CharField(max_length=200)
        office_holder = fields.CharField(max_length=120)
        cooperating = fields.CharField(allow_blank=True, max_length=300)
        deadline = fields.DateField()
        details = fields.CharField(allow_blank=True, max_length=5000)
        report_required = fields.CharField(allow_blank=True, max_length=300)
        report_frequency = fields.ChoiceField(choices=ReportFrequency.choices)

    @extend_schema(
        operation_id="task_update",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            200: TaskDetailSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=DirectivesErrorCode),
        },
    )
    def patch(self, request: AuthedApiRequest, task_id: int) -> Response:
        task = self.get_scoped_object(task_id=task_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        task = task_update(
            actor=request.user, task=task, expected_version=version, **serializer.validated_data
        )
        return with_etag(Response(TaskDetailSerializer(task).data), task)


class TaskPassDownApi(ScopedAPIView):
    """Giao tiếp nhiệm vụ cho cấp dưới, hạn không muộn hơn hạn của nhiệm vụ này."""

    required_capability = Capability.ISSUE_DIRECTIVES
    fetch = task_get_for_user

    class InputSerializer(TaskInputSerializer):
        title = fields.CharField(required=False, allow_blank=True, max_length=300)

    @extend_schema(
        operation_id="task_pass_down",
        request=InputSerializer,
        responses={
            201: AssignedSerializer,
            **error_responses(400, 401, 403, 404, codes=DirectivesErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest, task_id: int) -> Response:
        parent = self.get_scoped_object(task_id=task_id)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        tasks = task_pass_down(actor=request.user, parent=parent, **serializer.validated_data)
        return Response(AssignedSerializer({"tasks": tasks}).data, status=201)


class TaskAcknowledgeApi(ScopedAPIView):
    """Đơn vị chủ trì tiếp nhận nhiệm vụ (với If-Match)."""

    required_capability = Capability.REPORT_TASKS
    fetch = task_get_for_user

    @extend_schema(
        operation_id="task_acknowledge",
        request=None,
        parameters=[IF_MATCH],
        responses={200: TaskDetailSerializer, **error_responses(401, 403, 404, 412, 428)},
    )
    def post(self, request: AuthedApiRequest, task_id: int) -> Response:
        task = self.get_scoped_object(task_id=task_id)
        version = expected_version(request)
        task = task_acknowledge(actor=request.user, task=task, expected_version=version)
        return with_etag(Response(TaskDetailSerializer(task).data), task)


class ReportOutputSerializer(serializers.Serializer[TaskReport]):
    id = serializers.IntegerField(source="pk")
    task = serializers.IntegerField(source="task_id")
    report_kind = serializers.ChoiceField(source="kind", choices=ReportKind.choices)
    reported_on = serializers.DateField()
    progress = serializers.IntegerField()
    note = serializers.CharField()
    has_file = serializers.SerializerMethodField()
    evidence_type = serializers.CharField()
    evidence_id = serializers.IntegerField(allow_null=True)
    evidence_label = serializers.CharField()

    def get_has_file(self, report: TaskReport) -> bool:
        return bool(report.file)


class TaskReportListApi(ScopedAPIView):
    """Các báo cáo về một nhiệm vụ, mới nhất trước."""

    required_capability = Capability.VIEW_DIRECTIVES
    fetch = task_get_for_user

    @extend_schema(
        operation_id="task_report_list",
        responses={200: ReportOutputSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: AuthedApiRequest, task_id: int) -> Response:
        task = self.get_scoped_object(task_id=task_id)
        return self.paginated(task_reports(user=request.user, task=task), ReportOutputSerializer)


class TaskReportCreateApi(ScopedAPIView):
    """Báo cáo về nhiệm vụ: tiếp nhận (report_kind=acknowledged), tiến độ (progress, 0–99) hoặc
    hoàn thành (completed) với bằng chứng: ghi chú, hoặc hồ sơ chứng minh (evidence_type như
    "command.commandcentre" và evidence_id) trong địa bàn của bạn. Cần If-Match của nhiệm vụ."""

    required_capability = Capability.REPORT_TASKS
    fetch = task_get_for_user

    class InputSerializer(fields.Serializer):
        report_kind = fields.ChoiceField(choices=ReportKind.choices)
        progress = fields.IntegerField(required=False, min_value=0, max_value=99)
        completed_on = fields.DateField(required=False)
        note = fields.CharField(required=False, allow_blank=True, max_length=5000)
        evidence_type = fields.CharField(required=False, allow_blank=True, max_length=100)
        evidence_id = fields.IntegerField(required=False, min_value=1)

    @extend_schema(
        operation_id="task_report_create",
        request=InputSerializer,
        parameters=[IF_MATCH],
        responses={
            201: ReportOutputSerializer,
            **error_responses(400, 401, 403, 404, 412, 428, codes=DirectivesErrorCode),
        },
    )
    def post(self, request: AuthedApiRequest, task_id: int) -> Response:
        task = self.get_scoped_object(task_id=task_id)
        version = expected_version(request)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        evidence = {"evidence_type": data.get("evidence_type", ""), "evidence_id": data.get("evidence_id")}
        if data["report_kind"] == ReportKind.ACKNOWLEDGED:
            task_acknowledge(actor=request.user, task=task, expected_version=version)
            report = task_reports(user=request.user, task=task).order_by("-pk").first()
            task.refresh_from_db()
            return with_etag(Response(ReportOutputSerializer(report).data, status=201), task)
        if data["report_kind"] == ReportKind.COMPLETED:
            report = task_complete(
                actor=request.user,
                task=task,
                completed_on=data.get("completed_on"),
                note=data.get("note", ""),
                expected_version=version,
                **evidence,
            )
        else:
            report = task_report_progress(
                actor=request.user,
                task=task,
                progress=data.get("progress", 0),
                note=data.get("note", ""),
                expected_version=version,
                **evidence,
            )
        task.refresh_from_db()
        return with_etag(Response(ReportOutputSerializer(report).data, status=201), task)


# --- compliance ---------------------------------------------------------------------------


class ComplianceRowSerializer(serializers.Serializer[ComplianceRow]):
    name = serializers.CharField(source="label")
    unit = serializers.IntegerField(source="unit.pk", allow_null=True)
    office_holder = serializers.CharField()
    total = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    not_acknowledged = serializers.IntegerField()
    on_time_percent = serializers.IntegerField(allow_null=True)


class ComplianceSerializer(serializers.Serializer[Any]):
    unit = UnitRefSerializer()
    on = serializers.DateField()
    total = ComplianceRowSerializer()
    rows = ComplianceRowSerializer(many=True)
    office_holders = ComplianceRowSerializer(many=True)


class ComplianceApi(ScopedAPIView):
    """Kết quả thực hiện nhiệm vụ của một đơn vị tính đến một ngày: từng đơn vị cấp dưới (cộng cả
    cây), tổng, và xếp hạng người đứng đầu (đúng hạn nhiều nhất trước)."""

    required_capability = Capability.VIEW_DIRECTIVES

    class FilterSerializer(fields.Serializer):
        unit = _unit_ref()
        on = fields.DateField(required=False)
        directive = _directive_ref(required=False)

    @extend_schema(
        operation_id="task_compliance",
        parameters=[FilterSerializer],
        responses={200: ComplianceSerializer, **error_responses(400, 401, 403)},
    )
    def get(self, request: AuthedApiRequest) -> Response:
        found = self.query_filters(self.FilterSerializer)
        unit = found["unit"]
        on = found.get("on") or timezone.localdate()
        directive = found.get("directive")
        table = compliance_by_unit(user=request.user, unit=unit, on=on, directive=directive)
        holders = compliance_by_office_holder(user=request.user, unit=unit, on=on, directive=directive)
        data = {"unit": unit, "on": on, "total": table.total, "rows": table.rows, "office_holders": holders}
        return Response(ComplianceSerializer(data).data)
