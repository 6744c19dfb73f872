"""One AMQP connection driven by its own I/O thread, reconnecting with backoff.

pika connections are not thread-safe, and a connection whose thread is busy in a handler
misses its heartbeats. So a ``Link`` owns a ``SelectConnection`` on a private thread:
other threads only hand it work with ``add_callback_threadsafe``. It keeps two channels:
one in confirm mode for publishing (a broker-closed publish channel, e.g. an unknown
exchange, is reopened without disturbing deliveries) and, when asked to, one consuming.

Each (re)connection is a new *generation*: a delivery tag is only meaningful on the
channel it came from, so acks of an older generation are dropped (the broker redelivers
those messages and the inbox recognises them).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import takewhile
from typing import Any

import pika
from pika.adapters.select_connection import SelectConnection
from pika.channel import Channel
from tenacity import Retrying, retry_if_exception_type, wait_exponential

from hub.bus.errors import PublishError, PublishFailed, Unroutable
from hub.bus.message import Publishable, properties_for

log = logging.getLogger(__name__)

Delivery = Callable[[int, Any, pika.BasicProperties, bytes], None]


class _ConnectFailed(Exception):
    """The broker could not be reached or refused us; try again after a backoff."""


@dataclass
class _Batch:
    """Messages published together whose confirms one caller waits for."""

    generation: int
    remaining: int
    done: threading.Event = field(default_factory=threading.Event)
    errors: list[PublishError] = field(default_factory=list)

    def settle(self, error: PublishError | None = None) -> None:
        if error is not None:
            self.errors.append(error)
        self.remaining -= 1
        if self.remaining <= 0:
            self.done.set()

    def fail(self, error: PublishError) -> None:
        self.errors.append(error)
        self.remaining = 0
        self.done.set()


@dataclass
class _Pending:
    message_id: str
    exchange: str
    routing_key: str
    batch: _Batch
    returned: str | None = None


class Link:
    """A connection with a confirm-mode publish channel and an optional consumer."""

    def __init__(
        self,
        url: str,
        name: str,
        *,
        heartbeat: float | None = None,
        max_backoff: float = 10.0,
        on_confirmed: Callable[[int], None] | None = None,
    ) -> None:
        self._params = pika.URLParameters(url)
        self._params.client_properties = {"connection_name": name, "product": "orderhub"}
        if heartbeat:
            self._params.heartbeat = max(1, round(heartbeat))
        self.name = name
        self._max_backoff = max_backoff
        self._on_confirmed = on_confirmed
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: SelectConnection | None = None
        self._generation = 0
        self._publish_channel: Channel | None = None
        self._consume_channel: Channel | None = None
        self._next_tag = 1
        self._pending: OrderedDict[int, _Pending] = OrderedDict()
        self._batch_objects: dict[int, _Batch] = {}
        self._consumer: tuple[str, int, Delivery] | None = None
        self.connections = 0  # how many times a connection was opened (tests, metrics)

    # ---- lifecycle -------------------------------------------------------------------

    def consume(self, queue: str, prefetch: int, on_delivery: Delivery) -> None:
        """Consume ``queue`` on every (re)connection; ``on_delivery`` runs on the I/O thread."""
        self._consumer = (queue, prefetch, on_delivery)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=f"amqp-{self.name}", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float) -> bool:
        return self._ready.wait(timeout)

    @property
    def generation(self) -> int:
        return self._generation

    def stop(self, timeout: float = 10.0) -> None:
        """Close the connection and end the I/O thread."""
        self._stopping.set()
        self.call(lambda: self._conn is not None and self._conn.is_open and self._conn.close())
        if self._thread is not None:
            self._thread.join(timeout)

    def call(self, fn: Callable[[], Any]) -> bool:
        """Run ``fn`` on the I/O thread; False when there is no connection to run it on."""
        with self._lock:
            conn = self._conn
        if conn is None:
            return False
        try:
            conn.ioloop.add_callback_threadsafe(fn)
        except Exception:  # the ioloop is closing
            return False
        return True

    # ---- publishing (any thread but the I/O thread) ----------------------------------

    def publish_many(self, messages: Sequence[Publishable], timeout: float = 30.0) -> None:
        """Publish and wait for every confirm once; raise the first failure."""
        if not messages:
            return
        ready = self._ready.wait(timeout)
        with self._lock:
            batch = _Batch(self._generation, len(messages))
            self._batch_objects[id(batch)] = batch
        try:
            if not ready or not self.call(lambda: self._publish(batch, messages)):
                raise PublishFailed(f"not connected to the broker ({self.name})")
            if not batch.done.wait(timeout):
                raise PublishFailed(f"no confirm from the broker within {timeout:.0f}s")
        finally:
            with self._lock:
                self._batch_objects.pop(id(batch), None)
        if batch.errors:
            permanent = [e for e in batch.errors if not isinstance(e, PublishFailed)]
            raise (permanent or batch.errors)[0]

    def _publish(self, batch: _Batch, messages: Sequence[Publishable]) -> None:
        channel = self._publish_channel
        if batch.generation != self._generation or channel is None or not channel.is_open:
            batch.fail(PublishFailed("the connection to the broker was lost"))
            return
        for message in messages:
            tag = self._next_tag
            self._next_tag += 1
            self._pending[tag] = _Pending(
                message.message_id, message.exchange, message.routing_key, batch
            )
            channel.basic_publish(
                message.exchange,
                message.routing_key,
                message.body,
                properties_for(message),
                mandatory=True,
            )

    def _on_confirm(self, frame: Any) -> None:
        method = frame.method
        tag, multiple = method.delivery_tag, method.multiple
        nack = isinstance(method, pika.spec.Basic.Nack)
        if multiple:
            tags = list(takewhile(lambda t: t <= tag, self._pending))  # in tag order
        else:
            tags = [tag] if tag in self._pending else []
        for t in tags:
            self._settle(self._pending.pop(t), nack)
        if self._on_confirmed and tags and not nack:
            self._on_confirmed(len(tags))

    @staticmethod
    def _settle(pending: _Pending, nack: bool) -> None:
        if nack:
            pending.batch.settle(PublishFailed(f"the broker refused message {pending.message_id}"))
        elif pending.returned is not None:
            pending.batch.settle(
                Unroutable(
                    f"unroutable: no queue bound to exchange {pending.exchange!r} for "
                    f"routing key {pending.routing_key!r} ({pending.returned})"
                )
            )
        else:
            pending.batch.settle()

    def _on_return(self, _channel: Any, method: Any, properties: Any, _body: bytes) -> None:
        # The broker sends basic.return before the basic.ack of the same message.
        for pending in self._pending.values():
            if pending.returned is None and pending.message_id == properties.message_id:
                pending.returned = f"{method.reply_code} {method.reply_text}"
                return

    def _fail_pending(self, why: str) -> None:
        error = PublishFailed(why)
        for pending in self._pending.values():
            pending.batch.settle(error)
        self._pending.clear()
        with self._lock:
            batches = list(self._batch_objects.values())
        for batch in batches:
            if not batch.done.is_set():
                batch.fail(error)

    # ---- the I/O thread --------------------------------------------------------------

    def _run(self) -> None:
        while not self._stopping.is_set():
            retrying = Retrying(
                wait=wait_exponential(multiplier=0.2, max=self._max_backoff),
                retry=retry_if_exception_type(_ConnectFailed),
                stop=lambda _state: self._stopping.is_set(),
                sleep=self._stopping.wait,
                reraise=True,
            )
            try:
                retrying(self._session)
            except _ConnectFailed:
                break

    def _session(self) -> None:
        """One connection, from open to close; raises _ConnectFailed if it never opened."""
        opened = threading.Event()
        conn = SelectConnection(
            self._params,
            on_open_callback=lambda c: (opened.set(), self._on_open(c)),
            on_open_error_callback=lambda c, err: self._on_open_error(c, err),
            on_close_callback=self._on_closed,
        )
        with self._lock:
            self._conn = conn
        try:
            conn.ioloop.start()
        finally:
            with self._lock:
                self._conn = None
            self._ready.clear()
            self._fail_pending("the connection to the broker was lost")
            with contextlib.suppress(Exception):  # best effort
                conn.ioloop.close()
        if not opened.is_set() and not self._stopping.is_set():
            raise _ConnectFailed()

    def _on_open_error(self, conn: SelectConnection, error: Any) -> None:
        log.warning("%s: cannot connect to the broker: %s", self.name, error)
        conn.ioloop.stop()

    def _on_open(self, conn: SelectConnection) -> None:
        with self._lock:
            self._generation += 1
        self.connections += 1
        if self._stopping.is_set():
            conn.close()
            return
        conn.channel(on_open_callback=self._on_publish_channel)

    def _on_closed(self, conn: SelectConnection, reason: Any) -> None:
        if not self._stopping.is_set():
            log.warning("%s: connection closed: %s", self.name, reason)
        self._publish_channel = self._consume_channel = None
        conn.ioloop.stop()

    def _on_publish_channel(self, channel: Channel) -> None:
        self._publish_channel = channel
        self._next_tag = 1
        channel.add_on_return_callback(self._on_return)
        channel.add_on_close_callback(self._on_publish_channel_closed)
        channel.confirm_delivery(self._on_confirm, callback=lambda _f: self._after_confirm_mode())

    def _after_confirm_mode(self) -> None:
        if self._consumer is None or self._consume_channel is not None:
            self._ready.set()
            return
        assert self._conn is not None
        self._conn.channel(on_open_callback=self._on_consume_channel)

    def _on_publish_channel_closed(self, channel: Channel, reason: Any) -> None:
        code = getattr(reason, "reply_code", 0)
        text = getattr(reason, "reply_text", str(reason))
        error: PublishError = (
            Unroutable(f"the broker refused the publish: {code} {text}")
            if code in (403, 404, 406)
            else PublishFailed(f"publish channel closed: {code} {text}")
        )
        for pending in self._pending.values():
            pending.batch.settle(error)
        self._pending.clear()
        self._publish_channel = None
        conn = self._conn
        if conn is not None and conn.is_open and not self._stopping.is_set():
            self._ready.clear()
            conn.channel(on_open_callback=self._on_publish_channel)

    def _on_consume_channel(self, channel: Channel) -> None:
        assert self._consumer is not None
        queue, prefetch, on_delivery = self._consumer
        self._consume_channel = channel
        generation = self._generation
        channel.add_on_close_callback(self._on_consume_channel_closed)

        def deliver(_ch: Any, method: Any, properties: Any, body: bytes) -> None:
            on_delivery(generation, method, properties, body)

        def start_consuming(_frame: Any) -> None:
            channel.basic_consume(queue, deliver, auto_ack=False)
            self._ready.set()

        channel.basic_qos(prefetch_count=prefetch, callback=start_consuming)

    def _on_consume_channel_closed(self, _channel: Channel, reason: Any) -> None:
        # Without its consumer a service is useless: reconnect from scratch.
        self._consume_channel = None
        conn = self._conn
        if conn is not None and conn.is_open and not self._stopping.is_set():
            log.warning("%s: consume channel closed (%s); reconnecting", self.name, reason)
            conn.close()

    # ---- called on the I/O thread by the consumer ------------------------------------

    def ack(self, generation: int, delivery_tag: int) -> None:
        """Ack on the I/O thread, unless the delivery came from an older connection."""

        def do() -> None:
            channel = self._consume_channel
            if generation == self._generation and channel is not None and channel.is_open:
                channel.basic_ack(delivery_tag)

        self.call(do)

    def nack(self, generation: int, delivery_tag: int) -> None:
        """Requeue a delivery (the quorum queue counts it towards its delivery limit)."""

        def do() -> None:
            channel = self._consume_channel
            if generation == self._generation and channel is not None and channel.is_open:
                channel.basic_nack(delivery_tag, requeue=True)

        self.call(do)

    def queue_depth(self, queue: str, report: Callable[[int], None]) -> None:
        """Ask for the consumed queue's ready-message count (passive declare) and report it."""

        def do() -> None:
            channel = self._consume_channel
            if channel is not None and channel.is_open:
                channel.queue_declare(
                    queue, passive=True, callback=lambda f: report(f.method.message_count)
                )

        self.call(do)
