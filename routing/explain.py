"""The plan as text a person reads (`orderhub plan`): what goes where, what it costs, and why."""

from __future__ import annotations

from routing.plan import CandidateNode, Plan


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
