"""Fast inserts for seeding and bulk loads: primary keys handed out in advance, rows written in batches.

Seeding a million residents one ``save()`` at a time would take hours, and even
``bulk_create`` spends most of its time compiling SQL (SQLite allows 999 parameters
per statement, so about 40 rows each). Here every row is a plain dict with its
primary key already chosen, so a household can name its head and a person their
household before either is inserted (foreign keys are checked at commit on both
databases: Django declares them ``DEFERRABLE INITIALLY DEFERRED``). Rows go in
with one prepared ``INSERT`` run by ``executemany`` (``COPY`` on PostgreSQL), each value
converted by its model field exactly as Django would (``get_db_prep_save``).

Must run inside ``transaction.atomic``, with no one else writing the same tables
(seeding is a one-off command). Nothing here calls ``save()``, signals or audit: the caller
derives every computed column with the owning app's derivation function first
(``people.services.derive_person``, ``AreaScopedModel.derive_area``…) and hands over the
instance (``BulkWriter.add_instance``), so no rule is written twice.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.management.color import no_style
from django.db import connection, connections, models, router
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

Row = dict[str, Any]
M = TypeVar("M", bound=models.Model)
_FLUSH_AT = 20_000
_BATCH = 5_000


class IdBlock:
    """Hands out the primary keys after the largest one in the table."""

    def __init__(self, model: type[models.Model]) -> None:
        largest = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
        self._next = (largest or 0) + 1

    def take(self) -> int:
        pk = self._next
        self._next += 1
        return pk


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` primary keys no other writer will use, for rows inserted by ``BulkWriter``
    while the application runs (an import beside officers typing in the same table).

    PostgreSQL: taken from the table's sequence (``nextval``), so concurrent inserts never
    collide. SQLite: the keys after the largest one, which is safe inside the write transaction
    that inserts them (SQLite has one writer at a time, and ``transaction_mode`` is IMMEDIATE).
    """
    if count <= 0:
        return []
    db = connections[router.db_for_write(model)]
    if db.vendor == "postgresql":
        table, column = model._meta.db_table, model._meta.pk.column
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
    if not db.in_atomic_block:
        raise RuntimeError("reserve_ids on SQLite must run inside the transaction that inserts the rows")
    largest = model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
    return list(range(largest + 1, largest + 1 + count))


def unsaved(model: type[M], values: list[Any]) -> M:
    """``model(*values)`` (every concrete column's value, in order) for a row that is only to be
    inserted: the same instance, built without the per-field descriptors ``Model.__init__`` goes
    through (an import builds tens of thousands: 3–4 % of its time). Models with
    init signals are built by ``__init__``, so a receiver never misses one."""
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model(*values)
    names = _attnames(model)
    if len(values) != len(names):
        raise TypeError(f"{model.__name__} has {len(names)} columns, {len(values)} values given")
    instance = model.__new__(model)
    instance._state = ModelState()
    instance.__dict__.update(zip(names, values, strict=True))
    return instance


@functools.cache
def _attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


class _Table:
    """One model's prepared INSERT and how to turn a row dict into its parameters."""

    def __init__(self, model: type[models.Model]) -> None:
        self.alias = router.db_for_write(model)
        self.db = connections[self.alias]
        fields = list(model._meta.concrete_fields)
        quote = self.db.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        # Table and column names come from the model, quoted; values are parameters.
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
        self.copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        self.columns = [(f.attname, self._prep_of(f), self._default_of(f)) for f in fields]
        self.stamped = {
            f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        }
        self.rows: list[list[Any]] = []

    def _prep_of(self, field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
        """None where both drivers take the Python value as it is (text, numbers, booleans, keys)."""
        if isinstance(field, (models.CharField, models.IntegerField, models.BooleanField, models.ForeignKey)):
            return None
        db = self.db
        return lambda value: field.get_db_prep_save(value, db)

    def _default_of(self, field: models.Field[Any, Any]) -> Callable[[], Any]:
        """The stored value of a column the row leaves out (computed once unless it must differ per row)."""
        prep = self._prep_of(field) or (lambda value: value)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = prep(timezone.now())
        elif field.has_default() and callable(field.default):
            make = field.default  # uuid4: a new value for every row
            return lambda: prep(make())
        else:
            value = prep(field.get_default())
        return lambda: value

    def add(self, row: Row) -> None:
        values = []
        used = 0
        for name, prep, default in self.columns:
            if name in row:
                used += 1
                value = row[name]
                values.append(value if prep is None else prep(value))
            else:
                values.append(default())
        if used != len(row):
            known = {name for name, _prep, _default in self.columns}
            raise KeyError(f"unknown columns {sorted(set(row) - known)}")
        self.rows.append(values)

    def add_instance(self, instance: models.Model) -> None:
        """An unsaved instance's columns, read in order; auto-now times left empty are stamped."""
        values = []
        # The instance's own dict: a foreign key's getattr goes through its descriptor.
        loaded = instance.__dict__
        for name, prep, default in self.columns:
            value = loaded[name] if name in loaded else getattr(instance, name)
            if value is None and name in self.stamped:
                values.append(default())
            else:
                values.append(value if prep is None else prep(value))
        self.rows.append(values)

    def write(self) -> int:
        count = len(self.rows)
        # The connection of the thread that writes (rows may be prepared on another: an import
        # stores a batch on a thread of its own while the next one is checked).
        db = connections[self.alias]
        with db.cursor() as cursor:
            if db.vendor == "postgresql" and count:
                # COPY: the rows streamed in the driver's C code, about twice as fast as
                # INSERT … executemany (measured in docs/PERFORMANCE.md); the same values,
                # constraints and deferred foreign keys, the driver's errors as Django's (an
                # IntegrityError is the one callers catch). Django's query logging does not see it.
                with db.wrap_database_errors, cursor.cursor.copy(self.copy_sql) as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                for start in range(0, count, _BATCH):
                    cursor.executemany(self.sql, self.rows[start : start + _BATCH])
        self.rows = []
        return count


class BulkWriter:
    """Buffers rows per model and inserts them in the given model order."""

    def __init__(self, order: list[type[models.Model]]) -> None:
        self.tables = {model: _Table(model) for model in order}
        self.written: dict[type[models.Model], int] = dict.fromkeys(order, 0)

    def add(self, model: type[models.Model], row: Row) -> None:
        self.tables[model].add(row)

    def add_instance(self, instance: models.Model) -> None:
        """Buffer an unsaved instance whose primary key and derived columns are already set."""
        self.tables[type(instance)].add_instance(instance)

    def flush(self, *, force: bool = False) -> None:
        """Insert what is buffered once enough has piled up (or now, with ``force``)."""
        if not force and sum(len(t.rows) for t in self.tables.values()) < _FLUSH_AT:
            return
        for model, table in self.tables.items():
            self.written[model] += table.write()


def reset_sequences(*model_classes: type[models.Model]) -> None:
    """Move PostgreSQL's id sequences past the keys chosen by hand (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def analyze(*model_classes: type[models.Model]) -> None:
    """Refresh the planner's statistics after a bulk load (``ANALYZE``, on both databases).

    Without them SQLite has no idea that, say, ``merged_into_id IS NULL`` holds for every
    row, and may walk that index instead of a selective one.
    """
    with connection.cursor() as cursor:
        for model in model_classes:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
