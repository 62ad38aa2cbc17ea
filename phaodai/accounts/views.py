from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phaodai.accounts.forms import DeviceForm, LoginForm
from phaodai.accounts.services import token_issue, token_revoke, tokens_of
from phaodai.core.access import login_only
from phaodai.core.logins import login_throttled
from phaodai.core.roles import CAPABILITIES, Capability
from phaodai.ui.types import AuthedRequest


class LoginView(auth_views.LoginView):
    """Django's login page; 429 while the address is throttled (``phaodai.core.logins``)."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        wait = login_throttled(self.request)
        if wait is not None:
            response.status_code = 429
            response["Retry-After"] = str(wait)
        return response


# A new key is shown once, on the page the officer lands on right after making it.
_NEW_KEY = "accounts.new_api_key"


@login_only
@require_GET
def profile(request: AuthedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "tokens": tokens_of(user=user),
            "now": timezone.now(),
            "new_key": request.session.pop(_NEW_KEY, None),
            "device_form": DeviceForm(),
            "capabilities": [c.label for c in Capability if c in CAPABILITIES.get(user.role, frozenset())],
        },
    )


@login_only
@require_POST
def api_token_create(request: AuthedRequest) -> HttpResponse:
    form = DeviceForm(request.POST)
    form.is_valid()
    _token, key = token_issue(user=request.user, name=form.cleaned_data.get("device", ""))
    request.session[_NEW_KEY] = key
    messages.success(request, _("Đã tạo mã API mới. Hãy chép mã ngay: mã chỉ hiện một lần."))
    return redirect("profile")


@login_only
@require_POST
def api_token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = next((t for t in tokens_of(user=request.user) if t.pk == token_id), None)
    if token is None:
        raise Http404
    if token_revoke(actor=request.user, token=token):
        messages.success(request, _("Đã thu hồi mã API của thiết bị."))
    else:
        messages.info(request, _("Mã này đã hết hiệu lực từ trước."))
    return redirect("profile")
