"""The garbage-collector setting an import runs under is the import's alone: restored after it,
also when it fails (the web process and the worker go on with Python's usual collector)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from phaodai.sheets.columns import Column
from phaodai.sheets.pipeline import GC_THRESHOLD, Checked, ImportMode, Outcome, SourceRow, run_import
from phaodai.sheets.tests.files import write_csv


class _Watching:
    """An importer that writes nothing and notes the collector's state at every batch."""

    kind = "test.watching"
    columns = (Column("name", "Tên", (), required=True), Column("note", "Ghi chú", ()))

    def __init__(self, *, fail_at: int | None = None) -> None:
        self.seen: list[tuple[int, int]] = []  # (first threshold, objects frozen) per batch
        self.fail_at = fail_at

    def check(self, rows: list[SourceRow]) -> list[Checked]:
        self.seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        if self.fail_at is not None and len(self.seen) == self.fail_at:
            raise RuntimeError("the importer failed")
        return [Checked(row=row, action="create") for row in rows]

    def write(self, rows: list[Checked]) -> dict[str, int]:
        return {"created": len(rows)}

    def finish(self, outcome: Outcome, *, dry_run: bool) -> None:
        return None


def _file(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "ds.csv", [["Tên", "Ghi chú"], *[[f"Người {n}", ""] for n in range(25)]])


def test_an_import_raises_the_threshold_freezes_each_batch_and_restores_both(tmp_path: Path) -> None:
    before = gc.get_threshold()
    importer = _Watching()

    outcome = run_import(
        path=_file(tmp_path), mapping={"Tên": "name", "Ghi chú": "note"}, importer=importer, mode=ImportMode.ALL, dry_run=True,
        batch=10,
    )  # fmt: skip

    assert outcome.rows == 25
    assert [threshold for threshold, _frozen in importer.seen] == [max(GC_THRESHOLD, before[0])] * 3
    first, *later = [frozen for _threshold, frozen in importer.seen]
    assert all(frozen > first for frozen in later)  # what the first batch left alive was frozen
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_failing_import_restores_the_collector_too(tmp_path: Path) -> None:
    before = gc.get_threshold()

    with pytest.raises(RuntimeError):
        run_import(
            path=_file(tmp_path), mapping={"Tên": "name", "Ghi chú": "note"}, importer=_Watching(fail_at=2), mode=ImportMode.ALL,
            dry_run=True, batch=10,
        )  # fmt: skip

    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
