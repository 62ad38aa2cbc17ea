"""Background work of home care: flagging the half-days that ended without an entry.

``flag_missed_entries`` runs ``services.missed_slots_flag`` (idempotent) and, on a backend that
can defer (the database queue, RQ), queues itself again for the end of the next half-day, so
a running worker flags missed entries at noon and at midnight without cron. The chain is
started after commit by any entry or personal link (``schedule_flagging``); the cache key of
each half-day end keeps one run per end. ``manage.py flag_missed_entries`` does the same for cron.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from phaodai.homecare.services import missed_slots_flag
from phaodai.homecare.slots import slot_end, slot_of

# A run a minute after the half-day ends, so an entry sent at its last second is counted.
GRACE = dt.timedelta(minutes=1)


def next_run(now: dt.datetime) -> dt.datetime:
    day, slot = slot_of(now)
    return slot_end(day, slot) + GRACE


def schedule_flagging(now: dt.datetime | None = None) -> bool:
    """Queue the flagging for the end of the current half-day, once; False if not queued."""
    backend = flag_missed_entries.get_backend()
    if not backend.supports_defer:
        return False
    run_at = next_run(now or timezone.now())
    key = f"phaodai:homecare:flag:{run_at.isoformat()}"
    if not cache.add(key, 1, timeout=int(dt.timedelta(days=1).total_seconds())):
        return False
    flag_missed_entries.using(run_after=run_at).enqueue()
    return True


@task()
def flag_missed_entries() -> int:
    flagged = missed_slots_flag()
    schedule_flagging()
    return len(flagged)
