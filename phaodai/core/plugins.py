"""How an app plugs into the project without any other app naming it.

An app is one folder. Beside its fixed modules it may have, each found here by name:

=============  ====================================================================
module         what the project takes from it
=============  ====================================================================
``urls``       its pages, under the ``url_prefix`` its ``AppConfig`` declares
``api_urls``   its REST endpoints, under ``/api/v1/`` (``config/api_urls.py``)
``shell``      ``NAV`` menu entries and ``HOME_CARDS`` for the page shell (``core.shell``)
``events``     its audit event types (``audit.events``), imported when Django starts
``demo``       ``CONTRIBUTORS`` to the demo province (``phaodai.demo``)
``tests/world.py``  how to make its records in the cross-jurisdiction test world
=============  ====================================================================
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from types import ModuleType

from django.apps import AppConfig, apps

PROJECT_PACKAGE = "phaodai."


def project_apps() -> list[AppConfig]:
    """The installed apps that are ours (the project package, or a test app), in settings order."""
    return [config for config in apps.get_app_configs() if not _is_third_party(config)]


def _is_third_party(config: AppConfig) -> bool:
    return not (config.name.startswith(PROJECT_PACKAGE) or getattr(config, "plugs_in", False))


def _find(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def app_modules(module: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    """Each project app's ``<app>.<module>``, for the apps that have one, in settings order."""
    for config in project_apps():
        name = f"{config.name}.{module}"
        if _find(name):
            yield config, importlib.import_module(name)
