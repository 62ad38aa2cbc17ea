from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from phaodai.accounts.models import User
from phaodai.accounts.roles import CAPABILITIES, Capability
from phaodai.accounts.services import token_create, token_for_user, token_revoke
from phaodai.core.access import login_only

CAPABILITY_LABELS = {
    Capability.VIEW_PEOPLE: gettext_lazy("Xem nhân khẩu"),
    Capability.EDIT_PEOPLE: gettext_lazy("Thêm, sửa nhân khẩu"),
    Capability.MERGE_PEOPLE: gettext_lazy("Gộp hồ sơ trùng"),
    Capability.EXPORT_PEOPLE: gettext_lazy("Xuất danh sách"),
    Capability.VIEW_AUDIT: gettext_lazy("Xem lịch sử thay đổi"),
    Capability.APPROVE: gettext_lazy("Phê duyệt"),
    Capability.MANAGE_USERS: gettext_lazy("Quản lý người dùng"),
    Capability.MANAGE_AREAS: gettext_lazy("Quản lý địa bàn"),
}


@login_only
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "accounts/profile.html",
        {
            "token": token_for_user(user=user),
            "capabilities": [
                CAPABILITY_LABELS[c] for c in Capability if c in CAPABILITIES.get(user.role, frozenset())
            ],
        },
    )


@login_only
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    token_create(actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Đã tạo mã API mới. Mã cũ (nếu có) không còn dùng được."))
    return redirect("profile")


@login_only
@require_POST
def api_token_revoke(request: HttpRequest) -> HttpResponse:
    if token_revoke(actor=request.user):  # type: ignore[arg-type]
        messages.success(request, _("Đã thu hồi mã API."))
    else:
        messages.info(request, _("Bạn chưa có mã API nào."))
    return redirect("profile")
