"""What a user sees of long work done in the background (``Job``)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phaodai.core.models import AreaScopedModel
from phaodai.jobs.enums import ACTIVE, JobStatus


class Job(AreaScopedModel):
    """One piece of background work: who started it, on which unit, how far it is, what it made.

    The task (``django_tasks``) does the work; this row is what the pages show and what the
    task reads to know whether it was cancelled. ``params`` are primitives (ids, text) so a job
    can be run again from them; ``result`` is the summary the task returns.
    """

    unit = models.ForeignKey(
        "areas.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    kind = models.CharField(_("loại việc"), max_length=64)
    label = models.CharField(_("tên việc"), max_length=200)
    # The dotted path of the django-tasks task that runs it (``phaodai.people.tasks.import_residents``).
    task_path = models.CharField(max_length=200)
    # The capability needed to see the job's files (an export's file holds personal data).
    capability = models.CharField(max_length=32, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tạo")
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    cancel_requested = models.BooleanField(default=False)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    message = models.CharField(_("thông báo"), max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # Files under PHAODAI_JOB_FILES, relative to it; downloaded through the job's page only.
    result_file = models.CharField(max_length=300, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    error = models.TextField(_("lý do lỗi"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # "host:pid" of the worker running it, and when it last reported (a dead worker is found from them).
    worker = models.CharField(max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    area_unit_field: ClassVar[str] = "unit"

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="jobs_job_owner_time"),
            models.Index(fields=["status", "heartbeat_at"], name="jobs_job_status_beat"),
        ]
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("việc chạy nền")

    def __str__(self) -> str:
        return self.label

    def derive_area(self) -> str:
        """A job with no unit (a system administrator's) is seen only by those who see everything."""
        self.area_path = self.unit.path if self.unit is not None else ""
        return self.area_path

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return min(100, int(self.done * 100 / self.total)) if self.total else 0

    def result_value(self, key: str, default: Any = None) -> Any:
        return self.result.get(key, default)
