"""Freight between a node and a country or another node: a carrier lane, else by distance."""

from __future__ import annotations

import math
from dataclasses import dataclass

from routing.network import Network, Node, great_circle_km


@dataclass(frozen=True)
class Leg:
    """One way to move goods: fixed cost per shipment, variable cost per unit of an SKU."""

    per_shipment: float
    per_kg: float
    per_unit: float
    transit_days: int
    via: str  # "lane NODE->CC" or "distance 1234 km"

    def unit_cost(self, weight_kg: float) -> float:
        return self.per_unit + self.per_kg * weight_kg


def _lane(network: Network, origin: Node, country: str) -> Leg | None:
    best = None
    for lane in network.transport.lanes:
        if lane.destination != country:
            continue
        if lane.origin == origin.id:
            best = lane
            break
        if lane.origin.upper() == origin.location.country and best is None:
            best = lane
    if best is None:
        return None
    return Leg(
        best.cost_per_shipment,
        best.cost_per_kg,
        best.cost_per_unit,
        best.transit_days,
        f"lane {best.origin}->{country}",
    )


def _distance(network: Network, km: float) -> Leg | None:
    model = network.transport.distance
    if model is None:
        return None
    return Leg(
        model.base + model.per_km * km,
        model.per_kg,
        0.0,
        math.ceil(km / model.km_per_day),
        f"distance {km:.0f} km",
    )


def to_country(network: Network, origin: Node, country: str) -> Leg | None:
    """Delivery to a customer in ``country``; None when no lane and no place to measure to."""
    leg = _lane(network, origin, country)
    if leg is not None:
        return leg
    place = network.transport.places.get(country)
    if place is None:
        return None
    km = great_circle_km(origin.location.lat, origin.location.lon, place.lat, place.lon)
    return _distance(network, km)


def to_node(network: Network, origin: Node, dest: Node) -> Leg | None:
    """Inbound to an assembler (or store): a node's own stock needs no leg at all."""
    if origin.id == dest.id:
        return Leg(0.0, 0.0, 0.0, 0, "same node")
    leg = _lane(network, origin, dest.location.country)
    if leg is not None:
        return leg
    km = great_circle_km(
        origin.location.lat, origin.location.lon, dest.location.lat, dest.location.lon
    )
    return _distance(network, km)
