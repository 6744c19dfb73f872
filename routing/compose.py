"""Turn an allocation into plans: assignments with dates, costs, unfilled lines and reasons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from routing.allocation import Allocation, kit_late_days, score
from routing.plan import Assignment, CandidateNode, Costs, LineExplanation, Plan, Unfilled
from routing.problem import Problem
from routing.rules import CustomerRules


def _dec(q: float) -> Decimal:
    return Decimal(round(q)) if abs(q - round(q)) < 1e-6 else Decimal(str(round(q, 6)))


def _promise(prob: Problem, k: int, delivery: date, requested: date | None) -> date:
    if prob.orders[k].rules.promise == "max_requested" and requested and requested > delivery:
        return requested
    return delivery


def compose(
    prob: Problem, alloc: Allocation, k: int, *, solver: str, status: str, revision: int
) -> Plan:
    """The plan of order ``k`` of the problem (several when planned as a batch)."""
    inp = prob.orders[k]
    order, rules = inp.order, inp.rules
    catalog = prob.network.catalog
    assignments: list[Assignment] = []
    unfilled: list[Unfilled] = []
    explanations: list[LineExplanation] = []
    riding: dict[tuple[str, str], set[int]] = {}  # shipment -> the lines it carries
    for i, q in alloc.x.items():
        if q > 1e-9:
            riding.setdefault(prob.options[i].shipment, set()).add(prob.options[i].demand)
    for di, d in enumerate(prob.demands):
        if d.order != k:
            continue
        for i in prob.options_of(di):
            q = alloc.x.get(i, 0.0)
            if q <= 1e-9:
                continue
            o = prob.options[i]
            item = catalog.item(o.sku)
            delivery, ship = o.delivery, o.ship_date
            if o.mode == "assemble":
                used = [
                    o.components[ci][2][si]
                    for (oi, ci, si), qq in alloc.y.items()
                    if oi == i and qq > 1e-9
                ]
                delivery = max((s.delivery for s in used), default=o.delivery)
                ship = date.fromordinal(delivery.toordinal() - (o.delivery - o.ship_date).days)
                for (oi, ci, si), qq in sorted(alloc.y.items()):
                    if oi != i or qq <= 1e-9:
                        continue
                    s = o.components[ci][2][si]
                    part = catalog.item(s.sku)
                    assignments.append(
                        Assignment(
                            d.line_number,
                            s.node,
                            s.sku,
                            _dec(qq),
                            "supply",
                            s.shipped,
                            None,
                            part.gtin,
                            part.description,
                            part.unit,
                            deliver_to_node=o.node,
                            for_sku=o.sku,
                        )
                    )
            late = kit_late_days(prob, alloc, i) if o.mode == "assemble" else o.late_days
            kind = (
                "pickup" if o.mode == "pickup" else ("assemble" if o.mode == "assemble" else "ship")
            )
            assignments.append(
                Assignment(
                    d.line_number,
                    o.node,
                    o.sku,
                    _dec(q),
                    kind,
                    ship,
                    _promise(prob, k, delivery, d.requested),
                    item.gtin,
                    item.description,
                    item.unit,
                    substitute_for=d.sku if o.sku != d.sku else None,
                    on_time=late == 0,
                )
            )
        explanations.append(_explain(prob, alloc, di, riding))
    s = score(prob, alloc, [k])
    filled = alloc.filled_all(prob)
    for di, d in enumerate(prob.demands):
        left = d.qty - filled[di]
        if d.order == k and left > 1e-9:
            why = _why_unfilled(prob, di, rules, s.shipments)
            unfilled.append(Unfilled(d.line_number, d.sku, _dec(left), *why))
    return Plan(
        order_id=order.id or order.po_number,
        po_number=order.po_number,
        customer=inp.customer,
        revision=revision,
        solver=solver,
        solver_status=status,
        assignments=sorted(
            assignments, key=lambda a: (a.line_number, a.kind != "supply", a.node, a.sku)
        ),
        unfilled=unfilled,
        costs=Costs(s.handling, s.transport, s.extra_shipment, s.lateness),
        penalties=s.penalties,
        shipments=s.shipments,
        explanations=explanations,
        ship_to=order.ship_to,
        currency=order.currency,
        requested_delivery_date=order.requested_delivery_date,
        excluded=inp.excluded,
        down=inp.down,
    )


def _why_unfilled(
    prob: Problem, di: int, rules: CustomerRules, shipments: int
) -> tuple[Literal["backordered", "rejected"], str]:
    d = prob.demands[di]
    if d.unmatched:
        return "rejected", d.unmatched
    status: Literal["backordered", "rejected"] = (
        "backordered" if rules.backorder_policy == "backorder" else "rejected"
    )
    if rules.ship_complete and prob.options_of(di):
        return status, "ship-complete: no single node can ship the whole order"
    if not prob.options_of(di):
        return status, "no node can serve it (see candidates)"
    if rules.max_splits is not None and shipments >= rules.max_splits + 1:
        return status, f"max_splits {rules.max_splits} reached: no further shipment allowed"
    return status, "not enough stock or capacity across the candidate nodes"


def _explain(
    prob: Problem, alloc: Allocation, di: int, riding: dict[tuple[str, str], set[int]]
) -> LineExplanation:
    d = prob.demands[di]
    rules = prob.orders[d.order].rules
    chosen = [prob.options[i] for i in prob.options_of(di) if alloc.x.get(i, 0) > 1e-9]
    chosen_nodes = {o.node for o in chosen}
    # a chosen shipment that carries other lines too: why a node cheaper for this line alone
    # lost (one shipment fewer for the order)
    shared = sorted({o.node for o in chosen if len(riding.get(o.shipment, ())) > 1})
    best = min(
        (
            c.est_cost
            for c in prob.candidates[di]
            if c.option is not None
            and prob.options[c.option].node in chosen_nodes
            and c.est_cost is not None
        ),
        default=None,
    )
    out: list[CandidateNode] = []
    for c in prob.candidates[di]:
        if c.option is None:
            out.append(CandidateNode(c.node, c.sku, c.mode, "excluded", c.reason))
            continue
        o = prob.options[c.option]
        q = alloc.x.get(c.option, 0.0)
        have = prob.stock.get((o.node, o.sku), 0.0)
        if q > 1e-9:
            status, reason = "chosen", f"ships {_dec(q)} of {_dec(d.qty)}"
            if o.sku != d.sku:
                reason += f" (substitute {o.sku} for {d.sku})"
        else:
            status = "feasible"
            if rules.ship_complete and not _can_complete(prob, d.order, o.node):
                reason = "misses ship-complete: cannot ship every line of the order"
            elif o.mode != "assemble" and have < d.qty:
                reason = f"only {_dec(have)} in stock; not used"
            elif rules.preferred_nodes and o.node not in rules.preferred_nodes:
                reason = "not a preferred node; costlier overall"
            elif best is not None and c.est_cost is not None and c.est_cost > best + 0.005:
                reason = f"costlier: {c.est_cost:.2f} vs {best:.2f} for the chosen"
            elif best is not None and c.est_cost is not None and shared:
                reason = (
                    f"cheaper for this line alone ({c.est_cost:.2f} vs {best:.2f}), but the "
                    f"shipment from {', '.join(shared)} carries other lines too: one shipment "
                    "fewer costs less overall"
                )
            elif best is not None and c.est_cost is not None:
                reason = (
                    f"cheaper for this line alone ({c.est_cost:.2f} vs {best:.2f}), but not for "
                    "the order as a whole (capacity, stock or split limits other lines need)"
                )
            else:
                reason = "costlier overall (shipments shared with other lines)"
        out.append(
            CandidateNode(
                c.node,
                c.sku,
                c.mode,
                status,
                reason,
                round(c.est_cost, 2) if c.est_cost is not None else None,
                c.delivery,
            )
        )
        if o.mode == "assemble":
            out.extend(_explain_sources(prob, alloc, c.option))
    return LineExplanation(d.line_number, d.sku, _dec(d.qty), out)


def _explain_sources(prob: Problem, alloc: Allocation, opt: int) -> list[CandidateNode]:
    """For a kit: each component's possible sources, and which fed the assembler."""
    o = prob.options[opt]
    out: list[CandidateNode] = []
    for ci, (sku, _, sources) in enumerate(o.components):
        cheapest = min(s.unit_cost for s in sources)
        for si, s in enumerate(sources):
            q = alloc.y.get((opt, ci, si), 0.0)
            if q > 1e-9:
                status, reason = "chosen", f"sends {_dec(q)} to {o.node}"
            else:
                status = "feasible"
                reason = (
                    f"not used: {s.unit_cost:.2f}/unit vs {cheapest:.2f}"
                    if s.unit_cost > cheapest
                    else "not used: another source's shipment or date was better"
                )
            out.append(
                CandidateNode(s.node, sku, f"supply to {o.node}", status, reason, None, s.arrival)
            )
    return out


def _can_complete(prob: Problem, k: int, node: str) -> bool:
    for di, d in enumerate(prob.demands):
        if d.order != k:
            continue
        if not any(
            prob.options[i].node == node
            and (
                prob.options[i].mode == "assemble"
                or prob.stock.get((node, prob.options[i].sku), 0.0) >= d.qty
            )
            for i in prob.options_of(di)
        ):
            return False
    return True
