"""Prepared statements on the session's connection: savepoints and ended transactions."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from hub.store import Store, sql
from hub.store.messaging import _INBOX_ADD, inbox_add, inbox_claim, inbox_contains
from hub.store.orders import _GET, _UPDATE
from hub.store.tables import inventory_positions, orders


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


def test_the_direct_sqlite_path_reads_and_writes_what_sqlalchemy_does(tmp_path) -> None:
    """Types both ways (aware datetimes, JSON, Decimal, bytes), rowcounts and RETURNING,
    through the direct path and through SQLAlchemy itself, on the same rows."""
    store = Store(f"sqlite:///{tmp_path}/hub.db")
    store.migrate()
    at = datetime(2026, 11, 25, 17, 0, 0, 123456, tzinfo=UTC)
    doc = {"order": {"po": "PO-1", "lines": [{"qty": "2.5"}]}, "név": "ü"}
    row = {"id": "O-1", "po_number": "PO-1", "customer": "acme", "state": "received",
           "version": 1, "event_seq": 0, "document": doc, "created_at": at, "updated_at": at}  # fmt: skip
    with store.session() as session:
        assert sql.run(session, orders.insert(), row).rowcount == 1
        assert sql._PLANS, "the direct path was not taken"
        direct = sql.run(session, _GET, {"b_id": "O-1"}).mappings().one()
        plain = session.execute(_GET, {"b_id": "O-1"}).mappings().one()
        assert dict(direct) == dict(plain)
        assert direct["created_at"] == at and direct["document"] == doc
        assert sql.run(session, _UPDATE, {"b_id": "O-1", "b_version": 1}).rowcount == 1
        assert sql.run(session, _UPDATE, {"b_id": "O-1", "b_version": 1}).rowcount == 0
        stock = [{"node": "n", "item": f"i{i}", "on_hand": Decimal("1.5") * i, "as_of": at,
                  "updated_at": at} for i in range(3)]  # fmt: skip
        assert sql.run(session, inventory_positions.insert(), stock).rowcount == 3
        got = session.execute(sa.select(inventory_positions.c.on_hand)).scalars().all()
        assert sorted(got) == [Decimal(0), Decimal("1.5"), Decimal("3.0")]


def test_the_direct_path_raises_sqlalchemys_errors(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path}/hub.db")
    store.migrate()
    with store.session() as session:
        inbox_add(session, "svc", "m1")
        with pytest.raises(IntegrityError):
            from hub.store.sql import run
            from hub.store.types import utcnow

            run(
                session,
                _INBOX_ADD,
                {"consumer": "svc", "message_id": "m1", "received_at": utcnow()},
            )
