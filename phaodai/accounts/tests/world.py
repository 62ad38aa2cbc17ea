"""The accounts app's part of the test world: an API key of a device in each of the two communes."""

from __future__ import annotations

from typing import Any

from phaodai.accounts.models import ApiToken
from phaodai.accounts.services import token_issue


def contribute(world: Any) -> None:
    own, _key = token_issue(user=world.users["own_commune"], name="Điện thoại Bản Phố", audited=False)
    other, _key = token_issue(
        user=world.users["sibling_commune"], name="Điện thoại Lùng Phình", audited=False
    )
    world.record("token_id", own=own.pk, other=other.pk)
    world.secret(other.key_prefix, "Điện thoại Lùng Phình")
    world.watch(lambda: list(ApiToken.objects.filter(pk=other.pk).values_list("revoked_at", "name")))
