"""Routing benchmark: the MILP planner against greedy "nearest node with stock".

Generated worlds (seeded): 50 nodes, 500 items, a few kits; orders of 1 to 50 lines.
Figures: plan latency p50/p99 on 20-line orders, cost-to-serve per unit, shipments and
on-time rate against the baseline on the same orders, and batch planning beside it.
Shipments come with their floor: the fewest shipments that could fill what each plan
filled from the stock left at the time (routing/bounds.py), for both planners.

The 150 quality orders arrive in one burst on one day, each booking stock and its nodes'
daily capacity (lines and units on the day the work ships) before the next is planned; a
node whose day is full takes later orders on its next working days, as in the hub.

Every figure is reported for two worlds (see ``world``): ``sparse``, the first generator,
under ``routing.*`` (so earlier figures stay comparable); and ``tiered``, a network shaped
like a real one (broad 3PL assortments, suppliers by category), under ``routing.tiered.*``.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from benchmarks.result import BenchResult
from canonical import Address, Item, Order, OrderLine, Party
from routing import highs
from routing.bounds import fewest_shipments
from routing.candidates import build
from routing.inventory import Inventory
from routing.network import Network
from routing.plan import Plan
from routing.planner import batch_shipments, plan_batch, plan_order, plan_sequence
from routing.problem import OrderInput
from routing.rules import CustomerRules, Rules

TODAY = date(2026, 11, 25)
# Quality figures must not depend on how busy the host is: a time limit that is never
# reached keeps them deterministic (latency is measured with the default limit).
QUALITY_TIME_LIMIT_S = 30.0
PLACES = {
    "DE": (51.2, 10.4),
    "FR": (46.6, 2.4),
    "NL": (52.1, 5.3),
    "GB": (53.0, -1.5),
    "SE": (59.3, 18.1),
    "NO": (59.9, 10.8),
    "PL": (52.0, 19.4),
    "IT": (42.8, 12.6),
    "ES": (40.4, -3.7),
    "US": (39.8, -98.6),
}
Profile = Literal["tiered", "sparse"]
PROFILES: tuple[Profile, ...] = ("sparse", "tiered")
# The tiered world's assortment and stock, fixed from what a real network looks like (see
# ``world``) before any figure was measured on it: not to be tuned to meet an aim.
DC_SHARE = (0.5, 0.7)  # share of the catalogue a regional DC (3PL) lists, by DC size
DC_OUT_OF_STOCK = 0.10  # chance a listed SKU is out at a DC (in-stock rate about 90 %)
DC_UNITS = (5, 10, 20, 40)  # on hand when in stock: a few orders' cover, replenished often
CATEGORIES = 20  # product categories, each a contiguous block of SKUs (25 of 500)
SUPPLIER_OUT_OF_STOCK = 0.20  # made in runs: between runs the shelf may be empty
SUPPLIER_UNITS = (20, 40, 60, 100)  # on hand when in stock: a maker's deeper stock


def world(
    seed: int = 7, n_nodes: int = 50, n_items: int = 500, profile: Profile = "sparse"
) -> tuple[Network, Inventory]:
    """A generated network and its stock. Both profiles share the skeleton, drawn from one
    seeded stream exactly as the sparse world always was: node kinds and counts (the first
    three are assemblers, then every fifth node is a 3PL, the rest suppliers; 3, 9 and 38
    of 50), locations, capacities, handling costs, lead times, cut-offs, item weights, kits
    and the transport model. They differ only in what each node carries and how much.

    ``sparse`` (the default; the first generator, unchanged: same seed, same world): every 3PL and
    supplier lists 45 SKUs drawn at random from the whole catalogue, each with 0, 0, 3, 8,
    20 or 60 units. Each SKU sits at about four unrelated nodes, so lines can hardly be
    consolidated: no planner gets below about 0.73x greedy's shipments there.

    ``tiered``, assortment and stock from a second stream seeded from
    ``seed``, shaped like a real distributed-order-management network:

    - 3PLs are regional distribution centres. A DC lists most of the range for next-day
      service, and bigger DCs list more: each lists a random ``DC_SHARE`` (50 to 70 %) of
      the catalogue. Of what it lists, ``DC_OUT_OF_STOCK`` (1 in 10) is out, the in-stock
      rate DCs typically run at; the rest holds a few orders' cover (``DC_UNITS``: 5, 10,
      20 or 40 units), since a DC is replenished often and in lots.
    - Suppliers make or distribute one product category, not SKUs scattered across the
      catalogue: the catalogue is cut into ``CATEGORIES`` (20) contiguous blocks of SKUs
      (25 each for 500) and each supplier carries one whole block. Categories are shuffled
      and dealt round robin, so every category has a supplier and, with 38 suppliers, 18
      of the 20 have a second source, as dual sourcing usually gives. A maker's stock is
      deeper (``SUPPLIER_UNITS``: 20, 40, 60 or 100 units) but, made in runs, more often
      out between runs (``SUPPLIER_OUT_OF_STOCK``: 1 in 5).
    - Assemblers hold no stock and make the kits from components, as in both worlds.

    The parameters were fixed from the above before the benchmark ran on this world.
    Orders, rules, costs and the planners are the same for both worlds.
    """
    rnd = random.Random(seed)
    skus = [f"SKU-{i:04d}" for i in range(n_items)]
    kits = [f"KIT-{i:02d}" for i in range(10)]
    countries = list(PLACES)
    nodes: list[dict[str, Any]] = []
    stock: dict[tuple[str, str], Decimal] = {}
    for i in range(n_nodes):
        kind = "assembler" if i < 3 else ("3pl" if i % 5 == 0 else "supplier")
        country = rnd.choice(countries)
        lat, lon = PLACES[country]
        items = [] if kind == "assembler" else rnd.sample(skus, 45)
        nodes.append(
            {
                "id": f"node{i:02d}",
                "name": f"Node {i}",
                "kind": kind,
                "location": {
                    "lat": lat + rnd.uniform(-2, 2),
                    "lon": lon + rnd.uniform(-3, 3),
                    "country": country,
                },
                "items": items,
                "capacity": {"lines": rnd.randint(40, 200), "units": rnd.randint(500, 3000)},
                "handling": {"per_shipment": rnd.uniform(5, 25), "per_unit": rnd.uniform(0.2, 2.0)},
                "lead_time_days": rnd.randint(0, 3),
                "cutoff": "15:00",
            }
        )
        for sku in items:
            stock[(f"node{i:02d}", sku)] = Decimal(rnd.choice([0, 0, 3, 8, 20, 60]))
    catalog = {
        "items": [{"sku": s, "weight_kg": round(rnd.uniform(0.1, 15), 2)} for s in skus + kits],
        "kits": [
            {
                "sku": k,
                "components": [{"sku": s, "quantity": 1} for s in rnd.sample(skus, 3)],
                "assembled_at": ["node00", "node01", "node02"],
                "assembly_lead_days": 1,
            }
            for k in kits
        ],
    }
    transport = {
        "lanes": [
            {
                "origin": c,
                "destination": c,
                "cost_per_shipment": 12.0,
                "cost_per_kg": 0.2,
                "transit_days": 1,
            }
            for c in countries
        ],
        "distance": {"base": 30.0, "per_km": 0.04, "per_kg": 0.25, "km_per_day": 600},
        "places": {c: {"lat": la, "lon": lo} for c, (la, lo) in PLACES.items()},
    }
    if profile == "tiered":
        stock = _tiered(nodes, skus, seed)
    elif profile != "sparse":
        raise ValueError(f"unknown world profile {profile!r}; known: {', '.join(PROFILES)}")
    net = Network.model_validate({"nodes": nodes, "transport": transport, "catalog": catalog})
    return net, Inventory(stock)


def categories(skus: list[str]) -> list[list[str]]:
    """The catalogue cut into ``CATEGORIES`` contiguous blocks of SKUs (the last may be short)."""
    size = -(-len(skus) // CATEGORIES)
    return [skus[i : i + size] for i in range(0, len(skus), size)]


def _tiered(
    nodes: list[dict[str, Any]], skus: list[str], seed: int
) -> dict[tuple[str, str], Decimal]:
    """Give the skeleton's nodes a tiered assortment and stock (see ``world``), in place;
    the stock is returned. A stream of its own leaves the skeleton as the sparse world's."""
    rnd = random.Random(f"tiered-{seed}")
    blocks = categories(skus)
    dealt = rnd.sample(range(len(blocks)), len(blocks))
    stock: dict[tuple[str, str], Decimal] = {}
    n_suppliers = 0
    for node in nodes:
        if node["kind"] == "3pl":
            share = rnd.uniform(*DC_SHARE)
            items = sorted(rnd.sample(skus, round(share * len(skus))))
            out, units = DC_OUT_OF_STOCK, DC_UNITS
        elif node["kind"] == "supplier":
            items = list(blocks[dealt[n_suppliers % len(blocks)]])
            n_suppliers += 1
            out, units = SUPPLIER_OUT_OF_STOCK, SUPPLIER_UNITS
        else:
            continue
        node["items"] = items
        for sku in items:
            on_hand = 0 if rnd.random() < out else rnd.choice(units)
            stock[(node["id"], sku)] = Decimal(on_hand)
    return stock


def orders(net: Network, count: int, lines: int | None, seed: int) -> list[Order]:
    rnd = random.Random(seed)
    skus = [i.sku for i in net.catalog.items if i.sku.startswith("SKU")]
    kits = [k.sku for k in net.catalog.kits]
    out = []
    for n in range(count):
        customer = rnd.randrange(8)  # eight customers, each at one address in its country
        country = list(PLACES)[customer]
        k = lines or rnd.randint(1, 50)
        chosen = rnd.sample(skus, k)
        if rnd.random() < 0.2:
            chosen[0] = rnd.choice(kits)
        out.append(
            Order(
                id=f"bench-{seed}-{n}",
                po_number=f"B{seed}-{n}",
                requested_delivery_date=TODAY + timedelta(days=rnd.randint(3, 9)),
                ship_to=Party(
                    name=f"Customer {customer}",
                    address=Address(
                        street=[f"{customer} Industrial Way"], city="City", country=country
                    ),
                ),
                lines=[
                    OrderLine(
                        line_number=str(i + 1),
                        item=Item(supplier_part=s),
                        quantity=Decimal(rnd.randint(1, 10)),
                    )
                    for i, s in enumerate(chosen)
                ],
            )
        )
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _timed(fns: list[Callable[[], object]], passes: int = 3) -> list[float]:
    """Each call's best of a few runs in ms: the figure least disturbed by other work on a
    shared host. The runs are whole passes over the list, not one call repeated back to back:
    a slow spell of the host lasts seconds, so back-to-back repeats all fall into it."""
    best = [float("inf")] * len(fns)
    for _ in range(passes):
        for n, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[n] = min(best[n], (time.perf_counter() - start) * 1000.0)
    return best


def _summary(plans: list[Plan]) -> dict[str, float]:
    filled = sum(float(a.quantity) for p in plans for a in p.customer_assignments())
    late = sum(float(a.quantity) for p in plans for a in p.customer_assignments() if not a.on_time)
    return {
        "cost": sum(p.costs.total for p in plans),
        "filled": filled,
        "shipments": float(sum(p.shipments for p in plans)),
        "on_time": 1.0 - late / filled if filled else 1.0,
    }


def shipment_floor(
    plans: list[Plan], mix: list[Order], net: Network, inv: Inventory, rules: Rules
) -> int | None:
    """Sum over a sequence of plans of the fewest shipments that could fill what each plan
    filled from the stock left when it was planned (routing/bounds.py): no planner filling
    the same from the same stock can ship fewer times."""
    total, left = 0, inv
    for order, plan in zip(mix, plans, strict=True):
        inp = OrderInput(order, "bench", rules.for_customer("bench"))
        prob = build(net, left, [inp], today=TODAY)
        filled = {di: float(plan.filled(d.line_number)) for di, d in enumerate(prob.demands)}
        least = fewest_shipments(prob, filled)
        if least is None:
            return None
        total += least
        left = left.after(plan)
    return total


def run(quick: bool = False) -> list[BenchResult]:
    """Every figure for the sparse world (``routing.*``), then for the tiered one
    (``routing.tiered.*``); each result's extra names its world."""
    return [r for profile in PROFILES for r in run_world(profile, quick)]


def run_world(profile: Profile, quick: bool = False) -> list[BenchResult]:
    """Every figure on one world, its results named ``routing.`` (sparse) or
    ``routing.<profile>.`` (any other world)."""
    net, inv = world(profile=profile)
    prefix = "routing." if profile == "sparse" else f"routing.{profile}."
    rules = Rules(
        default=CustomerRules(cost_per_extra_shipment=15.0, lateness_cost_per_unit_day=1.0)
    )
    n_lat, n_mix = (15, 20) if quick else (100, 150)
    # waves of 10 orders planned together; 5 in a quick run, where a wave of 10 on the
    # tiered world can take the solver tens of seconds to close
    wave = 5 if quick else 10

    def plan(o: Order, method: str) -> Plan:
        return plan_order(o, net, inv, rules, customer="bench", today=TODAY, method=method)

    lat_orders = orders(net, n_lat, 20, seed=1)
    plan(lat_orders[0], "milp")  # warm-up: imports and first solver
    fast = _timed([lambda o=o: plan(o, "milp") for o in lat_orders])
    base = _timed([lambda o=o: plan(o, "nearest") for o in lat_orders])
    results = [
        BenchResult(
            prefix + "plan_latency_p50_20_lines",
            _pct(fast, 0.5),
            "ms",
            _pct(base, 0.5),
            "lower",
            "greedy nearest-node planner",
        ),
        BenchResult(
            prefix + "plan_latency_p99_20_lines",
            _pct(fast, 0.99),
            "ms",
            _pct(base, 0.99),
            "lower",
            "greedy nearest-node planner",
            {
                "aim_ms": 20,
                "orders": n_lat,
                "timing": "best of 3 passes over the orders",
                "solver_threads": highs.THREADS,
            },
        ),
    ]
    mix = orders(net, n_mix, None, seed=2)

    def seq(method: str) -> list[Plan]:  # as orders arrive, each reserving what it uses
        return plan_sequence(
            mix,
            net,
            inv,
            rules,
            customers=["bench"] * len(mix),
            today=TODAY,
            method=method,
            time_limit_s=QUALITY_TIME_LIMIT_S,
        )

    opt, near = seq("milp"), seq("nearest")
    so, sn = _summary(opt), _summary(near)
    floor = shipment_floor(opt, mix, net, inv, rules)
    extra = {
        "orders": n_mix,
        "units_filled": so["filled"],
        "baseline_units_filled": sn["filled"],
        "fallbacks": sum(p.solver != "milp" for p in opt),
        "not_optimal": sum(p.solver_status != "optimal" for p in opt),
    }
    results += [
        BenchResult(
            prefix + "cost_per_unit",
            so["cost"] / so["filled"],
            "EUR/unit",
            sn["cost"] / sn["filled"],
            "lower",
            "greedy nearest node with stock",
            {**extra, "aim": "<= 0.9x"},
        ),
        BenchResult(
            prefix + "shipments",
            so["shipments"],
            "shipments",
            sn["shipments"],
            "lower",
            "greedy nearest node with stock",
            {
                **extra,
                "aim": "<= 0.7x",
                # the fewest shipments that could fill what the MILP filled, order by order,
                # from the stock left at the time (capacity ignored): a floor for any planner
                "floor": floor,
                "floor_ratio": round(floor / sn["shipments"], 4) if floor else None,
                "baseline_floor": shipment_floor(near, mix, net, inv, rules),
            },
        ),
        BenchResult(
            prefix + "on_time_rate",
            so["on_time"] * 100,
            "%",
            sn["on_time"] * 100,
            "higher",
            "greedy nearest node with stock",
            extra,
        ),
    ]
    # batch: the same orders released in waves (customers repeat, so addresses are shared)
    batch_plans: list[Plan] = []
    batch_ships = 0
    not_optimal = 0  # waves the solver did not close within the time limit
    left = inv
    for i in range(0, len(mix), wave):
        group = mix[i : i + wave]
        plans = plan_batch(
            group,
            net,
            left,
            rules,
            customers=["bench"] * len(group),
            today=TODAY,
            time_limit_s=QUALITY_TIME_LIMIT_S,
        )
        batch_plans += plans
        not_optimal += plans[0].solver_status != "optimal"
        batch_ships += batch_shipments(plans)
        for p in plans:
            left = left.after(p)
    sb = _summary(batch_plans)
    results += [
        BenchResult(
            prefix + "batch_shipments",
            float(batch_ships),
            "shipments",
            so["shipments"],
            "lower",
            "MILP order by order",
            {
                "group": wave,
                "waves_not_optimal": not_optimal,
                "units_filled": sb["filled"],
                "order_by_order_units_filled": so["filled"],
            },
        ),
        BenchResult(
            prefix + "batch_cost_per_unit",
            sb["cost"] / sb["filled"],
            "EUR/unit",
            so["cost"] / so["filled"],
            "lower",
            "MILP order by order",
            {"group": wave},
        ),
    ]
    stocked = float(sum(inv.available.values()))
    return [
        replace(r, extra={"world": profile, **r.extra, "units_in_stock": stocked}) for r in results
    ]


if __name__ == "__main__":  # pragma: no cover - manual use
    for r in run(quick="--quick" in sys.argv):
        print(r.line())
