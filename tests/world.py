"""The one cross-jurisdiction test world: a tree, a user per viewer, and each app's records in it.

The tree is the root ``units`` fixture (Lào Cai: Bắc Hà with Bản Phố and Lùng Phình, Si Ma Cai
with Sán Chải; Lai Châu with Pa Tần). Each viewer is a leader of one place:

===============  =================  ===================================================
viewer           home unit          sees
===============  =================  ===================================================
own_commune      Xã Bản Phố         Bản Phố
parent_district  Huyện Bắc Hà       Bản Phố and Lùng Phình
sibling_commune  Xã Lùng Phình      Lùng Phình
other_province   Xã Pa Tần          Pa Tần
anonymous        —                  nothing
===============  =================  ===================================================

Every app that has records contributes them from its own ``tests/world.py``
(``contribute(world)``): records in the *own* commune (Bản Phố) and in the *other* one (Lùng
Phình), their primary keys under the URL keyword that names them (``world.record``), the
strings of the other commune's records that must never reach the own commune
(``world.secret``), searches that would find them (``world.search``) and how to read their
state (``world.watch``). The URL walk (``tests/walk.py``) then covers every app's pages and
endpoints with that app's own records, and a new app is covered without editing the walk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.test import Client

from phaodai.accounts.models import User
from phaodai.accounts.tests.factories import make_user
from phaodai.areas.models import AdminUnit
from phaodai.core.plugins import project_apps
from phaodai.core.roles import Role

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

# Viewer labels used by the parametrized access tests.
VIEWERS = ("own_commune", "parent_district", "sibling_commune", "other_province", "anonymous")
OWN_COMMUNE, OTHER_COMMUNE = "Xã Bản Phố", "Xã Lùng Phình"


class World:
    """The tree, the viewers, and what the apps put in it (apps may add attributes of their own)."""

    def __init__(self, units: dict[str, AdminUnit]) -> None:
        self.units = units
        self.users: dict[str, User | None] = {
            "own_commune": make_user(
                role=Role.COMMUNE_LEADER, home_unit=units[OWN_COMMUNE], username="xa_banpho"
            ),
            "parent_district": make_user(
                role=Role.DISTRICT_LEADER, home_unit=units["Huyện Bắc Hà"], username="huyen_bacha"
            ),
            "sibling_commune": make_user(
                role=Role.COMMUNE_LEADER, home_unit=units[OTHER_COMMUNE], username="xa_lungphinh"
            ),
            "other_province": make_user(
                role=Role.COMMUNE_LEADER, home_unit=units["Xã Pa Tần"], username="xa_patan"
            ),
            "anonymous": None,
        }
        # Primary keys by the URL keyword that names them, in the own and in the other commune.
        self.own_ids: dict[str, int] = {"unit_id": units[OWN_COMMUNE].pk}
        self.other_ids: dict[str, int] = {"unit_id": units[OTHER_COMMUNE].pk}
        self.secrets: set[str] = set()
        self.searches: list[str] = []
        self._states: list[Callable[[], Any]] = []
        # Which records (by key) each viewer may see; apps with a keyed registry fill it.
        self.visibility: dict[str, frozenset[str]] = {}
        self.people: dict[str, Any] = {}

    # --- what the apps call --------------------------------------------------------------

    def record(self, kwarg: str, *, own: int, other: int) -> None:
        """The records a URL keyword (``person_id``) names, in the own and in the other commune."""
        if kwarg in self.own_ids:
            raise ValueError(f"{kwarg} is registered twice in the test world")
        self.own_ids[kwarg], self.other_ids[kwarg] = own, other

    def secret(self, *markers: str) -> None:
        """Strings of the other commune's records (names, numbers) that must never reach the own one."""
        self.secrets.update(marker for marker in markers if marker)

    def search(self, *queries: str) -> None:
        """Search texts that find the other commune's records (``?q=``) where one may look."""
        self.searches.extend(queries)

    def watch(self, state: Callable[[], Any]) -> None:
        """How to read the other commune's records: it must be the same after every walk."""
        self._states.append(state)

    # --- what the tests call -------------------------------------------------------------

    def other_state(self) -> list[Any]:
        return [state() for state in self._states]

    def secret_visible(self, text: str, *, echoed: str = "") -> bool:
        """Whether any secret shows. A search box echoes its query: a marker equal to it is no evidence."""
        return any(marker in text for marker in self.secrets - {echoed})

    def hidden_from(self, viewer: str) -> list[Any]:
        """The residents ``viewer`` must never see."""
        return [p for key, p in self.people.items() if key not in self.visibility[viewer]]

    def client_for(self, viewer: str) -> Client:
        client = Client()
        user = self.users[viewer]
        if user is not None:
            client.force_login(user, backend=MODEL_BACKEND)
        return client


def world_modules() -> Iterator[ModuleType]:
    """Each installed app's ``tests/world.py``, in settings order."""
    for config in project_apps():
        name = f"{config.name}.tests.world"
        try:
            found = find_spec(name) is not None
        except ModuleNotFoundError:
            found = False
        if found:
            yield import_module(name)


def build_world(units: dict[str, AdminUnit]) -> World:
    world = World(units)
    for module in world_modules():
        module.contribute(world)
    return world


def body_of(response: Any) -> str:
    """The text of a response, streamed (CSV export) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return str(response.content.decode())


def assert_hides(body: str, people: list[Any]) -> None:
    """Neither the name nor the CCCD of any of ``people`` is in ``body``."""
    leaked = [p.full_name for p in people if p.full_name in body or (p.national_id and p.national_id in body)]
    assert leaked == [], f"out-of-jurisdiction residents in the page: {leaked}"
