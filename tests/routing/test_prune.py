"""The fast MILP (dominated shipments and loose rows left out, units relaxed first) has the
plain model's optimum."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from routing_world import TODAY, kit, network, node, order, rules, stock
from test_properties import SKUS, worlds

from routing.allocation import score
from routing.candidates import build
from routing.milp import MilpResult, _build, _ship_costs, solve
from routing.network import Network
from routing.planner import plan_order
from routing.problem import OrderInput, Problem
from routing.prune import dominated, dominated_assemblies, dominated_sources, most, slack


def _problem(net, inv, *orders, r=None, consolidate=False) -> Problem:
    r = r or rules()
    inputs = [OrderInput(o, "c", r.for_customer("c")) for o in orders]
    return build(net, inv, inputs, today=TODAY, consolidate=consolidate)


def _dominated(prob: Problem) -> set[tuple[str, str]]:
    tops = [most(prob, i) for i in range(len(prob.options))]
    unit = [o.unit_cost + o.unit_penalty for o in prob.options]
    return dominated(prob, tops, unit, _ship_costs(prob), slack(prob, tops))


def test_a_dearer_node_that_only_repeats_a_cheaper_one_is_left_out() -> None:
    net = network(
        [
            node("cheap", items=["A", "B"], per_shipment=5.0, per_unit=1.0),
            node("dear", items=["A"], per_shipment=10.0, per_unit=2.0),
        ]
    )
    inv = stock(cheap={"A": 50, "B": 50}, dear={"A": 50})
    prob = _problem(net, inv, order(("A", 5), ("B", 2)))
    assert {key[0] for key in _dominated(prob)} == {"dear"}
    pruned, full = _build(prob), _build(prob, prune=False)
    assert len(pruned[1].z) == 1 and len(full[1].z) == 2


def test_no_pruning_when_the_cheaper_node_could_run_short() -> None:
    two = [
        node("cheap", items=["A"], per_shipment=5.0, per_unit=1.0),
        node("dear", items=["A"], per_shipment=10.0, per_unit=2.0),
    ]
    # not enough stock for the whole line
    prob = _problem(network(two), stock(cheap={"A": 3}, dear={"A": 50}), order(("A", 5)))
    assert _dominated(prob) == set()
    # two lines want the same stock row: 4 + 4 > 6, so that row can bind
    prob = _problem(network(two), stock(cheap={"A": 6}, dear={"A": 50}), order(("A", 4), ("A", 4)))
    assert _dominated(prob) == set()
    # the cheaper node's line capacity can bind
    tight = [dict(two[0], capacity={"lines": 1, "units": 1000}), two[1]]
    prob = _problem(
        network(tight), stock(cheap={"A": 50}, dear={"A": 50}), order(("A", 4), ("A", 4))
    )
    assert _dominated(prob) == set()


def test_no_pruning_when_the_dearer_node_ships_more_cheaply() -> None:
    """Six units: ``a`` costs 5 + 6 x 2 = 17, ``b`` 10 + 6 x 1 = 16; either may be best."""
    net = network(
        [
            node("a", items=["A"], per_shipment=5.0, per_unit=2.0),
            node("b", items=["A"], per_shipment=10.0, per_unit=1.0),
        ]
    )
    prob = _problem(net, stock(a={"A": 50}, b={"A": 50}), order(("A", 6)))
    assert _dominated(prob) == set()


def test_a_node_whose_lower_unit_cost_never_pays_for_its_shipment_is_left_out() -> None:
    """Four units: ``b`` saves 4 x 1 on units but its shipment costs 5 more than ``a``'s, so
    moving its lines to ``a`` never costs more (one line, or many: the sum is over them all)."""
    net = network(
        [
            node("a", items=["A", "B"], per_shipment=5.0, per_unit=2.0),
            node("b", items=["A", "B"], per_shipment=10.0, per_unit=1.0),
        ]
    )
    prob = _problem(net, stock(a={"A": 50, "B": 50}, b={"A": 50, "B": 50}), order(("A", 4)))
    assert {key[0] for key in _dominated(prob)} == {"b"}
    _same_optimum(prob)
    # two lines of 4: b would save 8 on units, more than the 5 its shipment costs extra
    prob = _problem(
        net, stock(a={"A": 50, "B": 50}, b={"A": 50, "B": 50}), order(("A", 4), ("B", 4))
    )
    assert _dominated(prob) == set()
    _same_optimum(prob)


def _same_optimum(prob: Problem) -> None:
    a, b = solve(prob, 5.0), solve(prob, 5.0, prune=False, relax_units=False)
    assert a.status == b.status
    if a.objective is None or b.objective is None:
        assert a.objective == b.objective
    else:
        assert abs(a.objective - b.objective) <= 1e-6 * max(1.0, abs(b.objective))
        _minimises_what_the_plan_costs(prob, a)


def _minimises_what_the_plan_costs(prob: Problem, result: MilpResult) -> None:
    """The model's objective is the plan's own cost: kit lateness as promised, and the extra
    shipment charge from the second shipment on."""
    if len(prob.orders) != 1 or result.allocation is None or result.objective is None:
        return
    s = score(prob, result.allocation)
    assert abs(result.objective - s.objective) <= 1e-6 * max(1.0, abs(s.objective))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_fast_model_has_the_same_optimum(world) -> None:
    net, inv, o, r = world
    _same_optimum(_problem(net, inv, o, r=r))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_fast_batch_model_has_the_same_optimum(world) -> None:
    """Two orders to one address share shipments: shared and per-order split rules."""
    net, inv, o, r = world
    twin = o.model_copy(update={"id": "twin", "po_number": "PO-2"})
    _same_optimum(_problem(net, inv, o, twin, r=r, consolidate=True))


def test_fractional_units_are_solved_again_as_integers(monkeypatch) -> None:
    """Two parts per kit and three in stock: relaxed, the model would make 1.5 kits."""
    import routing.milp as milp

    net = network(
        [node("asm", items=[], kind="assembler"), node("s", items=["A", "B"])],
        skus=("A", "B", "K"),
        kits=[kit(lead=0)],
    )
    prob = _problem(net, stock(s={"A": 5, "B": 3}), order(("K", 2)))
    runs: list[bool] = []
    real = milp._run

    def spy(*args, **kw):
        runs.append(kw["integer_units"])
        return real(*args, **kw)

    monkeypatch.setattr(milp, "_run", spy)
    result = solve(prob, 5.0)
    assert runs == [False, True]
    assert result.status == "optimal" and result.allocation is not None
    assert sum(result.allocation.x.values()) == 1.0
    assert all(q == int(q) for q in result.allocation.y.values())


def test_only_the_fractional_part_is_solved_again(monkeypatch) -> None:
    """The kit line of the case above, and a plain line sharing no row with it: the second
    solve keeps the plain line's answer and works on the kit's columns alone."""
    import routing.milp as milp

    net = network(
        [
            node("asm", items=[], kind="assembler"),
            node("s", items=["A", "B"]),
            node("p", items=["C"]),
        ],
        skus=("A", "B", "C", "K"),
        kits=[kit(lead=0)],
    )
    prob = _problem(net, stock(s={"A": 5, "B": 3}, p={"C": 9}), order(("K", 2), ("C", 4)))
    seen = []
    real = milp._run

    def spy(prob, m, c, *args, **kw):
        seen.append((m, c))
        return real(prob, m, c, *args, **kw)

    monkeypatch.setattr(milp, "_run", spy)
    result = solve(prob, 5.0)
    assert len(seen) == 2
    m, c = seen[1]
    fixed = {j for j in range(len(m.cost)) if m.lower[j] == m.upper[j]}
    plain = [i for i, o in enumerate(prob.options) if o.mode != "assemble"]
    kits = [i for i, o in enumerate(prob.options) if o.mode == "assemble"]
    assert all(c.x[i] in fixed for i in plain) and not any(c.x[i] in fixed for i in kits)
    assert result.allocation is not None and result.allocation.x[plain[0]] == 4.0
    monkeypatch.setattr(milp, "_run", real)
    _same_optimum(prob)


def _kit_world(wide: dict, narrow: dict, *, assemblers: int = 3) -> Network:
    """Kit K = A + B, made at ``assemblers`` assemblers, with two possible part sources."""
    asms = [f"asm{i}" for i in range(assemblers)]
    return network(
        [
            *(node(a, items=[], kind="assembler") for a in asms),
            node("wide", items=["A", "B"], **wide),
            node("narrow", items=["A"], **narrow),
        ],
        skus=("A", "B", "K"),
        kits=[kit((("A", 1), ("B", 1)), asms, lead=0)],
    )


def _inbound(prob: Problem) -> set[tuple[str, str]]:
    return set(_build(prob)[1].w)


def test_a_source_another_beats_on_every_part_it_sends_is_left_out() -> None:
    """``narrow`` sends only A, dearer than ``wide`` does, and ``wide`` has the whole need."""
    net = _kit_world(dict(per_shipment=5.0, per_unit=1.0), dict(per_shipment=9.0, per_unit=2.0))
    prob = _problem(net, stock(wide={"A": 4, "B": 4}, narrow={"A": 50}), order(("K", 4)))
    assert dominated_sources(prob, slack(prob, [most(prob, i) for i in range(len(prob.options))]))
    assert {src for src, _ in _inbound(prob)} == {"wide"}
    assert {src for src, _ in _build(prob, prune=False)[1].w} == {"wide", "narrow"}
    _same_optimum(prob)


def test_a_source_whose_cheaper_parts_never_pay_for_its_shipment_is_left_out() -> None:
    """``narrow`` sends A for 0.5 a unit less than ``wide``; on a kit line of 4 that saves 2,
    less than its own inbound shipment costs more than ``wide``'s."""
    net = _kit_world(dict(per_shipment=5.0, per_unit=1.5), dict(per_shipment=9.0, per_unit=1.0))
    prob = _problem(net, stock(wide={"A": 4, "B": 4}, narrow={"A": 50}), order(("K", 4)))
    assert {src for src, _ in _inbound(prob)} == {"wide"}
    _same_optimum(prob)


def test_a_cheaper_or_needed_source_stays() -> None:
    # narrow ships more cheaply: it may be worth its own inbound shipment
    net = _kit_world(dict(per_shipment=5.0, per_unit=3.0), dict(per_shipment=9.0, per_unit=0.5))
    prob = _problem(net, stock(wide={"A": 4, "B": 4}, narrow={"A": 50}), order(("K", 4)))
    assert {src for src, _ in _inbound(prob)} == {"wide", "narrow"}
    _same_optimum(prob)
    # wide cannot send the whole need of A on its own
    net = _kit_world(dict(per_shipment=5.0, per_unit=1.0), dict(per_shipment=9.0, per_unit=2.0))
    prob = _problem(net, stock(wide={"A": 3, "B": 4}, narrow={"A": 50}), order(("K", 4)))
    assert {src for src, _ in _inbound(prob)} == {"wide", "narrow"}
    _same_optimum(prob)


def test_one_line_draws_on_a_parts_row_once_however_many_assemblers_reach_it() -> None:
    """Three assemblers could each take 4 As from ``wide`` for one kit line of 4: the line
    never takes more than 4 in all, so 4 on hand leaves the row loose."""
    net = _kit_world(dict(per_shipment=5.0, per_unit=1.0), dict(per_shipment=9.0, per_unit=2.0))
    prob = _problem(net, stock(wide={"A": 4, "B": 4}, narrow={"A": 50}), order(("K", 4)))
    sl = slack(prob, [most(prob, i) for i in range(len(prob.options))])
    assert sl.stock_need[("wide", "A")] == 4
    assert sl.stock_loose(prob, ("wide", "A"))
    # a second line wanting A itself adds its own need
    prob = _problem(net, stock(wide={"A": 4, "B": 4}, narrow={"A": 50}), order(("K", 4), ("A", 1)))
    sl = slack(prob, [most(prob, i) for i in range(len(prob.options))])
    assert sl.stock_need[("wide", "A")] == 5
    assert not sl.stock_loose(prob, ("wide", "A"))
    _same_optimum(prob)


def test_a_later_dearer_source_is_left_out_as_sharing_parts_with_it_saves_no_time() -> None:
    """``fast`` and ``slow`` both hold all 6 parts; ``slow`` is a day later and its inbound
    shipment dearer. A kit line is promised on its slowest used source's date, so parts from
    ``slow`` only make every kit later: moving them to ``fast`` costs nothing."""
    net = network(
        [
            node("asm", items=[], kind="assembler"),
            node("fast", items=["A"], per_shipment=5.0, lead=2),
            node("slow", items=["A"], per_shipment=10.0, lead=3),
        ],
        skus=("A", "K"),
        kits=[kit((("A", 1),), lead=0)],
    )
    r = rules(lateness_cost_per_unit_day=10.0)
    prob = _problem(
        net, stock(fast={"A": 50}, slow={"A": 50}), order(("K", 6), requested=TODAY), r=r
    )
    assert {src for src, _ in _inbound(prob)} == {"fast"}
    _same_optimum(prob)


def test_a_quick_source_stays_where_a_cheaper_but_later_one_would_delay_every_kit() -> None:
    """``quick`` holds 1 A and ``base`` 5, both early; ``late`` holds all 6 and its inbound
    shipment is cheaper than ``quick``'s, but it comes days later. Moving ``quick``'s one part
    to ``late`` would make all 6 kits that much later, not only the one kit it feeds, which
    costs more than the shipment saves: ``quick`` stays, and the optimum uses it."""
    net = network(
        [
            node("asm", items=[], kind="assembler"),
            node("quick", items=["A"], per_shipment=14.0, lead=0),
            node("base", items=["A"], per_shipment=0.0, lead=0),
            node("late", items=["A"], per_shipment=5.0, lead=3),
        ],
        skus=("A", "K"),
        kits=[kit((("A", 1),), lead=0)],
    )
    r = rules(lateness_cost_per_unit_day=1.0)
    inv = stock(quick={"A": 1}, base={"A": 5}, late={"A": 50})
    prob = _problem(net, inv, order(("K", 6), requested=TODAY), r=r)
    assert "quick" in {src for src, _ in _inbound(prob)}
    _same_optimum(prob)
    plan = plan_order(order(("K", 6), requested=TODAY), net, inv, r, customer="c", today=TODAY)
    supplies = {a.node: a.quantity for a in plan.assignments if a.kind == "supply"}
    assert supplies == {"quick": 1, "base": 5}


def _assembly_world(near: dict, far: dict, *, far_items: list[str] | None = None) -> Network:
    """Kit K = A + B made at ``near`` or ``far``; one source holds plenty of both parts."""
    return network(
        [
            node("near", items=[], kind="assembler", **near),
            node("far", items=far_items or [], kind="assembler", **far),
            node("src", items=["A", "B"], per_shipment=5.0),
        ],
        skus=("A", "B", "C", "K"),
        kits=[kit((("A", 1), ("B", 1)), ("near", "far"), lead=0)],
    )


def _assemblies(prob: Problem) -> set[str]:
    tops = [most(prob, i) for i in range(len(prob.options))]
    unit = [o.unit_cost + o.unit_penalty for o in prob.options]
    sl = slack(prob, tops)
    return {n for n, _ in dominated_assemblies(prob, tops, unit, _ship_costs(prob), sl)}


def test_an_assembler_another_beats_on_every_kit_is_left_out() -> None:
    """``far`` ships dearer and handles no cheaper: moving its kits to ``near`` never costs
    more, so its kit option and inbound shipment leave the model."""
    net = _assembly_world(dict(per_shipment=5.0), dict(per_shipment=50.0))
    prob = _problem(net, stock(src={"A": 50, "B": 50}), order(("K", 4)))
    assert _assemblies(prob) == {"far"}
    assert {asm for _, asm in _inbound(prob)} == {"near"}
    _same_optimum(prob)


def test_an_assembler_whose_cheaper_kits_may_pay_for_its_shipment_stays() -> None:
    """``far`` ships for 10 more but handles each kit for 3 less: from 4 kits on it may be
    the better one, so neither is left out."""
    net = _assembly_world(
        dict(per_shipment=5.0, per_unit=4.0), dict(per_shipment=15.0, per_unit=1.0)
    )
    prob = _problem(net, stock(src={"A": 50, "B": 50}), order(("K", 4)))
    assert _assemblies(prob) == set()
    _same_optimum(prob)
    # with 3 kits it never pays: 3 x 3 saved is less than 10
    prob = _problem(net, stock(src={"A": 50, "B": 50}), order(("K", 3)))
    assert _assemblies(prob) == {"far"}
    _same_optimum(prob)


def test_an_assembler_stays_where_the_other_could_run_short_or_rides_with_other_lines() -> None:
    # near's only source could run out: A is also wanted as a line of its own
    net = _assembly_world(dict(per_shipment=5.0), dict(per_shipment=50.0))
    prob = _problem(net, stock(src={"A": 4, "B": 50}), order(("K", 4), ("A", 1)))
    assert _assemblies(prob) == set()
    _same_optimum(prob)
    # far also ships a plain line of the order: leaving its kits out would not spare a node
    net = _assembly_world(dict(per_shipment=5.0), dict(per_shipment=50.0), far_items=["C"])
    prob = _problem(net, stock(src={"A": 50, "B": 50}, far={"C": 5}), order(("K", 4), ("C", 1)))
    assert _assemblies(prob) == set()
    _same_optimum(prob)


@st.composite
def kit_worlds(draw, plenty: bool = False):
    """Several part sources and assemblers for one kit line: sources and assemblers differ
    in delay, price and shipment cost, so pruning them is put to the test (the general
    worlds seldom draw two); a second kit, made at one assembler, may share its inbounds.
    ``plenty``: sources with room and deeper stock, where assemblers are pruned more often."""
    sources = draw(st.integers(2, 4))
    nodes = [
        node(
            f"s{i}",
            items=["A", "B"],
            per_shipment=draw(st.integers(0, 40)),
            per_unit=draw(st.integers(0, 4)),
            lead=draw(st.integers(0, 3)),
            lines=100 if plenty else draw(st.sampled_from([1, 100])),
        )
        for i in range(sources)
    ]
    assemblers = ["asm", "asm2", "asm3"][: draw(st.integers(1, 3))]
    nodes += [
        node(
            a,
            items=[],
            kind="assembler",
            per_shipment=draw(st.integers(0, 60)),
            per_unit=draw(st.integers(0, 4)),
            lead=draw(st.integers(0, 2)),
            lines=draw(st.sampled_from([1, 100])),
        )
        for a in assemblers
    ]
    kits = [kit(at=assemblers), kit((("A", 2),), assemblers[-1:], sku="K2")]
    net = network(nodes, skus=("A", "B", "K", "K2"), kits=kits)
    deep = 4 if plenty else 1
    inv = stock(
        **{
            f"s{i}": {"A": draw(st.integers(0, deep * 12)), "B": draw(st.integers(0, deep * 24))}
            for i in range(sources)
        }
    )
    lines = [("K", draw(st.integers(1, 8)))]
    lines += [("A", draw(st.integers(1, 5)))] if draw(st.booleans()) else []
    # a second kit made at one of the assemblers shares its inbound shipments
    lines += [("K2", draw(st.integers(1, 4)))] if draw(st.booleans()) else []
    o = order(*lines, requested=TODAY.replace(day=draw(st.integers(25, 30))))
    r = rules(
        lateness_cost_per_unit_day=draw(st.sampled_from([0.0, 1.0, 5.0, 20.0])),
        max_splits=draw(st.sampled_from([None, 0, 1])),
    )
    return net, inv, o, r


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(kit_worlds(), kit_worlds(plenty=True)))
def test_fast_model_has_the_same_optimum_for_kits(world) -> None:
    net, inv, o, r = world
    _same_optimum(_problem(net, inv, o, r=r))


@st.composite
def crowded_worlds(draw):
    """Many nodes carrying the same items, each with its own shipment and unit costs, delay and
    stock: every line has several whole-line takers, so shipments are pruned often."""
    nodes, inv = [], {}
    for i in range(draw(st.integers(2, 6))):
        nodes.append(
            node(
                f"n{i}",
                items=SKUS,
                per_shipment=draw(st.integers(0, 60)),
                per_unit=draw(st.integers(0, 5)),
                lead=draw(st.integers(0, 3)),
                lines=draw(st.sampled_from([2, 100])),
                units=draw(st.sampled_from([10, 1000])),
            )
        )
        inv[f"n{i}"] = {s: draw(st.sampled_from([0, 3, 10, 50])) for s in SKUS}
    lines = draw(
        st.lists(st.tuples(st.sampled_from(SKUS), st.integers(1, 10)), min_size=1, max_size=5)
    )
    o = order(*lines, requested=TODAY.replace(day=draw(st.integers(25, 30))))
    r = rules(
        max_splits=draw(st.sampled_from([None, 0, 1])),
        ship_complete=draw(st.booleans()),
        lateness_cost_per_unit_day=draw(st.sampled_from([0.0, 1.0, 5.0])),
        cost_per_extra_shipment=draw(st.sampled_from([0.0, 15.0])),
    )
    return network(nodes), stock(**inv), o, r


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crowded_worlds())
def test_fast_model_has_the_same_optimum_where_many_nodes_compete(world) -> None:
    net, inv, o, r = world
    _same_optimum(_problem(net, inv, o, r=r))


def test_a_shared_shipment_is_not_one_order_s_node_because_the_other_uses_it() -> None:
    """Two orders to one address, one node each (max_splits 0). n1 is the only source of C
    once n0 is left out (n1 beats it), and its lines cannot bind; the model used its
    shipment flag as each order's use of n1, so the twin's C there made order 1 use n1 as
    well as n2 and the plan filled one line instead of two (found by hypothesis)."""
    net = network([
        dict(node("n0", items=["C"]), capacity={"lines": 1, "units": 1.0}),
        dict(node("n1", items=["C", "A", "B"]), capacity={"lines": 2, "units": 2.0}),
        dict(node("n2", items=["C", "A", "B"]), capacity={"lines": 1, "units": 2.0}),
    ])  # fmt: skip
    inv = stock(n0={"C": 1}, n1={"C": 2}, n2={"B": 2})
    r = rules(max_splits=0, lateness_cost_per_unit_day=0.0, cost_per_extra_shipment=0.0)
    one = order(("B", 2), ("C", 1))
    twin = one.model_copy(update={"id": "twin", "po_number": "PO-2"})
    prob = _problem(net, inv, one, twin, r=r, consolidate=True)
    _same_optimum(prob)
    filled = solve(prob, 5.0).allocation
    assert filled is not None and sum(filled.x.values()) == 3  # B x2 for one, C x1 for the other
