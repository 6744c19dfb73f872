"""The order timeline: every state change with the message that caused it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from canonical.base import Versioned

OrderState = Literal[
    "received",
    "acknowledged",
    "planned",
    "dispatched",
    "confirmed",
    "partially_shipped",
    "shipped",
    "delivered",
    "closed",
    "rejected",
    "backordered",
    "cancelled",
]


class OrderEvent(Versioned):
    type: Literal["order_event"] = "order_event"
    order_id: str
    sequence: int
    at: datetime
    kind: str  # state change, document in/out, alert
    state_from: OrderState | None = None
    state_to: OrderState | None = None
    cause: str | None = None  # message id that caused it
    detail: dict[str, Any] = Field(default_factory=dict)
