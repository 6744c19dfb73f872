"""Writing UBL 2.1 with Peppol BIS 3 identifiers. Pure: same inputs, same bytes."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.reading import Envelope
from adapters.ubl.common import serialize
from adapters.ubl.write_notices import build_despatch_advice, build_order_response
from adapters.ubl.write_order import build_order, document_name
from adapters.ubl.write_receipt import build_receipt_advice
from canonical import Order, OrderResponse, ReceiptAdvice, ShipNotice
from canonical.base import Versioned

NAMES = {
    Order: "Order",
    OrderResponse: "OrderResponse",
    ShipNotice: "DespatchAdvice",
    ReceiptAdvice: "ReceiptAdvice",
}


def write(document: Versioned, envelope: Envelope, *, message_type: str | None = None) -> bytes:
    """Order -> Order (a change -> OrderChange, a cancellation -> OrderCancellation),
    OrderResponse -> OrderResponse, ShipNotice -> DespatchAdvice, ReceiptAdvice -> ReceiptAdvice.

    The parties' endpoints come from the document (a UBL document has no envelope of its
    own; the Peppol network's SBDH is the transport's business); ``envelope`` supplies
    the issue date when the document has none and the response id fallback.
    """
    name = document_name(document) if isinstance(document, Order) else NAMES.get(type(document))
    if name is None:
        raise ValueError(f"UBL cannot carry a {type(document).__name__}")
    if message_type is not None and message_type != name:
        raise ValueError(
            f"a {type(document).__name__} is written as UBL {name}, not {message_type}"
        )
    created = envelope.created or datetime(1970, 1, 1, tzinfo=UTC)
    today = created.date()
    if isinstance(document, Order):
        return serialize(build_order(document, today, str(envelope.interchange_control)))
    if isinstance(document, ReceiptAdvice):
        return serialize(build_receipt_advice(document, created))
    if isinstance(document, OrderResponse):
        return serialize(build_order_response(document, today, str(envelope.interchange_control)))
    return serialize(build_despatch_advice(document, today))  # type: ignore[arg-type]
