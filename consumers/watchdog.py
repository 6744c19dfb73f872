"""The acknowledgement watchdog: a partner that owes us an ack past its due time is news.

A periodic sweep rather than a service on a queue: nothing arrives to say that nothing
arrived. Each overdue acknowledgement is marked once (so replicas and later sweeps do not
repeat the alert), goes on its order's timeline as ``ack_overdue`` and counts in the
``orderhub_acks_overdue_total`` metric per partner.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter

from consumers import orderbook
from hub.store import Store
from hub.store.acks import expected_mark_overdue, expected_overdue
from hub.store.archive import archive_get
from hub.store.types import utcnow

log = logging.getLogger(__name__)


class AckWatchdog:
    def __init__(
        self,
        store: Store,
        registry: CollectorRegistry,
        *,
        clock: Callable[[], datetime] = utcnow,
        interval: float = 5.0,
    ) -> None:
        self.store = store
        self.clock = clock
        self.interval = interval
        self.overdue = Counter(
            "orderhub_acks_overdue",
            "Acknowledgements a partner did not send in time.",
            ["partner"],
            registry=registry,
        )

    def sweep(self) -> int:
        """Raise every newly overdue acknowledgement once; returns how many."""
        now = self.clock()
        with self.store.session() as session:
            late = expected_overdue(session, now)
            marked = expected_mark_overdue(session, [entry.id for entry in late])
            for entry in late:
                record = archive_get(session, entry.archive_id)
                view = (
                    orderbook.load(session, record.order_id) if record and record.order_id else None
                )
                detail = {"partner": entry.partner, "interchange": entry.interchange_control,
                          "due_at": entry.due_at.isoformat(), "raw_id": entry.archive_id}  # fmt: skip
                if view is not None:
                    orderbook.save(session, view, view.progress, kind="ack_overdue",
                                   cause=f"watchdog:{entry.id}", detail=detail)  # fmt: skip
                log.warning("acknowledgement overdue: %s", detail)
        for entry in late:
            self.overdue.labels(partner=entry.partner).inc()
        return marked

    def run(self, stop: threading.Event) -> None:
        while not stop.wait(self.interval):
            try:
                self.sweep()
            except Exception:  # the database may be away for a while: sweep again later
                log.exception("ack watchdog sweep failed")
