"""Expected acknowledgements: recorded on send, settled on arrival, overdue after due time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hub.store import Store
from hub.store.acks import (
    ack_received,
    expect_ack,
    expected_for_archive,
    expected_mark_overdue,
    expected_overdue,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_ack_lifecycle(store: Store) -> None:
    with store.session() as session:
        a = expect_ack(session, "acme", "out-1", "000000042", T0 + HOUR, group_control="42")
        b = expect_ack(session, "acme", "out-2", "000000043", T0 + 2 * HOUR)
        c = expect_ack(session, "globex", "out-3", "000000042", T0 + HOUR)
    with store.session() as session:
        assert [e.id for e in expected_overdue(session, T0 + HOUR / 2)] == []
        assert [e.id for e in expected_overdue(session, T0 + 90 * timedelta(minutes=1))] == [a, c]
        settled = ack_received(session, "acme", "42", now=T0 + 3 * HOUR)  # leading zeros differ
        assert [(e.id, e.status, e.received_at) for e in settled] == [
            (a, "accepted", T0 + 3 * HOUR)
        ]
        assert [e.id for e in expected_overdue(session, T0 + 3 * HOUR)] == [c, b]
        assert expected_mark_overdue(session, [c]) == 1
        assert [e.id for e in expected_overdue(session, T0 + 3 * HOUR)] == [b]
        overdue = expected_overdue(session, T0 + 3 * HOUR, include_alerted=True)
        assert [(e.id, e.status) for e in overdue] == [(c, "overdue"), (b, "pending")]
        rejected = ack_received(session, "globex", "000000042", accepted=False)
        assert [(e.id, e.status) for e in rejected] == [(c, "rejected")]
        assert ack_received(session, "acme", "42") == []  # already settled
        assert [e.status for e in expected_for_archive(session, "out-2")] == ["pending"]


def test_group_ack_settles_only_its_group(store: Store) -> None:
    with store.session() as session:
        g1 = expect_ack(session, "acme", "out-1", "7", T0, group_control="1")
        g2 = expect_ack(session, "acme", "out-1", "7", T0, group_control="2")
        assert [e.id for e in ack_received(session, "acme", "7", group_control="2")] == [g2]
        assert [e.id for e in expected_overdue(session, T0 + HOUR)] == [g1]
