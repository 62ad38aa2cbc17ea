"""Writes about accounts: the API key (DRF token), the extra units of a user's jurisdiction."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from phaodai.accounts import events
from phaodai.accounts.models import User
from phaodai.areas.models import AdminUnit
from phaodai.audit.services import audit_record
from phaodai.core.roles import Capability
from phaodai.core.services import require, require_in_jurisdiction


def _area_path(user: User) -> str:
    return user.home_unit.path if user.home_unit is not None else ""


@transaction.atomic
def token_create(*, actor: User) -> Token:
    """Give the user a new API key; any previous key stops working at once."""
    Token.objects.filter(user=actor).delete()
    token = Token.objects.create(user=actor)
    # The key itself never goes into the audit trail.
    audit_record(
        actor=actor,
        event=events.API_TOKEN_CREATED,
        target=actor,
        area_path=_area_path(actor),
        changes={"api_token": ["", "created"]},
    )
    return token


@transaction.atomic
def token_revoke(*, actor: User) -> bool:
    """Delete the user's API key. Returns whether there was one."""
    deleted, _per_model = Token.objects.filter(user=actor).delete()
    if deleted:
        audit_record(
            actor=actor,
            event=events.API_TOKEN_REVOKED,
            target=actor,
            area_path=_area_path(actor),
            changes={"api_token": ["created", ""]},
        )
    return bool(deleted)


def token_for_user(*, user: User) -> Token | None:
    """The user's current API key, if any (a read kept beside the two writes it serves)."""
    return Token.objects.filter(user=user).first()


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
