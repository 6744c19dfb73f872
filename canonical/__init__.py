"""The canonical documents: the only shape that crosses the bus.

Pure pydantic models; nothing in this package does I/O.
"""

from canonical.ack import AckError, AckStatus, FunctionalAck, GroupAck, MessageAck
from canonical.base import SCHEMA_VERSION, CanonicalModel
from canonical.errors import (
    ConfigError,
    DocumentError,
    OrderhubError,
    PermanentError,
    Position,
    TransientError,
)
from canonical.events import OrderEvent, OrderState
from canonical.inventory import InventoryLine, InventoryReport
from canonical.order import Item, ItemId, Order, OrderLine, Reference, Source
from canonical.party import Address, Contact, Party, PartyId
from canonical.receipt import ReceiptAdvice, ReceivedLine
from canonical.response import LineStatus, OrderResponse, ResponseLine, ResponseStatus
from canonical.shipment import Package, ShipNotice, ShippedLine
from canonical.work import WorkItem, WorkLine

Document = (
    Order | OrderResponse | ShipNotice | ReceiptAdvice | InventoryReport | FunctionalAck | WorkItem
)

__all__ = [
    "SCHEMA_VERSION",
    "AckError",
    "AckStatus",
    "Address",
    "CanonicalModel",
    "ConfigError",
    "Contact",
    "Document",
    "DocumentError",
    "FunctionalAck",
    "GroupAck",
    "InventoryLine",
    "InventoryReport",
    "Item",
    "ItemId",
    "LineStatus",
    "MessageAck",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OrderResponse",
    "OrderState",
    "OrderhubError",
    "Package",
    "Party",
    "PartyId",
    "PermanentError",
    "Position",
    "ReceiptAdvice",
    "ReceivedLine",
    "Reference",
    "ResponseLine",
    "ResponseStatus",
    "ShipNotice",
    "ShippedLine",
    "Source",
    "TransientError",
    "WorkItem",
    "WorkLine",
]
