"""Fixtures of the bus tests; the helpers they use live in bus_echo.py (importable)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from bus_echo import SETTINGS, Collector, Echo  # noqa: E402

from hub.bus import topology  # noqa: E402
from hub.bus.consumer import Runner, Service  # noqa: E402
from hub.metrics import Metrics  # noqa: E402


@pytest.fixture
def collector(amqp_url: str) -> Iterator[Collector]:
    topology.declare(
        amqp_url, SETTINGS.retry_tiers, [("echo", Echo.bindings)], SETTINGS.delivery_limit
    )
    instance = Collector(amqp_url)
    yield instance
    instance.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[object]:
    """One migrated SQLite store, for tests whose subject is not the database."""
    from hub.store import Store

    instance = Store(f"sqlite:///{tmp_path}/orderhub.db")
    instance.migrate()
    yield instance
    instance.dispose()


@pytest.fixture
def runners(amqp_url: str) -> Iterator[object]:
    """Start a Runner for a service on a given store; all are stopped after the test."""
    started: list[Runner] = []

    def start(service: Service, store: object, **kwargs: object) -> Runner:
        kwargs.setdefault("metrics", Metrics())
        runner = Runner(service, store, amqp_url, kwargs.pop("settings", SETTINGS), **kwargs)
        started.append(runner.start())
        assert runner.link.wait_ready(10), "runner did not connect"
        return runner

    yield start
    for runner in started:
        runner.stop()


@pytest.fixture
def start_runner(runners, store: object) -> object:
    """Like ``runners`` on the ``store`` fixture: each test runs on SQLite and PostgreSQL."""
    return lambda service, **kwargs: runners(service, store, **kwargs)
