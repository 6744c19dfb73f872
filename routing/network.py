"""The fulfilment network as configured: nodes, their costs and calendars, and transport."""

from __future__ import annotations

import math
from collections.abc import Hashable
from datetime import date, time
from typing import Any, Literal

import pycountry
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from routing.catalog import Catalog

NodeKind = Literal["supplier", "assembler", "3pl", "store"]
Service = Literal["ship", "pickup", "returns"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Strict(BaseModel):
    """Unknown keys are refused so that a typo in the YAML fails at start, not in production."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def iso_country(value: object) -> str:
    if isinstance(value, bool):
        raise ValueError("a country code must be quoted (YAML reads NO, YES, ON, OFF as booleans)")
    code = str(value).strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code")
    return code


class Location(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    country: str

    _country = field_validator("country", mode="before")(classmethod(lambda cls, v: iso_country(v)))


class Capacity(Strict):
    """Daily capacity: how many order lines and how many units a node can turn around."""

    lines: int = Field(ge=0)
    units: float = Field(ge=0)


class Handling(Strict):
    per_shipment: float = Field(default=0.0, ge=0)
    per_unit: float = Field(default=0.0, ge=0)


class Calendar(Strict):
    weekdays: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS[:5]), min_length=1)
    holidays: list[date] = Field(default_factory=list)

    def is_working(self, day: date) -> bool:
        return WEEKDAYS[day.weekday()] in self.weekdays and day not in self.holidays


class Node(Strict):
    id: str = Field(min_length=1)
    name: str
    kind: NodeKind
    location: Location
    gln: str | None = None
    items: list[str] = Field(default_factory=list)  # our SKUs carried in stock or made
    capacity: Capacity
    handling: Handling = Handling()
    lead_time_days: int = Field(default=0, ge=0)
    cutoff: time = time(15, 0)  # local time; orders after it start the next working day
    utc_offset_hours: float = Field(default=0.0, ge=-12, le=14)
    calendar: Calendar = Calendar()
    services: list[Service] = Field(default_factory=lambda: ["ship"])

    @model_validator(mode="after")
    def _store_services(self) -> Node:
        if self.kind != "store" and ({"pickup", "returns"} & set(self.services)):
            raise ValueError("only a store offers pickup and returns")
        return self


class Lane(Strict):
    """A carrier lane from a node (by id) or an origin country to a destination country."""

    origin: str
    destination: str
    cost_per_shipment: float = Field(default=0.0, ge=0)
    cost_per_kg: float = Field(default=0.0, ge=0)
    cost_per_unit: float = Field(default=0.0, ge=0)
    transit_days: int = Field(ge=0)

    _dest = field_validator("destination", mode="before")(
        classmethod(lambda cls, v: iso_country(v))
    )


class DistanceModel(Strict):
    """Fallback where no lane exists: cost = base + per_km * km; transit = ceil(km / km_per_day)."""

    base: float = Field(default=0.0, ge=0)
    per_km: float = Field(default=0.0, ge=0)
    per_kg: float = Field(default=0.0, ge=0)
    km_per_day: float = Field(default=800.0, gt=0)


class Place(Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Transport(Strict):
    lanes: list[Lane] = Field(default_factory=list)
    distance: DistanceModel | None = None
    places: dict[str, Place] = Field(default_factory=dict)  # a country's reference point

    @field_validator("places", mode="before")
    @classmethod
    def _places(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        return {iso_country(k): v for k, v in value.items()}


class Index:
    """Lookups derived from a network, and a cache of figures worked out from it (legs,
    distances, ship dates) kept between planning calls: the network does not change.
    Plain attributes, so the planner's inner loops avoid pydantic's private-attribute path."""

    __slots__ = ("owner", "by_id", "rank", "items", "carriers", "weight", "memo")

    def __init__(self, network: Network) -> None:
        self.owner = network
        self.by_id = {n.id: n for n in network.nodes}
        self.rank = {n.id: i for i, n in enumerate(network.nodes)}
        self.items = {n.id: frozenset(n.items) for n in network.nodes}
        self.carriers = network._carriers
        self.weight = {i.sku: i.weight_kg for i in network.catalog.items}
        self.memo: dict[Hashable, Any] = {}

    def in_order(self, node_ids: set[str]) -> list[Node]:
        """These nodes in configuration order (the order candidates are listed in)."""
        known = [n for n in node_ids if n in self.rank]
        return [self.by_id[n] for n in sorted(known, key=self.rank.__getitem__)]

    def involved(self, skus: list[str]) -> set[str]:
        """Nodes that carry or make any of these SKUs: the only ones worth a look."""
        out: set[str] = set()
        for sku in skus:
            out |= self.carriers.get(sku, set())
        return out


class _Slot:
    """Holds a network's Index. Not part of the network's value: any two compare equal."""

    def __init__(self) -> None:
        self.index: Index | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Slot)

    __hash__ = None  # type: ignore[assignment]


class Network(Strict):
    nodes: list[Node]
    transport: Transport = Transport()
    catalog: Catalog = Catalog()
    _by_id: dict[str, Node] = PrivateAttr(default_factory=dict)
    _carriers: dict[str, set[str]] = PrivateAttr(default_factory=dict)
    _slot: _Slot = PrivateAttr(default_factory=_Slot)

    def model_post_init(self, context: Any, /) -> None:
        self._by_id = {n.id: n for n in self.nodes}
        for n in self.nodes:
            for sku in n.items:
                self._carriers.setdefault(sku, set()).add(n.id)
        for kit in self.catalog.kits:
            self._carriers.setdefault(kit.sku, set()).update(kit.assembled_at)

    def index(self) -> Index:
        """Derived lookups and cache, built on first use (a model_copy builds its own)."""
        slot = self._slot
        if slot.index is None or slot.index.owner is not self:
            slot.index = Index(self)
        return slot.index

    def involved(self, skus: list[str]) -> set[str]:
        """Nodes that carry or make any of these SKUs: the only ones worth a look."""
        return self.index().involved(skus)

    @model_validator(mode="after")
    def _unique(self) -> Network:
        seen: set[str] = set()
        for node in self.nodes:
            if node.id in seen:
                raise ValueError(f"node id {node.id!r} appears twice")
            seen.add(node.id)
        return self

    def node(self, node_id: str) -> Node:
        return self._by_id[node_id]

    def node_ids(self) -> list[str]:
        return [n.id for n in self.nodes]


def consistency_errors(network: Network) -> list[tuple[str, str]]:
    """Cross-file checks (network against catalog): (key path, why) for each problem."""
    problems: list[tuple[str, str]] = []
    skus = {item.sku for item in network.catalog.items}
    ids = {n.id for n in network.nodes}
    countries = {n.location.country for n in network.nodes}
    for i, node in enumerate(network.nodes):
        for j, sku in enumerate(node.items):
            if sku not in skus:
                problems.append((f"nodes[{i}].items[{j}]", f"unknown SKU {sku!r} (not in catalog)"))
    for i, lane in enumerate(network.transport.lanes):
        if lane.origin not in ids and lane.origin.upper() not in countries:
            problems.append(
                (
                    f"transport.lanes[{i}].origin",
                    f"{lane.origin!r} is neither a node nor a node's country",
                )
            )
    for k, kit in enumerate(network.catalog.kits):
        for j, node_id in enumerate(kit.assembled_at):
            if node_id not in ids:
                problems.append((f"kits[{k}].assembled_at[{j}]", f"unknown node {node_id!r}"))
    return problems


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance on a 6371 km sphere: good enough for freight cost estimates."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))
