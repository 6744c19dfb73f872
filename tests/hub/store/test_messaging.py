"""Inbox and outbox on both databases, including concurrent duplicates."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from hub.store import (
    OutgoingMessage,
    Store,
    inbox_add,
    inbox_contains,
    outbox_add,
    outbox_mark_sent,
    outbox_unsent,
)


def _message(n: int, **extra) -> OutgoingMessage:
    return OutgoingMessage(
        message_id=f"out-{n}",
        exchange="orderhub.events",
        routing_key="order.received",
        body=b'{"n": %d}' % n,
        **extra,
    )


def test_inbox_records_per_consumer(store: Store) -> None:
    with store.session() as session:
        assert not inbox_contains(session, "intake", "m-1")
        inbox_add(session, "intake", "m-1")
    with store.session() as session:
        assert inbox_contains(session, "intake", "m-1")
        assert not inbox_contains(session, "router", "m-1")


def test_inbox_concurrent_duplicate_exactly_one_commits(store: Store) -> None:
    """Two replicas handle the same delivery at once: one commits, the other fails or sees it."""
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []

    def handle() -> None:
        try:
            barrier.wait()  # on SQLite the second waits for the first's transaction to end
            with store.session() as session:
                if inbox_contains(session, "intake", "m-dup"):
                    outcomes.append("seen")
                    return
                inbox_add(session, "intake", "m-dup")
                outbox_add(session, "intake", "m-dup", [_message(1)])
            outcomes.append("committed")
        except sa.exc.IntegrityError:
            outcomes.append("duplicate")

    threads = [threading.Thread(target=handle) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes)[0] == "committed" and len(outcomes) == 2
    assert outcomes.count("committed") == 1
    with store.session() as session:
        assert len(outbox_unsent(session, "intake")) == 1


def test_postgres_inbox_duplicate_raises_integrity_error(pg_url: str) -> None:
    """On PostgreSQL both see 'not handled yet'; the second insert fails once the first commits."""
    store = Store(pg_url)
    store.migrate()
    first_added, release = threading.Event(), threading.Event()

    def first() -> None:
        with store.session() as session:
            inbox_add(session, "intake", "m-race")
            first_added.set()
            release.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    first_added.wait(10)
    with pytest.raises(sa.exc.IntegrityError), store.session() as session:
        assert not inbox_contains(session, "intake", "m-race")
        threading.Timer(0.3, release.set).start()
        inbox_add(session, "intake", "m-race")  # blocks until the first commits, then fails
    thread.join(10)
    store.dispose()


def test_outbox_lifecycle(store: Store) -> None:
    headers = {"x-order-id": "O-1", "x-attempts": 2, "nested": {"a": [1, 2]}}
    with store.session() as session:
        inbox_add(session, "router", "in-1")
        outbox_add(session, "router", "in-1", [_message(1, headers=headers), _message(2)])
        outbox_add(session, "router", "in-2", [_message(3, content_type="application/edifact")])
        outbox_add(session, "dispatcher", "in-1", [_message(1)])
    with store.session() as session:
        pending = outbox_unsent(session, "router")
        assert [e.message.message_id for e in pending] == ["out-1", "out-2", "out-3"]
        assert pending[0].message == _message(1, headers=headers)
        assert pending[2].message.content_type == "application/edifact"
        assert pending[0].cause_id == "in-1" and pending[0].consumer == "router"
        only_cause = outbox_unsent(session, "router", cause_id="in-1")
        assert [e.message.message_id for e in only_cause] == ["out-1", "out-2"]
        assert len(outbox_unsent(session, "router", limit=1)) == 1
        outbox_mark_sent(session, [pending[0].id, pending[2].id])
    with store.session() as session:
        assert [e.message.message_id for e in outbox_unsent(session, "router")] == ["out-2"]
        assert [e.message.message_id for e in outbox_unsent(session, "dispatcher")] == ["out-1"]


def test_outbox_same_message_id_is_kept_once(store: Store) -> None:
    with store.session() as session:
        outbox_add(session, "router", "in-1", [_message(1)])
    with store.session() as session:
        outbox_add(session, "router", "in-1", [_message(1), _message(2)])
    with store.session() as session:
        ids = [e.message.message_id for e in outbox_unsent(session, "router")]
    assert ids == ["out-1", "out-2"]


def test_outbox_rolls_back_with_the_handler(store: Store) -> None:
    with pytest.raises(ValueError), store.session() as session:
        outbox_add(session, "router", "in-1", [_message(1)])
        raise ValueError("state change failed")
    with store.session() as session:
        assert outbox_unsent(session, "router") == []


def test_outbox_refuses_a_different_message_under_a_known_id(store: Store) -> None:
    with store.session() as session:
        outbox_add(session, "router", "in-1", [_message(1)])
    clash = OutgoingMessage("out-1", "orderhub.events", "order.received", b"other body")
    with pytest.raises(ValueError, match="out-1"), store.session() as session:
        outbox_add(session, "router", "in-2", [clash])
    with pytest.raises(ValueError, match="share id"), store.session() as session:
        outbox_add(session, "router", "in-3", [_message(9), _message(9, content_type="x")])
