"""The whole hub on the real broker and database, with simulated partners answering.

Each test runs in its own folder (partners' outbound folders are relative to it), its
own vhost and its own database, with short retry delays so that documents that come
too early are retried quickly.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from adapters.channels.filedrop import write_file
from consumers import orderbook
from hub.context import Context
from hub.demo.run import PartnerSimulation, simulated_partners
from hub.services import Hub, service_names
from hub.settings import BusSettings, load_settings
from hub.store.orders import events_list
from hub.store.tables import orders

REPO = Path(__file__).parents[2]
SAMPLES = REPO / "samples"
DATA = Path(__file__).parent / "data"
BUS = BusSettings(
    prefetch=20, heartbeat=10, retry_tiers=(0.3, 0.6, 1.0, 2.0), max_attempts=10, delivery_limit=20
)


@dataclass
class World:
    context: Context
    hub: Hub
    partners: PartnerSimulation
    inbox: Path

    def submit(self, path: Path) -> None:
        write_file(self.inbox, path.name, path.read_bytes())

    def states(self) -> dict[str, str]:
        with self.context.store.session() as session:
            return {
                r.po_number: r.state
                for r in session.execute(sa.select(orders.c.po_number, orders.c.state))
            }

    def wait(
        self, until: Callable[[dict[str, str]], bool], timeout: float = 40.0
    ) -> dict[str, str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            states = self.states()
            if until(states):
                return states
            time.sleep(0.3)
        return self.states()

    def view(self, po_number: str) -> orderbook.OrderView:
        with self.context.store.session() as session:
            row = session.execute(
                sa.select(orders.c.id).where(orders.c.po_number == po_number)
            ).first()
            assert row is not None, f"no order {po_number}"
            view = orderbook.load(session, row.id)
        assert view is not None
        return view

    def events(self, po_number: str) -> list:
        with self.context.store.session() as session:
            return events_list(session, self.view(po_number).id)

    def outbox(self, partner: str) -> list[Path]:
        folder = Path("var/outbox") / partner
        return (
            sorted(p for p in folder.iterdir() if not p.name.startswith("."))
            if folder.exists()
            else []
        )


def make_world(
    amqp_url: str,
    database_url: str,
    *,
    replicas: int = 1,
    reject: dict[str, set[str]] | None = None,
    short: dict[str, dict[str, Decimal]] | None = None,
    paused: set[str] | None = None,
    context_hook: Callable[[Context], None] | None = None,
    customers: bool = False,
    damaged: dict[str, dict[str, Decimal]] | None = None,
    close_after: float | None = None,
) -> tuple[World, Callable[[], None]]:
    base = load_settings(REPO / "config" / "hub.yaml")
    lifecycle = base.lifecycle.model_copy(
        update={"close_after": base.lifecycle.close_after if close_after is None else close_after}
    )
    settings = base.model_copy(
        update={"amqp_url": amqp_url, "database_url": database_url, "var_dir": Path("var"),
                "config_dir": REPO / "config", "bus": BUS, "lifecycle": lifecycle}
    )  # fmt: skip
    context = Context(settings)
    if context_hook:
        context_hook(context)
    inbox = Path("var/inbox")
    hub = Hub(
        context,
        service_names(),
        amqp_url,
        replicas=replicas,
        drop_folder=inbox,
        watchdog_interval=0.5,
    )
    hub.start()
    sim = PartnerSimulation(
        simulated_partners(
            context, reject=reject, short=short, customers=customers, damaged=damaged
        ),
        inbox,
        paused=set(paused or ()),
    ).start()

    def close() -> None:
        sim.stop()
        hub.stop()
        context.close()

    return World(context, hub, sim, inbox), close


@pytest.fixture
def world_factory(
    amqp_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., World]]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ORDERHUB_SECRET_UMBRELLA", "umbrella-sample-s3cret")  # samples/cxml's
    closers: list[Callable[[], None]] = []

    def build(database_url: str | None = None, **kwargs: object) -> World:
        world, close = make_world(
            amqp_url, database_url or f"sqlite:///{tmp_path}/hub.db", **kwargs
        )  # type: ignore[arg-type]
        closers.append(close)
        return world

    yield build
    for close in closers:
        close()
