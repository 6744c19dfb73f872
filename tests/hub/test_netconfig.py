"""The routing configuration: the sample world loads; a broken file names the file and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from canonical.errors import ConfigError
from hub.netconfig import load_catalog, load_network, load_network_file, load_rules

CONFIG = Path(__file__).resolve().parents[2] / "config"
BROKEN = Path(__file__).parent / "data" / "netconfig"


def test_sample_world_loads() -> None:
    net = load_network(CONFIG)
    rules = load_rules(CONFIG, net)
    assert net.node("kitworks").kind == "assembler"
    assert net.node("northwind-hamburg").services == ["pickup", "returns"]
    assert load_catalog(CONFIG).item("NW-KIT-WB").gtin == "04012345000078"
    assert rules.for_customer("umbrella").backorder_policy == "reject"
    assert rules.for_customer("nobody") == rules.default


def broken_config(tmp_path: Path, case: str) -> Path:
    """The good sample config with one file replaced by a broken one from tests/hub/data."""
    for name in ("network.yaml", "catalog.yaml", "rules.yaml"):
        shutil.copy(CONFIG / name, tmp_path / name)
    for path in (BROKEN / case).iterdir():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


@pytest.mark.parametrize(
    ("case", "file", "key", "why"),
    [
        (
            "negative_capacity",
            "network.yaml",
            "nodes[1].capacity.lines",
            "greater than or equal to 0",
        ),
        ("unknown_key", "network.yaml", "nodes[1].leadtime", "unknown key"),
        ("unknown_sku", "network.yaml", "nodes[0].items[1]", "unknown SKU 'NW-WS-M9'"),
        ("bad_yaml", "network.yaml", "line ", "not valid YAML"),
        ("unquoted_norway", "network.yaml", "transport.lanes[3].destination", "must be quoted"),
        ("bad_gtin", "catalog.yaml", "items[1].gtin", "check digit"),
        (
            "kit_unknown_assembler",
            "catalog.yaml",
            "kits[0].assembled_at[0]",
            "unknown node 'kitwerks'",
        ),
        (
            "unknown_rule_node",
            "rules.yaml",
            "customers.umbrella.excluded_nodes[1]",
            "unknown node 'boltslow'",
        ),
    ],
)
def test_broken_file_names_file_and_key(
    tmp_path: Path, case: str, file: str, key: str, why: str
) -> None:
    config = broken_config(tmp_path, case)
    with pytest.raises(ConfigError) as err:
        load_rules(config, load_network(config))
    assert err.value.file == str(config / file)
    assert err.value.key.startswith(key), err.value.key
    assert why in err.value.reason, err.value.reason
    assert str(err.value).startswith(f"{config / file}: {err.value.key}: ")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_network(tmp_path)
    assert err.value.file.endswith("catalog.yaml") and err.value.reason == "file not found"


def test_what_if_network_file_loads_against_the_catalog(tmp_path: Path) -> None:
    shutil.copy(CONFIG / "network.yaml", tmp_path / "other-network.yaml")
    net = load_network_file(tmp_path / "other-network.yaml", load_catalog(CONFIG))
    assert net.node("swift3pl").kind == "3pl"
    broken = tmp_path / "broken.yaml"
    shutil.copy(BROKEN / "unknown_sku" / "network.yaml", broken)
    with pytest.raises(ConfigError) as err:
        load_network_file(broken, load_catalog(CONFIG))
    assert err.value.file == str(broken) and err.value.key == "nodes[0].items[1]"
