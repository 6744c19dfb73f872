"""Store basics on both databases: migrations, transactions, retryable failures."""

from __future__ import annotations

import socket
import threading

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from canonical.errors import TransientError
from hub.store import Store, StoreConflict, StoreUnavailable, inbox_add, inbox_contains
from hub.store.engine import alembic_config
from hub.store.tables import metadata


def test_migration_from_empty_creates_every_table_as_declared(store: Store) -> None:
    with store.engine.connect() as connection:
        names = set(sa.inspect(connection).get_table_names())
        assert {t.name for t in metadata.sorted_tables} <= names
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert context.get_current_revision() == head == "0004"
        assert compare_metadata(context, metadata) == []


def test_migrate_twice_is_a_no_op(store: Store) -> None:
    with store.session() as session:
        inbox_add(session, "intake", "m-1")
    store.migrate()
    with store.session() as session:
        assert inbox_contains(session, "intake", "m-1")


def test_session_rolls_back_when_the_block_raises(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as session:
        inbox_add(session, "intake", "m-1")
        raise RuntimeError("handler failed")
    with store.session() as session:
        assert not inbox_contains(session, "intake", "m-1")


def test_sqlite_creates_its_folder_and_uses_wal(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path}/var/deep/orderhub.db")
    store.migrate()
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.dispose()
    assert (tmp_path / "var" / "deep" / "orderhub.db").exists()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_database_down_is_a_transient_store_unavailable() -> None:
    store = Store(f"postgresql+psycopg://postgres:secret@127.0.0.1:{_closed_port()}/orderhub")
    with pytest.raises(StoreUnavailable) as caught, store.session() as session:
        inbox_contains(session, "intake", "m-1")
    assert isinstance(caught.value, TransientError)
    assert "secret" not in str(caught.value)
    with pytest.raises(StoreUnavailable):
        store.migrate()
    store.dispose()


def test_locked_sqlite_is_a_transient_store_unavailable(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/orderhub.db"
    holder, impatient = Store(url), Store(url, sqlite_busy_timeout_ms=50)
    holder.migrate()
    with holder.session() as session:
        inbox_add(session, "intake", "m-1")  # holds the write lock until the block ends
        with pytest.raises(StoreUnavailable), impatient.session() as other:
            inbox_contains(other, "intake", "m-1")
    holder.dispose()
    impatient.dispose()


def test_constraint_violation_is_not_transient(store: Store) -> None:
    with store.session() as session:
        inbox_add(session, "intake", "m-1")
    with pytest.raises(sa.exc.IntegrityError), store.session() as session:
        inbox_add(session, "intake", "m-1")


def test_postgres_deadlock_is_a_transient_store_conflict(pg_url: str) -> None:
    store = Store(pg_url)
    store.migrate()
    with store.session() as session:
        session.execute(sa.text("INSERT INTO control_counters VALUES ('a', 'k', 1), ('b', 'k', 1)"))
    barrier = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def lock_in_order(first: str, second: str) -> None:
        lock = sa.text("UPDATE control_counters SET value = value + 1 WHERE partner = :p")
        try:
            with store.session() as session:
                session.execute(lock, {"p": first})
                barrier.wait()
                session.execute(lock, {"p": second})
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [
        threading.Thread(target=lock_in_order, args=("a", "b")),
        threading.Thread(target=lock_in_order, args=("b", "a")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    store.dispose()
    assert len(errors) == 1 and isinstance(errors[0], StoreConflict), errors
    assert isinstance(errors[0], TransientError)


def test_postgres_connection_lost_mid_transaction_is_transient_and_recovers(pg_url: str) -> None:
    store = Store(pg_url)
    store.migrate()
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with pytest.raises(StoreUnavailable), store.session() as session:
        inbox_add(session, "intake", "m-1")
        pid = session.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
        with admin.connect() as connection:
            connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        inbox_contains(session, "intake", "m-1")
    admin.dispose()
    with store.session() as session:  # the pool replaced the dead connection
        assert not inbox_contains(session, "intake", "m-1")
        inbox_add(session, "intake", "m-1")
    store.dispose()


def test_downgrade_to_empty_and_upgrade_again(store: Store) -> None:
    from alembic import command

    from hub.store.engine import alembic_config

    with store.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    with store.engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
    store.migrate()
    with store.session() as session:
        inbox_add(session, "intake", "m-1")


def test_migrate_needs_no_alembic_ini_in_the_working_directory(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = Store("sqlite:///var/orderhub.db")  # the embedded default, relative to cwd
    store.migrate()
    store.dispose()
    assert (tmp_path / "var" / "orderhub.db").exists()


def test_in_memory_sqlite_keeps_one_database_across_sessions() -> None:
    store = Store("sqlite://")
    store.migrate()
    with store.session() as session:
        inbox_add(session, "intake", "m-1")
    with store.session() as session:
        assert inbox_contains(session, "intake", "m-1")
    store.dispose()


def test_a_read_neither_waits_for_nor_blocks_the_writer(tmp_path) -> None:
    """SQLite: a dashboard or trace reads a snapshot while a transaction holds the write
    lock, without waiting for it, and sees only what was committed."""
    store = Store(f"sqlite:///{tmp_path}/hub.db")
    store.migrate()
    with store.session() as session:
        inbox_add(session, "svc", "committed")
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with store.session() as session:
            inbox_add(session, "svc", "pending")
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(10)
        with store.read() as session:  # would wait 30 s for the writer lock as a session
            assert inbox_contains(session, "svc", "committed")
            assert not inbox_contains(session, "svc", "pending")
    finally:
        release.set()
        thread.join()
    with store.read() as session:
        assert inbox_contains(session, "svc", "pending")
