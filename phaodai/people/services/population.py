"""Counting the registry into population figures (``areas.PopulationCount``, source registry)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Case, CharField, Count, Q, Value, When
from django.utils import timezone

from phaodai.areas.enums import AgeBand, PopulationSource
from phaodai.areas.models import MapEra, PopulationCount
from phaodai.people.enums import ResidenceStatus
from phaodai.people.models import Person
from phaodai.people.selectors import age_band_birth_years


@transaction.atomic
def population_count_from_registry(*, year: int, era: MapEra | None = None) -> int:
    """Count residents by unit × age band × sex and store them as ``PopulationCount(source=registry)``.

    Counted: records not merged away, living here permanently or temporarily
    (people away are counted where they are), born by 1 July of ``year``. The age
    is ``year − birth_year`` (the age on 1 July, as the birth year is all every
    record has). One aggregate query; the year's registry rows (of ``era``, if
    given) are replaced, stamped with the time of counting (``recorded_at``: the figure's
    date). Returns the number of rows written.
    """
    whens = []
    for band in AgeBand:
        oldest, youngest = age_band_birth_years(band, year)
        condition = Q(birth_year__lte=youngest)
        if oldest is not None:
            condition &= Q(birth_year__gte=oldest)
        whens.append(When(condition, then=Value(band.value)))
    band_of = Case(*whens, output_field=CharField())
    people = (
        Person.objects.unscoped()
        .filter(
            merged_into__isnull=True,
            residence_status__in=[ResidenceStatus.PERMANENT, ResidenceStatus.TEMPORARY],
            birth_year__lte=year,
        )
        .exclude(birth_date__gt=dt.date(year, 7, 1))
    )
    old = PopulationCount.objects.unscoped().filter(source=PopulationSource.REGISTRY, year=year)
    if era is not None:
        people = people.filter(residence_unit__era=era)
        old = old.filter(unit__era=era)
    cells = (
        people.annotate(band=band_of)
        .values("residence_unit", "residence_unit__path", "band", "sex")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counted_at = timezone.now()
    rows = [
        PopulationCount(
            unit_id=cell["residence_unit"],
            unit_path=cell["residence_unit__path"],
            year=year,
            age_band=cell["band"],
            sex=cell["sex"],
            count=cell["n"],
            source=PopulationSource.REGISTRY,
            recorded_at=counted_at,
        )
        for cell in cells
    ]
    old.delete()
    PopulationCount.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
