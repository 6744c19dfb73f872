"""Control-number counters: atomic in the database, never repeated, wrapping at 999999999."""

from __future__ import annotations

import threading

import pytest

from hub.store import Store
from hub.store.counters import (
    MAXIMUM,
    next_control_number,
    peek_control_number,
    set_control_number,
)


def test_counters_start_at_one_per_partner_and_kind(store: Store) -> None:
    with store.session() as session:
        assert peek_control_number(session, "acme", "interchange") is None
        assert [next_control_number(session, "acme", "interchange") for _ in range(3)] == [1, 2, 3]
        assert next_control_number(session, "acme", "group") == 1
        assert next_control_number(session, "globex", "interchange") == 1
    with store.session() as session:
        assert next_control_number(session, "acme", "interchange") == 4
        assert peek_control_number(session, "acme", "interchange") == 4


def test_counter_rolled_back_with_its_transaction_is_not_lost_for_others(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as session:
        next_control_number(session, "acme", "interchange")
        raise RuntimeError("send failed before commit")
    with store.session() as session:
        assert next_control_number(session, "acme", "interchange") == 1


def test_counter_wraps_after_the_maximum(store: Store) -> None:
    with store.session() as session:
        set_control_number(session, "acme", "interchange", MAXIMUM - 1)
        got = [next_control_number(session, "acme", "interchange") for _ in range(3)]
    assert got == [MAXIMUM, 1, 2]


def test_bad_kind_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="kind"), store.session() as session:
        next_control_number(session, "acme", "Interchange; DROP")


def test_counters_never_repeat_under_concurrent_callers(store: Store) -> None:
    """4 threads x 200 calls, each in its own transaction, like replicas would."""
    results: list[list[int]] = [[] for _ in range(4)]
    errors: list[BaseException] = []
    start = threading.Barrier(4, timeout=10)

    def allocate(out: list[int]) -> None:
        start.wait()
        try:
            for _ in range(200):
                with store.session() as session:
                    out.append(next_control_number(session, "acme", "interchange"))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=allocate, args=(out,)) for out in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    numbers = [n for out in results for n in out]
    assert len(numbers) == 800
    assert sorted(numbers) == list(range(1, 801))
    assert all(out == sorted(out) for out in results)  # each caller sees them increase


def test_locked_counters_make_another_transaction_wait_until_commit(store: Store) -> None:
    """What the dispatcher relies on: a batch takes its partners' counters up front, in
    one order, so a second transaction queues behind it instead of deadlocking with it."""
    from hub.store.counters import lock_counters

    with store.session() as session:
        next_control_number(session, "acme", "interchange")
        next_control_number(session, "globex", "interchange")
    order: list[str] = []
    locked = threading.Event()

    def second() -> None:
        locked.wait(10)
        with store.session() as session:
            lock_counters(session, ["acme", "globex"])
            order.append(f"second got {next_control_number(session, 'acme', 'interchange')}")

    thread = threading.Thread(target=second)
    thread.start()
    with store.session() as session:
        lock_counters(session, ["globex", "acme"])  # any order in, one order taken
        locked.set()
        thread.join(0.3)
        order.append(f"first got {next_control_number(session, 'acme', 'interchange')}")
    thread.join(10)
    assert order == ["first got 2", "second got 3"]


def test_an_envelope_takes_its_numbers_in_one_call(store: Store) -> None:
    from hub.store.counters import next_control_numbers

    with store.session() as session:
        set_control_number(session, "acme", "interchange", MAXIMUM)
        first = next_control_numbers(session, "acme", ["interchange", "group", "message"])
        second = next_control_numbers(session, "acme", ["message", "interchange"])
        assert next_control_number(session, "acme", "group") == 2
    assert first == {"interchange": 1, "group": 1, "message": 1}  # wrapped after the maximum
    assert second == {"interchange": 2, "message": 2}
    with pytest.raises(ValueError, match="lower-case"), store.session() as session:
        next_control_numbers(session, "acme", ["Interchange"])
