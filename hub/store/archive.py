"""Raw archive: every byte in and out, findable by PO number or control number.

``archive_refs`` is the index a person searches: one row per (message, kind, value),
keyed on a normalised value so ``000000123`` and ``123`` or ``po-77`` and ``PO-77``
find the same message, indexed so a lookup stays fast among millions of rows.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hub.store.sql import PerDialect, run
from hub.store.tables import archive, archive_refs
from hub.store.types import utcnow

Direction = Literal["in", "out"]
#: Statuses a raw message goes through; free text is refused so dashboards can count them.
STATUSES = frozenset(
    {"received", "parsed", "failed", "duplicate", "rejected", "sent", "send_failed", "acked"}
)
#: Reference kinds ``archive_put`` records by itself; callers add ``po_number`` after parsing.
AUTO_REF_KINDS = ("interchange_control", "group_control", "message_ref", "order_id")


_PUT = PerDialect(
    lambda insert: (
        insert(archive).on_conflict_do_nothing(index_elements=["id"]).returning(archive.c.id)
    )
)
_ADD_REFS = PerDialect(lambda insert: insert(archive_refs).on_conflict_do_nothing())
_GET = sa.select(archive).where(archive.c.id == sa.bindparam("b_id"))
_UPDATE = archive.update().where(archive.c.id == sa.bindparam("b_id"))


@dataclass(frozen=True)
class ArchiveRecord:
    """One archived message; ``content`` is None in search results (fetch with archive_get)."""

    id: str
    at: datetime
    direction: str
    channel: str
    partner: str | None
    standard: str | None
    message_type: str | None
    sender: str | None
    receiver: str | None
    interchange_control: str | None
    group_control: str | None
    message_ref: str | None
    sha256: str
    size: int
    status: str
    error: str | None
    order_id: str | None
    content: bytes | None = None


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def ref_key(value: str) -> str:
    """The normalised search key: trimmed, upper case, leading zeros off all-digit values."""
    key = value.strip().upper()
    if key.isdigit():
        key = key.lstrip("0") or "0"
    return key[:255]


def new_archive_id(direction: Direction, content: bytes, at: datetime) -> str:
    """Sortable by time, tells direction and content at a glance, unique per copy."""
    return f"{direction}-{at:%Y%m%d%H%M%S}-{sha256_hex(content)[:12]}-{uuid.uuid4().hex[:8]}"


def archive_put(
    session: Session,
    *,
    content: bytes,
    direction: Direction,
    channel: str,
    status: str = "received",
    partner: str | None = None,
    standard: str | None = None,
    message_type: str | None = None,
    sender: str | None = None,
    receiver: str | None = None,
    interchange_control: str | None = None,
    group_control: str | None = None,
    message_ref: str | None = None,
    order_id: str | None = None,
    error: str | None = None,
    id: str | None = None,
    at: datetime | None = None,
) -> str:
    """Archive one message; returns its id.

    Pass a deterministic ``id`` (e.g. derived from the outgoing message id) to make the
    call idempotent: a second put with the same id keeps the first row and returns the id.
    """
    _check(direction=direction, status=status)
    at = at or utcnow()
    archive_id = id or new_archive_id(direction, content, at)
    row = {
        "id": archive_id,
        "at": at,
        "direction": direction,
        "channel": channel,
        "partner": partner,
        "standard": standard,
        "message_type": message_type,
        "sender": sender,
        "receiver": receiver,
        "interchange_control": interchange_control,
        "group_control": group_control,
        "message_ref": message_ref,
        "sha256": sha256_hex(content),
        "size": len(content),
        "content": content,
        "status": status,
        "error": error,
        "order_id": order_id,
    }
    if run(session, _PUT.of(session), row).first() is not None:
        archive_add_refs(session, archive_id, [(k, row[k]) for k in AUTO_REF_KINDS if row[k]])
    return archive_id


def archive_get(session: Session, archive_id: str) -> ArchiveRecord | None:
    """The full record, content included."""
    row = run(session, _GET, {"b_id": archive_id}).mappings().first()
    return None if row is None else _record(row, with_content=True)


def archive_set_status(
    session: Session,
    archive_id: str,
    status: str,
    error: str | None = None,
    *,
    order_id: str | None = None,
) -> bool:
    """Move a message to ``status`` (with the error text on failure); False if unknown id."""
    _check(status=status)
    values: dict[str, object] = {"b_id": archive_id, "status": status, "error": error}
    if order_id is not None:
        values["order_id"] = order_id
    found = run(session, _UPDATE, values).rowcount
    if found and order_id is not None:
        archive_add_refs(session, archive_id, [("order_id", order_id)])
    return bool(found)


def archive_describe(
    session: Session,
    archive_id: str,
    *,
    partner: str | None = None,
    standard: str | None = None,
    message_type: str | None = None,
    sender: str | None = None,
    receiver: str | None = None,
    interchange_control: str | None = None,
    group_control: str | None = None,
    message_ref: str | None = None,
) -> bool:
    """Fill in what parsing learnt about a message archived as bare bytes by its channel.

    Only the given fields change; control numbers become searchable. False if unknown id.
    """
    given = {
        "partner": partner,
        "standard": standard,
        "message_type": message_type,
        "sender": sender,
        "receiver": receiver,
        "interchange_control": interchange_control,
        "group_control": group_control,
        "message_ref": message_ref,
    }
    values = {k: v for k, v in given.items() if v is not None}
    if not values:
        return archive_get(session, archive_id) is not None
    if run(session, _UPDATE, {"b_id": archive_id, **values}).rowcount != 1:
        return False
    archive_add_refs(
        session, archive_id, [(k, v) for k, v in values.items() if k in AUTO_REF_KINDS]
    )
    return True


def archive_add_refs(session: Session, archive_id: str, refs: Iterable[tuple[str, str]]) -> None:
    """Make the message findable by these (kind, value) pairs, e.g. ("po_number", "4500012345")."""
    rows = [
        {"archive_id": archive_id, "kind": kind, "value_key": ref_key(value), "value": value[:255]}
        for kind, value in dict.fromkeys((k, str(v)) for k, v in refs if str(v).strip())
    ]
    if rows:
        run(session, _ADD_REFS.of(session), rows)


def archive_find(session: Session, text: str, limit: int = 50) -> list[ArchiveRecord]:
    """Messages whose id, PO number, order id or control number is ``text``, newest first.

    Two index lookups (the id, then the reference key) rather than one ``OR``: an ``OR``
    around the sub-select keeps PostgreSQL from turning it into an indexed semi-join.
    """
    text = text.strip()
    if not text:
        return []
    columns = [c for c in archive.c if c.name != "content"]
    by_ref = sa.select(archive_refs.c.archive_id).where(archive_refs.c.value_key == ref_key(text))
    query = (
        sa.select(*columns)
        .where(archive.c.id.in_(by_ref))
        .order_by(archive.c.at.desc(), archive.c.id.desc())
        .limit(limit)
    )
    found = [_record(row, with_content=False) for row in session.execute(query).mappings()]
    if not any(r.id == text for r in found):
        exact = session.execute(sa.select(*columns).where(archive.c.id == text)).mappings().first()
        if exact is not None:
            found = [_record(exact, with_content=False), *found]
            found = sorted(found, key=lambda r: (r.at, r.id), reverse=True)[:limit]
    return found


def archive_for_order(session: Session, order_id: str, limit: int = 500) -> list[ArchiveRecord]:
    """Every message in and out for one order, oldest first (for ``orderhub trace``).

    A message that carried several orders (one interchange, many POs) names each of
    them in ``archive_refs``; those count too.
    """
    referenced = sa.select(archive_refs.c.archive_id).where(
        archive_refs.c.kind == "order_id", archive_refs.c.value_key == ref_key(order_id)
    )
    query = (
        sa.select(*[c for c in archive.c if c.name != "content"])
        .where(sa.or_(archive.c.order_id == order_id, archive.c.id.in_(referenced)))
        .order_by(archive.c.at, archive.c.id)
        .limit(limit)
    )
    return [_record(row, with_content=False) for row in session.execute(query).mappings()]


def _check(*, status: str, direction: str = "in") -> None:
    if direction not in ("in", "out"):
        raise ValueError(f"archive direction must be 'in' or 'out', not {direction!r}")
    if status not in STATUSES:
        raise ValueError(f"archive status {status!r} is not one of {sorted(STATUSES)}")


def _record(row: sa.RowMapping, *, with_content: bool) -> ArchiveRecord:
    fields = {k: row[k] for k in ArchiveRecord.__dataclass_fields__ if k != "content"}
    content = bytes(row["content"]) if with_content else None
    return ArchiveRecord(**fields, content=content)
