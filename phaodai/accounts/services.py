"""Writes about a user's own account: the API key (DRF token)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from phaodai.accounts.models import User
from phaodai.audit.models import AuditAction
from phaodai.audit.services import audit_record


def _area_path(user: User) -> str:
    return user.home_unit.path if user.home_unit_id is not None else ""


@transaction.atomic
def token_create(*, actor: User) -> Token:
    """Give the user a new API key; any previous key stops working at once."""
    Token.objects.filter(user=actor).delete()
    token = Token.objects.create(user=actor)
    # The key itself never goes into the audit trail.
    audit_record(
        actor=actor,
        action=AuditAction.CREATED,
        target=actor,
        area_path=_area_path(actor),
        changes={"api_token": ["", "created"]},
        summary=_("Tạo mã truy cập API"),
    )
    return token


@transaction.atomic
def token_revoke(*, actor: User) -> bool:
    """Delete the user's API key. Returns whether there was one."""
    deleted, _per_model = Token.objects.filter(user=actor).delete()
    if deleted:
        audit_record(
            actor=actor,
            action=AuditAction.DELETED,
            target=actor,
            area_path=_area_path(actor),
            changes={"api_token": ["created", ""]},
            summary=_("Thu hồi mã truy cập API"),
        )
    return bool(deleted)


def token_for_user(*, user: User) -> Token | None:
    """The user's current API key, if any (a read kept beside the two writes it serves)."""
    return Token.objects.filter(user=user).first()
