"""JSON Schemas of every canonical document, for partners' mapping tools."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from canonical.ack import FunctionalAck
from canonical.base import Versioned
from canonical.events import OrderEvent
from canonical.inventory import InventoryReport
from canonical.order import Order
from canonical.receipt import ReceiptAdvice
from canonical.response import OrderResponse
from canonical.shipment import ShipNotice
from canonical.work import WorkItem

DOCUMENT_MODELS: dict[str, type[Versioned]] = {
    "order": Order,
    "order_response": OrderResponse,
    "ship_notice": ShipNotice,
    "receipt_advice": ReceiptAdvice,
    "inventory_report": InventoryReport,
    "functional_ack": FunctionalAck,
    "work_item": WorkItem,
    "order_event": OrderEvent,
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """One JSON Schema per document type, keyed by the document's ``type``."""
    return {
        name: model.model_json_schema(mode="serialization")
        for name, model in DOCUMENT_MODELS.items()
    }


_ANY_DOCUMENT: TypeAdapter[Versioned] = TypeAdapter(
    Annotated[Union[tuple(DOCUMENT_MODELS.values())], Field(discriminator="type")]  # noqa: UP007
)


def parse_document(body: bytes | str) -> Versioned:
    """A canonical document from its JSON text, read straight into its model (no dict
    in between): the form every message on the bus carries."""
    return _ANY_DOCUMENT.validate_json(body)


def load_document(data: dict[str, Any]) -> Versioned:
    """Rebuild a canonical document from its JSON form, dispatching on ``type``."""
    model = DOCUMENT_MODELS.get(str(data.get("type")))
    if model is None:
        raise ValueError(f"unknown canonical document type {data.get('type')!r}")
    return model.model_validate(data)
