"""The router: a received order is planned, reserved, split into work and answered.

``order.received`` -> plan (routing/) -> reserve inventory -> one work item per node on
``orderhub.work`` -> the order response, with promised dates, to the customer.
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
from hub.store.types import utcnow
from routing.network import Network
from routing.planner import plan_order
from routing.rules import Rules


class Router(Service):
    name = "router"
    bindings = (Binding(EVENTS, "order.received"),)

    def __init__(
        self,
        partners: PartnerDirectory,
        network: Network,
        rules: Rules,
        *,
        clock: Callable[[], datetime] = utcnow,
        time_limit_s: float = 0.2,
    ) -> None:
        self.partners = partners
        self.network = network
        self.rules = rules
        self.clock = clock
        self.time_limit_s = time_limit_s

    def prepare(self, session: Session, messages: Sequence[Incoming]) -> None:
        planning_lock(session)

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
        inventory = inventory_from_store(tx.session, self.network, now=now, order=view.order,
                                         customer=view.customer)  # fmt: skip
        plan = plan_order(
            view.order, self.network, inventory, self.rules,
            customer=view.customer, today=now.date(), now=now, time_limit_s=self.time_limit_s,
        )  # fmt: skip
        view, _works = apply_plan(tx, view, plan, kind="planned", now=now)
        send_order_response(tx, self.partners, view, now)
