"""An import that stores each batch on another thread (PostgreSQL, ``sheets.storing``) ends
exactly as one that stores them one after the other: the same people, households, heads,
duplicate pairs, updates and figures, in both modes; errors, cancellation and a failed write
leave what the plain path leaves.

Transactional tests: the storing thread has a connection of its own, which sees only committed
rows. On SQLite the import never stores in the background (``store_in_background``), so there
these tests compare the plain path with itself, and the thread tests are PostgreSQL's.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection

from phaodai.audit.models import AuditEvent
from phaodai.people.imports import ResidentImporter, _StagedResidents
from phaodai.people.models import DuplicateCandidate, Household, Person
from phaodai.people.tests.factories import make_person
from phaodai.sheets.pipeline import ImportMode, Outcome, run_import
from phaodai.sheets.storing import store_in_background
from phaodai.sheets.tests.files import write_xlsx

pytestmark = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL stores an import in the background"
)

HEADERS = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Số điện thoại",
    "Thôn",
    "Mã hộ",
    "Quan hệ với chủ hộ",
]
MAPPING = {
    "Họ và tên": "full_name",
    "Ngày sinh": "birth_date",
    "Giới tính": "sex",
    "Số CCCD": "national_id",
    "Số điện thoại": "phone",
    "Thôn": "village",
    "Mã hộ": "household_code",
    "Quan hệ với chủ hộ": "relation",
}
BATCH = 25
GIVEN = ["An", "Bình", "Chiến", "Dũng", "Hà", "Lan", "Mai", "Páo", "Sùng", "Tâm"]


def _person(n: int) -> list[Any]:
    """Row ``n`` of a commune's list: households of four whose head comes last (so a head is
    sometimes in the batch after the household's), phones shared within households."""
    female = n % 2 == 1
    born = dt.date(1950, 1, 1) + dt.timedelta(days=(n * 997) % 20000)
    century = (0 if born.year < 2000 else 2) + (1 if female else 0)
    household = n // 4
    return [
        f"{'Giàng' if n % 3 else 'Lò'} {'Thị' if female else 'Văn'} {GIVEN[n % 10]} {GIVEN[(n // 10) % 10]}",
        born.strftime("%d/%m/%Y"),
        "Nữ" if female else "Nam",
        f"010{century}{born.year % 100:02d}{n:06d}" if n % 5 else "",
        f"09{household % 7:08d}" if n % 3 == 0 else "",
        "Bản Phố 1" if household % 2 else "Thôn Bản Phố 2",
        f"HO-{household:03d}",
        "Chủ hộ" if n % 4 == 3 else "Con",
    ]


def _plain_rows(count: int) -> list[list[Any]]:
    return [HEADERS, *(_person(n) for n in range(count))]


def _rows() -> list[list[Any]]:
    """200 rows in 8 batches: ``_plain_rows`` with, now and then, a person of 30 rows up again
    (in the same village: an error; in another: a likely duplicate to review), a row that
    updates a stored resident, one that repeats one, and a repeat of an earlier row's CCCD."""
    rows = _plain_rows(196)
    for n in (37, 87, 137, 187):
        copied = rows[n + 1 - 30]
        rows[n + 1] = [*copied[:3], "", "", *rows[n + 1][5:]]
    rows.append(["Nguyễn Văn Cũ", "15/03/1980", "Nam", "010080009999", "0912000111", "Bản Phố 1", "", ""])
    rows.append(["Nguyễn Văn Cũ Hai", "01/01/1975", "Nam", "", "", "Bản Phố 1", "", ""])
    rows.append([*_person(500)[:3], rows[12][3], "", "Bản Phố 1", "", ""])  # row 13's CCCD again
    rows.append(_person(501))
    return rows


def _stored_residents(units: dict[str, Any]) -> None:
    make_person(
        residence_unit=units["Thôn Bản Phố 1"],
        full_name="Nguyễn Văn Cũ",
        birth_date=dt.date(1980, 3, 15),
        national_id="010080009999",
    )
    make_person(
        residence_unit=units["Thôn Bản Phố 1"], full_name="Nguyễn Văn Cũ Hai", birth_date=dt.date(1975, 1, 1)
    )


def _snapshot() -> dict[str, Any]:
    people = Person.objects.unscoped().select_related("household__head", "residence_unit")
    return {
        "people": sorted(
            (
                p.full_name,
                str(p.birth_date),
                p.national_id,
                p.phone,
                p.residence_unit.name,
                p.household.code if p.household else "",
                p.household.head.full_name if p.household and p.household.head else "",
            )
            for p in people
        ),
        "households": sorted(
            (h.code, h.unit.name, h.head.full_name if h.head else "")
            for h in Household.objects.unscoped().select_related("unit", "head")
        ),
        "pairs": sorted(
            (c.first.full_name, c.second.full_name, c.score, tuple(c.reasons), c.status)
            for c in DuplicateCandidate.objects.unscoped().select_related("first", "second")
        ),
    }


def _empty() -> None:
    DuplicateCandidate.objects.unscoped().all().delete()
    Household.objects.unscoped().update(head=None)
    Person.objects.unscoped().update(household=None)
    Person.objects.unscoped().all().delete()
    Household.objects.unscoped().all().delete()
    AuditEvent.objects.all().delete()


class _Progress:
    """Records what is reported; cancels (raises) before batch ``cancel_at`` (1-based) if given."""

    def __init__(self, cancel_at: int | None = None) -> None:
        self.cancel_at = cancel_at
        self.checks = 0
        self.reported: list[int] = []

    def progress(self, done: int, total: int | None = None, message: str | None = None) -> None:
        self.reported.append(done)

    def check_cancelled(self) -> None:
        self.checks += 1
        if self.cancel_at is not None and self.checks >= self.cancel_at:
            raise RuntimeError("huỷ")


def _run(
    tmp_path,
    settings,
    actor,
    units,
    mode: ImportMode,
    *,
    background: bool,
    progress: _Progress | None = None,
    rows: list[list[Any]] | None = None,
) -> Outcome:
    settings.PHAODAI_IMPORT_STORE_IN_BACKGROUND = background
    path = write_xlsx(tmp_path / "ds.xlsx", rows or _rows())
    importer = ResidentImporter(actor=actor, unit=units["Xã Bản Phố"], mode=str(mode))
    return run_import(
        path=path, mapping=MAPPING, importer=importer, mode=mode, progress=progress, batch=BATCH
    )


def _stores_on(monkeypatch) -> list[str]:
    """The names of the threads that store the batches, as they store them."""
    threads: list[str] = []
    store = _StagedResidents.store

    def recording(self: _StagedResidents) -> None:
        threads.append(threading.current_thread().name)
        store(self)

    monkeypatch.setattr(_StagedResidents, "store", recording)
    return threads


@pytest.mark.parametrize("mode", [ImportMode.VALID, ImportMode.ALL])
def test_storing_in_the_background_ends_as_storing_in_turn(
    tmp_path, settings, commune_leader, units, mode, monkeypatch
):
    _stored_residents(units)
    plain = _run(tmp_path, settings, commune_leader, units, mode, background=False)
    plain_state = _snapshot()
    _empty()
    _stored_residents(units)
    threads = _stores_on(monkeypatch)

    overlapped = _run(tmp_path, settings, commune_leader, units, mode, background=True)

    assert _snapshot() == plain_state
    assert overlapped.line() == plain.line()
    assert (overlapped.review, overlapped.stored) == (plain.review, plain.stored)
    assert [(f.row, [e.message for e in f.errors]) for f in overlapped.failed] == [
        (f.row, [e.message for e in f.errors]) for f in plain.failed
    ]
    if mode == ImportMode.ALL:  # three rows repeat earlier ones: nothing is kept, on both paths
        assert plain.line() == "rows=200 created=0 updated=0 skipped=0 errors=3"
        assert Person.objects.unscoped().count() == 2
    else:
        assert plain.line() == "rows=200 created=195 updated=1 skipped=1 errors=3"
        assert [f.row for f in plain.failed] == [39, 139, 200]  # the copies in the same village
        assert plain.review == len(plain_state["pairs"]) == 2  # the copies in another village
        headless = [h[0] for h in plain_state["households"] if not h[2]]
        assert headless == ["HO-125"]  # the last row's: every other head set, late ones too
    if connection.vendor != "postgresql":  # stored in turn, by the thread that checks
        assert threads == (["MainThread"] * 8 if mode == ImportMode.VALID else [])
    elif mode == ImportMode.VALID:
        assert threads == ["import-store"] * 8
    else:  # the batches before the one with errors (some dropped unstarted when it came)
        assert threads
        assert set(threads) == {"import-store"}


@postgresql_only
def test_a_clean_file_all_or_nothing_is_stored_whole_by_the_background_thread(
    tmp_path, settings, commune_leader, units, monkeypatch
):
    path = write_xlsx(tmp_path / "ds.xlsx", _plain_rows(196))

    def run(background: bool) -> Outcome:
        settings.PHAODAI_IMPORT_STORE_IN_BACKGROUND = background
        importer = ResidentImporter(actor=commune_leader, unit=units["Xã Bản Phố"], mode="all")
        return run_import(path=path, mapping=MAPPING, importer=importer, mode=ImportMode.ALL, batch=BATCH)

    plain = run(False)
    plain_state = _snapshot()
    _empty()
    threads = _stores_on(monkeypatch)
    overlapped = run(True)

    assert plain.line() == overlapped.line() == "rows=196 created=196 updated=0 skipped=0 errors=0"
    assert _snapshot() == plain_state
    assert threads == ["import-store"] * 8
    assert AuditEvent.objects.filter(event="people.residents_imported").count() == 1


@postgresql_only
@pytest.mark.parametrize(("mode", "stored"), [(ImportMode.ALL, 0), (ImportMode.VALID, 3 * BATCH)])
def test_cancelling_leaves_nothing_or_the_batches_handed_over(
    tmp_path, settings, commune_leader, units, mode, stored
):
    progress = _Progress(cancel_at=4)  # before the fourth batch is checked

    with pytest.raises(RuntimeError, match="huỷ"):
        _run(
            tmp_path, settings, commune_leader, units, mode, background=True, progress=progress,
            rows=_plain_rows(196),
        )  # fmt: skip

    assert Person.objects.unscoped().count() == stored
    # valid rows: each batch reported by the storing thread with it; all or nothing: as checked
    assert progress.reported == [0, BATCH, 2 * BATCH, 3 * BATCH]


@postgresql_only
@pytest.mark.parametrize(("mode", "stored"), [(ImportMode.ALL, 0), (ImportMode.VALID, BATCH)])
def test_a_write_that_fails_in_the_background_fails_the_import(
    tmp_path, settings, commune_leader, units, mode, stored, monkeypatch
):
    calls: list[str] = []
    store = _StagedResidents.store

    def failing_second(self: _StagedResidents) -> None:
        calls.append(threading.current_thread().name)
        if len(calls) == 2:
            raise OSError("đĩa đầy")
        store(self)

    monkeypatch.setattr(_StagedResidents, "store", failing_second)

    with pytest.raises(OSError, match="đĩa đầy"):
        _run(tmp_path, settings, commune_leader, units, mode, background=True, rows=_plain_rows(196))

    assert Person.objects.unscoped().count() == stored
    assert calls == ["import-store", "import-store"]  # nothing after the failure
    assert not AuditEvent.objects.filter(event="people.residents_imported").exists()


def test_an_import_inside_a_callers_transaction_is_stored_in_turn(settings):
    from django.db import transaction

    settings.PHAODAI_IMPORT_STORE_IN_BACKGROUND = True
    assert store_in_background() is (connection.vendor == "postgresql")
    with transaction.atomic():
        assert store_in_background() is False
    settings.PHAODAI_IMPORT_STORE_IN_BACKGROUND = False
    assert store_in_background() is False
