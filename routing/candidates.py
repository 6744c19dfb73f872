"""Building the problem: for each line, every node considered, as an option or with the reason
it is not one (excluded, not carried, no lane, no stock, over capacity)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from canonical.order import Order
from canonical.party import Party
from routing.catalog import Kit
from routing.inventory import Inventory
from routing.network import Index, Network, Node, great_circle_km
from routing.problem import Candidate, Demand, Mode, Option, OrderInput, Problem, Source
from routing.rules import CustomerRules
from routing.schedule import next_working, ready_after, ship_date, start_day
from routing.transport import Leg, to_country, to_node

LIST_ALL_NODES = 12  # past this, nodes that do not carry an item are summed up in one entry
# how many working days past its earliest ship date a full node is looked at for room
CAPACITY_HORIZON_DAYS = 10
NO_ROOM = f"no capacity left within {CAPACITY_HORIZON_DAYS} working days"


def pickup_store(order: Order, network: Network) -> str | None:
    """The store an order is to be collected from: order type, a reference, or the ship-to id."""
    stores = {n.id: n for n in network.nodes if n.kind == "store" and "pickup" in n.services}
    glns = {n.gln: n.id for n in stores.values() if n.gln}
    values: list[str] = [
        r.value for r in order.references if r.qualifier.upper() in {"PICKUP", "STORE"}
    ]
    if order.ship_to is not None:
        values += [pid.value for pid in order.ship_to.ids]
    for value in values:
        if value in stores:
            return value
        if value in glns:
            return glns[value]
    if (order.order_type or "").lower() == "pickup" and len(stores) == 1:
        return next(iter(stores))
    return None


def destination(order: Order) -> str | None:
    for party in (order.ship_to, order.buyer):
        if party is not None and party.address is not None and party.address.country:
            return party.address.country
    return None


def address_key(party: Party | None) -> str | None:
    """Orders to the same address may share a shipment when planned together."""
    if party is None or party.address is None:
        return None
    a = party.address
    return "|".join([a.country or "", a.postal_code or "", ",".join(a.street), party.name or ""])


def dest_key(order: Order, index: int, consolidate: bool) -> str:
    key = address_key(order.ship_to) if consolidate else None
    return key or f"order{index}"


def _lateness(delivery: date, requested: date | None) -> int:
    return max(0, (delivery - requested).days) if requested else 0


def _km(network: Network, node: Node, country: str | None, leg: Leg) -> float:
    place = network.transport.places.get(country or "")
    if place is None:
        return leg.transit_days * 800.0 + 1.0
    return great_circle_km(node.location.lat, node.location.lon, place.lat, place.lon)


def _outbound(ix: Index, node: Node, country: str) -> tuple[Leg | None, float]:
    """The leg to a customer country and its distance, worked out once per network."""
    key = ("outbound", node.id, country)
    if key not in ix.memo:
        leg = to_country(ix.owner, node, country)
        ix.memo[key] = (leg, _km(ix.owner, node, country, leg) if leg is not None else 0.0)
    return ix.memo[key]  # type: ignore[no-any-return]


def _inbound(ix: Index, src: Node, dest: Node) -> Leg | None:
    key = ("inbound", src.id, dest.id)
    if key not in ix.memo:
        ix.memo[key] = to_node(ix.owner, src, dest)
    return ix.memo[key]  # type: ignore[no-any-return]


def _ship_dates(ix: Index, today: date, now: datetime | None) -> dict[str, date]:
    """Each node's ship date for work arriving now; the last (today, now) asked is kept."""
    memo = ix.memo
    network = ix.owner
    last = memo.get("ship_dates")
    if last is not None and last[0] == (today, now):
        return last[1]  # type: ignore[no-any-return]
    ships = {n.id: ship_date(n, today, now) for n in network.nodes}
    memo["ship_dates"] = ((today, now), ships)
    return ships


def _slots(
    network: Network, inventory: Inventory, ships: dict[str, date], prob: Problem
) -> dict[str, date]:
    """Each node's ship date with room: its earliest, or the first working day after it whose
    booked lines and units leave some capacity (``prob.cap_*`` get what is left that day).
    A burst of orders fills today and rolls on to the next days instead of being split over
    whatever nodes still have room today."""
    slots = {}
    for n in network.nodes:
        day = ships[n.id]
        lines, units = 0, 0.0
        for _ in range(CAPACITY_HORIZON_DAYS + 1):
            lines = n.capacity.lines - inventory.lines_used.get((n.id, day), 0)
            units = n.capacity.units - float(inventory.units_used.get((n.id, day), 0))
            if lines > 0 and units > 0:
                break
            day = next_working(n.calendar, day + timedelta(days=1))
        slots[n.id] = day
        prob.cap_lines[n.id] = max(0, lines)
        prob.cap_units[n.id] = max(0.0, units)
    return slots


def _load_stock(prob: Problem, ix: Index, inventory: Inventory, sku: str, loaded: set[str]) -> None:
    """Availability of one SKU at the nodes that carry it: all the planners ever look up."""
    if sku in loaded:
        return
    loaded.add(sku)
    for node_id in ix.involved([sku]):
        qty = inventory.available.get((node_id, sku))
        if qty is not None:
            prob.stock[(node_id, sku)] = max(0.0, float(qty))


def build(
    network: Network,
    inventory: Inventory,
    orders: list[OrderInput],
    *,
    today: date,
    now: datetime | None = None,
    consolidate: bool = False,
) -> Problem:
    prob = Problem(network, orders)
    catalog = network.catalog
    loaded: set[str] = set()
    ix = network.index()
    ships = _slots(network, inventory, _ship_dates(ix, today, now), prob)
    for k, inp in enumerate(orders):
        order, rules = inp.order, inp.rules
        store = pickup_store(order, network)
        country = destination(order)
        prob.pickup.append(store is not None)
        prob.dest.append(store or country)
        dkey = f"pickup:{store}" if store else dest_key(order, k, consolidate)
        for line in order.lines:
            if line.action == "delete" or line.quantity <= 0:
                continue
            if line.quantity != line.quantity.to_integral_value():
                prob.integral = False
            sku = catalog.match(line.item, inp.customer)
            d = Demand(
                k,
                line.line_number,
                sku,
                float(line.quantity),
                line.requested_delivery_date or order.requested_delivery_date,
                rules.unfilled_penalty_per_unit,
                promised=min(float(line.quantity), _promised(inp.previous.get(line.line_number))),
                stability=rules.stability_cost_per_unit,
            )
            if sku is None:
                d.unmatched = "item not in catalog (no GTIN, SKU or part number matched)"
            elif store is None and country is None:
                d.unmatched = "order has no ship-to country"
            di = len(prob.demands)
            prob.demands.append(d)
            cands: list[Candidate] = []
            prob.candidates.append(cands)
            if d.unmatched:
                continue
            assert sku is not None
            skus = [sku] + (
                list(catalog.item(sku).substitutes) if rules.allow_substitutions else []
            )
            kit = catalog.kit(sku)
            for s in skus + ([c.sku for c in kit.components] if kit is not None else []):
                _load_stock(prob, ix, inventory, s, loaded)
            prev = inp.previous.get(line.line_number)
            looked_at = network.nodes
            if len(network.nodes) > LIST_ALL_NODES:
                looked_at = ix.in_order(ix.involved(skus))
            others = len(network.nodes) - len(looked_at)
            for node in looked_at:
                reason = _screen(node, line.line_number, inp, store)
                carried = [s for s in skus if s in ix.items[node.id]]
                makes = kit is not None and node.id in kit.assembled_at
                if reason is None and not carried and not makes:
                    reason = "does not carry the item"
                if reason is not None:
                    cands.append(Candidate(node.id, sku, "-", reason))
                    continue
                mode: Mode = "pickup" if store else "ship"
                km = 0.0
                if store:
                    leg: Leg | None = Leg(0.0, 0.0, 0.0, 0, "pickup")
                else:
                    assert country is not None
                    leg, km = _outbound(ix, node, country)
                if leg is None:
                    cands.append(Candidate(node.id, sku, mode, f"no transport lane to {country}"))
                    continue
                if prob.cap_lines[node.id] <= 0 or prob.cap_units[node.id] <= 0:
                    cands.append(Candidate(node.id, sku, mode, NO_ROOM))
                    continue
                penalty = (
                    0.0
                    if not rules.preferred_nodes or node.id in rules.preferred_nodes
                    else (rules.non_preferred_penalty_per_unit)
                )
                for s in carried:
                    have = prob.stock.get((node.id, s), 0.0)
                    if have <= 0:
                        cands.append(Candidate(node.id, s, mode, "no stock"))
                        continue
                    _add_option(
                        prob,
                        cands,
                        di,
                        node,
                        s,
                        mode,
                        leg,
                        ships[node.id],
                        dkey,
                        km,
                        ix.weight[s],
                        penalty
                        + (rules.substitution_penalty_per_unit if s != sku else 0.0)
                        + _stability(rules, prev, node.id, s, mode),
                        rules,
                        (prev or {}).get((node.id, s, mode), 0.0),
                    )
                if makes and kit is not None and not store:
                    _add_kit(
                        prob,
                        cands,
                        di,
                        node,
                        kit,
                        leg,
                        dkey,
                        km,
                        today,
                        now,
                        ships,
                        penalty + _stability(rules, prev, node.id, sku, "assemble"),
                        rules,
                        inp,
                        (prev or {}).get((node.id, sku, "assemble"), 0.0),
                    )
            if others:
                cands.append(
                    Candidate(f"({others} other nodes)", sku, "-", "do not carry the item")
                )
    for opt in prob.options:
        k = prob.demands[opt.demand].order
        extra = orders[k].rules.cost_per_extra_shipment
        prob.shipment_extra[opt.shipment] = max(prob.shipment_extra.get(opt.shipment, 0.0), extra)
    return prob


def _screen(node: Node, line_number: str, inp: OrderInput, store: str | None) -> str | None:
    if node.id in inp.down:
        return "node down"
    if (line_number, node.id) in inp.excluded:
        return "rejected this line earlier"
    if node.id in inp.rules.excluded_nodes:
        return f"excluded by rule for {inp.customer}"
    if store is not None and node.id != store:
        return f"pickup at {store}: only its stock serves the order"
    if store is None and "ship" not in node.services:
        return "does not ship to customers"
    return None


def _promised(prev: dict[tuple[str, str, str], float] | None) -> float:
    """Units an earlier plan gave the line (its parts sent to an assembler aside)."""
    return sum(q for (_, _, mode), q in (prev or {}).items() if not mode.startswith("supply>"))


def _stability(
    rules: CustomerRules,
    prev: dict[tuple[str, str, str], float] | None,
    node: str,
    sku: str,
    mode: str,
) -> float:
    if prev is None or (node, sku, mode) in prev:
        return 0.0
    return rules.stability_cost_per_unit


def _add_option(
    prob: Problem,
    cands: list[Candidate],
    di: int,
    node: Node,
    sku: str,
    mode: Mode,
    leg: Leg,
    shipped: date,
    dkey: str,
    km: float,
    weight: float,
    penalty: float,
    rules: CustomerRules,
    kept: float,
) -> None:
    d = prob.demands[di]
    delivery = (
        shipped if mode == "pickup" else date.fromordinal(shipped.toordinal() + leg.transit_days)
    )
    opt = Option(
        demand=di,
        node=node.id,
        sku=sku,
        mode=mode,
        unit_cost=node.handling.per_unit + leg.unit_cost(weight),
        unit_penalty=penalty,
        late_days=_lateness(delivery, d.requested),
        ship_date=shipped,
        delivery=delivery,
        shipment=(node.id, dkey),
        per_shipment=node.handling.per_shipment + leg.per_shipment,
        distance_km=0.0 if mode == "pickup" else km,
        handling_unit=node.handling.per_unit,
        transport_unit=leg.unit_cost(weight),
        kept=kept,
    )
    prob.options.append(opt)
    est = opt.per_shipment + d.qty * (
        opt.unit_cost + opt.late_days * rules.lateness_cost_per_unit_day
    )
    cands.append(Candidate(node.id, sku, mode, "", len(prob.options) - 1, est, delivery))


def _add_kit(
    prob: Problem,
    cands: list[Candidate],
    di: int,
    node: Node,
    kit: Kit,
    leg: Leg,
    dkey: str,
    km: float,
    today: date,
    now: datetime | None,
    ships: dict[str, date],
    penalty: float,
    rules: CustomerRules,
    inp: OrderInput,
    kept: float,
) -> None:
    """Assembly at ``node``: every component needs at least one source with stock and a lane."""
    net = prob.network
    ix = net.index()
    d = prob.demands[di]
    comps: list[tuple[str, float, list[Source]]] = []
    start = start_day(node, today, now)
    delivered: dict[date, date] = {}  # parts' arrival -> the kits' delivery
    before = inp.previous.get(d.line_number)  # re-planning: the parts an earlier plan sourced
    for comp in kit.components:
        sources: list[Source] = []
        for src_id in sorted(ix.involved([comp.sku])):
            src = net.node(src_id)
            if (
                comp.sku not in src.items
                or src.id in inp.down
                or src.id in inp.rules.excluded_nodes
                or (d.line_number, src.id) in inp.excluded  # it refused this line's parts
            ):
                continue
            if prob.stock.get((src.id, comp.sku), 0.0) <= 0 or prob.cap_lines[src.id] <= 0:
                continue
            inbound = _inbound(ix, src, node)
            if inbound is None:
                continue
            arrival = date.fromordinal(ships[src.id].toordinal() + inbound.transit_days)
            delivery = delivered.get(arrival)
            if delivery is None:  # parts arriving the same day make kits delivered the same day
                ready = ready_after(node, max(arrival, start), kit.assembly_lead_days)
                delivery = delivered[arrival] = date.fromordinal(
                    ready.toordinal() + leg.transit_days
                )
            w = ix.weight[comp.sku]
            sources.append(
                Source(
                    src.id,
                    comp.sku,
                    float(comp.quantity),
                    src.handling.per_unit + inbound.unit_cost(w),
                    (src.handling.per_shipment + inbound.per_shipment)
                    if src.id != node.id
                    else 0.0,
                    ships[src.id],
                    arrival,
                    _lateness(delivery, d.requested),
                    delivery,
                    None
                    if before is None
                    else before.get((src.id, comp.sku, f"supply>{node.id}"), 0.0),
                )
            )
        if not sources:
            cands.append(
                Candidate(
                    node.id, kit.sku, "assemble", f"no source with stock for component {comp.sku}"
                )
            )
            return
        comps.append((comp.sku, float(comp.quantity), sources))
    slowest = max(min(s.delivery for s in srcs) for _, _, srcs in comps)
    ready_ship = date.fromordinal(slowest.toordinal() - leg.transit_days)
    weight = ix.weight[kit.sku]
    opt = Option(
        demand=di,
        node=node.id,
        sku=kit.sku,
        mode="assemble",
        unit_cost=node.handling.per_unit + leg.unit_cost(weight),
        unit_penalty=penalty,
        late_days=_lateness(slowest, d.requested),
        ship_date=ready_ship,
        delivery=slowest,
        shipment=(node.id, dkey),
        per_shipment=node.handling.per_shipment + leg.per_shipment,
        distance_km=km,
        handling_unit=node.handling.per_unit,
        transport_unit=leg.unit_cost(weight),
        components=comps,
        kept=kept,
    )
    prob.options.append(opt)
    est = opt.per_shipment + d.qty * (
        opt.unit_cost + opt.late_days * rules.lateness_cost_per_unit_day
    )
    for _, per_kit, srcs in comps:
        best = min(srcs, key=lambda s: s.unit_cost)
        est += best.per_shipment + d.qty * per_kit * best.unit_cost
    cands.append(Candidate(node.id, kit.sku, "assemble", "", len(prob.options) - 1, est, slowest))
