"""The closing sweep: a delivered order closes once its grace period has passed.

Like the ack watchdog, a periodic sweep rather than a service on a queue: nothing
arrives to say that nothing more will arrive. Each order is closed with a
compare-and-set, so replicas sweeping at once close it once; an order touched since
(a late receipt, a claim) is simply looked at again on a later sweep.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, Counter

from canonical import lifecycle as lc
from consumers import orderbook
from hub.store import Store
from hub.store.errors import StoreConflict
from hub.store.orders import orders_in_state
from hub.store.types import utcnow

log = logging.getLogger(__name__)


class OrderCloser:
    def __init__(
        self,
        store: Store,
        registry: CollectorRegistry,
        *,
        close_after: float,
        clock: Callable[[], datetime] = utcnow,
        interval: float = 5.0,
        batch: int = 100,
    ) -> None:
        self.store = store
        self.close_after = timedelta(seconds=close_after)
        self.clock = clock
        self.interval = interval
        self.batch = batch
        self.closed = Counter(
            "orderhub_orders_closed", "Delivered orders closed by the sweep.", registry=registry
        )

    def sweep(self) -> int:
        """Close every order delivered before the grace period; returns how many."""
        now = self.clock()
        closed = 0
        with self.store.session() as session:
            due = orders_in_state(session, "delivered", before=now - self.close_after,
                                  limit=self.batch)  # fmt: skip
            for order_id in due:
                view = orderbook.load(session, order_id)
                if view is None or view.progress.state != "delivered":
                    continue
                try:
                    with session.begin_nested():
                        orderbook.save(session, view, lc.close(view.progress), kind="closed",
                                       cause=f"closer:{now.isoformat()}",
                                       detail={"after": str(self.close_after)})  # fmt: skip
                except StoreConflict:
                    continue  # changed under us: a later sweep looks again
                closed += 1
        self.closed.inc(closed)
        return closed

    def run(self, stop: threading.Event) -> None:
        while not stop.wait(self.interval):
            try:
                while self.sweep() == self.batch:
                    pass
            except Exception:  # the database may be away for a while: sweep again later
                log.exception("order closing sweep failed")
