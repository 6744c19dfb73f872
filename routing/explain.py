"""The plan as text a person reads (`orderhub plan`): what goes where, what it costs, and why."""

from __future__ import annotations

from routing.plan import CandidateNode, Plan
from routing.whatif import WhatIf


def _money(value: float) -> str:
    return f"{value:,.2f}"


def _part(c: CandidateNode) -> bool:
    """A kit part's source: listed under its assembler's candidate line."""
    return c.mode.startswith("supply to ")


def _candidate(c: CandidateNode, width: int) -> str:
    facts = [f"est. {_money(c.cost)}"] if c.cost is not None else []
    if c.delivery:
        facts.append(f"{'arrives' if _part(c) else 'delivers'} {c.delivery}")
    tail = f"{c.status:<9} {', '.join(facts)}".rstrip()
    if _part(c):
        return f"        part {c.sku or '':<{width}} from {c.node:<20} {tail}: {c.reason}"
    return f"    - {c.node:<20} {tail}: {c.reason}"


def format_plan(plan: Plan) -> str:
    cur = plan.currency or ""
    out = [
        f"Plan for PO {plan.po_number} (order {plan.order_id}, customer {plan.customer}), "
        f"revision {plan.revision}",
        f"Planner: {plan.solver} ({plan.solver_status}); {plan.shipments} shipment(s), "
        f"{plan.splits} split(s), on time {plan.on_time_rate():.0%}",
        f"Cost to serve {_money(plan.costs.total)}{' ' + cur if cur else ''}: "
        f"handling {_money(plan.costs.handling)}, transport {_money(plan.costs.transport)}, "
        f"extra shipments {_money(plan.costs.extra_shipment)}, "
        f"lateness {_money(plan.costs.lateness)}",
    ]
    out.extend(f"Note: {note}" for note in plan.notes)
    out.extend(
        f"Note: leaves {node} in one shipment with PO {', '.join(others)} (same address)"
        for node, others in sorted(plan.ship_with.items())
    )
    out.append("")
    by_line: dict[str, list[str]] = {}
    for a in plan.assignments:
        if a.kind == "supply":
            text = (
                f"    supply  {a.quantity} x {a.sku} from {a.node} to {a.deliver_to_node}, "
                f"ships {a.ship_date}"
            )
        else:
            sub = f" (substitute for {a.substitute_for})" if a.substitute_for else ""
            late = "" if a.on_time else " LATE"
            text = (
                f"  {a.kind:<8} {a.quantity} x {a.sku}{sub} at {a.node}, ships {a.ship_date}, "
                f"promised {a.promised_date}{late}"
            )
        by_line.setdefault(a.line_number, []).append(text)
    unfilled = {u.line_number: u for u in plan.unfilled}
    for exp in plan.explanations:
        out.append(f"Line {exp.line_number}: {exp.quantity} x {exp.sku or '(unmatched)'}")
        out.extend(by_line.get(exp.line_number, []))
        if exp.line_number in unfilled:
            u = unfilled[exp.line_number]
            out.append(f"  {u.status.upper()} {u.quantity}: {u.reason}")
        width = max((len(c.sku or "") for c in exp.candidates if _part(c)), default=0)
        out.extend(_candidate(c, width) for c in exp.candidates)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def format_what_if(result: WhatIf, a: str, b: str) -> str:
    """The two networks' figures side by side, then each order planned differently."""
    rows = [
        ("cost to serve", result.a.cost, result.b.cost, _money),
        ("shipments", result.a.shipments, result.b.shipments, str),
        ("splits", result.a.splits, result.b.splits, str),
        ("on time", result.a.on_time_rate * 100, result.b.on_time_rate * 100, _pct),
        ("units filled", result.a.units_filled, result.b.units_filled, _units),
        ("units unfilled", result.a.units_unfilled, result.b.units_unfilled, _units),
    ]
    out = [
        f"What if: {result.a.orders} order(s) planned on (a) {a} and on (b) {b}",
        "",
        f"{'':<16}{'(a)':>14}{'(b)':>14}{'b - a':>14}",
    ]
    for name, x, y, show in rows:
        delta = y - x
        sign = "+" if delta > 0 else ""
        change = f"{sign}{show(delta)}" if delta else "same"
        out.append(f"{name:<16}{show(x):>14}{show(y):>14}{change:>14}")
    out.append("")
    if not result.changes:
        out.append("Every order is planned the same way on both.")
    else:
        out.append(f"Orders planned differently ({len(result.changes)}):")
    for c in result.changes:
        delta = c.cost[1] - c.cost[0]
        out.append(
            f"  PO {c.po_number}: cost {_money(c.cost[0])} -> {_money(c.cost[1])} "
            f"({'+' if delta > 0 else ''}{_money(delta)}), shipments {c.shipments[0]} -> "
            f"{c.shipments[1]}, on time {_pct(c.on_time_rate[0] * 100)} -> "
            f"{_pct(c.on_time_rate[1] * 100)}"
        )
        out.append(f"      nodes {', '.join(c.nodes[0]) or '-'} -> {', '.join(c.nodes[1]) or '-'}")
        if c.promised[0] != c.promised[1]:
            out.append(f"      last promised delivery {c.promised[0]} -> {c.promised[1]}")
        if c.unfilled[0] != c.unfilled[1]:
            out.append(f"      units unfilled {_units(c.unfilled[0])} -> {_units(c.unfilled[1])}")
    return "\n".join(out) + "\n"


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def _units(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
