"""The demo as ``make run`` serves it: the base settings, tightened where a visitor could see it.

No debug pages (a missing or foreign record gets the project's own 404 page, not Django's URL
map in English), and static files as production serves them: collected once
(``manage.py collectstatic``), hashed names, compressed by WhiteNoise, so a phone on a slow
link gets htmx in about 17 KB instead of 52 KB. The demo's database and its published password
stay what they are: ``seed_demo`` needs ``--demo-database`` here, as on any server without DEBUG.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

DEBUG = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
