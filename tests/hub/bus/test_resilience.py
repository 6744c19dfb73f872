"""Failures around the consumer base: a killed connection, a crash, an unavailable database."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from bus_echo import SETTINGS, Collector, Echo, close_connections, send

from hub.bus import parking
from hub.store import Store, inbox_contains, outbox_unsent

HERE = Path(__file__).parent


def test_a_killed_connection_loses_and_duplicates_nothing(
    amqp_url: str, collector: Collector, start_runner
) -> None:
    echo = Echo(delay=0.004)
    runner = start_runner(echo)
    bodies = [b"%d" % i for i in range(300)]
    send(amqp_url, bodies)
    for threshold in (60, 180):
        collector.drain(threshold, timeout=10, grace=0)
        assert close_connections(amqp_url, "orderhub-echo") == 1
    collector.drain(300, timeout=20, grace=1.0)
    # Nothing lost, and no second effect: every input produced exactly one message id.
    # (A publish whose confirm died with the connection may reach the broker twice; both
    # copies carry the same derived id, which downstream inboxes drop.)
    ids_per_body: dict[bytes, set[str]] = {}
    for properties, body in collector.got:
        ids_per_body.setdefault(body, set()).add(properties.message_id)
    assert sorted(ids_per_body) == sorted(bodies)
    assert all(len(ids) == 1 for ids in ids_per_body.values())
    copies = len(collector.got) - len(bodies)
    in_flight = runner.settings.workers_for(runner.store.dialect) * runner.settings.batch
    assert copies <= 2 * in_flight, f"{copies} re-published copies"
    assert runner.link.connections >= 3  # it really reconnected, twice
    assert parking.list_parked(amqp_url) == []


def test_a_crash_between_commit_and_publish_is_healed_by_the_outbox(
    amqp_url: str, collector: Collector, store: Store, start_runner
) -> None:
    bodies = [b"a", b"b", b"c"]
    send(amqp_url, bodies)
    crashed = subprocess.run(
        [sys.executable, str(HERE / "crash_echo.py"), amqp_url, store.url],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert crashed.returncode == 3, crashed.stderr
    # It committed at least one message (inbox + outbox; its other workers may have
    # committed one more in the same instant) and published nothing.
    with store.session() as session:
        done = [b for b in bodies if inbox_contains(session, "echo", f"in-{b.decode()}")]
        assert len(done) >= 1
        assert len(outbox_unsent(session, "echo")) == len(done)
    assert collector.drain(0, grace=0.3) == []

    echo = Echo()
    runner = start_runner(echo)
    assert sorted(collector.drain(3, grace=1.0)) == bodies
    assert [echo.handled(b) for b in done] == [0] * len(done)  # only their outbox went out
    duplicates = runner.metrics.value("orderhub_messages_duplicate_total", {"service": "echo"})
    assert duplicates == len(done)
    with store.session() as session:
        assert outbox_unsent(session, "echo") == []


def test_an_unavailable_database_is_retried_not_parked(
    amqp_url: str, collector: Collector, pg_url: str, runners
) -> None:
    # The inbox table locked by another session: every transaction of the service fails
    # with PostgreSQL's lock_not_available (55P03) until the lock is released.
    store = Store(pg_url + "?options=-c%20lock_timeout%3D200")
    store.migrate()
    echo = Echo()
    settings = SETTINGS.model_copy(update={"max_attempts": 8})
    runner = runners(echo, store, settings=settings)
    locked, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        engine = sa.create_engine(pg_url)
        with engine.begin() as connection:
            connection.execute(sa.text("LOCK TABLE inbox IN ACCESS EXCLUSIVE MODE"))
            locked.set()
            release.wait(10)
        engine.dispose()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(10)
        send(amqp_url, [b"patient"])
        time.sleep(1.5)
        assert collector.drain(0, grace=0) == []
    finally:
        release.set()
        holder.join()
    assert collector.drain(1, timeout=5) == [b"patient"]
    failed = runner.metrics.value(
        "orderhub_messages_failed_total", {"service": "echo", "error_class": "StoreUnavailable"}
    )
    assert failed >= 2
    assert parking.list_parked(amqp_url) == []
    store.dispose()
