"""Moving work that will not happen where it was planned: what the tracker does when a node
refuses or falls short, the customer changes lines, a node goes down, or a node reports
less stock than orders hold there.

Each move is the same few steps: take the work back at the node (cancel it there, give
back only its stock, call off a refused kit's parts), plan the units again around it
(routing's re-plan, nodes that are down left out), send the new work, keep the order's
whole plan, and tell the customer the new dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal

from canonical import WorkItem, WorkLine
from canonical import lifecycle as lc
from consumers import orderbook
from consumers.customer import send_order_response
from consumers.messages import DOCUMENT_TYPE, ORDER_ID, PARTNER, body_of
from consumers.planning import apply_plan, inventory_from_store, plan_from_dict, standing_units
from hub.bus.consumer import Transaction
from hub.bus.topology import WORK
from hub.partners import PartnerDirectory
from hub.store.inventory import available, release
from hub.store.nodes import down_set
from hub.store.work import WorkRecord, work_get, work_list, work_set_status, work_unshipped_at
from routing.network import Network
from routing.replan import (
    Event,
    InventoryChanged,
    LinesRejected,
    NodeDown,
    OrderChanged,
    merge,
    replan,
)
from routing.rules import Rules

_PARTS_LIVE = frozenset({"planned", "sent", "acknowledged", "accepted"})  # parts not yet sent


class Rerouter:
    def __init__(
        self,
        partners: PartnerDirectory,
        network: Network,
        rules: Rules,
        clock: Callable[[], datetime],
    ) -> None:
        self.partners = partners
        self.network = network
        self.rules = rules
        self.clock = clock

    def refused(
        self,
        tx: Transaction,
        view: orderbook.OrderView,
        work: WorkRecord,
        rejected: list[str],
        short: dict[str, Decimal],
    ) -> None:
        """Plan again what a node would not do: rejected lines whole, short lines' rest,
        never from that node again. Only those units' stock is given back there: the lines
        the node does keep stay reserved."""
        node = work.node
        item = WorkItem.model_validate(work.document)
        asked = {line.line_number: line.quantity for line in item.lines}
        gone = {**{n: asked[n] for n in rejected if n in asked}, **short}
        cuts = [(line, gone[line.line_number]) for line in item.lines if line.line_number in gone]
        release(tx.session, view.id, node=node, units=units_of(cuts))
        if item.kind == "assemble":
            self._stop_parts(
                tx, view, node, {n: q / asked[n] for n, q in gone.items() if n in asked}
            )
        lines = [*rejected, *short]
        again = {n: short.get(n) for n in lines}
        self._plan_again(tx, view, LinesRejected(node, tuple(lines)), again)

    def reopened(self, tx: Transaction, view: orderbook.OrderView, lines: list[str]) -> None:
        """Plan lines a customer's change reopened (their work at the nodes cancelled already);
        the rest hold their stock and stay as they are."""
        self._plan_again(tx, view, OrderChanged(), dict.fromkeys(lines))

    def node_down(self, tx: Transaction, node: str, reason: str) -> None:
        """A node out of routing (``orderhub node down``): every order's work it has not begun
        to ship is cancelled there and planned again elsewhere, and so are kits whose parts
        it was to send; each customer hears the new dates."""
        unshipped = work_unshipped_at(tx.session, node)
        kits: dict[str, dict[str, set[str]]] = {}  # order -> assembler -> kit lines it feeds
        for record in unshipped:
            work = WorkItem.model_validate(record.document)
            if work.kind == "supply" and work.deliver_to_node:
                lines = kits.setdefault(record.order_id, {}).setdefault(work.deliver_to_node, set())
                lines.update(line.line_number for line in work.lines)
        for order_id in dict.fromkeys(r.order_id for r in unshipped):
            view = orderbook.load(tx.session, order_id)
            if view is None or view.progress.state in ("cancelled", "closed"):
                continue
            progress, again, works = lc.withdrawn(view.progress, node)
            taken = dict.fromkeys(works, node)
            for assembler, lines in kits.get(order_id, {}).items():
                progress, more, more_works = lc.withdrawn(progress, assembler, lines)
                for line, units in more.items():
                    again[line] = again.get(line, Decimal(0)) + units
                works.update(more_works)
                taken.update(dict.fromkeys(more_works, assembler))
            if not again:
                continue
            view = orderbook.save(tx.session, view, progress, kind="node_down", cause=tx.cause_id,
                                  detail={"node": node, "reason": reason, "lines": sorted(again)})  # fmt: skip
            for work_id, lines in works.items():
                self.cancel_work(tx, view, work_id, taken[work_id], lines)
            self._plan_again(tx, view, NodeDown(node), dict(again), also_down={node})

    def stock_short(self, tx: Transaction, node: str, item: str) -> None:
        """A node holds less of ``item`` than orders reserved there (its stock report): ask,
        newest first, the work for it the node has not confirmed for fewer units (or none),
        until what is held fits; those units are planned again on what is really there."""
        now = self.clock()
        for record in reversed(work_unshipped_at(tx.session, node)):
            short = _plain(-available(tx.session, node, item, now=now))
            if short <= 0:
                return
            work = WorkItem.model_validate(record.document)
            view = orderbook.load(tx.session, record.order_id)
            if view is None or view.progress.state in ("cancelled", "closed"):
                continue
            asked = {(ln.line_number, p.work_id): p.quantity for ln in view.progress.lines
                     for p in ln.live() if p.status in ("planned", "dispatched")}  # fmt: skip
            if work.kind == "supply":  # parts for kits: the kits at their assembler move
                kits = {ln.line_number for ln in work.lines if ln.item.supplier_part == item}
                progress, again, works = lc.withdrawn(view.progress, work.deliver_to_node or node,
                                                      kits, confirmed_too=False)  # fmt: skip
                taken = {w: (work.deliver_to_node or node, lines) for w, lines in works.items()}
                less: dict[str, Decimal] = {}
            else:
                progress, again, less = view.progress, {}, {}
                for ln in work.lines:  # as much as is still asked of the node (a portion)
                    still = asked.get((ln.line_number, record.id), Decimal(0))
                    if ln.item.supplier_part != item or still <= 0:
                        continue
                    take = min(short, still)
                    progress = lc.reduced(progress, record.id, ln.line_number, take)
                    again[ln.line_number] = again.get(ln.line_number, Decimal(0)) + take
                    less[ln.line_number] = still - take
                    short -= take
                whole = [n for n, left in less.items() if not left]
                taken = {record.id: (node, whole)} if whole else {}
            if not again:
                continue
            view = orderbook.save(tx.session, view, progress, kind="stock_short", cause=tx.cause_id,
                                  detail={"node": node, "item": item, "lines": sorted(again)})  # fmt: skip
            for work_id, (where, lines) in taken.items():
                self.cancel_work(tx, view, work_id, where, lines)
            fewer = {n: left for n, left in less.items() if left}
            if fewer:
                self._ask_fewer(tx, view, record, work, fewer, again)
            self._plan_again(tx, view, InventoryChanged(), dict(again))

    def _ask_fewer(
        self,
        tx: Transaction,
        view: orderbook.OrderView,
        record: WorkRecord,
        work: WorkItem,
        left: dict[str, Decimal],
        again: dict[str, Decimal],
    ) -> None:
        """Change a node's work to fewer units of some lines (``left``: line -> units it keeps),
        giving back the stock of those it no longer does there (``again``)."""
        lines = [ln.model_copy(update={"quantity": left[ln.line_number]})
                 for ln in work.lines if ln.line_number in left]  # fmt: skip
        cuts = [(ln, again[ln.line_number]) for ln in work.lines if ln.line_number in left]
        release(tx.session, view.id, node=record.node, units=units_of(cuts))
        change = work.model_copy(update={"purpose": "change", "lines": lines})
        tx.publish(WORK, f"work.{record.node}.{work.kind}", body_of(change),
                   headers={PARTNER: record.node, ORDER_ID: view.id, DOCUMENT_TYPE: "work_item"})  # fmt: skip

    def cancel_work(
        self, tx: Transaction, view: orderbook.OrderView, work_id: str, node: str, lines: list[str]
    ) -> None:
        """Tell ``node`` its work for ``lines`` is off, and give back their stock there (a kit's
        parts too, at their sources)."""
        record = work_get(tx.session, work_id)
        if record is None:
            return
        work = WorkItem.model_validate(record.document)
        cancel = work.model_copy(update={"purpose": "cancel",
                                         "lines": [line for line in work.lines if line.line_number in lines]})  # fmt: skip
        release(tx.session, view.id, node=node,
                units=units_of((line, line.quantity) for line in cancel.lines))  # fmt: skip
        if work.kind == "assemble":
            self._stop_parts(tx, view, node, dict.fromkeys(lines, Decimal(1)))
        if len(cancel.lines) == len(work.lines):  # else the node still does the rest
            work_set_status(tx.session, work_id, "cancelled")
        tx.publish(WORK, f"work.{node}.{work.kind}", body_of(cancel),
                   headers={PARTNER: node, ORDER_ID: view.id, DOCUMENT_TYPE: "work_item"})  # fmt: skip

    def _plan_again(
        self,
        tx: Transaction,
        view: orderbook.OrderView,
        event: Event,
        lines: dict[str, Decimal | None],
        also_down: set[str] | None = None,
    ) -> None:
        """Plan ``lines`` again (line -> units, None: the whole line) after ``event``, send
        their work, keep the order's whole plan (what stands and what moved) for the record
        and the next re-plan, and send the customer the new dates."""
        now = self.clock()
        wanted = [
            line if lines[line.line_number] is None
            else line.model_copy(update={"quantity": lines[line.line_number]})
            for line in view.order.lines
            if line.line_number in lines
        ]  # fmt: skip
        previous = plan_from_dict(view.extra["plan"])
        inventory = inventory_from_store(tx.session, self.network, now=now, order=view.order,
                                         customer=view.customer)  # fmt: skip
        plan = replan(previous, event, view.order.model_copy(update={"lines": wanted}),
                      self.network, inventory, self.rules, today=now.date(), now=now,
                      down=down_set(tx.session) | (also_down or set()))  # fmt: skip
        whole = merge(previous, plan, standing_units(view.progress), view.order, self.network,
                      self.rules, today=now.date(), now=now)  # fmt: skip
        replanned = {e.line_number for e in plan.explanations}
        view, _works = apply_plan(tx, view, plan, kind="replanned", now=now,
                                  only_lines=replanned, record=whole)  # fmt: skip
        send_order_response(tx, self.partners, view, now)

    def _stop_parts(
        self, tx: Transaction, view: orderbook.OrderView, assembler: str, share: dict[str, Decimal]
    ) -> None:
        """Kits an assembler will not make need no parts: for each line, ``share`` of the parts
        on their way to it is cancelled at its source (or the work changed to what is left),
        and their stock given back."""
        for record in work_list(tx.session, view.id):
            if record.kind != "supply" or record.status not in _PARTS_LIVE:
                continue
            work = WorkItem.model_validate(record.document)
            if work.deliver_to_node != assembler:
                continue
            cuts = [(line, line.quantity * min(1, share[line.line_number]))
                    for line in work.lines if line.line_number in share]  # fmt: skip
            if not cuts:
                continue
            whole = all(cut >= line.quantity for line, cut in cuts)
            lines = [line if whole else line.model_copy(update={"quantity": line.quantity - cut})
                     for line, cut in cuts]  # fmt: skip
            release(tx.session, view.id, node=record.node, units=units_of(cuts))
            if whole and len(lines) == len(work.lines):
                work_set_status(tx.session, record.id, "cancelled")
            notice = work.model_copy(
                update={"purpose": "cancel" if whole else "change", "lines": lines}
            )
            tx.publish(WORK, f"work.{record.node}.supply", body_of(notice),
                       headers={PARTNER: record.node, ORDER_ID: view.id, DOCUMENT_TYPE: "work_item"})  # fmt: skip


def _plain(units: Decimal) -> Decimal:
    """The store keeps four decimals: 5.0000 is 5 on a partner's document."""
    return units.quantize(Decimal(1)) if units == units.to_integral_value() else units.normalize()


def units_of(cuts: Iterable[tuple[WorkLine, Decimal]]) -> dict[str, Decimal]:
    """Item -> units, from (work line, units of it) pairs: what to give back or use up."""
    out: dict[str, Decimal] = {}
    for line, qty in cuts:
        sku = line.item.supplier_part
        if sku and qty > 0:
            out[sku] = out.get(sku, Decimal(0)) + qty
    return out
