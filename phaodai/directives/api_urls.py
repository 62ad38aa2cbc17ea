"""The directives endpoints of API v1 (included by ``config.api_urls``)."""

from django.urls import path

from phaodai.api.base import route
from phaodai.directives import api

urlpatterns = [
    path("directives/", route(api.DirectiveListApi, api.DirectiveCreateApi), name="directive-list"),
    path(
        "directives/<int:directive_id>/",
        route(api.DirectiveDetailApi, api.DirectiveUpdateApi),
        name="directive-detail",
    ),
    path(
        "directives/<int:directive_id>/file/",
        route(api.DirectiveFileApi, api.DirectiveFileUploadApi),
        name="directive-file",
    ),
    path("directives/<int:directive_id>/tasks/", api.TaskAssignApi.as_view(), name="directive-tasks"),
    path("tasks/", api.TaskListApi.as_view(), name="task-list"),
    path("tasks/<int:task_id>/", route(api.TaskDetailApi, api.TaskUpdateApi), name="task-detail"),
    path("tasks/<int:task_id>/acknowledge/", api.TaskAcknowledgeApi.as_view(), name="task-acknowledge"),
    path("tasks/<int:task_id>/pass-down/", api.TaskPassDownApi.as_view(), name="task-pass-down"),
    path(
        "tasks/<int:task_id>/reports/",
        route(api.TaskReportListApi, api.TaskReportCreateApi),
        name="task-reports",
    ),
    path("task-compliance/", api.ComplianceApi.as_view(), name="task-compliance"),
]
