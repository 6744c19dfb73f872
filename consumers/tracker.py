"""The tracker: what partners answer moves the order, and the customer hears about it.

Order responses confirm or reject work (a rejected line is re-planned and re-sent,
consumers/rerouting.py); a node taken out of routing has its unshipped work moved, and
so has unconfirmed work a node's stock report shows it cannot fill;
ship notices ship lines and go on to the customer in the customer's own terms; the
customer's receipt advices deliver lines (and may close the order at once); partner
acknowledgements settle what we expected; customer changes and cancellations reach the
nodes concerned. Documents that arrive too early wait (``TooEarly`` is retried).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from canonical import (
    FunctionalAck,
    Order,
    OrderResponse,
    ReceiptAdvice,
    ShipNotice,
    WorkItem,
    WorkLine,
)
from canonical import lifecycle as lc
from consumers import orderbook
from consumers.customer import send_order_response, send_ship_notice
from consumers.messages import (
    NODE_DOWN,
    PARTNER,
    RAW_ID,
    STOCK_SHORT,
    document_of,
    order_id_for,
)
from consumers.rerouting import Rerouter, units_of
from hub.bus.consumer import Service, Transaction
from hub.bus.incoming import Incoming
from hub.bus.topology import EVENTS, Binding
from hub.partners import PartnerDirectory
from hub.store.acks import ack_received, ack_received_for_group
from hub.store.archive import archive_get, archive_set_status
from hub.store.inventory import consume, planning_lock
from hub.store.types import utcnow
from hub.store.work import WorkRecord, work_get, work_set_status
from routing.network import Network
from routing.rules import Rules

log = logging.getLogger(__name__)
# Events whose handling may re-plan, and so reserve or release stock.
_MAY_REPLAN = frozenset(
    {"order.responded", "order.changed", "order.cancelled", NODE_DOWN, STOCK_SHORT}
)
_PARTS_LIVE = frozenset({"planned", "sent", "acknowledged", "accepted"})  # parts not yet sent


class Tracker(Service):
    name = "tracker"
    bindings = tuple(
        Binding(EVENTS, key)
        for key in ("order.responded", "shipment.notified", "receipt.advised", "ack.received",
                    "order.changed", "order.cancelled", NODE_DOWN, STOCK_SHORT, "document.*",
                    "alert.*")
    )  # fmt: skip

    def __init__(
        self,
        partners: PartnerDirectory,
        network: Network,
        rules: Rules,
        *,
        close_after: float = 7 * 86400.0,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.partners = partners
        self.network = network
        self.rules = rules
        self.close_after = close_after  # 0: a delivered order closes with its receipt
        self.clock = clock
        self.rerouter = Rerouter(partners, network, rules, clock)

    def prepare(self, session: Session, messages: Sequence[Incoming]) -> None:
        if any(m.routing_key in _MAY_REPLAN for m in messages):
            planning_lock(session)

    def handle(self, message: Incoming, tx: Transaction) -> None:
        if message.routing_key.startswith(("document.", "alert.")):
            log.warning(
                "%s: %s", message.routing_key, message.body[:500].decode("utf-8", "replace")
            )
            return  # archived by intake already; the metrics and the dashboard show it
        if message.routing_key == NODE_DOWN:
            event = json.loads(message.body)
            self.rerouter.node_down(tx, str(event["node"]), str(event.get("reason") or ""))
            return
        if message.routing_key == STOCK_SHORT:
            event = json.loads(message.body)
            self.rerouter.stock_short(tx, str(event["node"]), str(event["item"]))
            return
        document = document_of(message.body)
        partner = str(message.headers.get(PARTNER) or "")
        raw_id = str(message.headers.get(RAW_ID) or "")
        if isinstance(document, OrderResponse):
            self._response(tx, document, partner, raw_id)
        elif isinstance(document, ShipNotice):
            self._shipment(tx, document, partner, raw_id)
        elif isinstance(document, ReceiptAdvice):
            self._receipt(tx, document, partner, raw_id)
        elif isinstance(document, FunctionalAck):
            self._ack(tx, document, partner)
        elif isinstance(document, Order):
            self._change(tx, document, partner)

    # ---- partner documents -----------------------------------------------------------

    def _work(
        self, tx: Transaction, po_number: str, what: str, partner: str, raw_id: str
    ) -> tuple[WorkRecord, orderbook.OrderView]:
        work = work_get(tx.session, po_number)
        if work is None:
            raise lc.NotApplicable(
                f"{what} from {partner or 'unknown'} names PO {po_number}, which we never sent"
            )
        view = orderbook.load(tx.session, work.order_id)
        assert view is not None  # a work item always belongs to a recorded order
        if raw_id:  # the partner's document now belongs to the order's trace
            archive_set_status(tx.session, raw_id, "parsed", order_id=view.id)
        return work, view

    def _response(
        self, tx: Transaction, response: OrderResponse, partner: str, raw_id: str
    ) -> None:
        work, view = self._work(tx, response.po_number, "order response", partner, raw_id)
        progress, rejected = lc.responded(view.progress, work.id, work.node, response)
        work_set_status(
            tx.session, work.id, "rejected" if response.status == "rejected" else "accepted"
        )
        short = lc.shortfalls(progress, work.id)
        detail = {
            "work": work.id,
            "node": work.node,
            "status": response.status,
            "rejected_lines": rejected,
            "short_lines": {line: str(qty) for line, qty in short.items()},
        }
        view = orderbook.save(
            tx.session, view, progress, kind="partner_response", cause=tx.cause_id, detail=detail
        )
        if rejected or short:
            self.rerouter.refused(tx, view, work, rejected, short)

    def _shipment(self, tx: Transaction, notice: ShipNotice, partner: str, raw_id: str) -> None:
        work, view = self._work(tx, notice.po_number, "ship notice", partner, raw_id)
        if notice.shipment_id not in view.progress.shipments:
            consume(tx.session, view.id, node=work.node, units=_shipped(work, notice))
        if (
            work.kind == "supply"
        ):  # parts on their way to the assembler: not the customer's business
            orderbook.save(tx.session, view, view.progress, kind="components_shipped", cause=tx.cause_id,
                           detail={"work": work.id, "node": work.node, "shipment": notice.shipment_id})  # fmt: skip
            return
        progress = lc.shipped(view.progress, work.id, notice)
        if progress == view.progress:
            return  # this shipment was applied already
        work_set_status(tx.session, work.id, "shipped")
        detail = {"work": work.id, "node": work.node, "shipment": notice.shipment_id,
                  "packages": len(notice.packages)}  # fmt: skip
        view = orderbook.save(
            tx.session, view, progress, kind="shipped", cause=tx.cause_id, detail=detail
        )
        send_ship_notice(tx, self.partners, view, notice)

    def _receipt(self, tx: Transaction, advice: ReceiptAdvice, customer: str, raw_id: str) -> None:
        order_id = advice.order_id or order_id_for(customer, advice.po_number)
        view = orderbook.load(tx.session, order_id)
        if view is None:
            raise lc.NotApplicable(
                f"receipt advice {advice.receipt_number} from {customer or 'unknown'} names "
                f"PO {advice.po_number}, which we never received"
            )
        if raw_id:
            archive_set_status(tx.session, raw_id, "parsed", order_id=view.id)
        progress, discrepancies = lc.received(view.progress, advice)
        if progress == view.progress:
            return  # this receipt was applied already
        detail = {"receipt": advice.receipt_number, "shipment": advice.shipment_id,
                  "lines": [line.line_number for line in advice.lines] or "all shipped"}  # fmt: skip
        if discrepancies:
            detail["discrepancies"] = [
                {
                    "line": d.line_number,
                    "kind": d.kind,
                    "shipped": str(d.shipped),
                    "received": str(d.received),
                    "refused": str(d.refused),
                }  # fmt: skip
                for d in discrepancies
            ]
            log.warning("receipt discrepancy on %s: %s", view.id, detail["discrepancies"])
        view = orderbook.save(
            tx.session, view, progress, kind="received_goods", cause=tx.cause_id, detail=detail
        )
        if self.close_after == 0 and progress.state == "delivered":
            orderbook.save(tx.session, view, lc.close(progress), kind="closed", cause=tx.cause_id,
                           detail={"after": "delivery"})  # fmt: skip

    def _ack(self, tx: Transaction, ack: FunctionalAck, partner: str) -> None:
        accepted = ack.status != "rejected"
        if ack.standard == "x12" and ack.groups:
            settled = [e for g in ack.groups if g.group_control
                       for e in ack_received_for_group(tx.session, partner, g.group_control,
                                                       accepted=g.status != "rejected")]  # fmt: skip
        else:
            settled = ack_received(
                tx.session, partner, ack.interchange_control or "", accepted=accepted
            )
        for entry in settled:
            record = archive_get(tx.session, entry.archive_id)
            view = (
                orderbook.load(tx.session, record.order_id) if record and record.order_id else None
            )
            if view is not None:
                kind = "partner_ack" if accepted else "partner_ack_rejected"
                orderbook.save(tx.session, view, view.progress, kind=kind, cause=tx.cause_id,
                               detail={"node": partner, "status": ack.status, "raw_id": entry.archive_id})  # fmt: skip

    # ---- customer changes ------------------------------------------------------------

    def _change(self, tx: Transaction, change: Order, customer: str) -> None:
        order_id = change.id or order_id_for(customer, change.po_number)
        view = orderbook.load(tx.session, order_id)
        if view is None or view.progress.revision == 0:
            raise lc.TooEarly(
                f"{change.purpose} for {change.po_number} before the order itself was planned"
            )
        progress, touched = lc.changed(view.progress, change)
        affected = lc.works_of(progress, touched)
        merged = _merge(view.order, change)
        kind = "cancelled" if change.purpose == "cancel" else "changed"
        view = orderbook.save(tx.session, view, progress, kind=kind, cause=tx.cause_id, order=merged,
                              detail={"lines": touched, "purpose": change.purpose})  # fmt: skip
        for work_id, (node, lines) in affected.items():
            self.rerouter.cancel_work(tx, view, work_id, node, lines)
        reopened = [n for n in touched if view.progress.line(n).status == "open"]
        if reopened:
            self.rerouter.reopened(tx, view, reopened)  # and tells the customer
        else:
            send_order_response(tx, self.partners, view, self.clock())


def _shipped(work: WorkRecord, notice: ShipNotice) -> dict[str, Decimal] | None:
    """Item -> units a ship notice says left the node; None (all the order's stock there is
    used up) for parts on their way to an assembler, whose notices the order does not keep
    (so a replayed one must not use up more) and whose part lines share a line number."""
    item = WorkItem.model_validate(work.document)
    if item.kind == "supply":
        return None
    by_line: dict[str, WorkLine] = {}
    for line in item.lines:
        if line.line_number in by_line:
            return None
        by_line[line.line_number] = line
    shipped = notice.shipped_lines()
    if not shipped:
        return None
    cuts = [(by_line[s.line_number], s.quantity) for s in shipped if s.line_number in by_line]
    return units_of(cuts)


def _merge(order: Order, change: Order) -> Order:
    """The order as it stands after a change: quantities replaced, lines added or removed."""
    if change.purpose == "cancel" and not change.lines:
        return order
    lines = {line.line_number: line for line in order.lines}
    for new in change.lines:
        if new.action == "delete" or change.purpose == "cancel" or new.quantity == Decimal(0):
            if new.line_number in lines:
                lines[new.line_number] = lines[new.line_number].model_copy(
                    update={"quantity": Decimal(0)}
                )
        elif new.line_number in lines:
            lines[new.line_number] = lines[new.line_number].model_copy(
                update={"quantity": new.quantity}
            )
        else:
            lines[new.line_number] = new
    return order.model_copy(update={"lines": list(lines.values())})
