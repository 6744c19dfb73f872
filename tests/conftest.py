"""Shared fixtures: real PostgreSQL and RabbitMQ, each test in its own database / vhost.

- ``pg_url``: a fresh database ``orderhub_test_<random>`` on the server at
  ``ORDERHUB_TEST_POSTGRES_URL`` (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres),
  dropped afterwards. Skips, saying why, only when no server answers.
- ``store``: a migrated ``hub.store.Store``, once on SQLite (a temporary file) and once
  on PostgreSQL (``pg_url``); disposed afterwards.
- ``amqp_url``: a fresh vhost on the broker at ``ORDERHUB_AMQP_URL`` (default
  amqp://guest:guest@127.0.0.1:5672/), created and deleted with ``rabbitmqctl``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
from collections.abc import Iterator
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

PG_SERVER_URL = os.environ.get(
    "ORDERHUB_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
AMQP_SERVER_URL = os.environ.get("ORDERHUB_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


def _unique(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(6)}"


@pytest.fixture(scope="session")
def _pg_admin() -> Iterator[object]:
    """An AUTOCOMMIT engine on the server's maintenance database (CREATE/DROP DATABASE)."""
    import sqlalchemy as sa

    engine = sa.create_engine(PG_SERVER_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as error:
        engine.dispose()
        shown = sa.make_url(PG_SERVER_URL).render_as_string(hide_password=True)
        pytest.skip(
            f"no PostgreSQL answers at {shown} (set ORDERHUB_TEST_POSTGRES_URL): {error.orig}"
        )
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(_pg_admin: object) -> Iterator[str]:
    """URL of a brand-new empty database, dropped (connections and all) after the test."""
    import sqlalchemy as sa

    engine: sa.Engine = _pg_admin  # type: ignore[assignment]
    name = _unique("orderhub_test")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(PG_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[object]:
    """A migrated Store on each database the hub supports."""
    from hub.store import Store

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/orderhub.db"
    else:
        url = request.getfixturevalue("pg_url")
    instance = Store(url)
    instance.migrate()
    yield instance
    instance.dispose()


def _rabbitmqctl(*args: str) -> None:
    result = subprocess.run(
        ["rabbitmqctl", "-q", *args], capture_output=True, text=True, timeout=60, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"rabbitmqctl {' '.join(args)}: {result.stderr.strip() or result.stdout}"
        )


@pytest.fixture
def amqp_url() -> Iterator[str]:
    """amqp:// URL of a fresh vhost where guest has every permission; deleted afterwards."""
    server = urlsplit(AMQP_SERVER_URL)
    host, port = server.hostname or "127.0.0.1", server.port or 5672
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as error:
        pytest.skip(f"no RabbitMQ answers at {host}:{port} (set ORDERHUB_AMQP_URL): {error}")
    if shutil.which("rabbitmqctl") is None:
        pytest.skip("rabbitmqctl is not on PATH: cannot create a test vhost")
    vhost = _unique("orderhub_test")
    user = server.username or "guest"
    _rabbitmqctl("add_vhost", vhost)
    try:
        _rabbitmqctl("set_permissions", "-p", vhost, user, ".*", ".*", ".*")
        yield urlunsplit((server.scheme, server.netloc, "/" + quote(vhost, safe=""), "", ""))
    finally:
        _rabbitmqctl("delete_vhost", vhost)
