"""The inventory service: what nodes report they hold becomes the positions we plan with;
a node that holds less than orders have reserved there is said to be short (``inventory.short``),
and the tracker moves the work it has not confirmed."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, time

from canonical import InventoryReport
from consumers.messages import PARTNER, STOCK_SHORT, document_of
from hub.bus.consumer import Service, Transaction
from hub.bus.incoming import Incoming
from hub.bus.topology import EVENTS, Binding
from hub.partners import PartnerDirectory
from hub.store.inventory import available, position_set
from hub.store.types import utcnow
from routing.network import Network

log = logging.getLogger(__name__)


class InventoryService(Service):
    name = "inventory"
    bindings = (Binding(EVENTS, "inventory.reported"),)

    def __init__(
        self,
        partners: PartnerDirectory,
        network: Network,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.partners = partners
        self.network = network
        self.clock = clock

    def handle(self, message: Incoming, tx: Transaction) -> None:
        report = document_of(message.body)
        if not isinstance(report, InventoryReport):
            return
        node = str(message.headers.get(PARTNER) or "")
        if node not in set(self.network.node_ids()):
            log.warning("inventory report from %r, which is not a node of the network", node)
            return
        as_of = (
            datetime.combine(report.report_date, time(0), tzinfo=UTC)
            if report.report_date
            else self.clock()
        )
        unknown = []
        for line in report.lines:
            sku = self.network.catalog.match(line.item, node)
            if sku is None:
                unknown.append(line.item.key())
                continue
            quantity = (
                line.quantity_available
                if line.quantity_available is not None
                else line.quantity_on_hand
            )
            if position_set(tx.session, node, sku, quantity, as_of):
                self._short(tx, node, sku)
        if unknown:
            log.warning(
                "inventory report from %s: items not in the catalog: %s", node, ", ".join(unknown)
            )

    def _short(self, tx: Transaction, node: str, sku: str) -> None:
        """Less on hand than orders hold there: the tracker moves work the node has not
        confirmed yet, newest first, until what is held fits."""
        have = available(tx.session, node, sku, now=self.clock())
        if have < 0:
            body = json.dumps({"node": node, "item": sku, "units": str(-have.normalize())}).encode()
            tx.publish(EVENTS, STOCK_SHORT, body, headers={PARTNER: node})
