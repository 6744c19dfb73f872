"""Reads the network, catalog and rules YAML from disk and hands validated models to routing.

The only place the routing configuration touches the file system; every problem is a
``ConfigError`` naming the file, the key path (``nodes[2].capacity.lines``) and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from canonical.errors import ConfigError
from routing.catalog import Catalog
from routing.network import Network, consistency_errors
from routing.rules import Rules

M = TypeVar("M", bound=BaseModel)


def key_path(loc: tuple[int | str, ...]) -> str:
    """('nodes', 2, 'capacity', 'lines') -> 'nodes[2].capacity.lines'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "(file)", "file not found") from None
    except OSError as exc:
        raise ConfigError(str(path), "(file)", f"cannot read: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(syntax)"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(str(path), where, f"not valid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), "(top level)", "must be a mapping of keys")
    return data


def validate(
    model: type[M], data: dict[str, Any], path: Path, prefix: tuple[int | str, ...] = ()
) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if p not in ("function-after", "function-before"))
        why = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            why = "unknown key"
        raise ConfigError(str(path), key_path(prefix + loc), why) from None


def load_catalog(config_dir: Path) -> Catalog:
    path = Path(config_dir) / "catalog.yaml"
    return validate(Catalog, read_yaml(path), path)


def load_network(config_dir: Path) -> Network:
    """network.yaml with catalog.yaml from one directory; cross-file references checked too."""
    return load_network_file(Path(config_dir) / "network.yaml", load_catalog(config_dir))


def load_network_file(path: Path, catalog: Catalog) -> Network:
    """Any network file against a catalog: e.g. `orderhub plan --what-if NETWORK_FILE`."""
    path = Path(path)
    data = read_yaml(path)
    if "catalog" in data:
        raise ConfigError(str(path), "catalog", "items and kits belong in catalog.yaml")
    network = validate(Network, {**data, "catalog": catalog}, path)
    problems = consistency_errors(network)
    if problems:
        key, why = problems[0]
        file = path.parent / "catalog.yaml" if key.startswith("kits") else path
        raise ConfigError(str(file), key, why)
    return network


def load_rules(config_dir: Path, network: Network | None = None) -> Rules:
    path = Path(config_dir) / "rules.yaml"
    rules = validate(Rules, read_yaml(path), path)
    if network is not None:
        known = set(network.node_ids())
        for name, own in [
            ("default", rules.default),
            *((f"customers.{k}", v) for k, v in rules.customers.items()),
        ]:
            for field in ("preferred_nodes", "excluded_nodes"):
                for i, node in enumerate(getattr(own, field)):
                    if node not in known:
                        raise ConfigError(
                            str(path), f"{name}.{field}[{i}]", f"unknown node {node!r}"
                        )
    return rules
