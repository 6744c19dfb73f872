"""Orders: insert, find, compare-and-set under concurrency, and the event timeline."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from canonical.events import OrderEvent
from hub.store import Store
from hub.store.orders import (
    events_append,
    events_list,
    order_find,
    order_get,
    order_get_by_po,
    order_insert,
    order_update,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
DOC = {"type": "order", "po_number": "4500012345", "lines": [{"quantity": "10.5"}]}


def _insert(session, order_id: str = "O-1", customer: str = "acme", po: str = "4500012345") -> bool:
    return order_insert(
        session,
        id=order_id,
        po_number=po,
        customer=customer,
        state="received",
        document=DOC,
        now=T0,
    )


def test_insert_get_and_find(store: Store) -> None:
    with store.session() as session:
        assert _insert(session)
        assert _insert(session, "O-2", customer="globex")  # same PO, other customer
    with store.session() as session:
        order = order_get(session, "O-1")
        assert order is not None
        assert (order.po_number, order.customer, order.state, order.version) == (
            "4500012345",
            "acme",
            "received",
            1,
        )
        assert order.document == DOC and order.created_at == T0
        assert [o.id for o in order_find(session, "4500012345")] == ["O-1", "O-2"]
        assert [o.id for o in order_find(session, "O-2")] == ["O-2"]
        assert order_get_by_po(session, "globex", "4500012345").id == "O-2"
        assert order_find(session, "nope") == [] and order_get(session, "nope") is None


def test_same_customer_and_po_is_not_inserted_twice(store: Store) -> None:
    with store.session() as session:
        assert _insert(session, "O-1")
        assert not _insert(session, "O-other")  # (customer, PO) taken
        assert not _insert(session, "O-1", po="different")  # id taken
    with store.session() as session:
        assert [o.id for o in order_find(session, "4500012345")] == ["O-1"]


def test_update_is_compare_and_set(store: Store) -> None:
    with store.session() as session:
        _insert(session)
    with store.session() as session:
        assert order_update(session, "O-1", 1, state="planned", document={**DOC, "notes": ["x"]})
        assert not order_update(session, "O-1", 1, state="cancelled")  # stale version
        assert order_update(session, "O-1", 2)
        assert not order_update(session, "missing", 1, state="planned")
    with store.session() as session:
        order = order_get(session, "O-1")
        assert (order.state, order.version, order.document["notes"]) == ("planned", 3, ["x"])


def test_two_concurrent_updates_with_the_same_version_exactly_one_wins(store: Store) -> None:
    with store.session() as session:
        _insert(session)
    barrier = threading.Barrier(2, timeout=10)
    results: dict[str, bool] = {}
    errors: list[BaseException] = []

    def update(state: str) -> None:
        try:
            with store.session() as session:
                current = order_get(session, "O-1")
                barrier.wait()  # both have read version 1 (PostgreSQL) before either writes
                results[state] = order_update(session, "O-1", current.version, state=state)
        except threading.BrokenBarrierError:
            # SQLite's BEGIN IMMEDIATE serialises the two transactions: the second one
            # starts only after the first commits, so it cannot meet the barrier in time.
            with store.session() as session:
                results[state] = order_update(session, "O-1", 1, state=state)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion
            errors.append(error)

    threads = [threading.Thread(target=update, args=(s,)) for s in ("shipped", "cancelled")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(results.values()) == [False, True]
    winner = next(state for state, won in results.items() if won)
    with store.session() as session:
        order = order_get(session, "O-1")
        assert (order.state, order.version) == (winner, 2)


def test_events_timeline(store: Store) -> None:
    with store.session() as session:
        _insert(session)
        first = events_append(session, "O-1", "state", None, "received", cause="msg-1", now=T0)
        events_append(
            session,
            "O-1",
            "state",
            "received",
            "planned",
            cause="msg-2",
            detail={"work_items": ["W-1"]},
            now=T0,
        )
    assert isinstance(first, OrderEvent) and first.sequence == 1
    with store.session() as session:
        events = events_list(session, "O-1")
    assert [(e.sequence, e.state_from, e.state_to, e.cause) for e in events] == [
        (1, None, "received", "msg-1"),
        (2, "received", "planned", "msg-2"),
    ]
    assert events[1].detail == {"work_items": ["W-1"]} and events[1].at == T0


def test_event_for_unknown_order_is_refused(store: Store) -> None:
    with pytest.raises(LookupError, match="no order"), store.session() as session:
        events_append(session, "missing", "state")


def test_concurrent_event_appends_get_distinct_sequences(store: Store) -> None:
    with store.session() as session:
        _insert(session)
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            for i in range(20):
                with store.session() as session:
                    events_append(session, "O-1", "note", detail={"thread": n, "i": i})
        except BaseException as error:  # noqa: BLE001 - reported by the assertion
            errors.append(error)

    threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with store.session() as session:
        assert [e.sequence for e in events_list(session, "O-1")] == list(range(1, 81))


def test_an_order_insertd_with_its_first_events_continues_their_sequence(store: Store) -> None:
    from hub.store.orders import events_append, events_list, order_insert

    first = [("received", None, "received", "m-1", {"from": "acme"}),
             ("acknowledged", "received", "acknowledged", "m-1", None)]  # fmt: skip
    with store.session() as session:
        assert order_insert(session, id="O-1", po_number="PO-1", customer="acme",
                            state="acknowledged", document={}, events=first)  # fmt: skip
        assert not order_insert(session, id="O-1", po_number="PO-1", customer="acme",
                                state="acknowledged", document={}, events=first)  # fmt: skip
        events_append(session, "O-1", "planned", "acknowledged", "planned", "m-2")
        timeline = events_list(session, "O-1")
    assert [(e.sequence, e.kind) for e in timeline] == [
        (1, "received"), (2, "acknowledged"), (3, "planned")]  # fmt: skip
    assert timeline[0].detail == {"from": "acme"} and timeline[1].detail == {}
