"""Directives (văn bản chỉ đạo), the tasks they assign, and what recipients report (R-22, R-24)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phaodai.core.models import AreaScopedModel
from phaodai.directives.enums import DirectiveKind, ReportFrequency, ReportKind, TaskStatus, Urgency


def file_storage() -> FileSystemStorage:
    """Attached files live under ``PHAODAI_VAR_DIR``'s sibling of the job files, never under a public
    URL: a file is handed out only by the directive's or the task's download page."""
    return FileSystemStorage(location=Path(settings.PHAODAI_JOB_FILES).parent / "directive-files")


class Directive(AreaScopedModel):
    """A document from an issuing body: its number, date, kind, urgency, recipients and text."""

    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị ban hành")
    )
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    kind = models.CharField(_("loại văn bản"), max_length=24, choices=DirectiveKind.choices)
    urgency = models.CharField(_("độ khẩn"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    summary = models.CharField(_("trích yếu"), max_length=500)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    file = models.FileField(_("tệp văn bản"), storage=file_storage, upload_to="directives/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["area_path", "issued_on"], name="directives_dir_area_date"),
        ]
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")

    def __str__(self) -> str:
        number = self.number or _("(chưa ghi số)")
        return f"{self.get_kind_display()} {number}"

    def get_absolute_url(self) -> str:
        return reverse("directives:directive_detail", kwargs={"directive_id": self.pk})


class Task(AreaScopedModel):
    """One task of a directive for one responsible unit, with its deadline and what it must report.

    ``parent`` is the higher task it was passed down from (its deadline is never later).
    ``completed_on`` is the day the work was done (on time when not after ``deadline``);
    ``escalated_at`` is when the issuing body's leader was alerted that it is overdue (once).
    """

    directive = models.ForeignKey(
        Directive, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("văn bản chỉ đạo")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("giao tiếp từ nhiệm vụ"),
    )
    unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị chủ trì")
    )
    # Who assigned it: the directive's issuing unit and body, or, for a task passed down, the
    # unit that received the higher task (its leader is told when this one is overdue).
    assigned_by_unit = models.ForeignKey(
        "areas.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị giao")
    )
    assigned_by_body = models.CharField(_("cơ quan giao"), max_length=200)
    title = models.CharField(_("nhiệm vụ"), max_length=300)
    details = models.TextField(_("yêu cầu cụ thể"), blank=True)
    responsible_body = models.CharField(_("cơ quan chủ trì"), max_length=200)
    office_holder = models.CharField(_("người đứng đầu chịu trách nhiệm"), max_length=120)
    cooperating = models.CharField(_("đơn vị phối hợp"), max_length=300, blank=True)
    deadline = models.DateField(_("hạn hoàn thành"))
    report_required = models.CharField(_("báo cáo phải gửi"), max_length=300, blank=True)
    report_frequency = models.CharField(
        _("tần suất báo cáo"), max_length=16, choices=ReportFrequency.choices, default=ReportFrequency.ONCE
    )
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    acknowledged_on = models.DateField(_("ngày tiếp nhận"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("đã báo lãnh đạo lúc"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["deadline", "area_path", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="%(app_label)s_%(class)s_progress_max"
            ),
            models.CheckConstraint(
                condition=Q(status=TaskStatus.DONE, completed_on__isnull=False)
                | (~Q(status=TaskStatus.DONE) & Q(completed_on__isnull=True)),
                name="%(app_label)s_%(class)s_done_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["area_path", "deadline"], name="directives_task_area_due"),
            models.Index(fields=["status", "deadline"], name="directives_task_status_due"),
        ]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("directives:task_detail", kwargs={"task_id": self.pk})

    @property
    def is_done(self) -> bool:
        return self.status == TaskStatus.DONE

    def overdue_on(self, day: object) -> bool:
        return not self.is_done and self.deadline < day  # type: ignore[operator]

    @property
    def done_on_time(self) -> bool | None:
        if self.completed_on is None:
            return None
        return self.completed_on <= self.deadline


class TaskReport(AreaScopedModel):
    """What the responsible unit reported on a task: acknowledged, progress, completion, with evidence.

    Evidence is a note, a file, or a link to the record that proves it (``evidence_type`` is a
    model label such as ``command.commandcentre``, ``evidence_id`` its primary key; checked
    against the reporter's jurisdiction when reported).
    """

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="reports", verbose_name=_("nhiệm vụ")
    )
    unit = models.ForeignKey("areas.AdminUnit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại báo cáo"), max_length=16, choices=ReportKind.choices)
    reported_on = models.DateField(_("ngày báo cáo"))
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    note = models.TextField(_("nội dung báo cáo"), blank=True)
    file = models.FileField(_("tệp đính kèm"), storage=file_storage, upload_to="reports/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    evidence_type = models.CharField(_("loại hồ sơ chứng minh"), max_length=100, blank=True)
    evidence_id = models.PositiveBigIntegerField(_("mã hồ sơ chứng minh"), null=True, blank=True)
    evidence_label = models.CharField(_("hồ sơ chứng minh"), max_length=300, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="%(app_label)s_%(class)s_progress_max"
            ),
        ]
        verbose_name = _("báo cáo nhiệm vụ")
        verbose_name_plural = _("báo cáo nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reported_on:%d/%m/%Y}"
