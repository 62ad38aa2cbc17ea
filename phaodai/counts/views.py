"""The daily figures page: every indicator for a unit and period, one indicator by day."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phaodai.areas.selectors import unit_children
from phaodai.core.access import area_scoped
from phaodai.counts.forms import FiguresForm
from phaodai.counts.indicators import declared_indicators
from phaodai.counts.selectors import count_by_child, count_by_dim, figures_for, series_for, stock_on
from phaodai.ui.scope import scope_from_request
from phaodai.ui.types import AuthedRequest


@area_scoped()
@require_GET
def figures(request: AuthedRequest) -> HttpResponse:
    """Aggregates only (no record of anyone): any signed-in user, for the units of their jurisdiction."""
    scope = scope_from_request(request)
    declared = declared_indicators()
    form = FiguresForm(request.GET or None, indicators=list(declared.values()))
    start, end = form.period()
    if not form.is_bound:
        form = FiguresForm(indicators=list(declared.values()), initial={"start": start, "end": end})
    unit = scope.unit
    context: dict[str, object] = {"form": form, "start": start, "end": end, "unit": unit}
    if unit is not None:
        context["figures"] = figures_for(unit=unit, start=start, end=end)
        chosen = (
            declared.get(form.cleaned_data.get("indicator", ""))
            if form.is_bound and form.is_valid()
            else None
        )
        if chosen is not None:
            children = {child.pk: child for child in unit_children(user=request.user, unit=unit)}
            if chosen.stock:
                by_child = {
                    child_id: stock_on(chosen.code, unit=child, on=end)
                    for child_id, child in children.items()
                }
            else:
                by_child = count_by_child(chosen.code, unit=unit, start=start, end=end)
            context.update(
                {
                    "chosen": chosen,
                    "series": series_for(chosen, unit=unit, start=start, end=end),
                    "by_child": [(child, by_child.get(child_id, 0)) for child_id, child in children.items()],
                    "by_dim": sorted(
                        count_by_dim(chosen.code, unit=unit, start=start, end=end, dim=1).items()
                    )
                    if chosen.dims and not chosen.stock
                    else [],
                }
            )
    return render(request, "counts/figures.html", context)
