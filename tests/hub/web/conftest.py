"""Fixtures of the web tests: the app on a built store, through starlette's TestClient."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))

import opsworld  # noqa: E402

from hub.context import Context  # noqa: E402
from hub.metrics import Metrics  # noqa: E402
from hub.settings import load_settings  # noqa: E402
from hub.web import create_app  # noqa: E402

NO_BROKER = "amqp://guest:guest@127.0.0.1:1/"


@pytest.fixture
def contexts(tmp_path: Path) -> Iterator[object]:
    """``make(database_url, amqp_url)``: a Context on those servers; closed afterwards."""
    made: list[Context] = []

    def make(database_url: str, amqp_url: str = NO_BROKER) -> Context:
        made.append(Context(load_settings(env=opsworld.env(database_url, amqp_url, tmp_path))))
        return made[-1]

    yield make
    for context in made:
        context.close()


@pytest.fixture
def client(contexts) -> Iterator[object]:
    """``client(database_url, amqp_url, metrics=None)``: a TestClient on the hub's app."""

    def make(database_url: str, amqp_url: str = NO_BROKER, metrics: Metrics | None = None):
        return TestClient(create_app(contexts(database_url, amqp_url), metrics))

    return make


@pytest.fixture
def orderhub_trace_json(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """What `orderhub trace --json TEXT` prints, parsed: the API must return the same."""
    import json

    from click.testing import CliRunner

    from hub.cli import cli

    def run(database_url: str, text: str) -> object:
        for key, value in opsworld.env(database_url, NO_BROKER, tmp_path).items():
            monkeypatch.setenv(key, value)
        result = CliRunner().invoke(cli, ["trace", text, "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return run
