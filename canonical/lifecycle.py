"""The order state machine: pure rules for what each document does to an order.

An order's progress is kept per line, and per line per *portion*: the part of the line
one node fulfils under one work item (a line may be split across nodes). A line's state
follows from its portions and the order's state from its lines, so the three can never
disagree. Every function returns a new progress and never mutates its input; the
services store it with a compare-and-set on the order's version.

A document that arrives before the order is ready for it (a ship notice before the
work was dispatched) raises ``TooEarly``, a transient error: the consumer base retries
it later instead of losing it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from canonical.base import CanonicalModel
from canonical.errors import PermanentError, TransientError
from canonical.events import OrderState
from canonical.order import Order
from canonical.receipt import ReceiptAdvice
from canonical.response import OrderResponse
from canonical.shipment import ShipNotice

LineState = Literal[
    "open", "planned", "dispatched", "confirmed", "rejected", "backordered",
    "partially_shipped", "shipped", "delivered", "cancelled",
]  # fmt: skip
PortionState = Literal[
    "planned", "dispatched", "confirmed", "rejected", "partially_shipped", "shipped", "cancelled"
]

_SHIPPABLE = {"dispatched", "confirmed", "partially_shipped"}
_LIVE = {"planned", "dispatched", "confirmed", "partially_shipped", "shipped"}
_GONE = {"partially_shipped", "shipped", "delivered"}  # line states past changing


class TooEarly(TransientError):
    """The order is not yet in a state where this document applies; try again later."""


class NotApplicable(PermanentError):
    """The document contradicts the order (a line it never had, a change after shipping)."""


class Portion(CanonicalModel):
    node: str
    work_id: str
    quantity: Decimal
    status: PortionState = "planned"
    confirmed: Decimal = Decimal(0)
    shipped: Decimal = Decimal(0)
    promised_date: date | None = None


class LineProgress(CanonicalModel):
    line_number: str
    ordered: Decimal
    status: LineState = "open"  # derived from the portions once there are live ones
    portions: list[Portion] = Field(default_factory=list)
    rejected_by: list[str] = Field(default_factory=list)
    received: Decimal = Decimal(0)  # what the customer's receipt advices accepted
    refused: Decimal = Decimal(0)  # what they received and refused (damaged, wrong item)
    delivered: bool = False  # a receipt advice covered the line once it had shipped whole

    def live(self) -> list[Portion]:
        return [p for p in self.portions if p.status in _LIVE]

    @property
    def nodes(self) -> list[str]:
        return [p.node for p in self.live()]

    @property
    def confirmed(self) -> Decimal:
        return sum((p.confirmed for p in self.live()), Decimal(0))

    @property
    def shipped(self) -> Decimal:
        return sum((p.shipped for p in self.live()), Decimal(0))

    @property
    def promised_date(self) -> date | None:
        dates = [p.promised_date for p in self.live() if p.promised_date]
        return max(dates) if dates else None


class OrderProgress(CanonicalModel):
    order_id: str
    acknowledged: bool = False
    revision: int = 0  # plan revision
    cancelled: bool = False
    lines: list[LineProgress] = Field(default_factory=list)
    shipments: list[str] = Field(default_factory=list)  # shipment ids already applied
    receipts: list[str] = Field(default_factory=list)  # receipt advice numbers applied
    closed: bool = False

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


def _settle(line: LineProgress) -> LineProgress:
    """The line's state from its live portions (kept as is while it has none)."""
    live = line.live()
    if line.status == "cancelled" or not live:
        return line
    states = {p.status for p in live}
    if states == {"shipped"}:
        status: LineState = "delivered" if line.delivered else "shipped"
    elif states & {"shipped", "partially_shipped"}:
        status = "partially_shipped"
    elif states == {"confirmed"}:
        status = "confirmed"
    elif states <= {"dispatched", "confirmed"}:
        status = "dispatched"
    else:
        status = "planned"
    return line.model_copy(update={"status": status})


def derive_state(progress: OrderProgress) -> OrderState:
    """The order's state from its lines: the one place this is decided."""
    if progress.cancelled:
        return "cancelled"
    if progress.closed:
        return "closed"
    live = [line for line in progress.lines if line.status != "cancelled"]
    if not live:
        return "cancelled" if progress.lines else "received"
    states = {line.status for line in live}
    if states <= {"rejected"}:
        return "rejected"
    active = [line for line in live if line.status not in ("rejected", "backordered")]
    if active and all(line.status == "delivered" for line in active):
        return "delivered"
    if active and all(line.status in ("shipped", "delivered") for line in active):
        return "shipped"
    if any(line.status in _GONE for line in live):
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
    lines = [
        LineProgress(line_number=item.line_number, ordered=item.quantity) for item in order.lines
    ]
    return OrderProgress(order_id=order_id, acknowledged=acknowledged, lines=lines)


def planned(
    progress: OrderProgress,
    portions: dict[str, list[Portion]],
    backordered: set[str],
    revision: int,
    rejected: frozenset[str] = frozenset(),
) -> OrderProgress:
    """Add a plan's new portions (line -> portions); unfilled lines are backordered or,
    where the rules say so, rejected. Live portions a re-plan kept stay as they are."""
    lines = []
    for line in progress.lines:
        new = portions.get(line.line_number, [])
        if line.status == "cancelled" or (line.status in ("shipped", "delivered") and not new):
            lines.append(line)
            continue
        if new:
            line = line.model_copy(update={"portions": [*line.portions, *new], "status": "planned"})
        elif not line.live() and line.line_number in backordered:
            line = line.model_copy(update={"status": "backordered"})
        elif not line.live() and line.line_number in rejected:
            line = line.model_copy(update={"status": "rejected"})
        lines.append(_settle(line))
    return progress._with(lines, revision=revision)


def _map_portions(progress: OrderProgress, fn) -> list[LineProgress]:  # type: ignore[no-untyped-def]
    lines = []
    for line in progress.lines:
        portions = [fn(line, p) for p in line.portions]
        lines.append(_settle(line.model_copy(update={"portions": portions})))
    return lines


def dispatched(progress: OrderProgress, work_id: str) -> OrderProgress:
    if not any(p.work_id == work_id for line in progress.lines for p in line.portions):
        raise TooEarly(f"order {progress.order_id}: work {work_id} is not planned yet")

    def step(_line: LineProgress, p: Portion) -> Portion:
        if p.work_id == work_id and p.status == "planned":
            return p.model_copy(update={"status": "dispatched"})
        return p

    return progress._with(_map_portions(progress, step))


def responded(
    progress: OrderProgress, work_id: str, node: str, response: OrderResponse
) -> tuple[OrderProgress, list[str]]:
    """Apply a node's order response to its work; returns the lines it rejected."""
    by_number = {r.line_number: r for r in response.lines}
    rejected: list[str] = []
    lines = []
    for line in progress.lines:
        mine = [p for p in line.portions if p.work_id == work_id]
        if not mine or line.status == "cancelled":
            lines.append(line)
            continue
        answer = by_number.get(line.line_number)
        is_rejected = answer.status == "rejected" if answer else response.status == "rejected"
        portions = []
        for p in line.portions:
            if p.work_id != work_id or p.status in ("shipped", "cancelled", "rejected"):
                portions.append(p)
                continue
            if p.status == "planned":
                raise TooEarly(
                    f"order {progress.order_id}: response from {node} before line {line.line_number} was sent"
                )
            if is_rejected:
                portions.append(
                    p.model_copy(update={"status": "rejected", "confirmed": Decimal(0)})
                )
            else:
                quantity = min(answer.quantity, p.quantity) if answer else p.quantity
                promised = (answer.promised_date if answer else None) or p.promised_date
                status: PortionState = "confirmed"
                if p.status == "partially_shipped":  # shipped before it was confirmed
                    status = "shipped" if p.shipped >= quantity else "partially_shipped"
                portions.append(
                    p.model_copy(
                        update={"status": status, "confirmed": quantity, "promised_date": promised}
                    )
                )
        update: dict[str, object] = {"portions": portions}
        if is_rejected:
            rejected.append(line.line_number)
            update["rejected_by"] = [*line.rejected_by, node]
            if not any(p.status in _LIVE for p in portions):
                update["status"] = "rejected"
        lines.append(_settle(line.model_copy(update=update)))
    return progress._with(lines), rejected


def shortfalls(progress: OrderProgress, work_id: str) -> dict[str, Decimal]:
    """Line -> quantity a node confirmed less than it was asked for, under one work item."""
    found: dict[str, Decimal] = {}
    for line in progress.lines:
        for p in line.portions:
            answered = p.status in ("confirmed", "partially_shipped", "shipped") and p.confirmed > 0
            if p.work_id == work_id and answered and p.confirmed < p.quantity:
                found[line.line_number] = (
                    found.get(line.line_number, Decimal(0)) + p.quantity - p.confirmed
                )
    return found


def shipped(progress: OrderProgress, work_id: str, notice: ShipNotice) -> OrderProgress:
    """Apply a ship notice to one work item; quantities add up, each notice counts once."""
    if notice.shipment_id in progress.shipments:
        return progress
    amounts: dict[str, Decimal] = {}
    for item in notice.shipped_lines():
        amounts[item.line_number] = amounts.get(item.line_number, Decimal(0)) + item.quantity
    lines = []
    for line in progress.lines:
        qty = amounts.pop(line.line_number, None)
        mine = [p for p in line.portions if p.work_id == work_id]
        if qty is None or not mine:
            if qty is not None:
                raise NotApplicable(
                    f"order {progress.order_id}: line {line.line_number} is not part of work {work_id}"
                )
            lines.append(line)
            continue
        portions = []
        for p in line.portions:
            if p.work_id != work_id or qty is None:
                portions.append(p)
                continue
            if p.status not in _SHIPPABLE:
                if p.status == "planned":
                    raise TooEarly(
                        f"order {progress.order_id}: ship notice for line {line.line_number} before dispatch"
                    )
                raise NotApplicable(
                    f"order {progress.order_id}: line {line.line_number} is {p.status}, cannot ship"
                )
            total = p.shipped + qty
            target = p.confirmed or p.quantity
            status: PortionState = "shipped" if total >= target else "partially_shipped"
            portions.append(p.model_copy(update={"shipped": total, "status": status}))
            qty = None
        lines.append(_settle(line.model_copy(update={"portions": portions})))
    if amounts:
        raise NotApplicable(
            f"order {progress.order_id}: ship notice names unknown line(s) {', '.join(sorted(amounts))}"
        )
    return progress._with(lines, shipments=[*progress.shipments, notice.shipment_id])


class Discrepancy(CanonicalModel):
    """What a receipt advice says that the shipping did not: short, over or refused."""

    line_number: str
    shipped: Decimal
    received: Decimal
    refused: Decimal

    @property
    def kind(self) -> str:
        if self.refused:
            return "refused"
        return "short" if self.received < self.shipped else "over"


def received(
    progress: OrderProgress, advice: ReceiptAdvice
) -> tuple[OrderProgress, list[Discrepancy]]:
    """Apply the customer's receipt advice; each advice counts once.

    A line is delivered once it has shipped whole and a receipt covered it, whatever the
    count: the customer's word ends the shipping, and what it disputes is a discrepancy
    to settle with the customer, not a reason to keep the order open. An advice without
    lines receives everything shipped so far in full.
    """
    if advice.receipt_number in progress.receipts:
        return progress, []
    counted: dict[str, tuple[Decimal, Decimal]] = {}
    for item in advice.lines:
        got, bad = counted.get(item.line_number, (Decimal(0), Decimal(0)))
        counted[item.line_number] = (got + item.quantity, bad + item.rejected_quantity)
    if not advice.lines:
        counted = {
            line.line_number: (line.shipped, Decimal(0))
            for line in progress.lines
            if line.status in _GONE
        }
    lines, discrepancies = [], []
    for line in progress.lines:
        if line.line_number not in counted:
            lines.append(line)
            continue
        got, bad = counted.pop(line.line_number)
        if line.status in ("cancelled", "rejected", "backordered"):
            raise NotApplicable(
                f"order {progress.order_id}: receipt {advice.receipt_number} names line "
                f"{line.line_number}, which is {line.status}"
            )
        if line.status not in _GONE:
            raise TooEarly(
                f"order {progress.order_id}: receipt for line {line.line_number} before its ship notice"
            )
        line = line.model_copy(
            update={"received": line.received + got, "refused": line.refused + bad}
        )
        if line.status in ("shipped", "delivered"):
            line = line.model_copy(update={"delivered": True})
        if line.received + line.refused != line.shipped or line.refused:
            discrepancies.append(
                Discrepancy(
                    line_number=line.line_number,
                    shipped=line.shipped,
                    received=line.received,
                    refused=line.refused,
                )  # fmt: skip
            )
        lines.append(_settle(line))
    if counted:
        raise NotApplicable(
            f"order {progress.order_id}: receipt {advice.receipt_number} names unknown "
            f"line(s) {', '.join(sorted(counted))}"
        )
    return progress._with(
        lines, receipts=[*progress.receipts, advice.receipt_number]
    ), discrepancies


def close(progress: OrderProgress) -> OrderProgress:
    """Close a delivered order: nothing more is expected of anyone."""
    if progress.state != "delivered":
        raise NotApplicable(f"order {progress.order_id} is {progress.state}, not delivered")
    return progress.model_copy(update={"closed": True})


def changed(progress: OrderProgress, change: Order) -> tuple[OrderProgress, list[str]]:
    """Apply a customer's change or cancel to what has not shipped; returns the lines touched.

    Touched lines lose their live portions (cancelled): the caller tells the nodes and,
    for a changed quantity, plans the line again.
    """
    if change.purpose == "cancel" and not change.lines:
        if any(line.status in _GONE for line in progress.lines):
            raise NotApplicable(
                f"order {progress.order_id}: already shipped in part, cannot cancel whole"
            )
        lines = [_cancel(line, "cancelled") for line in progress.lines]
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
        if line.status in _GONE:
            raise NotApplicable(
                f"order {progress.order_id}: line {line.line_number} already shipped, cannot change"
            )
        if deleting:
            lines[index] = _cancel(line, "cancelled")
        elif new.quantity != line.ordered:
            lines[index] = _cancel(line, "open").model_copy(update={"ordered": new.quantity})
        else:
            continue
        touched.append(line.line_number)
    return progress._with(lines), touched


def _reopened(line: LineProgress) -> LineProgress:
    """A line some of whose work was taken back: settled on what is left, else open."""
    return _settle(line) if line.live() else line.model_copy(update={"status": "open"})


def _cancel(line: LineProgress, status: LineState) -> LineProgress:
    portions = [
        p.model_copy(update={"status": "cancelled"}) if p.status in _LIVE else p
        for p in line.portions
    ]
    return line.model_copy(update={"portions": portions, "status": status})


def withdrawn(
    progress: OrderProgress,
    node: str,
    lines: Collection[str] | None = None,
    *,
    confirmed_too: bool = True,
) -> tuple[OrderProgress, dict[str, Decimal], dict[str, list[str]]]:
    """Take back what ``node`` has not begun to ship (it went down, or parts it was to send
    for a kit); of ``lines`` only, when given; not what it confirmed unless ``confirmed_too``.
    Those portions are cancelled, and a line with nothing else live is open again. Returns
    the progress, per line the units to plan again (what was confirmed, else asked for),
    and per work item the lines taken from it."""
    states = ("planned", "dispatched", "confirmed") if confirmed_too else ("planned", "dispatched")
    again: dict[str, Decimal] = {}
    works: dict[str, list[str]] = {}
    out = []
    for line in progress.lines:
        mine = [p for p in line.portions if p.node == node and p.status in states]
        if (
            not mine
            or line.status == "cancelled"
            or (lines is not None and line.line_number not in lines)
        ):
            out.append(line)
            continue
        for p in mine:
            units = p.confirmed if p.status == "confirmed" and p.confirmed > 0 else p.quantity
            again[line.line_number] = again.get(line.line_number, Decimal(0)) + units
            works.setdefault(p.work_id, []).append(line.line_number)
        portions = [
            p.model_copy(update={"status": "cancelled"}) if p in mine else p for p in line.portions
        ]
        taken = line.model_copy(update={"portions": portions})
        out.append(_reopened(taken))
    return progress._with(out), again, works


def reduced(
    progress: OrderProgress, work_id: str, line_number: str, units: Decimal
) -> OrderProgress:
    """Ask one work item for ``units`` fewer of a line (its node cannot have them all): the
    portion shrinks, or is cancelled when nothing is left of it; a line with nothing else
    live is open again."""
    lines = []
    for line in progress.lines:
        if line.line_number != line_number:
            lines.append(line)
            continue
        portions = []
        for p in line.portions:
            if p.work_id == work_id and p.status in _LIVE and units > 0:
                left = p.quantity - min(units, p.quantity)
                units -= p.quantity - left
                p = p.model_copy(update={"quantity": left} if left else {"status": "cancelled"})
            portions.append(p)
        taken = line.model_copy(update={"portions": portions})
        lines.append(_reopened(taken))
    return progress._with(lines)


def works_of(progress: OrderProgress, line_numbers: list[str]) -> dict[str, tuple[str, list[str]]]:
    """Work id -> (node, lines) for the given lines' portions, live or just cancelled."""
    found: dict[str, tuple[str, list[str]]] = {}
    for line in progress.lines:
        if line.line_number not in line_numbers:
            continue
        for p in line.portions:
            if p.status in (*_LIVE, "cancelled"):
                found.setdefault(p.work_id, (p.node, []))[1].append(line.line_number)
    return found
