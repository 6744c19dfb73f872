"""Expected acknowledgements: every interchange we send that the partner must acknowledge.

The tracker records one when the dispatcher sends, marks it when the CONTRL / 997 / 999
arrives, and raises an alert for those still pending after their due time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hub.store.archive import ref_key
from hub.store.sql import run
from hub.store.tables import expected_acks
from hub.store.types import utcnow

#: pending -> accepted | rejected (ack arrived) ; pending -> overdue (alerted) -> accepted ...
STATUSES = frozenset({"pending", "accepted", "rejected", "overdue"})


@dataclass(frozen=True)
class ExpectedAck:
    id: int
    partner: str
    archive_id: str
    interchange_control: str
    group_control: str | None
    message_control: str | None
    due_at: datetime
    received_at: datetime | None
    status: str


_EXPECT = expected_acks.insert().returning(expected_acks.c.id)


def expect_ack(
    session: Session,
    partner: str,
    archive_id: str,
    interchange_control: str,
    due_at: datetime,
    *,
    group_control: str | None = None,
    message_control: str | None = None,
) -> int:
    """Remember that ``partner`` owes an acknowledgement for this interchange by ``due_at``."""
    row = {
        "partner": partner,
        "archive_id": archive_id,
        "interchange_control": ref_key(interchange_control),
        "group_control": ref_key(group_control) if group_control else None,
        "message_control": ref_key(message_control) if message_control else None,
        "due_at": due_at,
        "status": "pending",
    }
    return int(run(session, _EXPECT, row).scalar_one())


def ack_received(
    session: Session,
    partner: str,
    interchange_control: str,
    *,
    group_control: str | None = None,
    accepted: bool = True,
    now: datetime | None = None,
) -> list[ExpectedAck]:
    """Mark what an incoming acknowledgement answers; returns the entries it settled.

    Control numbers match regardless of leading zeros (``000000042`` answers ``42``).
    With ``group_control`` only that group is settled; without, the whole interchange.
    """
    t = expected_acks
    where = [
        t.c.partner == partner,
        t.c.interchange_control == ref_key(interchange_control),
        t.c.status.in_(("pending", "overdue")),
    ]
    if group_control:
        where.append(
            sa.or_(t.c.group_control.is_(None), t.c.group_control == ref_key(group_control))
        )
    settled = (
        t.update()
        .where(*where)
        .values(status="accepted" if accepted else "rejected", received_at=now or utcnow())
        .returning(*t.c)
    )
    return [ExpectedAck(**row) for row in session.execute(settled).mappings()]


def expected_overdue(
    session: Session, now: datetime, *, include_alerted: bool = False, limit: int = 500
) -> list[ExpectedAck]:
    """Acknowledgements due before ``now`` and not received, oldest due first.

    Entries already alerted (status ``overdue``) are left out unless ``include_alerted``.
    """
    t = expected_acks
    statuses = ("pending", "overdue") if include_alerted else ("pending",)
    query = (
        sa.select(t)
        .where(t.c.status.in_(statuses), t.c.due_at < now)
        .order_by(t.c.due_at, t.c.id)
        .limit(limit)
    )
    return [ExpectedAck(**row) for row in session.execute(query).mappings()]


def expected_mark_overdue(session: Session, ids: list[int]) -> int:
    """Record that an alert went out, so the next sweep does not repeat it."""
    if not ids:
        return 0
    t = expected_acks
    update = t.update().where(t.c.id.in_(ids), t.c.status == "pending").values(status="overdue")
    return session.execute(update).rowcount


def expected_for_archive(session: Session, archive_id: str) -> list[ExpectedAck]:
    query = sa.select(expected_acks).where(expected_acks.c.archive_id == archive_id)
    return [ExpectedAck(**row) for row in session.execute(query).mappings()]


def ack_received_for_group(
    session: Session,
    partner: str,
    group_control: str,
    *,
    accepted: bool = True,
    now: datetime | None = None,
) -> list[ExpectedAck]:
    """Settle by functional group: an X12 997/999 names our GS06 in AK1, not our ISA13."""
    t = expected_acks
    settled = (
        t.update()
        .where(
            t.c.partner == partner,
            t.c.group_control == ref_key(group_control),
            t.c.status.in_(("pending", "overdue")),
        )
        .values(status="accepted" if accepted else "rejected", received_at=now or utcnow())
        .returning(*t.c)
    )
    return [ExpectedAck(**row) for row in session.execute(settled).mappings()]
