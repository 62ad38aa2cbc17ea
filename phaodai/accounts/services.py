"""Writes about accounts: the API key (DRF token), the extra units of a user's jurisdiction."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phaodai.accounts import events
from phaodai.accounts.models import ApiToken, User
from phaodai.accounts.tokens import PREFIX_LENGTH, key_hash, new_key, password_fingerprint
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record
from phaodai.core.roles import Capability
from phaodai.core.services import require, require_in_jurisdiction


def _area_path(user: User) -> str:
    return user.home_unit.path if user.home_unit is not None else ""


def _token_lifetime() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "PHAODAI_API_TOKEN_DAYS", 30))


@transaction.atomic
def token_issue(*, user: User, name: str = "", audited: bool = True) -> tuple[ApiToken, str]:
    """A new API key for one of the user's devices; returns the record and the key (shown once).

    Made on the profile page it is audited; obtained by signing in with a password through the
    API (``audited=False``) it is a login, which django-axes records, not a change.
    """
    key = new_key()
    token = ApiToken.objects.create(
        user=user,
        name=" ".join(name.split())[:100],
        key_hash=key_hash(key),
        key_prefix=key[:PREFIX_LENGTH],
        password_fingerprint=password_fingerprint(user.password),
        expires_at=timezone.now() + _token_lifetime(),
        last_used_at=timezone.now(),  # issuing is a use: the first request then costs no write
    )
    if not audited:
        return token, key
    # The key itself never goes into the audit trail.
    audit_record(
        actor=user,
        event=events.API_TOKEN_CREATED,
        target=user,
        area_path=_area_path(user),
        changes={"api_token": [None, token.key_prefix]},
        params={"device": token.name},
    )
    return token, key


def token_authenticate(key: str) -> ApiToken | None:
    """The live token of a key (user and home unit loaded), or None: unknown, revoked, expired,
    issued under another password, or of an inactive user. Marks when it was last used (at most
    once an hour: a read should not cost a write)."""
    token = ApiToken.objects.select_related("user__home_unit").filter(key_hash=key_hash(key)).first()
    if token is None or token.revoked_at is not None:
        return None
    now = timezone.now()
    user = token.user
    if token.expires_at <= now or not user.is_active:
        return None
    if not hmac.compare_digest(token.password_fingerprint, password_fingerprint(user.password)):
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(hours=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> bool:
    """End one of the actor's own tokens. Returns whether it was still live."""
    if token.user_id != actor.pk:
        raise PermissionDenied(_("Mã này không phải của bạn."))
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        audit_record(
            actor=actor,
            event=events.API_TOKEN_REVOKED,
            target=actor,
            area_path=_area_path(actor),
            changes={"api_token": [token.key_prefix, None]},
            params={"device": token.name},
        )
    return bool(revoked)


@transaction.atomic
def token_renew(*, token: ApiToken) -> tuple[ApiToken, str]:
    """A fresh key for the same device, the old one revoked (a phone renews before expiry)."""
    fresh, key = token_issue(user=token.user, name=token.name, audited=False)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    return fresh, key


@transaction.atomic
def tokens_revoke_all(*, user: User) -> int:
    """End every live token of a user (password changed, account disabled); returns how many."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def tokens_of(*, user: User) -> list[ApiToken]:
    """The user's tokens, newest first (a read kept beside the writes it serves)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")[:50])


@transaction.atomic
def user_extra_units_set(*, actor: User | None, user: User, units: Iterable[AdminUnit]) -> User:
    """Set the units a user covers besides the home unit (a checkpoint officer's communes).

    ``actor`` None means the system (a command, the demo); a person must manage users and
    have each unit inside their own jurisdiction. Keeps ``extra_unit_paths`` in step, which
    the user's jurisdiction reads on every request.
    """
    chosen = sorted({unit.pk: unit for unit in units}.values(), key=lambda unit: unit.path)
    if actor is not None:
        require(actor, Capability.MANAGE_USERS)
        for unit in chosen:
            require_in_jurisdiction(actor, unit.path)
    if user.home_unit is not None and any(unit.era_id != user.home_unit.era_id for unit in chosen):
        raise ValidationError(
            {"extra_units": [_("Các đơn vị phụ trách thêm phải cùng bản đồ hành chính với đơn vị chính.")]}
        )
    before = user.extra_unit_paths.split()
    paths = [unit.path for unit in chosen]
    if paths == before:
        return user
    user.extra_units.set(chosen)
    user.extra_unit_paths = " ".join(paths)
    user.save(update_fields=["extra_unit_paths"])
    audit_record(
        actor=actor,
        event=events.EXTRA_UNITS_SET,
        target=user,
        area_path=_area_path(user),
        changes={"extra_units": [before, paths]},
    )
    return user
