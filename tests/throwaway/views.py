from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phaodai.core.access import area_scoped
from phaodai.core.roles import Capability
from phaodai.ui.rendering import page_of
from phaodai.ui.scope import scope_from_request
from phaodai.ui.types import AuthedRequest
from tests.throwaway.selectors import note_get_for_user, notes_for


@area_scoped(Capability.VIEW_PEOPLE)
@require_GET
def note_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_from_request(request)
    page = page_of(request, notes_for(user=request.user, unit=scope.unit).order_by("pk"))
    return render(request, "throwaway/note_list.html", {"page": page})


@area_scoped(Capability.VIEW_PEOPLE)
@require_GET
def note_detail(request: AuthedRequest, note_id: int) -> HttpResponse:
    note = note_get_for_user(user=request.user, note_id=note_id)
    return render(request, "throwaway/note_detail.html", {"note": note})
