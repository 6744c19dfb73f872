"""The router: a received order is planned, reserved, split into work and answered.

``order.received`` -> plan (routing/; nodes taken out with ``orderhub node down`` left
out) -> reserve inventory -> one work item per node on ``orderhub.work`` -> the order
response, with promised dates, to the customer.

New orders that wait for the router at the same time (a burst: one interchange of many
POs, a busy hour) are planned together, up to ``together`` at a time: routing's batch mode,
which shares stock and capacity and ships goods for one address from a node in one
shipment, where order by order would split them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from canonical import Order
from canonical.lifecycle import TooEarly
from consumers import orderbook
from consumers.customer import send_order_response
from consumers.messages import ORDER_ID, document_of
from consumers.planning import apply_plan, inventory_from_store
from hub.bus.consumer import Service, Transaction
from hub.bus.incoming import Incoming
from hub.bus.topology import EVENTS, Binding
from hub.partners import PartnerDirectory
from hub.store.inventory import planning_lock
from hub.store.nodes import down_set
from hub.store.types import utcnow
from routing.network import Network
from routing.plan import Plan
from routing.planner import plan_batch, plan_order
from routing.rules import Rules

PLANNED = "router.planned"  # session.info key: order id -> its plan, made with its batch


class Router(Service):
    name = "router"
    bindings = (Binding(EVENTS, "order.received"),)
    max_workers = 1  # planning is one batch at a time (the planning lock): keep bursts whole

    def __init__(
        self,
        partners: PartnerDirectory,
        network: Network,
        rules: Rules,
        *,
        clock: Callable[[], datetime] = utcnow,
        time_limit_s: float = 0.2,
        together: int = 1,
        gather: float = 0.0,
    ) -> None:
        self.partners = partners
        self.network = network
        self.rules = rules
        self.clock = clock
        self.time_limit_s = time_limit_s
        self.together = together
        self.gather = gather if together > 1 else 0.0

    def prepare(self, session: Session, messages: Sequence[Incoming]) -> None:
        planning_lock(session)
        if self.together > 1 and len(messages) > 1:
            # kept with the batch's session: worker threads share this service
            session.info[PLANNED] = self._plan_together(session, messages)

    def handle(self, message: Incoming, tx: Transaction) -> None:
        order = document_of(message.body)
        assert isinstance(order, Order)
        order_id = str(message.headers.get(ORDER_ID) or order.id)
        view = orderbook.load(tx.session, order_id)
        if view is None:
            raise TooEarly(f"order {order_id} ({order.po_number}) is not recorded yet")
        if view.progress.revision > 0:
            return  # planned already (a replayed event): nothing to do twice
        now = self.clock()
        plan = tx.session.info.get(PLANNED, {}).pop(order_id, None)
        if plan is None:
            inventory = inventory_from_store(tx.session, self.network, now=now,
                                             order=view.order, customer=view.customer)  # fmt: skip
            plan = plan_order(
                view.order, self.network, inventory, self.rules,
                customer=view.customer, today=now.date(), now=now, time_limit_s=self.time_limit_s,
                down=down_set(tx.session),
            )  # fmt: skip
        view, _works = apply_plan(tx, view, plan, kind="planned", now=now)
        send_order_response(tx, self.partners, view, now)

    def _plan_together(self, session: Session, messages: Sequence[Incoming]) -> dict[str, Plan]:
        """Plan the batch's new orders in groups of ``together``; ``handle`` then puts each
        plan into effect. Within the batch's one transaction (and the planning lock) nothing
        else books stock between the two. Orders not recorded yet or planned already are
        left to ``handle``, which says so as it would alone."""
        views: dict[str, orderbook.OrderView] = {}
        for message in messages:
            order = document_of(message.body)
            if not isinstance(order, Order):
                continue
            order_id = str(message.headers.get(ORDER_ID) or order.id)
            view = orderbook.load(session, order_id)
            if view is not None and view.progress.revision == 0:
                views[order_id] = view
        now = self.clock()
        planned: dict[str, Plan] = {}
        waiting = list(views.items())
        down = down_set(session)
        for first in range(0, len(waiting), self.together):
            group = waiting[first : first + self.together]
            if len(group) < 2:
                continue  # one order alone: planned by handle, as ever
            (_, head), *rest = group
            inventory = inventory_from_store(
                session, self.network, now=now, order=head.order, customer=head.customer,
                others=[(v.order, v.customer) for _, v in rest],
            )  # fmt: skip
            plans = plan_batch(
                [v.order for _, v in group], self.network, inventory, self.rules,
                customers=[v.customer for _, v in group], today=now.date(), now=now,
                time_limit_s=self.time_limit_s * len(group), down=down,
            )  # fmt: skip
            planned.update((oid, p) for (oid, _), p in zip(group, plans, strict=True))
        return planned
