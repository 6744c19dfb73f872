"""The routing benchmark runs, is seeded, and reports against its baselines on both worlds."""

from __future__ import annotations

import hashlib

import pytest

from benchmarks import routing as bench
from benchmarks.routing import PROFILES, categories, orders, run, world

FIGURES = (
    "plan_latency_p50_20_lines",
    "plan_latency_p99_20_lines",
    "cost_per_unit",
    "shipments",
    "on_time_rate",
    "batch_shipments",
    "batch_cost_per_unit",
)
PREFIX = {"sparse": "routing.", "tiered": "routing.tiered."}


@pytest.mark.parametrize("profile", PROFILES)
def test_generated_world_is_seeded(profile: str) -> None:
    net, inv = world(profile=profile)
    again, inv2 = world(profile=profile)
    assert len(net.nodes) == 50 and len(net.catalog.items) == 510 and len(net.catalog.kits) == 10
    assert net == again and inv == inv2
    assert orders(net, 5, None, seed=3) == orders(again, 5, None, seed=3)


def _fingerprint(profile: str) -> str:
    net, inv = world(profile=profile)
    data = repr(
        (
            [
                (
                    n.id,
                    n.kind,
                    n.location.country,
                    round(n.location.lat, 9),
                    round(n.location.lon, 9),
                    n.items,
                    n.capacity.lines,
                    n.capacity.units,
                    round(n.handling.per_shipment, 9),
                    round(n.handling.per_unit, 9),
                    n.lead_time_days,
                )
                for n in net.nodes
            ],
            [(i.sku, i.weight_kg) for i in net.catalog.items],
            [(k.sku, [c.sku for c in k.components]) for k in net.catalog.kits],
            sorted((k, str(v)) for k, v in inv.available.items()),
        )
    )
    return hashlib.sha256(data.encode()).hexdigest()


def test_sparse_world_is_the_earlier_generator() -> None:
    # recorded from the generator before profiles existed: old figures stay reproducible
    assert _fingerprint("sparse") == (
        "3abe0e643e556b61041d591c5666d52a2d5bc0e9be5385d60d8362c97645afe2"
    )


def test_worlds_differ_only_in_assortment_and_stock() -> None:
    tiered, _ = world(profile="tiered")
    sparse, _ = world(profile="sparse")
    assert tiered.catalog == sparse.catalog and tiered.transport == sparse.transport
    for a, b in zip(tiered.nodes, sparse.nodes, strict=True):
        assert a.model_copy(update={"items": []}) == b.model_copy(update={"items": []})
    with pytest.raises(ValueError, match="unknown world profile"):
        world(profile="dense")  # type: ignore[arg-type]


def test_tiered_world_has_the_shape_its_docstring_claims() -> None:
    net, inv = world(profile="tiered")
    skus = [i.sku for i in net.catalog.items if i.sku.startswith("SKU")]
    blocks = categories(skus)
    assert len(blocks) == bench.CATEGORIES and all(len(b) == 25 for b in blocks)
    assert [s for b in blocks for s in b] == skus  # contiguous blocks, in catalogue order
    by_kind: dict[str, list] = {}
    for node in net.nodes:
        by_kind.setdefault(node.kind, []).append(node)
    assert {k: len(v) for k, v in by_kind.items()} == {"assembler": 3, "3pl": 9, "supplier": 38}
    # assemblers hold nothing; stock only where a node lists the SKU
    assert all(not n.items for n in by_kind["assembler"])
    listed = {(n.id, s) for n in net.nodes for s in n.items}
    assert set(inv.available) == listed
    # each 3PL (regional DC) lists 50 to 70 % of the catalogue, DC-deep stock or none
    lo, hi = bench.DC_SHARE
    for dc in by_kind["3pl"]:
        assert lo * len(skus) <= len(dc.items) <= hi * len(skus)
        assert len(set(dc.items)) == len(dc.items) and set(dc.items) <= set(skus)
        assert {inv.qty(dc.id, s) for s in dc.items} <= {0, *bench.DC_UNITS}
    # each supplier carries exactly one whole category; every category has a supplier,
    # and with 38 suppliers over 20 categories none has more than two
    served = [blocks.index(s.items) for s in by_kind["supplier"]]
    assert sorted(set(served)) == list(range(len(blocks)))
    assert max(served.count(c) for c in set(served)) == 2
    for sup in by_kind["supplier"]:
        assert {inv.qty(sup.id, s) for s in sup.items} <= {0, *bench.SUPPLIER_UNITS}
    # out-of-stock rates near the stated 1 in 10 (DCs) and 1 in 5 (suppliers)
    for kind, rate in (("3pl", bench.DC_OUT_OF_STOCK), ("supplier", bench.SUPPLIER_OUT_OF_STOCK)):
        rows = [inv.qty(n.id, s) for n in by_kind[kind] for s in n.items]
        assert abs(sum(q == 0 for q in rows) / len(rows) - rate) < 0.04


def test_quick_run_reports_every_figure_on_both_worlds_deterministically() -> None:
    first = {r.name: r for r in run(quick=True)}
    assert set(first) == {PREFIX[p] + f for p in PROFILES for f in FIGURES}
    assert all(r.baseline > 0 and r.value > 0 for r in first.values())
    for profile in PROFILES:
        got = {f: first[PREFIX[profile] + f] for f in FIGURES}
        assert all(r.extra["world"] == profile for r in got.values())
        assert got["shipments"].better == "lower" and got["on_time_rate"].better == "higher"
        # the optimiser must beat the nearest-node baseline on cost and shipments
        assert got["cost_per_unit"].ratio < 1.0 and got["shipments"].ratio < 1.0
        # the floor for what each side filled is a lower bound on its own shipment count
        ships = got["shipments"]
        assert 0 < ships.extra["floor"] <= ships.value
        assert 0 < ships.extra["baseline_floor"] <= ships.baseline
    second = {r.name: r for r in run(quick=True)}
    for profile in PROFILES:
        for figure in ("cost_per_unit", "shipments", "batch_shipments"):
            name = PREFIX[profile] + figure
            assert (
                second[name].value == first[name].value
                and second[name].baseline == first[name].baseline
            )
