"""Reads of the welfare app: inside the user's jurisdiction, figures computed from the records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from phaodai.areas.enums import UnitLevel
from phaodai.areas.models import PATH_SEGMENT_WIDTH, AdminUnit
from phaodai.core.access import ScopedQuerySet, get_or_404, has_capability
from phaodai.core.roles import Capability
from phaodai.core.text import clean_text, fold
from phaodai.welfare.models import Delivery, PackageReceipt, SupportPackage, VulnerableHousehold, week_start


def reached_days() -> int:
    """How many days back "reached" looks (``PHAODAI_WELFARE_REACHED_DAYS``, at least 1)."""
    return max(1, int(settings.PHAODAI_WELFARE_REACHED_DAYS))


def _may_view(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_WELFARE)


def _vulnerable_for(user: Any, unit: AdminUnit | None = None) -> ScopedQuerySet[VulnerableHousehold]:
    if not _may_view(user):
        return VulnerableHousehold.objects.none()
    queryset = VulnerableHousehold.objects.for_user(user)
    return queryset.within(unit.path) if unit is not None else queryset


def _delivered_since(day: dt.date) -> Exists:
    return Exists(Delivery.objects.unscoped().filter(household=OuterRef("household"), delivered_on__gte=day))


def vulnerable_search(
    *,
    user: Any,
    unit: AdminUnit | None = None,
    vulnerability: str = "",
    reached: str = "",
    query: str = "",
    include_inactive: bool = False,
    today: dt.date | None = None,
) -> QuerySet[VulnerableHousehold]:
    """Vulnerable households the user may see: those not yet reached this week first (never
    reached before those reached long ago), then by village and household code.

    ``reached``: "no" (not reached in the last N days), "yes" (reached). ``query``: household code
    or the head's name (diacritics optional).
    """
    today = today or timezone.localdate()
    queryset = _vulnerable_for(user, unit)
    if not include_inactive:
        queryset = queryset.filter(active=True)
    if vulnerability:
        queryset = queryset.filter(vulnerability_keys__contains=f" {vulnerability} ")
    last = (
        Delivery.objects.unscoped()
        .filter(household=OuterRef("household"))
        .order_by("-delivered_on", "-pk")
        .values("delivered_on")[:1]
    )
    annotated: Any = queryset.annotate(
        last_delivered_on=Subquery(last),
        reached_this_week=_delivered_since(week_start(today)),
        reached_recently=_delivered_since(today - dt.timedelta(days=reached_days() - 1)),
    )
    if reached == "no":
        annotated = annotated.filter(reached_recently=False)
    elif reached == "yes":
        annotated = annotated.filter(reached_recently=True)
    text = clean_text(query or "").strip()
    if text:
        folded = fold(text)
        condition = Q(household__code__istartswith=text)
        if folded:
            condition |= Q(household__head__name_key__startswith=folded)
        annotated = annotated.filter(condition)
    rows: QuerySet[VulnerableHousehold] = annotated.select_related(
        "household__head", "unit__parent"
    ).order_by(
        "reached_this_week",
        F("last_delivered_on").asc(nulls_first=True),
        "area_path",
        "household__code",
        "pk",
    )
    return rows


def vulnerable_get_for_user(*, user: Any, vulnerable_id: int | str) -> VulnerableHousehold:
    return get_or_404(
        _vulnerable_for(user).select_related(
            "household__head", "household__unit", "unit__parent", "marked_by"
        ),
        pk=vulnerable_id,
    )


def vulnerable_changes(*, user: Any) -> QuerySet[VulnerableHousehold]:
    return _vulnerable_for(user).select_related("household", "unit")


def deliveries_of(*, user: Any, vulnerable: VulnerableHousehold) -> QuerySet[Delivery]:
    if not _may_view(user):
        return Delivery.objects.none()
    return (
        Delivery.objects.for_user(user)
        .filter(household_id=vulnerable.household_id)
        .select_related("package", "recorded_by")
        .order_by("-delivered_on", "-pk")
    )


def delivery_search(*, user: Any, unit: AdminUnit | None = None) -> QuerySet[Delivery]:
    if not _may_view(user):
        return Delivery.objects.none()
    queryset = Delivery.objects.for_user(user)
    if unit is not None:
        queryset = queryset.within(unit.path)
    return queryset.select_related("package", "household__head", "unit").order_by("-delivered_on", "-pk")


def _received() -> Subquery:
    return Subquery(
        PackageReceipt.objects.unscoped()
        .filter(package=OuterRef("pk"))
        .order_by()
        .values("package")
        .annotate(total=Sum("quantity"))
        .values("total")[:1],
        output_field=IntegerField(),
    )


def _delivered() -> Subquery:
    return Subquery(
        Delivery.objects.unscoped()
        .filter(package=OuterRef("pk"))
        .order_by()
        .values("package")
        .annotate(total=Sum("quantity"))
        .values("total")[:1],
        output_field=IntegerField(),
    )


def with_stock(queryset: QuerySet[SupportPackage]) -> QuerySet[SupportPackage]:
    """Each package with ``received``, ``delivered`` and ``stock`` (received − delivered)."""
    return queryset.annotate(
        received=Coalesce(_received(), Value(0)),
        delivered=Coalesce(_delivered(), Value(0)),
    ).annotate(stock=ExpressionWrapper(F("received") - F("delivered"), output_field=IntegerField()))


def package_search(*, user: Any, unit: AdminUnit | None = None, kind: str = "") -> QuerySet[SupportPackage]:
    if not _may_view(user):
        return SupportPackage.objects.none()
    queryset = SupportPackage.objects.for_user(user)
    if unit is not None:
        queryset = queryset.within(unit.path)
    if kind:
        queryset = queryset.filter(kind=kind)
    return with_stock(queryset.select_related("unit")).order_by("area_path", "kind", "name", "pk")


def packages_for_unit(*, user: Any, unit: AdminUnit | None) -> QuerySet[SupportPackage]:
    """The packages deliveries inside ``unit`` may come from: those of its commune (or of the unit
    and below when it is wider), with their stock."""
    if unit is not None and unit.level > UnitLevel.COMMUNE and unit.parent is not None:
        unit = unit.parent
    return package_search(user=user, unit=unit)


def package_get_for_user(*, user: Any, package_id: int | str) -> SupportPackage:
    if not _may_view(user):
        return get_or_404(SupportPackage.objects.none(), pk=package_id)
    return get_or_404(with_stock(SupportPackage.objects.for_user(user).select_related("unit")), pk=package_id)


def package_stock(package: SupportPackage) -> int:
    """Received minus delivered, read now from the records (the service locks the package first)."""
    received = (
        PackageReceipt.objects.unscoped().filter(package=package).aggregate(n=Sum("quantity"))["n"] or 0
    )
    delivered = Delivery.objects.unscoped().filter(package=package).aggregate(n=Sum("quantity"))["n"] or 0
    return int(received) - int(delivered)


def receipts_of(*, user: Any, package: SupportPackage) -> QuerySet[PackageReceipt]:
    return PackageReceipt.objects.for_user(user).filter(package=package).select_related("recorded_by")


def package_deliveries(*, user: Any, package: SupportPackage) -> QuerySet[Delivery]:
    return Delivery.objects.for_user(user).filter(package=package).select_related("household__head")


@dataclass(frozen=True)
class NobodyHungry:
    """ "Nobody goes hungry": vulnerable households reached in the last ``days`` days, of all."""

    reached: int
    total: int
    days: int
    not_reached_this_week: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.reached / self.total) if self.total else None


def nobody_hungry(*, user: Any, unit: AdminUnit | None, today: dt.date | None = None) -> NobodyHungry:
    """The figure, from the records: one aggregate query."""
    today = today or timezone.localdate()
    days = reached_days()
    counts = (
        _vulnerable_for(user, unit)
        .filter(active=True)
        .annotate(
            recently=_delivered_since(today - dt.timedelta(days=days - 1)),
            this_week=_delivered_since(week_start(today)),
        )
        .aggregate(
            total=Count("pk"),
            reached=Count("pk", filter=Q(recently=True)),
            waiting=Count("pk", filter=Q(this_week=False)),
        )
    )
    return NobodyHungry(
        reached=counts["reached"], total=counts["total"], days=days, not_reached_this_week=counts["waiting"]
    )


@dataclass(frozen=True)
class WelfareFigures:
    hungry: NobodyHungry
    packages: int
    empty_packages: int


def home_figures(*, user: Any, unit: AdminUnit | None) -> WelfareFigures:
    found: Any = package_search(user=user, unit=unit)
    packages = list(found.values_list("stock", flat=True))
    return WelfareFigures(
        hungry=nobody_hungry(user=user, unit=unit),
        packages=len(packages),
        empty_packages=sum(1 for stock in packages if stock <= 0),
    )


def reached_by_child(*, user: Any, unit: AdminUnit | None, today: dt.date | None = None) -> dict[str, int]:
    """Vulnerable households reached in the last N days under each child of ``unit`` (the unit page)."""
    if unit is None:
        return {}
    today = today or timezone.localdate()
    child = Substr("area_path", 1, len(unit.path) + PATH_SEGMENT_WIDTH + 1)
    rows = (
        _vulnerable_for(user, unit)
        .filter(active=True)
        .filter(_delivered_since(today - dt.timedelta(days=reached_days() - 1)))
        .order_by()
        .annotate(child=child)
        .values("child")
        .annotate(n=Count("pk"))
    )
    return {row["child"]: row["n"] for row in rows}


def vulnerable_by_child(*, user: Any, unit: AdminUnit | None) -> dict[str, int]:
    if unit is None:
        return {}
    child = Substr("area_path", 1, len(unit.path) + PATH_SEGMENT_WIDTH + 1)
    rows = (
        _vulnerable_for(user, unit)
        .filter(active=True)
        .order_by()
        .annotate(child=child)
        .values("child")
        .annotate(n=Count("pk"))
    )
    return {row["child"]: row["n"] for row in rows}


def package_units(*, user: Any, within: AdminUnit | None) -> QuerySet[AdminUnit]:
    """The communes where the user may keep packages (inside ``within``)."""
    from phaodai.areas.selectors import units_for_user

    units = units_for_user(user=user).filter(level=UnitLevel.COMMUNE)
    if within is not None:
        units = units.within(within.path)
    return units.select_related("parent").order_by("path")
