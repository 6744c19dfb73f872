"""Which services exist and how each is built: the composition root's wiring table.

``orderhub run`` declares every service's queue and bindings even when it runs only
some of them, so a message for a service that is not running waits in its durable
queue instead of being unroutable.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from adapters.channels.filedrop import DropFolder, FileDrop
from hub.bus import topology
from hub.bus.consumer import Runner, Service
from hub.bus.publisher import Publisher
from hub.context import Context
from hub.ingest import ingest
from hub.metrics import Metrics
from hub.opening_stock import load_opening_stock
from hub.partners import cxml_secrets


def _intake(context: Context) -> Service:
    from consumers.intake import Intake

    return Intake(
        context.partners,
        secrets=cxml_secrets(context.partners, os.environ),
        max_bytes=context.settings.limits.max_document_bytes,
        duplicate_window=timedelta(seconds=context.settings.duplicates.window),
    )


def _router(context: Context) -> Service:
    from consumers.router import Router

    planning = context.settings.planning
    return Router(context.partners, context.network, context.rules,
                  time_limit_s=planning.time_limit, together=planning.together,
                  gather=planning.gather)  # fmt: skip


def _dispatcher(context: Context) -> Service:
    from consumers.dispatcher import Dispatcher

    return Dispatcher(context.partners)


def _tracker(context: Context) -> Service:
    from consumers.tracker import Tracker

    return Tracker(
        context.partners,
        context.network,
        context.rules,
        close_after=context.settings.lifecycle.close_after,
    )


def _inventory(context: Context) -> Service:
    from consumers.inventory import InventoryService

    return InventoryService(context.partners, context.network)


FACTORIES: dict[str, Callable[[Context], Service]] = {
    "intake": _intake,
    "router": _router,
    "dispatcher": _dispatcher,
    "tracker": _tracker,
    "inventory": _inventory,
}


def service_names() -> list[str]:
    return list(FACTORIES)


def build(context: Context, names: Sequence[str]) -> list[Service]:
    unknown = [n for n in names if n not in FACTORIES]
    if unknown:
        raise ValueError(f"unknown service(s) {', '.join(unknown)}; known: {', '.join(FACTORIES)}")
    return [FACTORIES[name](context) for name in names]


def declare_all(context: Context, amqp_url: str) -> None:
    services = [FACTORIES[name](context) for name in FACTORIES]
    bus = context.settings.bus
    topology.declare(
        amqp_url, bus.retry_tiers, [(s.name, s.bindings) for s in services], bus.delivery_limit
    )


@dataclass
class Hub:
    """Runners for the chosen services plus the file-drop channel, started and stopped together."""

    context: Context
    names: Sequence[str]
    amqp_url: str
    metrics: Metrics = field(default_factory=Metrics)
    replicas: int = 1
    drop_folder: Path | None = None
    watchdog_interval: float = 5.0  # seconds between sweeps (overdue acks, closing); 0: none
    runners: list[Runner] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _publisher: Publisher | None = None

    def start(self) -> Hub:
        declare_all(self.context, self.amqp_url)
        load_opening_stock(
            self.context.store, self.context.network, self.context.settings.config_dir
        )
        for _ in range(self.replicas):
            for service in build(self.context, self.names):
                runner = Runner(
                    service,
                    self.context.store,
                    self.amqp_url,
                    self.context.settings.bus,
                    metrics=self.metrics,
                )
                self.runners.append(runner.start())
        if self.drop_folder is not None:
            self._start_drop(self.drop_folder)
        if self.watchdog_interval:
            from consumers.watchdog import AckWatchdog

            watchdog = AckWatchdog(
                self.context.store, self.metrics.registry, interval=self.watchdog_interval
            )
            self._spawn("ack-watchdog", watchdog.run)
            from consumers.closing import OrderCloser

            close_after = self.context.settings.lifecycle.close_after
            if close_after:  # 0: the tracker closes an order with its receipt
                closer = OrderCloser(self.context.store, self.metrics.registry,
                                     close_after=close_after, interval=self.watchdog_interval)  # fmt: skip
                self._spawn("order-closer", closer.run)
        return self

    def _spawn(self, name: str, target: Callable[[threading.Event], None]) -> None:
        thread = threading.Thread(target=target, args=(self._stop,), name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _start_drop(self, folder: Path) -> None:
        self._publisher = Publisher(
            self.amqp_url, "orderhub-filedrop", metrics=self.metrics
        ).start()
        publisher = self._publisher
        store = self.context.store

        def deliver(name: str, data: bytes, partner: str | None) -> None:
            ingest(store, publisher, data, channel="file", name=name, partner=partner)

        folders = [DropFolder(folder)]
        for partner in self.context.partners.partners.values():
            if partner.inbound_folder:
                folders.append(DropFolder(Path(partner.inbound_folder), partner=partner.id))
        drop = FileDrop(folders, deliver, max_bytes=self.context.settings.limits.max_document_bytes)
        self._spawn("filedrop", drop.run)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(10)
        for runner in self.runners:
            runner.stop()
        if self._publisher is not None:
            self._publisher.close()
