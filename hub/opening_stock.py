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
from hub.store.inventory import position_set
from routing.network import Network


def load_opening_stock(store: Store, network: Network, config_dir: Path) -> int:
    """Seed the positions; returns how many were new or newer. No file: nothing to do."""
    path = Path(config_dir) / "inventory.yaml"
    if not path.exists():
        return 0
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
    count = 0
    with store.session() as session:
        for node, items in positions.items():
            if node not in nodes:
                raise ConfigError(
                    str(path), f"positions.{node}", "not a node of config/network.yaml"
                )
            for sku, quantity in (items or {}).items():
                if sku not in nodes[node]:
                    raise ConfigError(
                        str(path), f"positions.{node}.{sku}", f"node {node} does not carry {sku}"
                    )
                try:
                    amount = Decimal(str(quantity))
                except InvalidOperation:
                    raise ConfigError(
                        str(path), f"positions.{node}.{sku}", f"not a quantity: {quantity!r}"
                    ) from None
                count += bool(position_set(session, node, sku, amount, as_of))
    return count
