"""What happened to an order, or to a document that never became one: the trace.

One JSON shape for `orderhub trace --json`, `/api/orders` and the dashboard, so an
engineer's script and the web page never disagree. Read-only: nothing here writes.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hub.store import OrderRecord, archive_find, events_list, order_find, order_get
from hub.store.archive import ArchiveRecord, archive_for_order


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _cell(value: Any) -> str:
    return "-" if value is None or value == "" else str(value)


def _item(line: dict[str, Any]) -> str:
    item = line.get("item") or {}
    return _cell(item.get("gtin") or item.get("supplier_part") or item.get("buyer_part"))


def line_rows(order: dict[str, Any], progress: dict[str, Any]) -> list[list[str]]:
    """One row per line and node: what was ordered next to how far each part of it got.

    A line split across nodes has one portion per node; a line not yet planned has none
    and shows its own status alone.
    """
    ordered = {line.get("line_number"): line for line in order.get("lines", [])}
    done = {p.get("line_number"): p for p in progress.get("lines", [])}
    header = ["line", "item", "qty", "uom", "node", "status", "confirmed", "shipped", "promised",
              "received"]  # fmt: skip
    rows = [header]
    for number in [*ordered, *(n for n in done if n not in ordered)]:
        line, state = ordered.get(number, {}), done.get(number, {})
        first = [_cell(number), _item(line)]
        uom = _cell(line.get("uom"))
        parts = state.get("portions") or [
            {**state, "quantity": line.get("quantity", state.get("ordered"))}
        ]
        received = _received(state)
        for part in parts:
            rows.append(
                [
                    *first,
                    _cell(part.get("quantity")),
                    uom,
                    _cell(part.get("node")),
                    _cell(part.get("status")),
                    _cell(part.get("confirmed")),
                    _cell(part.get("shipped")),
                    _cell(part.get("promised_date")),
                    received,
                ]
            )
            first, received = ["", ""], ""
    return rows


def _received(state: dict[str, Any]) -> str:
    """What the customer's receipt advices counted in for the line ("" before any)."""
    got, refused = state.get("received"), state.get("refused")
    if not state.get("delivered") and not _number(got) and not _number(refused):
        return ""
    return _cell(got) + (f" (+{_cell(refused)} refused)" if _number(refused) else "")


def _number(value: Any) -> bool:
    try:
        return float(value or 0) != 0
    except (TypeError, ValueError):
        return False


def message_json(record: ArchiveRecord) -> dict[str, Any]:
    """An archive record's metadata (never its bytes) in JSON form."""
    data = {k: v for k, v in dataclasses.asdict(record).items() if k != "content"}
    data["at"] = _iso(record.at)
    return data


def _belongs(record: ArchiveRecord, order: OrderRecord) -> bool:
    """A message found by PO number belongs to this order unless it names another one.

    Several customers may share a PO number: a message already tied to another order,
    or from another partner and tied to none, is theirs, not this order's.
    """
    if record.order_id is not None:
        return record.order_id == order.id
    return record.partner in (None, order.customer)


def order_messages(session: Session, order: OrderRecord) -> list[ArchiveRecord]:
    """Every archived message in and out for the order, oldest first, each once."""
    found: dict[str, ArchiveRecord] = {r.id: r for r in archive_for_order(session, order.id)}
    for record in archive_find(session, order.id) + archive_find(session, order.po_number):
        if record.id not in found and _belongs(record, order):
            found[record.id] = record
    return sorted(found.values(), key=lambda r: (r.at, r.id))


def order_json(session: Session, order: OrderRecord) -> dict[str, Any]:
    """One order's trace: the canonical order, its progress, timeline and messages."""
    document = dict(order.document)
    return {
        "id": order.id,
        "po_number": order.po_number,
        "customer": order.customer,
        "state": order.state,
        "version": order.version,
        "created_at": _iso(order.created_at),
        "updated_at": _iso(order.updated_at),
        "order": document.get("order", {}),
        "progress": document.get("progress", {}),
        "events": [e.model_dump(mode="json") for e in events_list(session, order.id)],
        "messages": [message_json(r) for r in order_messages(session, order)],
    }


def trace(session: Session, text: str) -> dict[str, Any]:
    """The orders whose PO number or id is ``text``, and the archived messages it names.

    ``messages`` at the top holds what ``archive_find`` finds for ``text`` (a control
    number, an archive id, a PO) that is not already listed under one of the orders:
    the failed, rejected or duplicate documents that never became an order.
    """
    text = text.strip()
    orders = [order_json(session, o) for o in order_find(session, text)] if text else []
    listed = {m["id"] for o in orders for m in o["messages"]}
    loose = [message_json(r) for r in archive_find(session, text) if r.id not in listed]
    return {"orders": orders, "messages": loose}


def trace_order(session: Session, order_id: str) -> dict[str, Any] | None:
    """The trace of exactly one order by its id (None when unknown)."""
    order = order_get(session, order_id)
    if order is None:
        return None
    return {"orders": [order_json(session, order)], "messages": []}
