"""The order state machine: pure rules for what each document does to an order.

An order's progress is kept per line (who fulfils it, what was confirmed, what
shipped); the order's state is derived from its lines, so the two can never
disagree. Every function returns a new progress and never mutates its input; the
consumers store it with a compare-and-set on the order's version.

A document that arrives before the order is ready for it (a ship notice before the
work was dispatched) raises ``TooEarly``, a transient error: the consumer base
retries it later instead of losing it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from canonical.base import CanonicalModel
from canonical.errors import PermanentError, TransientError
from canonical.events import OrderState
from canonical.order import Order
from canonical.response import OrderResponse
from canonical.shipment import ShipNotice

LineState = Literal[
    "open", "planned", "dispatched", "confirmed", "rejected", "backordered",
    "partially_shipped", "shipped", "cancelled",
]  # fmt: skip

FINAL: frozenset[str] = frozenset({"shipped", "cancelled", "rejected", "delivered", "closed"})
_SHIPPABLE = {"dispatched", "confirmed", "partially_shipped"}


class TooEarly(TransientError):
    """The order is not yet in a state where this document applies; try again later."""


class NotApplicable(PermanentError):
    """The document contradicts the order (a line it never had, a change after shipping)."""


class LineProgress(CanonicalModel):
    line_number: str
    ordered: Decimal
    status: LineState = "open"
    node: str | None = None
    work_id: str | None = None
    confirmed: Decimal = Decimal(0)
    shipped: Decimal = Decimal(0)
    promised_date: date | None = None
    rejected_by: list[str] = Field(default_factory=list)


class OrderProgress(CanonicalModel):
    order_id: str
    acknowledged: bool = False
    revision: int = 0  # plan revision
    cancelled: bool = False
    lines: list[LineProgress] = Field(default_factory=list)
    shipments: list[str] = Field(default_factory=list)  # shipment ids already applied

    @property
    def state(self) -> OrderState:
        return derive_state(self)

    def line(self, number: str) -> LineProgress:
        for line in self.lines:
            if line.line_number == number:
                return line
        raise NotApplicable(f"order {self.order_id} has no line {number}")

    def _with(self, lines: list[LineProgress], **changes: object) -> OrderProgress:
        return self.model_copy(update={"lines": lines, **changes})


def derive_state(progress: OrderProgress) -> OrderState:
    """The order's state from its lines: the one place this is decided."""
    if progress.cancelled:
        return "cancelled"
    live = [line for line in progress.lines if line.status != "cancelled"]
    if not live:
        return "cancelled" if progress.lines else "received"
    states = {line.status for line in live}
    if states <= {"rejected"}:
        return "rejected"
    active = [line for line in live if line.status not in ("rejected", "backordered")]
    if active and all(line.status == "shipped" for line in active):
        return "shipped"
    if any(line.status in ("shipped", "partially_shipped") for line in live):
        return "partially_shipped"
    if states <= {"backordered", "rejected"}:
        return "backordered"
    if active and all(line.status == "confirmed" for line in active):
        return "confirmed"
    if active and all(line.status in ("dispatched", "confirmed") for line in active):
        return "dispatched"
    if active and all(line.status != "open" for line in active):
        return "planned"
    return "acknowledged" if progress.acknowledged else "received"


def start(order: Order, order_id: str, *, acknowledged: bool) -> OrderProgress:
    lines = [LineProgress(line_number=l.line_number, ordered=l.quantity) for l in order.lines]  # noqa: E741
    return OrderProgress(order_id=order_id, acknowledged=acknowledged, lines=lines)


def planned(
    progress: OrderProgress,
    assignments: dict[str, tuple[str, str, date | None]],
    backordered: set[str],
    revision: int,
) -> OrderProgress:
    """Record a plan: line -> (node, work id, promised date); unfilled lines are backordered."""
    lines = []
    for line in progress.lines:
        if line.line_number in assignments and line.status in (
            "open",
            "rejected",
            "backordered",
            "planned",
        ):
            node, work_id, promised = assignments[line.line_number]
            line = line.model_copy(
                update={
                    "status": "planned",
                    "node": node,
                    "work_id": work_id,
                    "promised_date": promised,
                }
            )
        elif line.line_number in backordered and line.status in ("open", "rejected", "planned"):
            line = line.model_copy(update={"status": "backordered", "node": None, "work_id": None})
        lines.append(line)
    return progress._with(lines, revision=revision)


def dispatched(progress: OrderProgress, work_id: str) -> OrderProgress:
    if not any(line.work_id == work_id for line in progress.lines):
        raise TooEarly(f"order {progress.order_id}: work {work_id} is not planned yet")
    lines = [
        line.model_copy(update={"status": "dispatched"})
        if line.work_id == work_id and line.status == "planned"
        else line
        for line in progress.lines
    ]
    return progress._with(lines)


def responded(
    progress: OrderProgress, node: str, response: OrderResponse
) -> tuple[OrderProgress, list[str]]:
    """Apply a partner's order response; returns the new progress and the lines it rejected."""
    by_number = {r.line_number: r for r in response.lines}
    rejected: list[str] = []
    lines = []
    for line in progress.lines:
        answer = by_number.get(line.line_number)
        if line.node != node or line.status in ("cancelled", "shipped"):
            lines.append(line)
            continue
        if line.status == "planned":
            raise TooEarly(
                f"order {progress.order_id}: response from {node} before line {line.line_number} was sent"
            )
        is_rejected = answer.status == "rejected" if answer else response.status == "rejected"
        if is_rejected:
            rejected.append(line.line_number)
            rejected_by = [*line.rejected_by, node]
            update = {"status": "rejected", "rejected_by": rejected_by, "confirmed": Decimal(0)}
        else:
            quantity = answer.quantity if answer else line.ordered
            promised = (answer.promised_date if answer else None) or line.promised_date
            update = {"status": "confirmed", "confirmed": quantity, "promised_date": promised}
        lines.append(line.model_copy(update=update))
    return progress._with(lines), rejected


def shipped(progress: OrderProgress, node: str | None, notice: ShipNotice) -> OrderProgress:
    """Apply a ship notice; quantities add up over several notices, each applied once."""
    if notice.shipment_id in progress.shipments:
        return progress
    amounts: dict[str, Decimal] = {}
    for item in notice.shipped_lines():
        amounts[item.line_number] = amounts.get(item.line_number, Decimal(0)) + item.quantity
    lines = []
    for line in progress.lines:
        qty = amounts.pop(line.line_number, None)
        if qty is None or (node is not None and line.node not in (node, None)):
            lines.append(line)
            continue
        if line.status not in _SHIPPABLE:
            if line.status in ("open", "planned"):
                raise TooEarly(
                    f"order {progress.order_id}: ship notice for line {line.line_number} before dispatch"
                )
            raise NotApplicable(
                f"order {progress.order_id}: line {line.line_number} is {line.status}, cannot ship"
            )
        total = line.shipped + qty
        target = line.confirmed or line.ordered
        status: LineState = "shipped" if total >= target else "partially_shipped"
        lines.append(line.model_copy(update={"shipped": total, "status": status}))
    if amounts:
        raise NotApplicable(
            f"order {progress.order_id}: ship notice names unknown line(s) {', '.join(sorted(amounts))}"
        )
    return progress._with(lines, shipments=[*progress.shipments, notice.shipment_id])


def changed(progress: OrderProgress, change: Order) -> tuple[OrderProgress, list[str]]:
    """Apply a customer's change or cancel to what has not shipped; returns the lines touched."""
    if change.purpose == "cancel" and not change.lines:
        if any(line.status in ("shipped", "partially_shipped") for line in progress.lines):
            raise NotApplicable(
                f"order {progress.order_id}: already shipped in part, cannot cancel whole"
            )
        lines = [line.model_copy(update={"status": "cancelled"}) for line in progress.lines]
        return progress._with(lines, cancelled=True), [line.line_number for line in progress.lines]
    touched: list[str] = []
    lines = list(progress.lines)
    for new in change.lines:
        index = next(
            (i for i, line in enumerate(lines) if line.line_number == new.line_number), None
        )
        deleting = new.action == "delete" or change.purpose == "cancel" or new.quantity == 0
        if index is None:
            if not deleting:
                lines.append(LineProgress(line_number=new.line_number, ordered=new.quantity))
                touched.append(new.line_number)
            continue
        line = lines[index]
        if line.status in ("shipped", "partially_shipped"):
            raise NotApplicable(
                f"order {progress.order_id}: line {line.line_number} already shipped, cannot change"
            )
        if deleting:
            lines[index] = line.model_copy(update={"status": "cancelled"})
        elif new.quantity != line.ordered:
            lines[index] = line.model_copy(
                update={"ordered": new.quantity, "status": "open", "confirmed": Decimal(0)}
            )
        else:
            continue
        touched.append(line.line_number)
    return progress._with(lines), touched
