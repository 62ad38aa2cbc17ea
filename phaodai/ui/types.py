"""The request types of the project's views (so views need no ``type: ignore``)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from phaodai.accounts.models import User


class HtmxRequest(HttpRequest):
    """Any request, with django-htmx's ``request.htmx``."""

    htmx: HtmxDetails


class AuthedRequest(HtmxRequest):
    """A request of a signed-in user: the view's policy (``area_scoped``, ``login_only``)
    guarantees it before the view runs (``core.middleware.AccessPolicyMiddleware``)."""

    user: User
