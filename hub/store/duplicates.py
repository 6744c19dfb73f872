"""The duplicate-interchange register: the same interchange is never processed twice.

Two keys per inbound interchange: (sender, control number) and the sha256 of its bytes.
Each key row holds the archive id of the copy seen last outside the window, so the
check-and-record is one atomic upsert: of two replicas receiving the same interchange at
once, exactly one records it and the other is told which copy came first.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hub.store.sql import PerDialect, run
from hub.store.tables import interchange_register

_t = interchange_register
_EARLIER = sa.select(_t.c.archive_id).where(
    _t.c.key_kind == sa.bindparam("kind"),
    _t.c.key == sa.bindparam("key"),
    _t.c.seen_at >= sa.bindparam("cutoff"),
)
_CLAIM = PerDialect(
    lambda insert: (
        insert(_t)
        .on_conflict_do_update(
            index_elements=["key_kind", "key"],
            set_={"archive_id": sa.bindparam("b_archive_id"), "seen_at": sa.bindparam("b_seen_at")},
            where=sa.or_(
                _t.c.seen_at < sa.bindparam("cutoff"),
                _t.c.archive_id == sa.bindparam("b_archive_id"),
            ),
        )
        .returning(_t.c.archive_id)
    )
)


def register_interchange(
    session: Session,
    sender: str | None,
    control: str | None,
    sha256: str,
    window: timedelta,
    now: datetime,
    *,
    archive_id: str,
) -> str | None:
    """Record this interchange (archived as ``archive_id``), or return the earlier copy's id.

    It is a duplicate when the same sender sent the same control number, or anyone sent
    the same bytes, less than ``window`` before ``now``. ``control`` may be None for
    formats without one (e-mail); then only the bytes count.
    """
    keys = [("sha256", sha256)]
    if control:
        keys.insert(0, ("control", f"{sender or ''}\x1f{control.strip()}"))
    for kind, key in keys:  # fast path, no write: the common duplicate is a resend
        earlier = _earlier(session, kind, key, now - window)
        if earlier is not None and earlier != archive_id:
            return earlier
    for kind, key in keys:
        earlier = _claim(session, kind, key, archive_id, now, now - window)
        if earlier is not None:
            return earlier
    return None


def _earlier(session: Session, kind: str, key: str, cutoff: datetime) -> str | None:
    return run(session, _EARLIER, {"kind": kind, "key": key, "cutoff": cutoff}).scalar()


def _claim(
    session: Session, kind: str, key: str, archive_id: str, now: datetime, cutoff: datetime
) -> str | None:
    """Insert or take over an expired key; the earlier archive id if someone holds it."""
    params = {"key_kind": kind, "key": key, "archive_id": archive_id, "seen_at": now,
              "b_archive_id": archive_id, "b_seen_at": now, "cutoff": cutoff}  # fmt: skip
    if run(session, _CLAIM.of(session), params).first() is not None:
        return None
    return _earlier(session, kind, key, cutoff)


def register_purge(session: Session, before: datetime) -> int:
    """Forget interchanges seen before ``before`` (older than any window); returns how many."""
    t = interchange_register
    return session.execute(t.delete().where(t.c.seen_at < before)).rowcount
