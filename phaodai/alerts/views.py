"""The inbox: a user's alerts, newest first; open (marks read), acknowledge."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from phaodai.alerts import services
from phaodai.alerts.selectors import delivery_get_for_user, inbox, unread_count
from phaodai.core.access import area_scoped, login_only
from phaodai.ui.rendering import page_of, render_partial
from phaodai.ui.types import AuthedRequest


@area_scoped()
@require_GET
def alert_list(request: AuthedRequest) -> HttpResponse:
    unread_only = request.GET.get("chua-doc") == "1"
    page = page_of(request, inbox(user=request.user, unread_only=unread_only))
    return render_partial(
        request, "alerts/alert_list.html", {"page": page, "unread_only": unread_only}, partial="inbox"
    )


@login_only
@require_GET
def alert_badge(request: AuthedRequest) -> HttpResponse:
    """HTMX: the unread count for the menu link, and (out of band) for the phone's menu button."""
    return render(request, "alerts/_badge.html", {"unread": unread_count(user=request.user)})


@area_scoped()
@require_GET
def alert_open(request: AuthedRequest, delivery_id: int) -> HttpResponseRedirect:
    """Follow the alert's link, marking it read."""
    delivery = delivery_get_for_user(user=request.user, delivery_id=delivery_id)
    services.alert_read(actor=request.user, delivery=delivery)
    link = delivery.alert.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(link)
    return redirect("alerts:list")


@area_scoped()
@require_POST
def alert_acknowledge(request: AuthedRequest, delivery_id: int) -> HttpResponse:
    delivery = delivery_get_for_user(user=request.user, delivery_id=delivery_id)
    services.alert_acknowledge(actor=request.user, delivery=delivery)
    if request.htmx:
        delivery = delivery_get_for_user(user=request.user, delivery_id=delivery_id)
        return render(request, "alerts/alert_list.html#line", {"delivery": delivery})
    return redirect("alerts:list")
