"""Fixtures of the operator command tests: a built store and the CLI run against it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

sys.path.insert(0, str(Path(__file__).parent))

import opsworld  # noqa: E402

from hub.cli import cli  # noqa: E402
from hub.store import Store  # noqa: E402

#: Nothing listens on port 1: a broker or database that does not answer, refused at once.
NO_BROKER = "amqp://guest:guest@127.0.0.1:1/"
NO_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:1/orderhub?connect_timeout=3"


@pytest.fixture
def world(store: Store) -> dict[str, str]:
    return opsworld.build(store)


@pytest.fixture
def orderhub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """``orderhub(database_url, amqp_url, *args)``: the command line against those servers."""

    def run(database_url: str, amqp_url: str, *args: str, input: str | None = None) -> Result:
        for key, value in opsworld.env(database_url, amqp_url, tmp_path).items():
            monkeypatch.setenv(key, value)
        return CliRunner().invoke(cli, list(args), input=input)

    return run
