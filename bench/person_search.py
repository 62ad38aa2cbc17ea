"""Latency of resident search (``people.selectors.person_search``) at a million residents.

On the ``large`` demo (≈1M people, built once per database and reused), for a
province-level user (``lanhdao.tinh``, sees everyone) and a commune-level user
(``canbo.xa``, Xã Bản Phố), it times what the resident list does for a search:
``CappedPaginator(person_search_results(...), 50).get_page(1)`` and reading the page —
for an ID or phone one COUNT and one SELECT … LIMIT 50; for a name up to three capped
COUNTs and three SELECT … LIMIT 50, one per name-key group. Five kinds of query, each drawn
deterministically from real rows (``random.Random(2021)``):

* ``name_prefix`` — the first two words of a folded name, e.g. "nguyen van", "giang seo";
* ``full_name``   — a whole folded name, e.g. "giang seo pao";
* ``given_name``  — a folded given name, e.g. "pao";
* ``national_id`` — a 12-digit CCCD;
* ``phone``       — a 10-digit mobile number;
* ``phone_tail``  — its last 4 digits ("5678"), as officers ask on the phone.

Reference, measured in the same run on a subsample: the naive search box, one
``OR`` of ``icontains`` over the full name (typed *with* diacritics, since the
naive way cannot match without them), the CCCD and the phone, paginated the
same way. Both run inside the user's jurisdiction (``for_user``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet

from bench._common import ensure_demo, percentile
from phaodai.core.pagination import CappedPaginator

SCALE = "large"
QUERIES = 200
REFERENCE_QUERIES = 15
WARMUP = 20
PAGE = 50
TARGET_P95_MS = 50.0
KINDS = ("name_prefix", "full_name", "given_name", "national_id", "phone", "phone_tail")
USERS = {"province": "lanhdao.tinh", "commune": "canbo.xa"}


def draw_queries(user: Any, *, count: int, seed: int = 2021) -> dict[str, list[tuple[str, str]]]:
    """``count`` (fast query, naive query) pairs per kind, from random rows the user can see."""
    from phaodai.people.models import Person

    rng = random.Random(f"{seed}:{user.username}")
    visible = Person.objects.for_user(user).filter(merged_into__isnull=True)
    bounds = visible.order_by("pk").values_list("pk", flat=True)
    low, high = bounds.first(), bounds.last()
    if low is None or high is None:  # both or neither
        raise SystemExit(f"{user.username} sees nobody: is the demo seeded?")
    fields = ("full_name", "name_key", "given_name_key", "national_id", "phone")
    rows: list[dict[str, str]] = []
    while len(rows) < count * 4:
        wanted = [rng.randint(low, high) for _ in range(count * 4)]
        rows.extend(visible.filter(pk__in=wanted).order_by("pk").values(*fields))
    rng.shuffle(rows)
    queries: dict[str, list[tuple[str, str]]] = {kind: [] for kind in KINDS}
    for row in rows:
        words, typed = row["name_key"].split(" "), row["full_name"].split(" ")
        candidates = {
            "name_prefix": (" ".join(words[:2]), " ".join(typed[:2])) if len(words) >= 3 else None,
            "full_name": (row["name_key"], row["full_name"]),
            "given_name": (row["given_name_key"], typed[-1]),
            "national_id": (row["national_id"], row["national_id"]) if row["national_id"] else None,
            "phone": (row["phone"], row["phone"]) if row["phone"] else None,
            "phone_tail": (row["phone"][-4:], row["phone"][-4:]) if row["phone"] else None,
        }
        for kind, pair in candidates.items():
            if pair is not None and len(queries[kind]) < count:
                queries[kind].append(pair)
    short = [kind for kind, found in queries.items() if len(found) < count]
    if short:
        raise SystemExit(f"not enough rows to draw {count} queries of {', '.join(short)}")
    return queries


def naive_search(user: Any, text: str) -> QuerySet[Any]:
    """What a first version would do: substring match on every field, a full scan."""
    from phaodai.people.models import Person

    return (
        Person.objects.for_user(user)
        .filter(Q(full_name__icontains=text) | Q(national_id__contains=text) | Q(phone__contains=text))
        .filter(merged_into__isnull=True)
        .select_related("residence_unit", "household")
        .order_by("name_key", "pk")
    )


def time_page(
    make: Callable[[], Any], paginator: type[Paginator[Any]] = CappedPaginator
) -> tuple[float, int]:
    """Milliseconds to count the results and read the first page, and the count.

    The product's lists use ``CappedPaginator`` (count capped, page ids first); the naive
    reference uses Django's plain ``Paginator``, as a naive list would."""
    started = time.perf_counter()
    page = paginator(make(), PAGE).get_page(1)
    list(page.object_list)
    return (time.perf_counter() - started) * 1000, page.paginator.count


def measure(
    users: dict[str, Any], *, queries: int = QUERIES, reference_queries: int = REFERENCE_QUERIES
) -> list[dict[str, Any]]:
    """p50 and p95 per (kind, user) for person_search, with the naive way's as reference."""
    from phaodai.people.selectors import person_search_results as person_search

    rows: list[dict[str, Any]] = []
    for user_kind, user in users.items():
        drawn = draw_queries(user, count=queries)
        for fast, _typed in drawn["name_prefix"][:WARMUP]:  # warm the caches, as a running server would be
            time_page(partial(person_search, user=user, query=fast))
        for kind in KINDS:
            timings, found = [], []
            for fast, _typed in drawn[kind]:
                elapsed, count = time_page(partial(person_search, user=user, query=fast))
                timings.append(elapsed)
                found.append(count)
            reference = [
                time_page(partial(naive_search, user, typed), Paginator)[0]
                for _fast, typed in drawn[kind][:reference_queries]
            ]
            misses = sum(1 for n in found if n == 0)
            for name, q in (("p50", 50), ("p95", 95)):
                value, ref = round(percentile(timings, q), 2), round(percentile(reference, q), 2)
                rows.append(
                    {
                        "metric": f"{kind}.{user_kind}.{name}",
                        "value": value,
                        "unit": "ms",
                        "reference": ref,
                        "ratio": round(ref / value, 1) if value else None,
                        "queries": len(timings),
                        "reference_queries": len(reference),
                        "median_results": int(percentile([float(n) for n in found], 50)),
                        "misses": misses,
                        **({"target": TARGET_P95_MS, "ok": value < TARGET_P95_MS} if name == "p95" else {}),
                    }
                )
    return rows


def run(db_label: str) -> list[dict[str, Any]]:
    from phaodai.accounts.models import User

    facts = ensure_demo(SCALE)
    users = {
        kind: User.objects.select_related("home_unit").get(username=name) for kind, name in USERS.items()
    }
    rows = measure(users)
    extra = {"scale": SCALE, "people": facts["people"], "db_version": facts["db_version"]}
    if "seed_seconds" in facts:
        rows.append(
            {
                "metric": "seed_large",
                "value": facts["seed_seconds"],
                "unit": "s",
                "reference": None,
                "ratio": None,
            }
        )
    return [{**extra, **row} for row in rows]
