"""The store: one engine, one transaction per unit of work, migrations at start."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from pydantic_core import from_json, to_json
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from hub.store.errors import StoreUnavailable, transient_errors

DEFAULT_URL = "sqlite:///var/orderhub.db"
MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Any fixed number: serialises concurrent `migrate()` calls of replicas starting at once.
_PG_MIGRATE_LOCK = 0x0D0E_4B0B
# One writer lock per SQLite file in this process (see ``Store._writer``).
_SQLITE_WRITERS: dict[Path, threading.RLock] = {}
_SQLITE_WRITERS_GUARD = threading.Lock()
_READ_ONLY = "orderhub_read_only"  # execution option of the engine that Store.read uses


def _dumps(value: Any) -> str:
    return to_json(value).decode("utf-8")


class Store:
    """The hub's database. Builds no connection until first used."""

    def __init__(self, url: str, *, sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
        self.url = url
        parsed = sa.make_url(url)
        # JSON columns (order documents, headers, event details) in pydantic-core's
        # serializer: the same text a few times faster than the json module's
        kwargs: dict[str, Any] = {"json_serializer": _dumps, "json_deserializer": from_json}
        if parsed.get_backend_name() == "sqlite":
            kwargs.update(_sqlite_options(parsed, sqlite_busy_timeout_ms))
        else:  # a server's connection may have died in the pool; a file's cannot
            kwargs["pool_pre_ping"] = True
        self.engine: sa.Engine = sa.create_engine(parsed, **kwargs)
        self._writer_lock: threading.RLock | None = None
        self._busy_timeout_s = sqlite_busy_timeout_ms / 1000
        if self.engine.dialect.name == "sqlite":
            _configure_sqlite(self.engine, sqlite_busy_timeout_ms)
            self._writer_lock = _sqlite_writer(parsed)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        readers = self.engine.execution_options(**{_READ_ONLY: True})
        self._readers = sessionmaker(readers, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``: the few places that must differ ask this."""
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Bring the schema to the newest revision (Alembic ``upgrade head``)."""
        with transient_errors("migration"), self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATE_LOCK}
                )
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commits when the block ends, rolls back when it raises.

        Retryable database failures (connection lost, deadlock, busy) come out as
        ``StoreUnavailable`` / ``StoreConflict``, both ``TransientError``.
        """
        with self._writer(), transient_errors("transaction"), self._sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A transaction for reading only (dashboards, traces, status, polling).

        On SQLite it neither queues for this process's writer nor takes the write lock:
        WAL lets it read a consistent snapshot beside the one writer, so a look at the hub
        never holds the hub up. Do not write in it.
        """
        with transient_errors("read"), self._readers.begin() as session:
            yield session

    @contextmanager
    def _writer(self) -> Iterator[None]:
        """SQLite: queue this process's transactions on a lock before ``BEGIN IMMEDIATE``.

        SQLite's own busy handler polls with sleeps of up to 100 ms, so threads that
        contend for the write lock idle far longer than any transaction holds it; a
        Python lock wakes the next writer the moment the last one ends. Other processes
        still meet the busy timeout, and so does this lock.
        """
        lock = self._writer_lock
        if lock is None:
            yield
            return
        if not lock.acquire(timeout=self._busy_timeout_s):
            raise StoreUnavailable("database transaction: database is locked (in this process)")
        try:
            yield
        finally:
            lock.release()

    def dispose(self) -> None:
        """Close every pooled connection (end of process, or before dropping a database)."""
        self.engine.dispose()


def _sqlite_writer(url: sa.URL) -> threading.RLock | None:
    database = url.database or ""
    if database in ("", ":memory:"):
        return None  # one shared connection; SQLite's own locking is all there is
    path = Path(database).resolve()
    with _SQLITE_WRITERS_GUARD:
        return _SQLITE_WRITERS.setdefault(path, threading.RLock())


def alembic_config() -> Config:
    """Alembic's configuration built in code: no alembic.ini needed in the working directory."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _sqlite_options(url: sa.URL, busy_timeout_ms: int) -> dict[str, Any]:
    database = url.database or ""
    if database in ("", ":memory:"):
        # One shared connection, or every connection would see its own empty database.
        return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    return {"connect_args": {"check_same_thread": False, "timeout": busy_timeout_ms / 1000}}


def _configure_sqlite(engine: sa.Engine, busy_timeout_ms: int) -> None:
    """WAL, a busy timeout, foreign keys, and ``BEGIN IMMEDIATE`` for every transaction.

    Taking the write lock at the start means two writers queue on the busy timeout
    instead of one failing with SQLITE_BUSY when it upgrades a read lock, which makes
    read-modify-write sequences (counters, compare-and-set) safe without retries.
    """

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        if connection.get_execution_options().get(_READ_ONLY):
            connection.exec_driver_sql("BEGIN")  # deferred: a snapshot, no write lock
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
