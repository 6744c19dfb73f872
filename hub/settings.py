"""Hub settings: `config/hub.yaml`, then the environment, checked once at start.

A wrong value is refused with the file, the key and why (``ConfigError``), so an
operator never finds out from a traceback at 3 a.m. that a retry tier reads "5 minutes".
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from canonical.errors import ConfigError

DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_DURATION_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}
_SIZE = re.compile(r"^\s*(\d+)\s*(b|kb|mb|gb)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3, None: 1}

# environment variable -> dotted key in the settings
ENV_KEYS: dict[str, str] = {
    "ORDERHUB_AMQP_URL": "amqp_url",
    "ORDERHUB_DATABASE_URL": "database_url",
    "ORDERHUB_VAR_DIR": "var_dir",
    "ORDERHUB_CONFIG_DIR": "config_dir",
    "ORDERHUB_PREFETCH": "bus.prefetch",
    "ORDERHUB_WORKERS": "bus.workers",
    "ORDERHUB_BATCH": "bus.batch",
    "ORDERHUB_HEARTBEAT": "bus.heartbeat",
    "ORDERHUB_RETRY_TIERS": "bus.retry_tiers",
    "ORDERHUB_MAX_ATTEMPTS": "bus.max_attempts",
    "ORDERHUB_DELIVERY_LIMIT": "bus.delivery_limit",
    "ORDERHUB_METRICS_PORT": "metrics.port",
    "ORDERHUB_METRICS_HOST": "metrics.host",
    "ORDERHUB_MAX_DOCUMENT_BYTES": "limits.max_document_bytes",
    "ORDERHUB_MAX_ATTACHMENT_BYTES": "limits.max_attachment_bytes",
    "ORDERHUB_DUPLICATE_WINDOW": "duplicates.window",
    "ORDERHUB_CLOSE_AFTER": "lifecycle.close_after",
    "ORDERHUB_PLAN_TOGETHER": "planning.together",
    "ORDERHUB_PLAN_TIME_LIMIT": "planning.time_limit",
    "ORDERHUB_PLAN_GATHER": "planning.gather",
}


def parse_duration(value: Any, *, zero: bool = False) -> float:
    """Seconds from 30, "200ms", "5s", "2m", "1h" or "30d" (0 only where ``zero`` says)."""
    if isinstance(value, bool):
        raise ValueError(f"not a duration: {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError(f"not a duration: {value!r} (use e.g. 200ms, 5s, 2m, 1h, 30d)")
        seconds = float(match.group(1)) * _DURATION_UNITS[match.group(2)]
    if seconds < 0 or (seconds == 0 and not zero):
        raise ValueError(f"duration must be positive: {value!r}")
    return seconds


# a settings field given as a duration ("200ms", "5s", "7d"), in seconds
Duration = Annotated[float, BeforeValidator(parse_duration)]
DurationOrZero = Annotated[float, BeforeValidator(partial(parse_duration, zero=True))]


def parse_size(value: Any) -> int:
    """Bytes from 1048576, "512KB" or "10MB"."""
    if isinstance(value, bool):
        raise ValueError(f"not a size: {value!r}")
    if isinstance(value, int):
        size = value
    else:
        match = _SIZE.match(str(value))
        if not match:
            raise ValueError(f"not a size: {value!r} (use e.g. 512KB, 10MB)")
        unit = match.group(2).lower() if match.group(2) else None
        size = int(match.group(1)) * _SIZE_UNITS[unit]
    if size <= 0:
        raise ValueError(f"size must be positive: {value!r}")
    return size


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BusSettings(_Section):
    # Deliveries in flight per service and how many waiting ones share a transaction:
    # on SQLite a commit is the one writer's turn, so fewer, fuller ones move more.
    prefetch: int = Field(100, ge=1, le=65535)
    # Handler threads per service; "auto": 1 on SQLite (one writer at a time, so more
    # threads only split the batches), 4 on PostgreSQL.
    workers: int | Literal["auto"] = "auto"

    @field_validator("workers")
    @classmethod
    def _workers_in_range(cls, value: int | str) -> int | str:
        if isinstance(value, int) and not 1 <= value <= 64:
            raise ValueError("workers must be 1..64 or auto")
        return value

    def workers_for(self, dialect: str) -> int:
        """The handler threads a service gets on this database."""
        if self.workers == "auto":
            return 1 if dialect == "sqlite" else 4
        return self.workers

    batch: int = Field(50, ge=1, le=500)  # waiting messages handled in one transaction
    heartbeat: Duration = 30.0
    retry_tiers: tuple[float, ...] = (1.0, 5.0, 30.0, 120.0, 600.0)
    max_attempts: int = Field(6, ge=1)
    delivery_limit: int = Field(10, ge=1)

    @field_validator("retry_tiers", mode="before")
    @classmethod
    def _tiers(cls, value: Any) -> tuple[float, ...]:
        if isinstance(value, str):
            value = [part for part in value.split(",") if part.strip()]
        if not isinstance(value, list | tuple) or not value:
            raise ValueError("must be a non-empty list of durations, e.g. [1s, 5s, 30s]")
        tiers = tuple(parse_duration(v) for v in value)
        if list(tiers) != sorted(set(tiers)):
            raise ValueError("tiers must grow strictly, shortest first")
        return tiers


class MetricsSettings(_Section):
    port: int = Field(9464, ge=0, le=65535)  # 0: no metrics server
    host: str = "127.0.0.1"  # 0.0.0.0 in a container, so Prometheus can scrape it


class LimitsSettings(_Section):
    max_document_bytes: int = 10 * 1024**2
    max_attachment_bytes: int = 25 * 1024**2

    @field_validator("max_document_bytes", "max_attachment_bytes", mode="before")
    @classmethod
    def _size(cls, value: Any) -> int:
        return parse_size(value)


class DuplicateSettings(_Section):
    window: Duration = 30 * 86400.0


class LifecycleSettings(_Section):
    # A delivered order closes this long after the customer's receipt advice (0: at once),
    # leaving time for a late second receipt or a claim before it leaves the live views.
    close_after: DurationOrZero = 7 * 86400.0


class PlanningSettings(_Section):
    # New orders waiting for the router at the same time are planned together, up to this
    # many: shared stock and capacity, one shipment for goods to the same address from the
    # same node (routing batch mode). 1: every order on its own, as it comes.
    together: int = Field(10, ge=1, le=100)
    # How long the router waits, after the first new order, for more to plan with it: the
    # orders of one interchange or one busy minute arrive over a few hundred milliseconds.
    # 0: only those waiting already.
    gather: DurationOrZero = 0.5
    # The solver's time per order (a batch gets it once per order); then the best plan found,
    # or the greedy one.
    time_limit: Duration = 0.2


class Settings(_Section):
    amqp_url: str = DEFAULT_AMQP_URL
    database_url: str | None = None
    var_dir: Path = Path("var")
    config_dir: Path = Path("config")
    bus: BusSettings = BusSettings()
    metrics: MetricsSettings = MetricsSettings()
    limits: LimitsSettings = LimitsSettings()
    duplicates: DuplicateSettings = DuplicateSettings()
    lifecycle: LifecycleSettings = LifecycleSettings()
    planning: PlanningSettings = PlanningSettings()

    @field_validator("amqp_url")
    @classmethod
    def _amqp(cls, value: str) -> str:
        if not value.startswith(("amqp://", "amqps://")):
            raise ValueError("must start with amqp:// or amqps://")
        return value

    @property
    def store_url(self) -> str:
        """The database URL, defaulting to the embedded SQLite file under var/."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'orderhub.db').resolve()}"


def _set_dotted(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    node = data
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[leaf] = value


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``path`` (default: $ORDERHUB_CONFIG or <config dir>/hub.yaml) and env.

    A missing default file means built-in defaults; a missing explicit file is an error.
    """
    env = os.environ if env is None else env
    explicit = path is not None or "ORDERHUB_CONFIG" in env
    if path is None:
        path = (
            env.get("ORDERHUB_CONFIG")
            or Path(env.get("ORDERHUB_CONFIG_DIR", "config")) / "hub.yaml"
        )
    path = Path(path)
    data: dict[str, Any] = {}
    if path.exists():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "(document)"
            raise ConfigError(
                str(path), where, f"not valid YAML: {getattr(exc, 'problem', exc)}"
            ) from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(str(path), "(document)", "must be a mapping of keys to values")
        data = loaded or {}
    elif explicit:
        raise ConfigError(str(path), "(file)", "does not exist")
    sources: dict[str, str] = {}
    for name, dotted in ENV_KEYS.items():
        if name in env:
            _set_dotted(data, dotted, env[name])
            sources[dotted] = name
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "(document)"
        where = sources.get(key)
        file = f"{path} (overridden by ${where})" if where else str(path)
        reason = first["msg"].removeprefix("Value error, ")
        raise ConfigError(file, key, reason) from None
