"""The sample world of samples/README.md: config loads, every sample item matches, kits, pickup."""

from __future__ import annotations

from decimal import Decimal

import pytest
from routing_world import CONFIG, TODAY, candidate, order, where

from canonical import Address, Item, Order, OrderLine, Party, PartyId
from hub.netconfig import load_network, load_rules
from routing.explain import format_plan
from routing.inventory import Inventory
from routing.planner import plan_order

# The GTINs of samples/README.md, which every sample document uses.
SAMPLE_GTINS = {
    "04012345000016": "NW-HB-M8X40",
    "04012345000023": "NW-WS-M8",
    "04012345000030": "NW-GL-L",
    "04012345000047": "NW-LED-30",
    "04012345000054": "NW-TB-1200",
    "04012345000061": "NW-TL-FRAME",
    "04012345000078": "NW-KIT-WB",
    "04012345000085": "NW-DR-18V",
}
CUSTOMERS = {
    "acme": "DE",
    "globex": "US",
    "initech": "US",
    "umbrella": "GB",
    "stark": "NO",
    "wayne": "GB",
}


@pytest.fixture(scope="module")
def world():
    net = load_network(CONFIG)
    return net, load_rules(CONFIG, net)


def plenty(net) -> Inventory:
    return Inventory({(n.id, sku): Decimal(500) for n in net.nodes for sku in n.items})


def gtin_order(customer: str, country: str) -> Order:
    return Order(
        id=f"ord-{customer}",
        po_number=f"PO-{customer}",
        ship_to=Party(name=customer, address=Address(street=["1 Road"], city="X", country=country)),
        lines=[
            OrderLine(line_number=str(i + 1), item=Item(gtin=g), quantity=Decimal(2))
            for i, g in enumerate(SAMPLE_GTINS)
        ],
    )


def test_sample_config_loads(world) -> None:
    net, rules = world
    assert {n.id for n in net.nodes} == {
        "boltfast",
        "nordic",
        "kitworks",
        "swift3pl",
        "northwind-hamburg",
    }
    assert net.catalog.kit("NW-KIT-WB").assembled_at == ["kitworks"]
    initech = rules.for_customer("initech")  # own keys laid over the default
    assert (
        not initech.ship_complete
        and initech.max_splits == 1
        and initech.cost_per_extra_shipment == 15.0
    )


@pytest.mark.parametrize("customer", sorted(CUSTOMERS))
def test_every_sample_line_matches_and_is_planned(world, customer: str) -> None:
    net, rules = world
    o = gtin_order(customer, CUSTOMERS[customer])
    for line in o.lines:
        assert net.catalog.match(line.item, customer) == SAMPLE_GTINS[line.item.gtin]
    plan = plan_order(o, net, plenty(net), rules, customer=customer, today=TODAY)
    for u in plan.unfilled:  # only the customer's own rules may leave a line open
        assert "ship-complete" in u.reason or "max_splits" in u.reason, u
    for line in o.lines:
        assert (
            plan.filled(line.line_number)
            + sum(u.quantity for u in plan.unfilled if u.line_number == line.line_number)
            == line.quantity
        )


def test_match_by_part_numbers_and_short_gtin(world) -> None:
    net, _ = world
    cat = net.catalog
    assert cat.match(Item(buyer_part="GLX-4471"), "globex") == "NW-HB-M8X40"
    assert cat.match(Item(buyer_part="GLX-4471"), "acme") is None
    assert cat.match(Item(supplier_part="NW-DR-18V"), "anyone") == "NW-DR-18V"
    assert cat.match(Item(gtin="4012345000047"), "acme") == "NW-LED-30"
    assert cat.match(Item(gtin="00000000000000", description="?"), "acme") is None


def test_kit_is_assembled_from_sourced_components(world) -> None:
    net, rules = world
    inv = Inventory(
        {
            ("nordic", "NW-TB-1200"): Decimal(5),
            ("nordic", "NW-TL-FRAME"): Decimal(5),
            ("nordic", "NW-LED-30"): Decimal(5),
            ("boltfast", "NW-HB-M8X40"): Decimal(100),
        }
    )
    plan = plan_order(order(("NW-KIT-WB", 2)), net, inv, rules, customer="acme", today=TODAY)
    assert where(plan, "1") == {"kitworks": 2} and not plan.unfilled
    supply = {(a.node, a.sku): a.quantity for a in plan.assignments if a.kind == "supply"}
    assert supply == {
        ("nordic", "NW-TB-1200"): 2,
        ("nordic", "NW-TL-FRAME"): 2,
        ("nordic", "NW-LED-30"): 2,
        ("boltfast", "NW-HB-M8X40"): 2,
    }
    kit = next(a for a in plan.assignments if a.kind == "assemble")
    slowest = max(a.ship_date for a in plan.assignments if a.kind == "supply")
    assert kit.ship_date > slowest  # components travel, then two days of assembly
    sources = [c for c in plan.explanations[0].candidates if c.mode == "supply to kitworks"]
    assert {(c.node, c.sku, c.status) for c in sources} == {
        ("nordic", "NW-TB-1200", "chosen"),
        ("nordic", "NW-TL-FRAME", "chosen"),
        ("nordic", "NW-LED-30", "chosen"),
        ("boltfast", "NW-HB-M8X40", "chosen"),
    }
    # the text lists each part's sources under the assembler, chosen or not and why
    text = format_plan(plan).splitlines()
    part = next(t for t in text if t.strip().startswith("part NW-HB-M8X40 from boltfast"))
    assert "chosen" in part and "arrives" in part and "sends 2 to kitworks" in part
    items = {w.id: w for w in plan.work_items()}
    assemble = items["ord-PO-1-kitworks-assemble-r1"]
    assert len(assemble.lines[0].components) == 4
    assert items["ord-PO-1-nordic-supply-kitworks-r1"].deliver_to_node == "kitworks"
    # not enough frames anywhere: the kit waits
    short = Inventory({**inv.available, ("nordic", "NW-TL-FRAME"): Decimal(1)})
    plan2 = plan_order(order(("NW-KIT-WB", 2)), net, short, rules, customer="acme", today=TODAY)
    assert where(plan2, "1") == {"kitworks": 1} and plan2.unfilled[0].quantity == 1


@pytest.mark.parametrize("how", ["ship_to_id", "order_type", "gln"])
def test_store_pickup_is_served_from_the_store(world, how: str) -> None:
    net, rules = world
    inv = Inventory(
        {("northwind-hamburg", "NW-GL-L"): Decimal(4), ("swift3pl", "NW-GL-L"): Decimal(100)}
    )
    kw = {
        "ship_to_id": {"ship_to_ids": ["northwind-hamburg"]},
        "order_type": {"order_type": "pickup"},
        "gln": {"ship_to_ids": ["4012345000108"]},
    }[how]
    plan = plan_order(order(("NW-GL-L", 3), **kw), net, inv, rules, customer="acme", today=TODAY)
    assert [(a.node, a.kind, a.quantity) for a in plan.assignments] == [
        ("northwind-hamburg", "pickup", 3)
    ]
    assert plan.assignments[0].promised_date == TODAY
    assert "pickup at northwind-hamburg" in candidate(plan, "1", "swift3pl").reason
    assert plan.work_items()[0].kind == "pickup"


def test_store_does_not_ship_ordinary_orders(world) -> None:
    net, rules = world
    inv = Inventory(
        {("northwind-hamburg", "NW-GL-L"): Decimal(4), ("swift3pl", "NW-GL-L"): Decimal(100)}
    )
    plan = plan_order(order(("NW-GL-L", 3)), net, inv, rules, customer="acme", today=TODAY)
    assert where(plan, "1") == {"swift3pl": 3}
    assert candidate(plan, "1", "northwind-hamburg").reason == "does not ship to customers"


def test_ship_to_party_ids_unrelated_to_stores_ship_normally(world) -> None:
    net, rules = world
    o = order(("NW-GL-L", 1))
    o = o.model_copy(
        update={
            "ship_to": o.ship_to.model_copy(
                update={"ids": [PartyId(scheme="GLN", value="5412345000013")]}
            )
        }
    )
    plan = plan_order(
        o,
        net,
        Inventory({("swift3pl", "NW-GL-L"): Decimal(5)}),
        rules,
        customer="acme",
        today=TODAY,
    )
    assert plan.assignments[0].kind == "ship"
