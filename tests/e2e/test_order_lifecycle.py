"""Orders of every standard through every service, answered by simulated partners."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from hub.partners import AckPolicy, PartnerDirectory
from hub.store.tables import work_items

SAMPLES = Path(__file__).parents[2] / "samples"
DATA = Path(__file__).parent / "data"

CUSTOMER_ORDERS = {
    "edifact/orders_d96a_acme.edi": ("acme", ["PO-ACME-10417"]),
    "x12/850_4010_globex.x12": ("globex", ["GX-4500012345"]),
    "x12/850_5010_initech.x12": ("initech", ["INI-PO-778120", "INI-PO-778121"]),
    "cxml/orderrequest_umbrella.xml": ("umbrella", ["UMB-PO-2026-0042"]),
    "ubl/order_stark.xml": ("stark", ["SPW-2026-00317"]),
    "email/wayne_edifact_attachment.eml": ("wayne", ["WH-2025-0088"]),
}
EXPECTED = sum(len(pos) for _c, pos in CUSTOMER_ORDERS.values())


def _all_closed(states: dict[str, str]) -> bool:
    return len(states) >= EXPECTED and all(s == "closed" for s in states.values())


def test_every_sample_order_is_shipped_delivered_and_closed_with_its_documents(
    world_factory,
) -> None:
    world = world_factory(customers=True, damaged={"globex": {"GX-100-883": Decimal(1)}},
                          close_after=1.0)  # fmt: skip
    for sample in CUSTOMER_ORDERS:
        world.submit(SAMPLES / sample)
    states = world.wait(_all_closed, timeout=60)
    assert states == {po: "closed" for _c, pos in CUSTOMER_ORDERS.values() for po in pos}
    for _customer, pos in CUSTOMER_ORDERS.values():
        for po in pos:
            seen = [e.state_to for e in world.events(po) if e.state_to]
            assert seen[-3:] == ["shipped", "delivered", "closed"], (po, seen)
    received = [e for e in world.events("GX-4500012345") if e.kind == "received_goods"]
    refused = [d for e in received for d in e.detail.get("discrepancies", [])]
    assert refused == [{"line": "2", "kind": "refused", "shipped": "10", "received": "9",
                        "refused": "1"}]  # fmt: skip
    for customer, _pos in CUSTOMER_ORDERS.values():
        names = " ".join(p.name for p in world.outbox(customer))
        assert "order_response" in names, customer
        assert "ship_notice" in names, customer
        if customer in ("acme", "wayne"):
            assert "contrl" in names
        if customer == "globex":
            assert "997" in names
        if customer == "initech":
            assert "999" in names
    for po in ("PO-ACME-10417", "GX-4500012345"):
        kinds = [e.kind for e in world.events(po)]
        assert kinds[:3] == ["received", "acknowledged", "planned"]
        assert "dispatched" in kinds and "shipped" in kinds
    # every work item books its node's capacity on the day it ships
    with world.context.store.read() as session:
        work = session.execute(sa.select(work_items.c.document, work_items.c.ship_date,
                                         work_items.c.line_count, work_items.c.unit_count)).all()  # fmt: skip
    assert work and all(w.ship_date and w.line_count == len(w.document["lines"]) for w in work)
    assert all(
        w.unit_count == sum(Decimal(x["quantity"]) for x in w.document["lines"]) for w in work
    )


def test_a_supplier_rejection_reroutes_the_line(world_factory) -> None:
    world = world_factory(reject={"nordic": {"NW-LED-30"}})
    world.submit(SAMPLES / "ubl/order_stark.xml")
    states = world.wait(lambda s: s.get("SPW-2026-00317") == "shipped")
    assert states["SPW-2026-00317"] == "shipped"
    view = world.view("SPW-2026-00317")
    kinds = [e.kind for e in world.events("SPW-2026-00317")]
    assert "replanned" in kinds
    rerouted = [line for line in view.progress.lines if "nordic" in line.rejected_by]
    assert rerouted, "nordic rejected nothing"
    for line in rerouted:
        assert "nordic" not in line.nodes and line.status == "shipped"


def test_a_short_confirmation_has_the_rest_sourced_elsewhere(world_factory) -> None:
    world = world_factory(short={"nordic": {"NW-LED-30": Decimal("0.5")}})
    world.submit(SAMPLES / "ubl/order_stark.xml")
    states = world.wait(lambda s: s.get("SPW-2026-00317") == "shipped")
    assert states["SPW-2026-00317"] == "shipped"
    view = world.view("SPW-2026-00317")
    led = next(line for line in view.progress.lines if line.line_number == "2")
    nordic = [p for p in led.portions if p.node == "nordic"]
    others = [p for p in led.portions if p.node != "nordic" and p.status == "shipped"]
    assert nordic and nordic[0].confirmed == nordic[0].quantity / 2
    assert sum(p.shipped for p in led.live()) == led.ordered
    assert others, "the rest was not sourced elsewhere"
    response = next(
        e
        for e in world.events("SPW-2026-00317")
        if e.kind == "partner_response" and e.detail["short_lines"]
    )
    assert response.detail["node"] == "nordic"


def test_a_change_and_a_cancel_mid_flow(world_factory) -> None:
    world = world_factory(
        paused={"boltfast", "nordic", "kitworks", "swift3pl", "northwind-hamburg"}
    )
    world.submit(SAMPLES / "edifact/orders_d96a_acme.edi")
    world.submit(SAMPLES / "x12/850_4010_globex.x12")
    world.wait(
        lambda s: s.get("PO-ACME-10417") == "dispatched" and s.get("GX-4500012345") == "dispatched"
    )
    world.submit(SAMPLES / "edifact/ordchg_acme.edi")
    world.submit(DATA / "860_cancel_globex.x12")
    world.wait(lambda s: s.get("GX-4500012345") == "cancelled" and any(
        e.kind == "changed" for e in world.events("PO-ACME-10417")))  # fmt: skip
    acme = world.view("PO-ACME-10417")
    assert acme.progress.line("3").status == "cancelled"
    assert acme.progress.line("1").ordered == 60
    assert {line.line_number for line in acme.progress.lines} >= {"1", "3", "4"}
    assert world.states()["GX-4500012345"] == "cancelled"
    world.wait(
        lambda _s: any(e.kind == "sent_cancel" for e in world.events("GX-4500012345")), timeout=15
    )
    cancels = [e for e in world.events("GX-4500012345") if e.kind == "sent_cancel"]
    assert cancels, "the 3PL was not told of the cancel"
    assert all(e.detail["message_type"] in ("940", "860", "ORDCHG") for e in cancels)
    world.partners.paused.clear()
    states = world.wait(lambda s: s.get("PO-ACME-10417") == "shipped")
    assert states["PO-ACME-10417"] == "shipped"


def test_an_overdue_acknowledgement_raises_an_alert(world_factory) -> None:
    def impatient(context) -> None:
        partners = context.partners.partners
        partners["boltfast"] = partners["boltfast"].model_copy(
            update={"ack": AckPolicy(due=timedelta(seconds=1))}
        )
        partners["swift3pl"] = partners["swift3pl"].model_copy(
            update={"ack": AckPolicy(due=timedelta(seconds=1))}
        )
        context.__dict__["partners"] = PartnerDirectory(list(partners.values()))

    world = world_factory(paused={"boltfast", "swift3pl"}, context_hook=impatient)
    world.submit(SAMPLES / "x12/850_4010_globex.x12")
    world.wait(lambda s: s.get("GX-4500012345") == "dispatched")
    deadline_states = world.wait(
        lambda s: any(e.kind == "ack_overdue" for e in world.events("GX-4500012345")), timeout=15
    )
    assert deadline_states
    overdue = [e for e in world.events("GX-4500012345") if e.kind == "ack_overdue"]
    assert overdue and overdue[0].detail["partner"] in ("boltfast", "swift3pl")
    assert (
        world.hub.metrics.registry.get_sample_value(
            "orderhub_acks_overdue_total", {"partner": overdue[0].detail["partner"]}
        )
        >= 1
    )


def test_two_replicas_of_every_service_make_no_duplicates(world_factory, pg_url: str) -> None:
    world = world_factory(database_url=pg_url, replicas=2, customers=True, close_after=0)
    for sample in CUSTOMER_ORDERS:
        world.submit(SAMPLES / sample)
    states = world.wait(_all_closed, timeout=90)
    assert states == {po: "closed" for _c, pos in CUSTOMER_ORDERS.values() for po in pos}
    for _customer, pos in CUSTOMER_ORDERS.values():
        for po in pos:
            events = world.events(po)
            assert [e.sequence for e in events] == list(range(1, len(events) + 1))
            states_seen = [e.state_to for e in events if e.state_to]
            assert len(states_seen) == len(set(states_seen)), f"{po}: a transition happened twice"
    responses = [
        p
        for c, _ in CUSTOMER_ORDERS.values()
        for p in world.outbox(c)
        if "order_response" in p.name
    ]
    assert len(responses) == len({p.name for p in responses})
