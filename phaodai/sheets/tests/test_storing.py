"""``BackgroundStore``: batches written in order on a thread of their own, with its own
connection; one transaction committed or rolled back as a whole, or one per batch; a failed
write raised to the caller; stopping drops (one transaction) or keeps (per batch) what waits."""

from __future__ import annotations

import threading

import pytest

from phaodai.counts.models import Indicator
from phaodai.sheets.storing import BackgroundStore

pytestmark = pytest.mark.django_db(transaction=True)


def _noting(ran: list[int], n: int, *, gate: threading.Event | None = None):
    def work() -> None:
        if gate is not None:
            assert gate.wait(10)
        ran.append(n)
        assert threading.current_thread().name == "import-store"

    return work


def _row(code: str):
    return lambda: Indicator.objects.create(code=code, name=code)


def _codes() -> list[str]:
    return sorted(Indicator.objects.filter(code__startswith="thu.").values_list("code", flat=True))


@pytest.mark.parametrize("single", [True, False])
def test_batches_are_written_in_the_order_handed_over(single):
    ran: list[int] = []
    store = BackgroundStore(single_transaction=single)
    for n in range(10):
        store.submit(_noting(ran, n))
    store.finish()

    assert ran == list(range(10))


@pytest.mark.parametrize(("commit", "kept"), [(True, ["thu.1", "thu.2"]), (False, [])])
def test_one_transaction_is_committed_or_rolled_back_whole(commit, kept):
    store = BackgroundStore(single_transaction=True)
    store.submit(_row("thu.1"))
    store.submit(_row("thu.2"))
    store.finish(commit=commit)

    assert _codes() == kept


@pytest.mark.parametrize(("single", "kept"), [(True, []), (False, ["thu.1"])])
def test_a_failed_write_is_raised_to_the_caller_and_nothing_after_it_runs(single, kept):
    ran: list[int] = []
    store = BackgroundStore(single_transaction=single)
    store.submit(_row("thu.1"))

    def failing() -> None:
        raise ValueError("hỏng")

    store.submit(failing)
    store.submit(_noting(ran, 3))
    with pytest.raises(ValueError, match="hỏng"):
        store.finish()

    assert ran == []
    assert _codes() == kept  # in one transaction, the batch before it is undone too


def test_a_submit_after_a_failure_raises_it():
    store = BackgroundStore(single_transaction=False)

    def failing() -> None:
        raise ValueError("hỏng")

    store.submit(failing)
    for _ in range(200):  # until the thread has recorded it
        if store._error is not None:
            break
        threading.Event().wait(0.01)
    with pytest.raises(ValueError, match="hỏng"):
        store.submit(lambda: None)
    store.abort()


@pytest.mark.parametrize(("single", "expected"), [(True, [1]), (False, [1, 2, 3])])
def test_stopping_drops_or_stores_what_waits(single, expected):
    ran: list[int] = []
    gate = threading.Event()
    store = BackgroundStore(single_transaction=single, depth=2)
    store.submit(_noting(ran, 1, gate=gate))  # running, held at the gate
    store.submit(_noting(ran, 2))
    store.submit(_noting(ran, 3))
    threading.Timer(0.2, gate.set).start()  # abort() below waits for the first to end
    store.abort()

    assert ran == expected
