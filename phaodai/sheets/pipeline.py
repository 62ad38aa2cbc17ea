"""The one import pipeline: a checked file, mapped columns, rows validated in batches, written
all-or-nothing or valid rows only, with progress, cancellation and a report of every bad row.

An app supplies an ``Importer`` (``people.imports.ResidentImporter``): its columns, ``check``
(validate and match a batch of rows with the app's own services, remembering earlier rows so a
row repeated in the file is caught) and ``write`` (store a batch of checked rows). The pipeline:

* reads the file (``reading.inspect`` first: by content, size, zip bomb, encoding), finds the
  header row and applies the mapping; a missing required column stops it before any row;
* **valid rows only**: each batch is checked, then its good rows are written and the progress
  recorded in one transaction: a killed worker leaves whole batches, never half a row, and a run
  again skips what is stored (the importer's keys);
* **all or nothing**: every row is checked first (progress and cancel as above); only if none
  failed are they all written, in one transaction;
* cancellation is honoured between batches (``progress.check_cancelled``);
* on PostgreSQL, outside a caller's transaction, an importer that splits its ``write`` into
  ``prepare`` and ``store`` (``StagedImporter``) has each batch stored on another thread while
  the next is checked (``storing``), with the same outcome in both modes;
* the bad rows, with their original cells and the reasons, go to the error report.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, Protocol, cast

from django.db import transaction
from django.utils.translation import gettext as _

from phaodai.sheets.columns import Column, find_header
from phaodai.sheets.errors import FailedRow, RowError
from phaodai.sheets.reading import Cell, SheetError, as_text, inspect, read
from phaodai.sheets.storing import BackgroundStore, store_in_background

BATCH = 1000
# The garbage collector while an import runs. An import keeps every checked row (and its
# record) until it is written, and Python's collector walks all those live objects again and
# again as they pile up: 30-40 % of the time of a 20,000-row file, growing with the file. So
# the first threshold is raised (700 by default) and, after each batch, what is alive is
# moved out of the collector's sight (``gc.freeze``); at the end it is handed back
# (``gc.unfreeze``), so cycles made meanwhile are still collected then. Reference counting
# frees everything else as usual.
GC_THRESHOLD = 50_000
_gc_lock = threading.Lock()
_gc_depth = 0
_gc_before: tuple[int, int, int] = (700, 10, 10)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The collector set as above for the block; restored after (imports may overlap in threads)."""
    global _gc_depth, _gc_before
    with _gc_lock:
        if _gc_depth == 0:
            _gc_before = gc.get_threshold()
            gc.set_threshold(max(GC_THRESHOLD, _gc_before[0]), *_gc_before[1:])
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0:
                gc.set_threshold(*_gc_before)
                gc.unfreeze()


def _batch_done() -> None:
    """What the batch left alive is not walked again by the collector until the import ends."""
    gc.freeze()


class ImportMode(StrEnum):
    ALL = "all"  # all or nothing
    VALID = "valid"  # only the valid rows


@dataclass
class SourceRow:
    number: int
    cells: list[Cell]
    values: dict[str, Cell]  # by field name
    headers: dict[str, str]  # field name -> the file's header

    @property
    def texts(self) -> list[str]:
        """The cells as the person typed them (for a preview)."""
        return [as_text(cell) for cell in self.cells]

    def text(self, name: str) -> str:
        return as_text(self.values.get(name))

    def error(self, name: str, message: str) -> RowError:
        return RowError(
            row=self.number, column=self.headers.get(name, ""), value=self.text(name), message=message
        )


@dataclass
class Checked:
    """A row after ``check``: errors, or what the importer will do with it (``plan``)."""

    row: SourceRow
    errors: list[RowError] = field(default_factory=list)
    action: str = ""  # "create", "update", "skip"
    plan: Any = None


@dataclass
class Outcome:
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: int = 0
    review: int = 0  # stored, and sent to a review queue (likely duplicates)
    stored: bool = False
    failed: list[FailedRow] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"rows={self.rows} created={self.created} updated={self.updated} "
            f"skipped={self.skipped} errors={self.errors}"
        )


class Progress(Protocol):
    def progress(self, done: int, total: int | None = None, message: str | None = None) -> None: ...

    def check_cancelled(self) -> None: ...


class NoProgress:
    def progress(self, done: int, total: int | None = None, message: str | None = None) -> None:
        return None

    def check_cancelled(self) -> None:
        return None


class Importer(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def columns(self) -> Sequence[Column]: ...

    def check(self, rows: list[SourceRow]) -> list[Checked]: ...

    def write(self, rows: list[Checked]) -> dict[str, int]: ...

    def finish(self, outcome: Outcome, *, dry_run: bool) -> None: ...


class Staged(Protocol):
    """A batch made ready to store: its figures (created, updated…) and the writes themselves."""

    @property
    def counts(self) -> dict[str, int]: ...

    def store(self) -> None: ...


class StagedImporter(Importer, Protocol):
    """An importer whose ``write`` is ``prepare`` then ``store``: ``prepare`` (on the checking
    thread) does all that later rows' checks could see (keys handed out, households chosen),
    ``store`` only writes, and may run on another thread (``storing.BackgroundStore``)."""

    def prepare(self, rows: list[Checked]) -> Staged: ...


@dataclass(frozen=True)
class OpenedSheet:
    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Cell]]]
    total: int


def open_sheet(path: Path, columns: Sequence[Column]) -> OpenedSheet:
    """The file checked and its header found; ``SheetError`` otherwise."""
    facts = inspect(path)
    every = list(read(path, facts))  # read once (calamine loads a whole sheet anyway)
    found = find_header(iter(every[:10]), columns)
    if found is None:
        names = ", ".join(f"“{column.label}”" for column in columns if column.required)
        raise SheetError(
            _(
                "Không tìm thấy dòng tiêu đề cột trong 10 dòng đầu. Dòng tiêu đề phải có ít nhất các"
                " cột %(names)s."
            )
            % {"names": names}
        )
    number, headers = found
    after = next(i for i, (row_number, _cells) in enumerate(every) if row_number == number) + 1
    return OpenedSheet(headers=headers, header_row=number, rows=iter(every[after:]), total=len(every) - after)


def check_mapping(headers: Sequence[str], mapping: dict[str, str], columns: Sequence[Column]) -> None:
    """A required column not mapped to any header stops the import before any row."""
    mapped = set(mapping.values())
    missing = [str(column.label) for column in columns if column.required and column.name not in mapped]
    if missing:
        raise SheetError(
            _("Thiếu cột %(missing)s. Các cột có trong tệp: %(found)s.")
            % {
                "missing": ", ".join(f"“{name}”" for name in missing),
                "found": ", ".join(f"“{h}”" for h in headers if h) or "—",
            }
        )


def _source_rows(sheet: OpenedSheet, mapping: dict[str, str]) -> Iterator[SourceRow]:
    index = {i: mapping[h] for i, h in enumerate(sheet.headers) if mapping.get(h)}
    headers = {name: sheet.headers[i] for i, name in index.items()}
    for number, cells in sheet.rows:
        values = {name: cells[i] if i < len(cells) else None for i, name in index.items()}
        yield SourceRow(number=number, cells=cells, values=values, headers=headers)


def preview_rows(
    sheet: OpenedSheet, mapping: dict[str, str], importer: Importer, limit: int
) -> list[Checked]:
    """The first ``limit`` rows checked by the importer, as an import would; nothing is written."""
    with transaction.atomic():
        checked = importer.check(list(islice(_source_rows(sheet, mapping), limit)))
        transaction.set_rollback(True)  # a preview never writes
    return checked


def _batches(rows: Iterator[SourceRow], size: int) -> Iterator[list[SourceRow]]:
    while batch := list(islice(rows, size)):
        yield batch


def _count(outcome: Outcome, checked: list[Checked]) -> None:
    for item in checked:
        outcome.rows += 1
        if item.errors:
            outcome.errors += 1
            outcome.failed.append(FailedRow(row=item.row.number, cells=item.row.cells, errors=item.errors))


def _add_written(outcome: Outcome, counts: dict[str, int]) -> None:
    outcome.created += counts.get("created", 0)
    outcome.updated += counts.get("updated", 0)
    outcome.skipped += counts.get("skipped", 0)
    outcome.review += counts.get("review", 0)


def run_import(
    *,
    path: Path,
    mapping: dict[str, str],
    importer: Importer,
    mode: ImportMode,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch: int = BATCH,
    sheet: OpenedSheet | None = None,
) -> Outcome:
    """Import the file (see the module docstring). ``SheetError`` if the file or its columns are wrong.

    ``sheet``: the file as ``open_sheet`` already read it (to guess the mapping), not read again.
    """
    with fewer_collections():
        return _run_import(
            sheet=sheet or open_sheet(path, importer.columns),
            mapping=mapping,
            importer=importer,
            mode=mode,
            dry_run=dry_run,
            progress=progress,
            batch=batch,
        )


def _run_import(
    *,
    sheet: OpenedSheet,
    mapping: dict[str, str],
    importer: Importer,
    mode: ImportMode,
    dry_run: bool,
    progress: Progress | None,
    batch: int,
) -> Outcome:
    progress = progress or NoProgress()
    check_mapping(sheet.headers, mapping, importer.columns)
    outcome = Outcome(headers=sheet.headers)
    outcome.ignored_headers = [h for h in sheet.headers if h and not mapping.get(h)]
    progress.progress(0, sheet.total, _("Đang kiểm tra từng dòng…"))
    if not dry_run and hasattr(importer, "prepare") and store_in_background():
        _run_overlapped(sheet, mapping, cast(StagedImporter, importer), mode, progress, batch, outcome)
    else:
        _run_in_turn(sheet, mapping, importer, mode, dry_run, progress, batch, outcome)
    outcome.stored = (outcome.created + outcome.updated) > 0 and not dry_run
    importer.finish(outcome, dry_run=dry_run)
    return outcome


def _checked_batches(
    sheet: OpenedSheet,
    mapping: dict[str, str],
    importer: Importer,
    progress: Progress,
    batch: int,
    outcome: Outcome,
) -> Iterator[tuple[int, list[Checked]]]:
    """(rows read so far, the batch's good rows) per batch, each checked by the importer and
    counted into ``outcome``; cancellation honoured before each."""
    done = 0
    for rows in _batches(_source_rows(sheet, mapping), batch):
        progress.check_cancelled()
        checked = importer.check(rows)
        _batch_done()
        _count(outcome, checked)
        done += len(rows)
        yield done, [item for item in checked if not item.errors]


def _run_in_turn(
    sheet: OpenedSheet,
    mapping: dict[str, str],
    importer: Importer,
    mode: ImportMode,
    dry_run: bool,
    progress: Progress,
    batch: int,
    outcome: Outcome,
) -> None:
    """``_run_import``'s loop, each batch stored (or, all or nothing, every batch at the end)
    after it is checked, in the checking thread."""
    pending: list[Checked] = []
    done = 0
    for done, good in _checked_batches(sheet, mapping, importer, progress, batch, outcome):
        if mode == ImportMode.VALID and not dry_run:
            with transaction.atomic():
                _add_written(outcome, importer.write(good))
                progress.progress(done, message=_("Đã kiểm tra và lưu %(n)d dòng…") % {"n": done})
        else:
            pending.extend(good)
            progress.progress(done, message=_("Đã kiểm tra %(n)d dòng…") % {"n": done})
    if mode == ImportMode.ALL and not dry_run and outcome.errors == 0 and pending:
        progress.check_cancelled()
        with transaction.atomic():
            written = 0
            for start in range(0, len(pending), batch):
                progress.check_cancelled()  # raising here undoes everything written so far
                _add_written(outcome, importer.write(pending[start : start + batch]))
                written += min(batch, len(pending) - start)
                progress.progress(done, message=_("Đang lưu %(n)d dòng…") % {"n": written})
    elif dry_run:
        for item in pending:  # what would have been done
            key = {"create": "created", "update": "updated", "skip": "skipped"}.get(item.action, "")
            if key:
                setattr(outcome, key, getattr(outcome, key) + 1)


def _run_overlapped(
    sheet: OpenedSheet,
    mapping: dict[str, str],
    importer: StagedImporter,
    mode: ImportMode,
    progress: Progress,
    batch: int,
    outcome: Outcome,
) -> None:
    """``_run_import``'s loop with each batch stored on another thread while the next is checked
    (``storing``). The same outcome: all or nothing stores every row in one transaction, kept
    only if no row failed (once one fails, nothing more is written and what was is undone);
    valid rows only stores each batch with its progress in a transaction of its own."""
    store = BackgroundStore(single_transaction=mode == ImportMode.ALL)
    staged_counts: list[dict[str, int]] = []
    done = good_rows = 0
    try:
        for done, good in _checked_batches(sheet, mapping, importer, progress, batch, outcome):
            good_rows += len(good)
            if mode == ImportMode.ALL:
                if outcome.errors:
                    store.abort()  # nothing of this file will be kept: stop writing it
                elif good:
                    staged = importer.prepare(good)
                    staged_counts.append(staged.counts)
                    store.submit(staged.store)
                progress.progress(done, message=_("Đã kiểm tra %(n)d dòng…") % {"n": done})
            else:
                staged = importer.prepare(good)
                staged_counts.append(staged.counts)
                message = _("Đã kiểm tra và lưu %(n)d dòng…") % {"n": done}
                store.submit(partial(_store_batch, staged, progress, done, message))
        if mode == ImportMode.ALL and not outcome.errors:
            progress.check_cancelled()
            progress.progress(done, message=_("Đang lưu %(n)d dòng…") % {"n": good_rows})
        store.finish(commit=not (mode == ImportMode.ALL and outcome.errors))
    except BaseException:
        store.abort()
        raise
    if not (mode == ImportMode.ALL and outcome.errors):
        for counts in staged_counts:
            _add_written(outcome, counts)


def _store_batch(staged: Staged, progress: Progress, done: int, message: str) -> None:
    """One batch of valid rows and its progress, in the store's transaction for that batch."""
    staged.store()
    progress.progress(done, message=message)
