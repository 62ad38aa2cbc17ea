"""The user's background jobs: a list with live progress bars, a page per job, cancel, run again,
and the download of what a job produced (only for its starter, with the job's capability)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phaodai.core.access import area_scoped, has_capability
from phaodai.core.roles import Capability
from phaodai.jobs import files, services
from phaodai.jobs.selectors import job_get_for_user, jobs_of
from phaodai.ui.rendering import page_of, render_partial
from phaodai.ui.types import AuthedRequest


@area_scoped()
@require_GET
def job_list(request: AuthedRequest) -> HttpResponse:
    page = page_of(request, jobs_of(user=request.user))
    active = any(job.is_active for job in page.object_list)
    return render_partial(request, "jobs/job_list.html", {"page": page, "active": active}, partial="jobs")


@area_scoped()
@require_GET
def job_detail(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = job_get_for_user(user=request.user, job_id=job_id)
    return render_partial(request, "jobs/job_detail.html", {"job": job}, partial="progress")


@area_scoped()
@require_POST
def job_cancel(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = job_get_for_user(user=request.user, job_id=job_id)
    try:
        job = services.job_cancel(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi yêu cầu huỷ."))
    if request.htmx:
        return render(request, "jobs/job_detail.html#progress", {"job": job})
    return redirect("jobs:detail", job_id=job.pk)


@area_scoped()
@require_POST
def job_retry(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = job_get_for_user(user=request.user, job_id=job_id)
    try:
        services.job_retry(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã cho chạy lại."))
    return redirect("jobs:detail", job_id=job.pk)


@area_scoped()
@require_GET
def job_download(request: AuthedRequest, job_id: int) -> FileResponse:
    job = job_get_for_user(user=request.user, job_id=job_id)
    if job.capability and not has_capability(request.user, Capability(job.capability)):
        raise PermissionDenied(_("Bạn không có quyền tải tệp này."))
    path = files.resolve(job.result_file)
    if path is None:
        raise Http404(_("Tệp không còn nữa: hãy chạy lại việc này."))
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name or path.name)
