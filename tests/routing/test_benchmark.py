"""The routing benchmark runs, is seeded, and reports against its baselines."""

from __future__ import annotations

from benchmarks.routing import orders, run, world


def test_generated_world_is_seeded() -> None:
    net, inv = world()
    again, inv2 = world()
    assert len(net.nodes) == 50 and len(net.catalog.items) == 510 and len(net.catalog.kits) == 10
    assert net == again and inv == inv2
    assert orders(net, 5, None, seed=3) == orders(again, 5, None, seed=3)


def test_quick_run_reports_every_figure_deterministically() -> None:
    first = {r.name: r for r in run(quick=True)}
    assert set(first) == {
        "routing.plan_latency_p50_20_lines",
        "routing.plan_latency_p99_20_lines",
        "routing.cost_per_unit",
        "routing.shipments",
        "routing.on_time_rate",
        "routing.batch_shipments",
        "routing.batch_cost_per_unit",
    }
    assert all(r.baseline > 0 and r.value > 0 for r in first.values())
    assert (
        first["routing.shipments"].better == "lower"
        and first["routing.on_time_rate"].better == "higher"
    )
    # the optimiser must beat the nearest-node baseline on cost and shipments
    assert first["routing.cost_per_unit"].ratio < 1.0 and first["routing.shipments"].ratio < 1.0
    # the floor for what each side filled is a lower bound on its own shipment count
    ships = first["routing.shipments"]
    assert 0 < ships.extra["floor"] <= ships.value
    assert 0 < ships.extra["baseline_floor"] <= ships.baseline
    second = {r.name: r for r in run(quick=True)}
    for name in ("routing.cost_per_unit", "routing.shipments", "routing.batch_shipments"):
        assert (
            second[name].value == first[name].value
            and second[name].baseline == first[name].baseline
        )
