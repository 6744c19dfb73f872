"""Work items, inventory positions and reservations, on both databases."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from hub.store import Store
from hub.store.inventory import (
    available,
    consume,
    position_get,
    position_set,
    release,
    reservations_for,
    reserve,
)
from hub.store.orders import order_insert
from hub.store.work import capacity_booked, work_get, work_list, work_put, work_set_status

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _order(session, order_id: str = "O-1") -> None:
    order_insert(
        session, id=order_id, po_number=order_id, customer="acme", state="received", document={}
    )


def test_work_items_by_revision(store: Store) -> None:
    with store.session() as session:
        _order(session)
        for rev, node in ((1, "supplier-a"), (1, "3pl-east"), (2, "supplier-b")):
            assert work_put(
                session,
                id=f"O-1/{node}/supply/{rev}",
                order_id="O-1",
                node=node,
                kind="supply",
                revision=rev,
                document={"node": node},
            )
        assert not work_put(
            session,
            id="O-1/supplier-a/supply/1",
            order_id="O-1",
            node="supplier-a",
            kind="supply",
            revision=1,
            document={},
        )
        assert work_set_status(session, "O-1/supplier-a/supply/1", "sent", sent_archive_id="out-1")
        with pytest.raises(ValueError, match="status"):
            work_set_status(session, "O-1/supplier-a/supply/1", "lost")
    with store.session() as session:
        item = work_get(session, "O-1/supplier-a/supply/1")
        assert (item.status, item.sent_archive_id, item.document) == (
            "sent",
            "out-1",
            {"node": "supplier-a"},
        )
        assert [w.node for w in work_list(session, "O-1")] == [
            "3pl-east",
            "supplier-a",
            "supplier-b",
        ]
        assert [w.node for w in work_list(session, "O-1", latest_only=True)] == ["supplier-b"]
        assert work_get(session, "missing") is None


def test_capacity_booked_per_node_and_ship_day(store: Store) -> None:
    """Live work books its node's lines and units on its ship day; cancelled or rejected work
    gives them back, and days before ``since`` are past."""
    monday, tuesday = date(2025, 3, 3), date(2025, 3, 4)
    with store.session() as session:
        _order(session)
        for wid, node, day, lines, units, status in (
            ("w1", "3pl-east", monday, 2, "7.5", "planned"),
            ("w2", "3pl-east", monday, 1, "3", "shipped"),
            ("w3", "3pl-east", tuesday, 4, "10", "sent"),
            ("w4", "3pl-east", monday, 5, "50", "cancelled"),
            ("w5", "supplier-a", monday, 3, "9", "rejected"),
            ("w6", "supplier-a", date(2025, 3, 1), 3, "9", "accepted"),
        ):
            assert work_put(session, id=wid, order_id="O-1", node=node, kind="ship", revision=1,
                            document={}, ship_date=day, line_count=lines, unit_count=Decimal(units))  # fmt: skip
            if status != "planned":
                work_set_status(session, wid, status)
    with store.session() as session:
        lines, units = capacity_booked(session, since=monday)
        assert work_get(session, "w3").ship_date == tuesday
    assert lines == {("3pl-east", monday): 3, ("3pl-east", tuesday): 4}
    assert units == {("3pl-east", monday): Decimal("10.5"), ("3pl-east", tuesday): Decimal(10)}


def test_work_item_needs_its_order(store: Store) -> None:
    import sqlalchemy as sa

    with pytest.raises(sa.exc.IntegrityError), store.session() as session:
        work_put(session, id="W", order_id="none", node="n", kind="ship", revision=1, document={})


def test_available_is_on_hand_minus_active_reservations(store: Store) -> None:
    with store.session() as session:
        assert available(session, "3pl-east", "GTIN-1") == 0
        assert position_set(session, "3pl-east", "GTIN-1", Decimal("100.5"), as_of=T0)
        assert reserve(session, "O-1", "3pl-east", "GTIN-1", Decimal("30"), now=T0) is not None
        assert reserve(session, "O-2", "3pl-east", "GTIN-1", Decimal("20.25"), now=T0) is not None
        assert available(session, "3pl-east", "GTIN-1", now=T0) == Decimal("50.25")
        assert reserve(session, "O-3", "3pl-east", "GTIN-1", Decimal("60"), now=T0) is None
        assert reserve(
            session, "O-3", "3pl-east", "GTIN-1", Decimal("60"), allow_short=True, now=T0
        )
        assert available(session, "3pl-east", "GTIN-1", now=T0) == Decimal("-9.75")
    with store.session() as session:
        assert release(session, "O-3") == 1
        assert consume(session, "O-2") == 1
        assert available(session, "3pl-east", "GTIN-1", now=T0) == Decimal("70.5")
        assert [(r.status, r.qty) for r in reservations_for(session, "O-2")] == [
            ("consumed", Decimal("20.25"))
        ]


def test_units_are_given_back_or_used_up_where_lines_moved_or_shipped(store: Store) -> None:
    """A node that rejects one line of two, or ships part of a line, keeps the rest held."""
    with store.session() as session:
        position_set(session, "n", "A", Decimal(10), as_of=T0)
        position_set(session, "n", "B", Decimal(10), as_of=T0)
        reserve(session, "O-1", "n", "A", Decimal(4), now=T0)
        reserve(session, "O-1", "n", "A", Decimal(3), now=T0)
        reserve(session, "O-1", "n", "B", Decimal(5), now=T0)
    with store.session() as session:
        assert release(session, "O-1", node="n", units={"B": Decimal(5)}) == 1
        assert available(session, "n", "A", now=T0) == 3
        assert available(session, "n", "B", now=T0) == 10
        assert consume(session, "O-1", node="n", units={"A": Decimal(5)}) == 2
        assert available(session, "n", "A", now=T0) == 8  # 2 of the second still held
        held = [(r.item, r.status, r.qty) for r in reservations_for(session, "O-1")]
        assert sorted(held) == [
            ("A", "active", Decimal(2)),
            ("A", "consumed", Decimal(1)),
            ("A", "consumed", Decimal(4)),
            ("B", "released", Decimal(5)),
        ]


def test_expired_reservations_do_not_count(store: Store) -> None:
    with store.session() as session:
        position_set(session, "n", "i", Decimal(10), as_of=T0)
        reserve(session, "O-1", "n", "i", Decimal(4), expires_at=T0 + timedelta(hours=1), now=T0)
        assert available(session, "n", "i", now=T0) == 6
        assert available(session, "n", "i", now=T0 + timedelta(hours=2)) == 10


def test_an_older_report_does_not_overwrite_a_newer_one(store: Store) -> None:
    with store.session() as session:
        assert position_set(session, "n", "i", Decimal(10), as_of=T0)
        assert not position_set(session, "n", "i", Decimal(99), as_of=T0 - timedelta(hours=1))
        assert position_set(session, "n", "i", Decimal(7), as_of=T0 + timedelta(hours=1))
        position = position_get(session, "n", "i")
        assert (position.on_hand, position.as_of) == (Decimal(7), T0 + timedelta(hours=1))


def test_concurrent_reservations_never_oversell(store: Store) -> None:
    with store.session() as session:
        position_set(session, "n", "i", Decimal(10), as_of=T0)
    granted: list[int] = []
    errors: list[BaseException] = []

    def take(n: int) -> None:
        try:
            for i in range(5):
                with store.session() as session:
                    if reserve(session, f"O-{n}-{i}", "n", "i", Decimal(1)) is not None:
                        granted.append(1)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion
            errors.append(error)

    threads = [threading.Thread(target=take, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(granted) == 10
    with store.session() as session:
        assert available(session, "n", "i") == 0


def test_planning_transactions_take_turns(store: Store) -> None:
    """Two plans never read the same stock at once: the second starts when the first ends."""
    from hub.store.inventory import planning_lock

    events: list[str] = []
    first_in = threading.Event()

    def second() -> None:
        first_in.wait(10)
        with store.session() as session:
            planning_lock(session)
            events.append("second planning")

    thread = threading.Thread(target=second)
    thread.start()
    with store.session() as session:
        planning_lock(session)
        first_in.set()
        thread.join(0.3)  # it must still be waiting
        events.append("first done")
    thread.join(10)
    assert events == ["first done", "second planning"]
