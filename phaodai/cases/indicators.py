"""The cases app's indicators (``counts``) and how to rebuild them from the records.

Flows come from ``cases.flows.case_flows``, the same function the services use when a record
changes, so ``rebuild_counts`` gives back exactly what was kept incrementally.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from phaodai.cases import flows
from phaodai.cases.models import CareEpisode, Case, Facility
from phaodai.counts.indicators import CountRow, Indicator

INDICATORS = [
    Indicator(
        code=flows.NEW,
        name=_("Ca mắc mới"),
        meaning=_(
            "Ca F0 được khẳng định trong ngày, theo nơi phát hiện và rõ hay chưa rõ nguồn lây; tính ở xã quản lý."
        ),
        dims=("how_found", "source"),
    ),
    Indicator(
        code=flows.SEVERITY,
        name=_("Ca đang điều trị theo mức độ"),
        meaning=_(
            "Số ca đang điều trị, cách ly theo mức độ bệnh hiện tại (tồn: tăng khi vào mức, giảm khi đổi mức hoặc kết thúc)."
        ),
        dims=("severity",),
        stock=True,
    ),
    Indicator(
        code=flows.CARE_SETTING,
        name=_("Ca đang điều trị theo nơi điều trị"),
        meaning=_("Số ca đang điều trị, cách ly theo nơi điều trị (tại nhà, trạm y tế, cơ sở các tuyến)."),
        dims=("care_setting",),
        stock=True,
    ),
    Indicator(
        code=flows.RECOVERED,
        name=_("Ca khỏi bệnh"),
        meaning=_("Ca F0 khỏi bệnh, tính theo ngày của giấy xác nhận khỏi bệnh."),
    ),
    Indicator(code=flows.DIED, name=_("Ca tử vong"), meaning=_("Ca F0 tử vong, theo ngày mất.")),
    Indicator(
        code=flows.BEDS_OCCUPIED,
        name=_("Giường đang có người bệnh"),
        meaning=_(
            "Giường có người bệnh theo loại giường và cơ sở; tính ở đơn vị của cơ sở, lấy từ các đợt điều trị."
        ),
        dims=("bed_kind", "facility"),
        stock=True,
    ),
]


def rebuild(since: dt.date | None) -> Iterator[CountRow]:
    """Every flow of every case (those on or after ``since`` when given), from the records."""
    facility_units = dict(Facility.objects.unscoped().values_list("pk", "unit_id"))
    total: Counter[flows.FlowKey] = Counter()
    cases = (
        Case.objects.unscoped()
        .only("pk", "unit_id", "confirmed_on", "how_found", "source_known", "status", "outcome_on")
        .prefetch_related(
            "severity_changes",
            Prefetch(
                "care_episodes",
                queryset=CareEpisode.objects.only(
                    "pk", "case_id", "setting", "facility_id", "bed_kind", "started_on", "ended_on"
                ),
            ),
        )
        .order_by("pk")
    )
    for case in cases.iterator(chunk_size=2000):
        total.update(
            flows.case_flows(case, case.severity_changes.all(), case.care_episodes.all(), facility_units)
        )
    for (unit, day, indicator, dims), value in sorted(
        total.items(), key=lambda kv: (kv[0][2], kv[0][1], kv[0][0], kv[0][3])
    ):
        if value and (since is None or day >= since):
            yield CountRow(unit_id=unit, day=day, indicator=indicator, dims=dims, value=value)
