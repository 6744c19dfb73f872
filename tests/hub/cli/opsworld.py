"""A small, realistic store for the operator tools: two orders sharing a PO, their
messages in and out, a failed document that never became an order, an overdue ack.

Built only with the store's own functions, shaped as consumers/orderbook.py writes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from canonical import Order
from canonical.lifecycle import OrderProgress
from hub.store import Store, archive_add_refs, archive_put, events_append, expect_ack, order_insert

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(__file__).parent / "data"
ORDERS_EDI = ROOT / "samples" / "edifact" / "orders_d96a_acme.edi"
BROKEN_EDI = DATA / "orders_broken_bgm.edi"
T0 = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
PO = "PO-ACME-10417"
FAILED_ICN = "WAYNE000099"


def canonical_order(po: str = PO) -> Order:
    data = json.loads((DATA / "order_acme.json").read_text(encoding="utf-8"))
    data["po_number"] = po
    return Order.model_validate(data)


def document(order: Order, order_id: str) -> dict[str, Any]:
    lines = []
    for line in order.lines:
        first = line.line_number == "1"
        portion = {
            "node": "northwind-hamburg",
            "work_id": f"{order_id}-W1",
            "quantity": str(line.quantity),
            "status": "confirmed" if first else "dispatched",
            "confirmed": str(line.quantity) if first else "0",
            "promised_date": (T0.date() + timedelta(days=7)).isoformat(),
        }
        status = portion["status"]
        lines.append(
            {"line_number": line.line_number, "ordered": str(line.quantity), "status": status}
            | {"portions": [portion]}
        )
    data = {"order_id": order_id, "acknowledged": True, "revision": 1, "lines": lines}
    progress = OrderProgress.model_validate(data)  # the shape the services write today
    return {
        "order": order.model_copy(update={"id": order_id}).model_dump(
            mode="json", exclude_none=True
        ),
        "progress": progress.model_dump(mode="json"),
    }


def add_order(store: Store, order_id: str, customer: str, po: str = PO) -> None:
    order = canonical_order(po)
    with store.session() as s:
        assert order_insert(
            s,
            id=order_id,
            po_number=po,
            customer=customer,
            state="dispatched",
            document=document(order, order_id),
            now=T0,
        )
        events_append(s, order_id, "received", None, "received", f"in-{order_id}", now=T0)
        events_append(
            s, order_id, "acknowledged", "received", "acknowledged", f"in-{order_id}", now=T0
        )
        events_append(
            s,
            order_id,
            "dispatched",
            "acknowledged",
            "dispatched",
            f"work-{order_id}",
            now=T0 + timedelta(minutes=1),
        )


def build(store: Store) -> dict[str, str]:
    """The whole world; returns the archive ids by name."""
    add_order(store, "O-ACME-1", "acme")
    add_order(store, "O-GLOBEX-1", "globex")
    ids: dict[str, str] = {}
    with store.session() as s:
        ids["in"] = archive_put(
            s,
            content=ORDERS_EDI.read_bytes(),
            direction="in",
            channel="file",
            status="parsed",
            partner="acme",
            standard="edifact",
            message_type="ORDERS",
            interchange_control="ACME000417",
            message_ref="1",
            order_id="O-ACME-1",
            at=T0,
        )
        archive_add_refs(s, ids["in"], [("po_number", PO)])
        ids["out"] = archive_put(
            s,
            content=b"UNB+UNOC:3+HUB+NORTHWIND+250314:0931+17'",
            direction="out",
            channel="as2",
            status="sent",
            partner="northwind",
            standard="edifact",
            message_type="ORDERS",
            interchange_control="17",
            order_id="O-ACME-1",
            at=T0 + timedelta(minutes=1),
        )
        ids["failed"] = archive_put(
            s,
            content=BROKEN_EDI.read_bytes(),
            direction="in",
            channel="sftp",
            status="failed",
            partner="wayne",
            standard="edifact",
            message_type="ORDERS",
            interchange_control=FAILED_ICN,
            error="segment 4 BGM 02: document number missing [edifact 13]",
            at=datetime.now(UTC) - timedelta(hours=1),
        )
        expect_ack(s, "northwind", ids["out"], "17", T0 + timedelta(hours=1))
    return ids


def env(database_url: str, amqp_url: str, var_dir: Path) -> dict[str, str]:
    return {
        "ORDERHUB_DATABASE_URL": database_url,
        "ORDERHUB_AMQP_URL": amqp_url,
        "ORDERHUB_VAR_DIR": str(var_dir),
        "ORDERHUB_CONFIG_DIR": str(ROOT / "config"),
    }
