from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phaodai.accounts.services import token_create, token_for_user, token_revoke
from phaodai.core.access import login_only
from phaodai.core.roles import CAPABILITIES, Capability
from phaodai.ui.types import AuthedRequest


@login_only
@require_GET
def profile(request: AuthedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "token": token_for_user(user=user),
            "capabilities": [c.label for c in Capability if c in CAPABILITIES.get(user.role, frozenset())],
        },
    )


@login_only
@require_POST
def api_token_create(request: AuthedRequest) -> HttpResponse:
    token_create(actor=request.user)
    messages.success(request, _("Đã tạo mã API mới. Mã cũ (nếu có) không còn dùng được."))
    return redirect("profile")


@login_only
@require_POST
def api_token_revoke(request: AuthedRequest) -> HttpResponse:
    if token_revoke(actor=request.user):
        messages.success(request, _("Đã thu hồi mã API."))
    else:
        messages.info(request, _("Bạn chưa có mã API nào."))
    return redirect("profile")
