"""The page of a list's export: the purpose asked first, then the file at once or a background job.

Every list page's "Xuất" link goes to a view that is one call to ``list_export_response`` with
the app's ``sheets.listexport.ListExport``, its purpose form and its template. The template
gets ``form``, ``count``, ``kept`` (the list's filters, carried as hidden fields) and
``background`` (the list is long: it will be written by a job), plus the caller's context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpResponseBase, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.sheets.listexport import ListExport, list_export_start
from phaodai.ui.scope import scope_from_request
from phaodai.ui.types import AuthedRequest


def records_by(
    form_class: type[Any], search: Callable[..., QuerySet[Any]]
) -> Callable[[User, AdminUnit | None, QueryDict], tuple[QuerySet[Any], dict[str, Any]]]:
    """A ``ListExport.records`` for a list searched by ``search(user=, unit=, **filters)`` with the
    filters its page form (``form_class``) reads from the query string (``search_kwargs()``)."""

    def records(user: User, unit: AdminUnit | None, query: QueryDict) -> tuple[QuerySet[Any], dict[str, Any]]:
        filters: dict[str, Any] = form_class(query).search_kwargs()
        return search(user=user, unit=unit, **filters), filters

    return records


def list_export_response(
    request: AuthedRequest,
    spec: ListExport,
    *,
    form_class: type[Form],
    template: str,
    context: Mapping[str, Any] | None = None,
    purpose_labels: Mapping[str, Any] | None = None,
) -> HttpResponseBase:
    """The export of the list the request's filters select (see the module docstring).

    ``purpose_labels``: for a form whose purposes are choices, the text the audit row keeps.
    """
    scope = scope_from_request(request)
    records, search = spec.records(request.user, scope.unit, request.GET)
    form = form_class(request.GET if "purpose" in request.GET else None)
    long_list = settings.PHAODAI_EXPORT_SYNC_ROWS
    if not form.is_valid():
        count = records.count()
        kept = [(k, v) for k, v in request.GET.items() if k not in ("purpose", "fmt", "page")]
        page = {"form": form, "count": count, "kept": kept, "background": count > long_list}
        return render(request, template, {**(context or {}), **page})
    fmt = form.cleaned_data.get("fmt") or spec.default_fmt
    purpose = form.cleaned_data["purpose"]
    if purpose_labels is not None:
        purpose = str(purpose_labels.get(purpose, purpose))
    count = records.count()
    if count > long_list:
        job = list_export_start(
            spec=spec,
            actor=request.user,
            unit=scope.unit,  # the very list the page showed (the home unit when none was chosen)
            query=request.GET,
            fmt=fmt,
            purpose=purpose,
            count=count,
        )
        messages.info(request, _("Danh sách lớn: đang xuất trong nền, tệp sẽ có ở trang này khi xong."))
        return redirect("jobs:detail", job_id=job.pk)
    content, content_type, filename = spec.export(
        actor=request.user,
        queryset=records,
        fmt=fmt,
        filters=spec.filters_of(scope.unit, search),
        purpose=purpose,
    )
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
