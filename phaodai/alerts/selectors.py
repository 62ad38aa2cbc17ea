"""Reading a user's alerts (their own inbox lines only)."""

from __future__ import annotations

from django.db.models import QuerySet

from phaodai.accounts.models import User
from phaodai.alerts.models import AlertDelivery


def inbox(*, user: User, unread_only: bool = False) -> QuerySet[AlertDelivery]:
    found = AlertDelivery.objects.filter(user=user).select_related("alert")
    if unread_only:
        found = found.filter(read_at__isnull=True)
    return found.order_by("-alert__last_event_at", "-pk")


def unread_count(*, user: User) -> int:
    """The badge in the menu: unread lines of the user's inbox."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return AlertDelivery.objects.filter(user=user, read_at__isnull=True).count()


def delivery_get_for_user(*, user: User, delivery_id: int | str) -> AlertDelivery:
    from phaodai.core.access import get_or_404

    return get_or_404(AlertDelivery.objects.filter(user=user).select_related("alert"), pk=delivery_id)
