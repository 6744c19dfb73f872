"""`orderhub demo`: submit the bundled customer orders, let simulated partners answer, and
print what happened to each order. Runs in its own folder and, where it can, its own vhost.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from adapters.channels.filedrop import write_file
from hub.context import Context
from hub.demo.customer import SimulatedCustomer
from hub.demo.partner import SimulatedPartner
from hub.services import Hub, service_names
from hub.settings import load_settings
from hub.store.archive import archive_for_order
from hub.store.orders import events_list
from hub.store.tables import orders as orders_table

log = logging.getLogger(__name__)
CUSTOMER_SAMPLES = (
    "edifact/orders_d96a_acme.edi",
    "x12/850_4010_globex.x12",
    "x12/850_5010_initech.x12",
    "cxml/orderrequest_umbrella.xml",
    "ubl/order_stark.xml",
    "email/wayne_edifact_attachment.eml",
)
FINAL = {"closed", "backordered", "rejected", "cancelled"}
Simulated = SimulatedPartner | SimulatedCustomer
DAMAGED = {"globex": {"GX-100-883": Decimal(1)}}  # one unit arrives broken: a receipt discrepancy
Say = Callable[[str], None]


@dataclass
class DemoVhost:
    """A throw-away vhost on a local broker, so the demo never touches a running hub's queues."""

    base_url: str
    name: str = ""

    def __enter__(self) -> str:
        parts = urlsplit(self.base_url)
        if parts.hostname not in ("127.0.0.1", "localhost") or shutil.which("rabbitmqctl") is None:
            return self.base_url
        self.name = f"orderhub-demo-{os.getpid()}"
        for args in (
            ["add_vhost", self.name],
            ["set_permissions", "-p", self.name, parts.username or "guest", ".*", ".*", ".*"],
        ):
            if (
                subprocess.run(
                    ["rabbitmqctl", "-q", *args], capture_output=True, timeout=60
                ).returncode
                != 0
            ):
                self.name = ""
                return self.base_url
        return urlunsplit((parts.scheme, parts.netloc, "/" + quote(self.name, safe=""), "", ""))

    def __exit__(self, *_: object) -> None:
        if self.name:
            subprocess.run(
                ["rabbitmqctl", "-q", "delete_vhost", self.name], capture_output=True, timeout=60
            )


@dataclass
class PartnerSimulation:
    """The simulated partners, answering on a thread what the hub writes to their folders."""

    sims: list[Simulated]
    inbox: Path
    interval: float = 0.2
    paused: set[str] = field(default_factory=set)  # partner ids that stay silent for now
    _stop: threading.Event = field(default_factory=threading.Event)
    _seen: set[Path] = field(default_factory=set)
    _thread: threading.Thread | None = None

    def start(self) -> PartnerSimulation:
        self._thread = threading.Thread(target=self._loop, name="simulated-partners", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _loop(self) -> None:
        while not self._stop.is_set():
            for sim in self.sims:
                if sim.partner.id not in self.paused:
                    self._answer(sim)
            self._stop.wait(self.interval)

    def _answer(self, sim: SimulatedPartner) -> None:
        folder = Path(sim.partner.outbound.address) if sim.partner.outbound else None
        if folder is None or not folder.exists():
            return
        fresh = [
            p
            for p in sorted(folder.iterdir())
            if p not in self._seen and not p.name.startswith(".")
        ]
        if not fresh:
            return
        self._seen.update(fresh)
        try:
            replies = sim.answer_all([(path.name, path.read_bytes()) for path in fresh])
        except Exception:  # a simulated partner's bug must not stop the others
            log.exception(
                "simulated %s could not answer %s", sim.partner.id, [p.name for p in fresh]
            )
            return
        for name, content in replies:
            write_file(self.inbox, name, content)


def simulated_partners(
    context: Context,
    *,
    reject: dict[str, set[str]] | None = None,
    short: dict[str, dict[str, Decimal]] | None = None,
    customers: bool = False,
    damaged: dict[str, dict[str, Decimal]] | None = None,
) -> list[Simulated]:
    """One simulated partner per supplier, assembler, 3PL and store of the profiles, and,
    with ``customers``, one simulated customer per customer that receives files."""
    us = context.partners.self_partner
    buyers: list[Simulated] = [
        SimulatedCustomer(p, us, damaged=dict((damaged or {}).get(p.id, {})))
        for p in context.partners.partners.values()
        if customers and "customer" in p.roles and p.outbound and p.outbound.channel == "file"
    ]
    return buyers + [
        SimulatedPartner(
            p,
            us,
            reject_skus=set((reject or {}).get(p.id, set())),
            short_skus=dict((short or {}).get(p.id, {})),
        )
        for p in context.partners.partners.values()
        if {"supplier", "assembler", "3pl", "store"} & set(p.roles)
    ]


def run_demo(repo: Path, say: Say, *, timeout: float = 50.0) -> int:
    config_dir, samples = repo / "config", repo / "samples"
    workdir = repo / "var" / "demo"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    os.chdir(workdir)  # partner outbound folders (var/outbox/<id>) are relative to here
    os.environ.setdefault("ORDERHUB_SECRET_UMBRELLA", "umbrella-sample-s3cret")  # the sample's own
    base = load_settings(config_dir / "hub.yaml")
    with DemoVhost(base.amqp_url) as amqp_url:
        # the demo's orders close 2 s after delivery rather than a week, to show the sweep
        lifecycle = base.lifecycle.model_copy(update={"close_after": 2.0})
        settings = base.model_copy(update={"amqp_url": amqp_url, "var_dir": Path("var"), "config_dir": config_dir,
                                           "database_url": None, "lifecycle": lifecycle})  # fmt: skip
        context = Context(settings)
        inbox = Path("var/inbox")
        hub = Hub(context, service_names(), amqp_url, drop_folder=inbox, watchdog_interval=1.0)
        say(
            f"orderhub demo in {workdir} (broker {urlsplit(amqp_url).path or '/'}, database var/orderhub.db)"
        )
        hub.start()
        partners = PartnerSimulation(
            simulated_partners(
                context, reject={"nordic": {"NW-LED-30"}}, customers=True, damaged=DAMAGED
            ),
            inbox,  # fmt: skip
        ).start()
        started = time.monotonic()
        try:
            for sample in CUSTOMER_SAMPLES:
                write_file(inbox, Path(sample).name, (samples / sample).read_bytes())
                say(f"  customer document in: {sample}")
            done = _wait(context, len(CUSTOMER_SAMPLES), started + timeout)
            _report(context, say, workdir)
            say(
                f"finished in {time.monotonic() - started:.1f}s: {'every order reached a final state' if done else 'TIMED OUT'}"
            )
            return 0 if done else 1
        finally:
            partners.stop()
            hub.stop()
            context.close()


def _states(context: Context) -> dict[str, str]:
    import sqlalchemy as sa

    with context.store.read() as session:
        rows = session.execute(sa.select(orders_table.c.po_number, orders_table.c.state)).all()
    return {row.po_number: row.state for row in rows}


def _wait(context: Context, expected: int, deadline: float) -> bool:
    while time.monotonic() < deadline:
        states = _states(context)
        if len(states) >= expected and all(s in FINAL for s in states.values()):
            time.sleep(1.0)  # let the last customer documents go out
            return True
        time.sleep(0.5)
    return False


def _report(context: Context, say: Say, workdir: Path) -> None:
    import sqlalchemy as sa

    with context.store.read() as session:
        rows = (
            session.execute(sa.select(orders_table).order_by(orders_table.c.created_at))
            .mappings()
            .all()
        )
        for row in rows:
            say("")
            say(
                f"PO {row['po_number']} from {row['customer']}  ->  {row['state'].upper()}  (order {row['id']})"
            )
            events = events_list(session, row["id"])
            states = [e.state_to for e in events if e.state_to]
            say("  states:    " + " -> ".join(states))
            kinds = [e.kind for e in events if not e.state_to]
            if kinds:
                say("  also:      " + ", ".join(kinds))
            for event in events:
                for d in event.detail.get("discrepancies", []):
                    say(f"  receipt:   line {d['line']} {d['kind']}: shipped {d['shipped']}, "
                        f"received {d['received']}, refused {d['refused']}")  # fmt: skip
            for record in archive_for_order(session, row["id"]):
                arrow = "<-" if record.direction == "in" else "->"
                what = f"{record.standard or '?'} {record.message_type or ''}".strip()
                say(f"  {arrow} {record.partner or '?':<18} {what:<22} {record.status}")
    say("")
    say(
        f"outbound files: {workdir / 'var' / 'outbox'}/<partner>/   inbound: {workdir / 'var' / 'inbox'}/done/"
    )
