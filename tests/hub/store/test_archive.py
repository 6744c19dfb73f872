"""Raw archive and the duplicate-interchange register, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hub.store import Store
from hub.store.archive import (
    archive_add_refs,
    archive_describe,
    archive_find,
    archive_for_order,
    archive_get,
    archive_put,
    archive_set_status,
    sha256_hex,
)
from hub.store.duplicates import register_interchange

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
X12 = b"ISA*00*          *00*          *ZZ*ACME           *ZZ*ORDERHUB       *250301*0900*U*00401*000000123*0*P*>~"


def _put_x12(session, content: bytes = X12, at: datetime = T0, **extra) -> str:
    return archive_put(
        session,
        content=content,
        direction="in",
        channel="file",
        partner="acme",
        standard="x12",
        message_type="850",
        sender="ZZ:ACME",
        receiver="ZZ:ORDERHUB",
        interchange_control="000000123",
        group_control="123",
        message_ref="0001",
        at=at,
        **extra,
    )


def test_put_get_roundtrip_keeps_every_byte(store: Store) -> None:
    content = X12 + bytes(range(256))
    with store.session() as session:
        archive_id = _put_x12(session, content)
    with store.session() as session:
        record = archive_get(session, archive_id)
    assert record is not None
    assert record.content == content and record.size == len(content)
    assert record.sha256 == sha256_hex(content)
    assert (record.direction, record.partner, record.status, record.at) == (
        "in",
        "acme",
        "received",
        T0,
    )
    assert archive_id.startswith("in-20250301090000-")


def test_find_by_po_number_and_by_control_number(store: Store) -> None:
    with store.session() as session:
        first = _put_x12(session)
        other = archive_put(
            session,
            content=b"UNB+UNOC:3+X+Y'",
            direction="in",
            channel="http",
            interchange_control="77",
            at=T0 + timedelta(minutes=5),
        )
        archive_add_refs(session, first, [("po_number", "PO-4500012345")])
        archive_set_status(session, first, "parsed", order_id="ORD-1")
        reply = archive_put(
            session,
            content=b"997",
            direction="out",
            channel="file",
            status="sent",
            order_id="ORD-1",
            at=T0 + timedelta(minutes=1),
        )
    with store.session() as session:
        assert [r.id for r in archive_find(session, "PO-4500012345")] == [first]
        assert [r.id for r in archive_find(session, "po-4500012345 ")] == [first]
        assert [r.id for r in archive_find(session, "123")] == [first]  # ISA13 000000123
        assert [r.id for r in archive_find(session, "000000123")] == [first]
        assert [r.id for r in archive_find(session, "ORD-1")] == [reply, first]  # newest first
        assert [r.id for r in archive_find(session, other)] == [other]
        assert archive_find(session, "PO-999") == []
        assert archive_find(session, "PO-4500012345")[0].content is None
        assert [r.id for r in archive_for_order(session, "ORD-1")] == [first, reply]


def test_find_among_many_rows_uses_the_index(store: Store) -> None:
    with store.session() as session:
        for n in range(2000):
            archive_id = archive_put(
                session,
                content=b"x%d" % n,
                direction="in",
                channel="file",
                interchange_control=str(n),
                at=T0,
            )
            archive_add_refs(session, archive_id, [("po_number", f"PO-{n:05d}")])
    with store.session() as session:
        found = archive_find(session, "PO-01234")
        assert len(found) == 1 and found[0].interchange_control == "1234"
        plan = _explain(session, store.dialect)
    assert "ix_archive_refs_value_key" in plan, plan


def _explain(session, dialect: str) -> str:
    import sqlalchemy as sa

    sql = "SELECT archive_id FROM archive_refs WHERE value_key = 'PO-01234'"
    if dialect == "sqlite":
        rows = session.execute(sa.text("EXPLAIN QUERY PLAN " + sql)).all()
        return " ".join(str(r[-1]) for r in rows)
    session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    return " ".join(r[0] for r in session.execute(sa.text("EXPLAIN " + sql)).all())


def test_status_and_error_are_recorded(store: Store) -> None:
    with store.session() as session:
        archive_id = _put_x12(session)
        assert archive_set_status(session, archive_id, "failed", "segment 3 BEG03: bad [x12 7]")
        assert not archive_set_status(session, "in-missing", "failed")
        with pytest.raises(ValueError, match="status"):
            archive_set_status(session, archive_id, "exploded")
    with store.session() as session:
        record = archive_get(session, archive_id)
        assert record is not None
        assert (record.status, record.error) == ("failed", "segment 3 BEG03: bad [x12 7]")


def test_put_with_a_given_id_is_idempotent(store: Store) -> None:
    with store.session() as session:
        first = archive_put(session, id="out-msg-1", content=b"a", direction="out", channel="file")
        again = archive_put(session, id="out-msg-1", content=b"a", direction="out", channel="file")
    assert first == again == "out-msg-1"
    with store.session() as session:
        assert len(archive_find(session, "out-msg-1")) == 1


def test_duplicate_register_window(store: Store) -> None:
    window = timedelta(days=1)
    sha = sha256_hex(X12)
    with store.session() as session:
        assert (
            register_interchange(session, "ZZ:ACME", "000000123", sha, window, T0, archive_id="a1")
            is None
        )
        # same sender + control, different bytes (re-sent with a new time stamp): duplicate
        later = T0 + timedelta(hours=2)
        assert (
            register_interchange(
                session, "ZZ:ACME", "000000123", "f" * 64, window, later, archive_id="a2"
            )
            == "a1"
        )
        # same bytes, control read differently: duplicate by content
        assert (
            register_interchange(session, "ZZ:ACME", None, sha, window, later, archive_id="a3")
            == "a1"
        )
        # same control from another sender: not a duplicate
        assert (
            register_interchange(
                session, "ZZ:OTHER", "000000123", "e" * 64, window, later, archive_id="a4"
            )
            is None
        )
        # registering the same copy again is not a duplicate of itself
        assert (
            register_interchange(session, "ZZ:ACME", "000000123", sha, window, T0, archive_id="a1")
            is None
        )
        # after the window the same interchange is new again, and becomes the reference
        much_later = T0 + timedelta(days=2)
        assert (
            register_interchange(
                session, "ZZ:ACME", "000000123", sha, window, much_later, archive_id="a5"
            )
            is None
        )
        assert (
            register_interchange(
                session, "ZZ:ACME", "000000123", sha, window, much_later, archive_id="a6"
            )
            == "a5"
        )


def test_describe_fills_in_what_parsing_learnt(store: Store) -> None:
    with store.session() as session:
        raw = archive_put(session, content=X12, direction="in", channel="file")
        assert archive_find(session, "123") == []
        assert archive_describe(
            session,
            raw,
            partner="acme",
            standard="x12",
            message_type="850",
            sender="ZZ:ACME",
            interchange_control="000000123",
        )
        assert not archive_describe(session, "in-missing", standard="x12")
    with store.session() as session:
        record = archive_get(session, raw)
        assert (record.partner, record.standard, record.message_type, record.receiver) == (
            "acme",
            "x12",
            "850",
            None,
        )
        assert [r.id for r in archive_find(session, "123")] == [raw]


def test_the_same_interchange_arriving_at_once_is_recorded_exactly_once(store: Store) -> None:
    import threading

    start = threading.Barrier(4, timeout=10)
    results: dict[str, str | None] = {}
    errors: list[BaseException] = []

    def receive(copy: str) -> None:
        try:
            start.wait()
            with store.session() as session:
                results[copy] = register_interchange(
                    session,
                    "ZZ:ACME",
                    "000000555",
                    "c" * 64,
                    timedelta(days=1),
                    T0,
                    archive_id=copy,
                )
        except BaseException as error:  # noqa: BLE001 - reported by the assertion
            errors.append(error)

    threads = [threading.Thread(target=receive, args=(f"copy-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    first = [copy for copy, earlier in results.items() if earlier is None]
    assert len(first) == 1
    assert all(earlier == first[0] for copy, earlier in results.items() if copy != first[0])
