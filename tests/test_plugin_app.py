"""A new app is one folder that plugs in: the throwaway app of ``tests/throwaway`` proves it.

It has a model on the scoped base, a page and an endpoint, a menu entry and a home card, a
demo contributor, a merge hook and its part of the test world, and no other app names it.
Installing it (here, for these tests only) is all it takes: it is then scoped and checked,
shown in the menu, seeded and walked across jurisdictions like the apps of the project.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import clear_url_caches

from phaodai.areas.loaders import load_era
from phaodai.audit.models import AuditEvent
from phaodai.core.access import ScopedManager
from phaodai.core.checks import check_scoped_models
from phaodai.core.seeding import demo_contributors
from phaodai.core.shell import declared_home_cards, declared_nav
from phaodai.people.services import person_merge
from phaodai.people.tests.factories import make_person
from tests.walk import (
    capability_cases,
    check_capability,
    check_list_route,
    check_object_route,
    list_routes,
    object_routes,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _reload_project_wiring() -> None:
    """What Django computes once from the installed apps: the URLs, the shell's declarations, and
    each model's relations (populating the registry again does not forget them; Person must learn
    of FieldNote.person)."""
    import config.api_urls
    import config.urls

    apps.clear_cache()
    importlib.reload(config.api_urls)
    importlib.reload(config.urls)
    clear_url_caches()
    for cached in (declared_nav, declared_home_cards, demo_contributors):
        cached.cache_clear()


@pytest.fixture
def throwaway(settings) -> Iterator[type]:
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.throwaway"]):
        _reload_project_wiring()
        from tests.throwaway.models import FieldNote

        with connection.schema_editor() as editor:
            editor.create_model(FieldNote)
        try:
            yield FieldNote
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(FieldNote)
    _reload_project_wiring()


def test_the_app_is_scoped_and_passes_the_system_check(throwaway, world):
    assert isinstance(throwaway._default_manager, ScopedManager)
    assert check_scoped_models([throwaway]) == []

    visible = set(throwaway.objects.for_user(world.users["own_commune"]).values_list("text", flat=True))

    assert visible == {"Ghi chép của Bản Phố"}


def test_the_app_is_in_the_menu_and_on_the_home_page(throwaway, world):
    body = world.client_for("own_commune").get("/").content.decode()

    assert '<a href="/thu-nghiem/">Ghi chép thử</a>' in body
    # an app that names no menu section is listed under "Khác" (core.shell.NAV_SECTIONS)
    other = body[body.index('<li class="nav-group nav-group-other">') :]
    assert other.index('<span class="nav-heading">Khác</span>') < other.index('href="/thu-nghiem/"')
    assert other.index('href="/thu-nghiem/"') < other.index('<li class="nav-group', 1)
    assert '<p class="throwaway-card">Ghi chép thử: 1</p>' in body


def test_the_walk_covers_the_app_with_its_own_records(throwaway, world, client):
    object_walk = [route for route in object_routes() if "note_id" in route]
    list_walk = [route for route in list_routes() if "thu-nghiem" in route or "notes" in route]
    capabilities = [case for case in capability_cases() if "note" in case[0] or "thu-nghiem" in case[0]]

    assert object_walk == ["api/v1/notes/<int:note_id>/", "thu-nghiem/<int:note_id>/"]
    assert list_walk == ["api/v1/notes/", "thu-nghiem/"]
    assert len(capabilities) == 4
    for route in object_walk:
        check_object_route(client, world, route)
    for route in list_walk:
        check_list_route(client, world, route)
    # The walk can fail: the other commune's note is a secret the own commune never sees.
    with pytest.raises(AssertionError):
        check_capability(client, world, "thu-nghiem/", "get", world.users["own_commune"])


def test_the_api_lists_only_the_jurisdiction(throwaway, world):
    from tests.walk import client_as

    response = client_as(world.client_for("own_commune"), world.users["own_commune"], "api/").get(
        "/api/v1/notes/"
    )

    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Ghi chép của Bản Phố"]


def test_the_app_is_seeded_with_the_demo(throwaway):
    load_era("2021")
    out = io.StringIO()

    call_command("seed_demo", "--scale", "small", "--demo-database", stdout=out)

    assert throwaway.objects.count() == 3
    assert "  3 ghi chép thử" in out.getvalue()


def test_a_person_merge_tells_the_app_whose_rows_moved(throwaway, world, system_admin):
    village = world.units["Thôn Bản Phố 1"]
    survivor = make_person(residence_unit=village, full_name="Sùng A Dế", birth_year=1975)
    duplicate = make_person(residence_unit=village, full_name="Sung A De", birth_year=1975)
    note = throwaway.objects.create(unit=village, text="Hỏi thăm ông Dế", person=duplicate)

    person_merge(actor=system_admin, survivor=survivor, duplicate=duplicate)

    note.refresh_from_db()
    assert note.person_id == survivor.pk
    event = AuditEvent.objects.get(event="throwaway.note_person_merged")
    assert (event.target_id, event.changes, event.description) == (
        note.pk,
        {"person": [duplicate.pk, survivor.pk]},
        f"Ghi chép chuyển từ hồ sơ #{duplicate.pk} sang #{survivor.pk}",
    )


def test_without_the_app_installed_nothing_of_it_remains():
    assert not [
        route for route in object_routes() + list_routes() if "note" in route or "thu-nghiem" in route
    ]
    # every installed app's demo contributor, by its order, and nothing of the throwaway app
    assert [contributor.name for contributor in demo_contributors()] == [
        *("people", "labtests", "establishments", "violations", "accounts", "command"),
        *("requests_desk", "welfare", "announcements", "cases", "directives", "homecare"),
    ]
