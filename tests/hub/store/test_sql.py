"""Prepared statements on the session's connection: savepoints and ended transactions."""

from __future__ import annotations

from hub.store import Store
from hub.store.messaging import inbox_claim, inbox_contains


def test_each_savepoint_rolls_back_its_own_statements_only(store: Store) -> None:
    """The connection is kept between statements, yet every savepoint is really emitted."""
    with store.session() as session:
        for message_id in ("m1", "m2", "m3", "m4"):
            savepoint = session.begin_nested()
            assert inbox_claim(session, "svc", message_id)
            if message_id in ("m2", "m4"):
                savepoint.rollback()
            else:
                savepoint.commit()
        assert not inbox_contains(session, "svc", "m2")
    with store.session() as session:
        found = [m for m in ("m1", "m2", "m3", "m4") if inbox_contains(session, "svc", m)]
    assert found == ["m1", "m3"]


def test_a_new_transaction_gets_a_live_connection(store: Store) -> None:
    for message_id in ("a", "b"):
        with store.session() as session:
            assert inbox_claim(session, "svc", message_id)
    with store.session() as session:
        assert inbox_contains(session, "svc", "a") and inbox_contains(session, "svc", "b")
