"""Opening stock (config/inventory.yaml): what the hub plans with before any stock report.

Loaded at start with its ``as_of`` date; the store keeps a position only if nothing newer
is on file, so a node's own INVRPT / 846 always wins over this file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path

from canonical.errors import ConfigError
from hub.netconfig import read_yaml
from hub.store import Store
from hub.store.inventory import available, position_get, position_set
from routing.inventory import Inventory
from routing.network import Network


def read_opening_stock(
    network: Network, config_dir: Path
) -> tuple[datetime, dict[tuple[str, str], Decimal]]:
    """The file's date and its positions, checked against the network. No file: nothing."""
    path = Path(config_dir) / "inventory.yaml"
    if not path.exists():
        return datetime(2000, 1, 1, tzinfo=UTC), {}
    data = read_yaml(path)
    try:
        as_of = datetime.combine(
            date.fromisoformat(str(data.get("as_of", "2000-01-01"))), time(0), tzinfo=UTC
        )
    except ValueError as exc:
        raise ConfigError(str(path), "as_of", f"not a date: {exc}") from None
    nodes = {node.id: set(node.items) for node in network.nodes}
    positions = data.get("positions") or {}
    if not isinstance(positions, dict):
        raise ConfigError(str(path), "positions", "must map node ids to {sku: quantity}")
    stock: dict[tuple[str, str], Decimal] = {}
    for node, items in positions.items():
        if node not in nodes:
            raise ConfigError(str(path), f"positions.{node}", "not a node of config/network.yaml")
        for sku, quantity in (items or {}).items():
            if sku not in nodes[node]:
                raise ConfigError(
                    str(path), f"positions.{node}.{sku}", f"node {node} does not carry {sku}"
                )
            try:
                stock[(node, sku)] = Decimal(str(quantity))
            except InvalidOperation:
                raise ConfigError(
                    str(path), f"positions.{node}.{sku}", f"not a quantity: {quantity!r}"
                ) from None
    return as_of, stock


def load_opening_stock(store: Store, network: Network, config_dir: Path) -> int:
    """Seed the store's positions; returns how many were new or newer."""
    as_of, stock = read_opening_stock(network, config_dir)
    with store.session() as session:
        return sum(
            bool(position_set(session, node, sku, qty, as_of)) for (node, sku), qty in stock.items()
        )


def current_inventory(
    store: Store, network: Network, config_dir: Path, *, now: datetime
) -> Inventory:
    """What the planner may use now, read only: the store's positions, else the opening stock."""
    _as_of, stock = read_opening_stock(network, config_dir)
    figures: dict[tuple[str, str], Decimal] = {}
    with store.session() as session:
        for node in network.nodes:
            for sku in node.items:
                if position_get(session, node.id, sku) is not None:
                    figures[(node.id, sku)] = available(session, node.id, sku, now=now)
                else:
                    figures[(node.id, sku)] = stock.get((node.id, sku), Decimal(0))
    return Inventory(available=figures)
