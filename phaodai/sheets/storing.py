"""Storing an import's batches on a thread of its own while the next batch is checked.

An import's two halves cost about the same on PostgreSQL: Python checks and matches a batch,
then the server inserts it and updates the table's indexes (17 on the residents' table, most of
its work). Done one after the other they add up; done side by side, the server writing
batch *n* while Python checks batch *n + 1*, they take about the time of the longer one. The
machine's second core does the server's part.

``BackgroundStore`` runs the writes (closures made by the importer's ``prepare``, which has
already done everything the checking of later rows could see, so what is decided never depends
on how far the writing has got) on one thread with its own database connection:

* ``single_transaction=True`` (all or nothing): every batch in one transaction, committed by
  ``finish(commit=True)`` and rolled back by ``finish(commit=False)`` or ``abort()``;
* otherwise (valid rows only): each batch in a transaction of its own, with its progress, so a
  killed worker leaves whole batches, as the plain path does; ``abort()`` still stores the
  batches handed over before it.

At most ``depth`` batches wait (``submit`` blocks beyond that: memory stays bounded). A write
that fails stops the thread; its exception is raised again by the next ``submit`` or by
``finish``, and what the thread had written in its open transaction is rolled back.

Only where two connections may write at once without waiting for each other (PostgreSQL), and
only outside a caller's transaction (whose rows another connection could not see):
``store_in_background``.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connection, connections, transaction

Work = Callable[[], None]


def store_in_background() -> bool:
    """Whether an import here may store on a thread of its own (see the module docstring)."""
    return (
        bool(settings.PHAODAI_IMPORT_STORE_IN_BACKGROUND)
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


class BackgroundStore:
    def __init__(self, *, single_transaction: bool, depth: int = 2) -> None:
        self.single_transaction = single_transaction
        self._queue: queue.Queue[Work | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._commit = False
        self._skip = False  # aborted in one transaction: what still waits is dropped
        self._closed = False
        self._ended = False  # the thread has taken the end mark
        self._thread = threading.Thread(target=self._run, name="import-store", daemon=True)
        self._thread.start()

    # --- the caller's side -------------------------------------------------------------------

    def submit(self, work: Work) -> None:
        """Queue one batch's writes; raises the error of an earlier batch, if one failed."""
        self._raise_failure()
        self._queue.put(work)

    def finish(self, *, commit: bool = True) -> None:
        """Wait for every batch to be stored (and, in one transaction, commit it or not)."""
        self._commit = commit
        self._close()
        self._raise_failure()

    def abort(self) -> None:
        """Stop (the caller failed or was cancelled). In one transaction nothing is kept (what still
        waits is dropped); batch by batch, the batches already handed over are stored, whole, as
        the plain path would have stored them before it stopped."""
        self._skip = self.single_transaction
        self._commit = False
        self._close()

    def _close(self) -> None:
        if not self._closed:
            self._closed = True
            self._queue.put(None)
        self._thread.join()

    def _raise_failure(self) -> None:
        if self._error is not None:
            raise self._error

    # --- the thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            if self.single_transaction:
                with transaction.atomic():
                    self._drain(each_in_transaction=False)
                    if not self._commit or self._error is not None:
                        transaction.set_rollback(True)
            else:
                self._drain(each_in_transaction=True)
        except BaseException as error:  # handed to the caller, raised there
            self._error = self._error or error  # a write, or the commit (deferred keys checked)
            while not self._ended and self._queue.get() is not None:  # unblock a waiting submit
                pass
        finally:
            connections.close_all()  # this thread's connections only

    def _drain(self, *, each_in_transaction: bool) -> None:
        while (work := self._queue.get()) is not None:
            if self._skip or self._error is not None:
                continue
            try:
                if each_in_transaction:
                    with transaction.atomic():
                        work()
                else:
                    work()
            except BaseException as error:  # see _run
                self._error = error
                if not each_in_transaction:
                    raise  # out of the transaction: rolled back
        self._ended = True
