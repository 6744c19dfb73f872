"""The messages the services exchange: routing keys, bodies and the ids they carry."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from canonical import (
    FunctionalAck,
    InventoryReport,
    Order,
    OrderResponse,
    ReceiptAdvice,
    ShipNotice,
)
from canonical.base import Versioned
from canonical.schema import parse_document

# headers every message of the hub may carry
PARTNER = "x-partner"
RAW_ID = "x-raw-id"
ORDER_ID = "x-order-id"
FILE_NAME = "x-file-name"
DOCUMENT_TYPE = "x-document-type"
# orderhub.events routing key of `orderhub node down`: the tracker moves the node's work
NODE_DOWN = "node.down"
# orderhub.events routing key of the inventory service: a node reported less than we hold
# there for orders (body: node, item, units short); the tracker moves unconfirmed work
STOCK_SHORT = "inventory.short"


def event_key(document: Versioned) -> str:
    """The routing key on ``orderhub.events`` for a document the hub received."""
    if isinstance(document, Order):
        return {
            "original": "order.received",
            "change": "order.changed",
            "cancel": "order.cancelled",
        }[document.purpose]
    if isinstance(document, OrderResponse):
        return "order.responded"
    if isinstance(document, ShipNotice):
        return "shipment.notified"
    if isinstance(document, ReceiptAdvice):
        return "receipt.advised"
    if isinstance(document, InventoryReport):
        return "inventory.reported"
    if isinstance(document, FunctionalAck):
        return "ack.received"
    raise TypeError(f"no event for {type(document).__name__}")


def body_of(document: Versioned) -> bytes:
    return document.model_dump_json(exclude_none=True).encode("utf-8")


def document_of(body: bytes) -> Versioned:
    return parse_document(body)


def json_body(data: dict[str, Any]) -> bytes:
    return json.dumps(data, separators=(",", ":"), default=str).encode("utf-8")


def order_id_for(customer: str, po_number: str) -> str:
    """The same customer's same PO is the same order, whichever message names it."""
    digest = hashlib.sha1(f"{customer}\x1f{po_number}".encode()).hexdigest()[:12].upper()
    return f"O{digest}"
