"""The consumer base: a service is a small class, the runner does the rest.

Per delivery, on a worker thread (the connection's I/O thread keeps the heartbeats):
1. one store transaction: claim the message id in the inbox (a redelivery finds it
   taken and skips the handler), run the handler, record what it publishes (outbox);
   commit;
2. publish that outbox with confirms;
3. ack. The confirmed outbox rows are marked sent in the next transaction.
A crash anywhere before the ack means a redelivery, which finds the id in the inbox and
only re-publishes what is not marked sent; downstream inboxes drop what was already
delivered, since message ids derive from their cause. The base alone decides what a failure means:
a ``TransientError`` goes to the next delay tier, anything else (or the last attempt)
to the parking lot; either way the original is then acked.
"""

from __future__ import annotations

import logging
import queue
import signal
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hub.bus import failures, topology
from hub.bus.errors import PublishError
from hub.bus.ids import derive_id
from hub.bus.incoming import Incoming, incoming_from
from hub.bus.link import Link
from hub.bus.topology import Binding
from hub.metrics import Metrics
from hub.settings import BusSettings
from hub.store import (
    OutboxEntry,
    OutgoingMessage,
    Store,
    inbox_claim,
    inbox_claim_many,
    inbox_contains,
    inbox_release,
    outbox_add,
    outbox_mark_sent,
    outbox_unsent,
)
from hub.store.errors import StoreConflict, is_transient

log = logging.getLogger(__name__)
CONFLICT_RETRIES = 5
OUTBOX_BATCH = 500


class Transaction:
    """What a handler gets: the store session and an outbox to publish through."""

    def __init__(self, session: Session, cause_id: str) -> None:
        self.session = session
        self.cause_id = cause_id
        self.messages: list[OutgoingMessage] = []
        self._deferred: list[Callable[[], None]] = []

    def before_commit(self, effect: Callable[[], None]) -> None:
        """Run ``effect`` once every handler of the transaction has succeeded, just before
        it commits: for what happens outside the store (a file on a partner's channel),
        which a rolled-back transaction must not leave behind. If it raises, the
        transaction rolls back like a failed handler."""
        self._deferred.append(effect)

    def run_deferred(self) -> None:
        for effect in self._deferred:
            effect()
        self._deferred.clear()

    def publish(
        self,
        exchange: str,
        routing_key: str,
        body: bytes,
        *,
        headers: dict[str, Any] | None = None,
        message_id: str | None = None,
        content_type: str = "application/json",
    ) -> str:
        """Queue a message for after commit; its id derives from the cause unless given."""
        if message_id is None:
            message_id = derive_id(self.cause_id, exchange, routing_key, len(self.messages))
        self.messages.append(
            OutgoingMessage(
                message_id, exchange, routing_key, body, dict(headers or {}), content_type
            )
        )
        return message_id


class Service:
    """Subclass with ``name``, ``bindings`` and ``handle``; raise to fail a message."""

    name: ClassVar[str]
    bindings: ClassVar[Sequence[Binding]] = ()
    # Seconds a worker waits after the first message for more to join its batch (0: only
    # what is waiting already): the router plans a burst of orders together with it.
    gather: float = 0.0
    # Handler threads at most, whatever the bus settings say (None: as they say). One keeps
    # a burst in one queue; the router plans one batch at a time anyway (the planning lock).
    max_workers: int | None = None

    def handle(self, message: Incoming, tx: Transaction) -> None:
        raise NotImplementedError

    def prepare(self, session: Session, messages: Sequence[Incoming]) -> None:
        """Before a batch: take the shared locks its messages will need, in a fixed order."""


class Runner:
    """Runs one service: one connection on its I/O thread, one worker thread.

    ``after_commit`` is a fault-injection seam for tests (called between commit and
    publish); production code leaves it None.
    """

    def __init__(
        self,
        service: Service,
        store: Store,
        amqp_url: str,
        settings: BusSettings | None = None,
        *,
        metrics: Metrics | None = None,
        after_commit: Callable[[Incoming], None] | None = None,
        depth_interval: float = 5.0,
    ) -> None:
        self.service = service
        self.name = service.name
        self.queue = topology.service_queue(service.name)
        self.store = store
        self.settings = settings or BusSettings()
        self.metrics = metrics or Metrics()
        self._amqp_url = amqp_url
        self._after_commit = after_commit
        self._depth_interval = depth_interval
        self._connection_name = f"orderhub-{service.name}"
        confirmed = self.metrics.confirmed.labels(connection=self._connection_name)
        self.link = Link(
            amqp_url,
            self._connection_name,
            heartbeat=self.settings.heartbeat,
            on_confirmed=confirmed.inc,
        )
        # One queue per worker, chosen by message id: copies of one message are handled
        # one after the other, never racing each other inside this process.
        workers = self.settings.workers_for(store.dialect)
        self._queues: list[queue.Queue[Incoming]] = [
            queue.Queue() for _ in range(min(workers, service.max_workers or workers))
        ]
        self._stopping = threading.Event()
        self._workers: list[threading.Thread] = []
        # Outbox rows the broker confirmed, per worker thread, marked sent by that worker's
        # next transaction: a redelivered copy goes to the same worker, so its transaction
        # has marked them before it looks for what is still unsent.
        self._confirmed: dict[int, list[int]] = {}
        self._confirmed_lock = threading.Lock()

    # ---- lifecycle -------------------------------------------------------------------

    def start(self, ready_timeout: float = 15.0) -> Runner:
        """Declare the topology, connect and start consuming."""
        topology.declare(
            self._amqp_url,
            self.settings.retry_tiers,
            [(self.name, self.service.bindings)],
            self.settings.delivery_limit,
        )
        self.link.consume(self.queue, self.settings.prefetch, self._on_delivery)
        self.link.start()
        for index, inbox in enumerate(self._queues):
            worker = threading.Thread(
                target=self._work,
                args=(inbox, index == 0),
                name=f"{self.name}-{index}",
                daemon=True,
            )
            worker.start()
            self._workers.append(worker)
        if not self.link.wait_ready(ready_timeout):
            log.warning("%s: broker not reachable yet; will keep trying", self.name)
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the messages in hand, then close (unacked prefetched ones are redelivered)."""
        self._stopping.set()
        deadline = time.monotonic() + timeout
        for worker in self._workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        self._flush_confirmed(everyone=True)
        self.link.stop()

    def run_forever(self) -> None:
        """Start, then run until SIGTERM or SIGINT (main thread only)."""
        run_until_signalled([self])

    # ---- the I/O thread hands deliveries over ----------------------------------------

    def _on_delivery(self, generation: int, method: Any, properties: Any, body: bytes) -> None:
        message = incoming_from(generation, method, properties, body)
        self._queues[zlib.crc32(message.message_id.encode()) % len(self._queues)].put(message)

    # ---- the worker ------------------------------------------------------------------

    def _work(self, deliveries: queue.Queue[Incoming], samples_depth: bool) -> None:
        next_depth = 0.0
        while not self._stopping.is_set():
            now = time.monotonic()
            if samples_depth and now >= next_depth:
                self.link.queue_depth(
                    self.queue, self.metrics.queue_depth.labels(queue=self.queue).set
                )
                next_depth = now + self._depth_interval
            try:
                first = deliveries.get(timeout=0.2)
            except queue.Empty:
                self._flush_confirmed()
                continue
            batch = self._gather(deliveries, first)
            batch = [
                m for m in batch if m.generation == self.link.generation
            ]  # others: redelivered
            try:
                if len(batch) == 1:
                    self._process(batch[0])
                elif batch:
                    self._process_batch(batch)
            except Exception:  # never let the worker die: the broker will redeliver
                log.exception(
                    "%s: unexpected failure on %s", self.name, [m.message_id for m in batch]
                )

    def _gather(self, deliveries: queue.Queue[Incoming], first: Incoming) -> list[Incoming]:
        """What waits behind ``first``, up to a batch; for ``service.gather`` seconds more
        than that, what arrives meanwhile."""
        batch = [first]
        until = time.monotonic() + self.service.gather
        while len(batch) < self.settings.batch:
            left = until - time.monotonic()
            try:
                batch.append(deliveries.get(timeout=left) if left > 0 else deliveries.get_nowait())
            except queue.Empty:
                break
        return batch

    def _process_batch(self, batch: list[Incoming]) -> None:
        """Several waiting messages in one transaction: claimed in one statement, one lock
        and one commit for the lot, which is what lets a busy service keep up (on SQLite
        every transaction queues for the single write lock).

        Optimistic: no savepoint per message. When a handler fails, the whole transaction
        rolls back (before any effect outside the store ran); that message is failed,
        retried or parked exactly as it would be unbatched (or, if it lost a race with
        another replica, settled on its own) and the rest run again as a batch.
        """
        pending = list(batch)
        while pending:
            culprit = self._try_batch(pending)
            if culprit is None:
                return
            message, error = culprit
            if message is None:  # the batch's own transaction failed: each on its own
                log.warning("%s: batch of %d failed (%s); handling one by one",
                            self.name, len(pending), failures.one_line(error))  # fmt: skip
                for message in pending:
                    if self._stopping.is_set():
                        return  # left unacked: redelivered after the restart
                    self._process(message)
                return
            pending.remove(message)
            if isinstance(error, StoreConflict | IntegrityError) or is_transient(error):
                self._process(message)  # a race or a lock timeout: settle it alone
            elif self._fail(message, error):  # exactly what an unbatched failure gets
                self.link.ack(message.generation, message.delivery_tag)

    def _try_batch(self, batch: list[Incoming]) -> tuple[Incoming | None, Exception] | None:
        """One transaction for the batch; None when it committed, else the message whose
        handler failed (None: the transaction itself) and the error."""
        started = time.perf_counter()
        handled: list[Incoming] = []
        alone: list[Incoming] = []
        unsent: list[OutboxEntry] = []
        confirmed = self._take_confirmed()
        current: Incoming | None = None
        try:
            with self.store.session() as session:
                outbox_mark_sent(session, confirmed)
                self.service.prepare(session, batch)
                claimed = inbox_claim_many(session, self.name, [m.message_id for m in batch])
                done: list[Transaction] = []
                for message in batch:
                    if handled and self._stopping.is_set():
                        break  # stopping: the rest stay unacked and the broker redelivers them
                    if message.message_id not in claimed:
                        alone.append(message)  # a redelivery: re-publish its outbox alone
                        continue
                    claimed.discard(message.message_id)
                    current = message
                    tx = Transaction(session, message.message_id)
                    self.service.handle(message, tx)
                    unsent += outbox_add(session, self.name, message.message_id, tx.messages)
                    handled.append(message)
                    done.append(tx)
                current = None
                inbox_release(session, self.name, list(claimed))  # unhandled when stopping
                for tx in done:
                    current = next(m for m in handled if m.message_id == tx.cause_id)
                    tx.run_deferred()
                current = None
        except Exception as error:
            self._return_confirmed(confirmed)
            return current, error
        if self._after_commit is not None:
            for message in handled:
                self._after_commit(message)
        try:
            self._publish_entries(unsent)
        except Exception as error:
            for message in handled:
                if self._fail(message, error):
                    self.link.ack(message.generation, message.delivery_tag)
        else:
            for message in handled:
                self.metrics.handled.labels(service=self.name).inc()
                self.link.ack(message.generation, message.delivery_tag)
        elapsed = (time.perf_counter() - started) / max(1, len(batch))
        for _message in handled:
            self.metrics.latency.labels(service=self.name).observe(elapsed)
        for message in alone:
            if self._stopping.is_set():
                return None  # left unacked: redelivered after the restart
            self._process(message)
        return None

    def _publish_entries(self, unsent: list[OutboxEntry]) -> None:
        """Publish with confirms; the rows are marked sent by the next transaction."""
        for first in range(0, len(unsent), OUTBOX_BATCH):
            chunk = unsent[first : first + OUTBOX_BATCH]
            self.metrics.published.labels(connection=self._connection_name).inc(len(chunk))
            self.link.publish_many([entry.message for entry in chunk])
            self._return_confirmed([entry.id for entry in chunk])

    def _take_confirmed(self, everyone: bool = False) -> list[int]:
        with self._confirmed_lock:
            if everyone:
                taken = [i for ids in self._confirmed.values() for i in ids]
                self._confirmed.clear()
                return taken
            return self._confirmed.pop(threading.get_ident(), [])

    def _return_confirmed(self, ids: list[int]) -> None:
        if ids:
            with self._confirmed_lock:
                self._confirmed.setdefault(threading.get_ident(), []).extend(ids)

    def _flush_confirmed(self, everyone: bool = False) -> None:
        """Mark what the broker confirmed when no transaction is coming to carry it."""
        confirmed = self._take_confirmed(everyone)
        if not confirmed:
            return
        try:
            with self.store.session() as session:
                outbox_mark_sent(session, confirmed)
        except Exception as error:  # kept for the next transaction
            self._return_confirmed(confirmed)
            log.warning("%s: cannot mark the outbox sent yet: %s", self.name,
                        failures.one_line(error))  # fmt: skip

    def _process(self, message: Incoming) -> None:
        started = time.perf_counter()
        try:
            handled, unsent = self._handle(message)
            self._publish_outbox(message.message_id, unsent, handled)
        except Exception as error:
            if not self._fail(message, error):
                return
        else:
            counter = self.metrics.handled if handled else self.metrics.duplicates
            counter.labels(service=self.name).inc()
        self.link.ack(message.generation, message.delivery_tag)
        self.metrics.latency.labels(service=self.name).observe(time.perf_counter() - started)

    def _handle(self, message: Incoming) -> tuple[bool, list[OutboxEntry]]:
        """Run the transaction; a lost compare-and-set is re-run at once a few times.

        Two messages about one order (say, two work items dispatched together) collide
        on the order's version; re-reading and re-applying right away is cheaper than a
        trip through the delay queues, which remain the fallback.
        """
        for attempt in range(1, CONFLICT_RETRIES + 1):
            try:
                return self._transaction(message)
            except StoreConflict:
                if attempt == CONFLICT_RETRIES:
                    raise
                time.sleep(0.005 * attempt)
        raise AssertionError("unreachable")

    def _transaction(self, message: Incoming) -> tuple[bool, list[OutboxEntry]]:
        """The one transaction: (handled now?, what of its outbox is still unsent)."""
        cause = message.message_id
        confirmed = self._take_confirmed()
        try:
            with self.store.session() as session:
                outbox_mark_sent(session, confirmed)
                self.service.prepare(session, [message])
                if not inbox_claim(session, self.name, cause):
                    return False, outbox_unsent(session, self.name, cause, OUTBOX_BATCH)
                tx = Transaction(session, cause)
                self.service.handle(message, tx)
                unsent = outbox_add(session, self.name, cause, tx.messages)
                tx.run_deferred()
        except IntegrityError:
            self._return_confirmed(confirmed)
            # Another replica committed the same message a moment ago and publishes its
            # outbox itself (or its own redelivery will); anything else is a bug.
            with self.store.session() as session:
                if not inbox_contains(session, self.name, cause):
                    raise
            return False, []
        except BaseException:
            self._return_confirmed(confirmed)
            raise
        if self._after_commit is not None:
            self._after_commit(message)
        return True, unsent

    def _publish_outbox(self, cause: str, unsent: list[OutboxEntry], handled: bool) -> None:
        if handled:
            self._publish_entries(unsent)
            return
        while unsent:  # a redelivery's leftovers, a page at a time
            self.metrics.published.labels(connection=self._connection_name).inc(len(unsent))
            self.link.publish_many([entry.message for entry in unsent])
            with self.store.session() as session:
                outbox_mark_sent(session, [entry.id for entry in unsent])
                if len(unsent) < OUTBOX_BATCH:
                    return
                unsent = outbox_unsent(session, self.name, cause, OUTBOX_BATCH)

    def _fail(self, message: Incoming, error: Exception) -> bool:
        """Retry or park; True when the original may be acked."""
        label = type(error).__name__
        self.metrics.failed.labels(service=self.name, error_class=label).inc()
        if message.generation != self.link.generation:
            log.warning(
                "%s: %s failed after its connection closed (%s); it will be redelivered",
                self.name,
                message.message_id,
                failures.one_line(error),
            )
            return False
        tiers = self.settings.retry_tiers
        delay = failures.next_delay(error, message.attempts, tiers, self.settings.max_attempts)
        if delay is not None:
            log.warning(
                "%s: %s attempt %d failed, retrying in %gs: %s: %s",
                self.name,
                message.message_id,
                message.attempts,
                delay,
                label,
                failures.one_line(error),
            )
            outgoing = failures.retry_message(message, self.name, delay, error)
        else:
            log.error(
                "%s: %s parked after %d attempt(s)",
                self.name,
                message.message_id,
                message.attempts,
                exc_info=error,
            )
            outgoing = failures.park_message(message, self.name, error)
        try:
            self.link.publish_many([outgoing])
        except PublishError as publish_error:
            log.error(
                "%s: cannot hand %s to %s (%s); requeueing it",
                self.name,
                message.message_id,
                outgoing.exchange,
                failures.one_line(publish_error),
            )
            time.sleep(1.0)  # not a hot loop while the broker is in trouble
            self.link.nack(message.generation, message.delivery_tag)
            return False
        if delay is not None:
            tier = topology.tier_name(delay)
            self.metrics.retried.labels(service=self.name, tier=tier).inc()
        else:
            self.metrics.parked.labels(service=self.name).inc()
        return True


def run_until_signalled(runners: Sequence[Runner]) -> None:
    """Start every runner; on SIGTERM/SIGINT finish the messages in hand and close."""
    stop = threading.Event()
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        for runner in runners:
            runner.start()
        stop.wait()
    finally:
        for runner in runners:
            runner.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
