"""The intake service on the real broker and databases, with the bundled samples."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tap import Tap  # noqa: E402

from consumers.intake import Intake  # noqa: E402
from hub.bus import topology  # noqa: E402
from hub.bus.consumer import Runner  # noqa: E402
from hub.bus.publisher import Publisher  # noqa: E402
from hub.ingest import ingest  # noqa: E402
from hub.metrics import Metrics  # noqa: E402
from hub.partners import load_partners  # noqa: E402
from hub.settings import BusSettings  # noqa: E402
from hub.store.archive import archive_find, archive_get  # noqa: E402
from hub.store.orders import events_list, order_find  # noqa: E402

ROOT = Path(__file__).parents[2]
SAMPLES = ROOT / "samples"
SETTINGS = BusSettings(
    prefetch=10, heartbeat=10, retry_tiers=(0.2, 0.5), max_attempts=3, delivery_limit=10
)


@pytest.fixture
def hub(amqp_url: str, store) -> Iterator[tuple[Publisher, Tap, object]]:
    partners = load_partners(ROOT / "config" / "partners")
    service = Intake(
        partners,
        max_bytes=10 * 1024 * 1024,
        duplicate_window=timedelta(days=30),
        secrets={"umbrella": "umbrella-sample-s3cret"},
    )
    topology.declare(
        amqp_url, SETTINGS.retry_tiers, [("intake", service.bindings)], SETTINGS.delivery_limit
    )
    tap = Tap(amqp_url, [(topology.EVENTS, "#"), (topology.OUTBOUND, "#")])
    runner = Runner(service, store, amqp_url, SETTINGS, metrics=Metrics()).start()
    publisher = Publisher(amqp_url, "test-submit").start()
    yield publisher, tap, store
    publisher.close()
    runner.stop()
    tap.close()


def _submit(hub, path: Path, partner: str | None = None) -> str:
    publisher, _tap, store = hub
    return ingest(
        store, publisher, path.read_bytes(), channel="submit", name=path.name, partner=partner
    )


def test_an_edifact_order_is_recorded_acknowledged_and_announced(hub) -> None:
    _publisher, tap, store = hub
    raw_id = _submit(hub, SAMPLES / "edifact" / "orders_d96a_acme.edi")
    tap.collect(
        lambda got: {"order.received", "out.acme.functional_ack"} <= {t.routing_key for t in got}
    )
    assert (
        "order.received" in tap.routing_keys() and "out.acme.functional_ack" in tap.routing_keys()
    )
    event = next(t for t in tap.got if t.routing_key == "order.received")
    order = json.loads(event.body)
    assert order["source"]["raw_id"] == raw_id and order["source"]["channel"] == "submit"
    ack = json.loads(next(t for t in tap.got if t.routing_key == "out.acme.functional_ack").body)
    assert ack["status"] == "accepted" and ack["sender"] == "5412345000013"
    with store.session() as session:
        (record,) = order_find(session, order["po_number"])
        assert record.customer == "acme" and record.state == "acknowledged"
        assert [e.kind for e in events_list(session, record.id)] == ["received", "acknowledged"]
        archived = archive_get(session, raw_id)
        assert archived.status == "parsed" and archived.order_id == record.id
        assert archive_find(session, order["po_number"])


def test_a_resent_interchange_is_flagged_not_processed_twice(hub) -> None:
    _publisher, tap, store = hub
    path = SAMPLES / "edifact" / "orders_d96a_acme.edi"
    first = _submit(hub, path)
    second = _submit(hub, path)
    tap.collect(lambda got: any(t.routing_key == "document.duplicate" for t in got))
    assert tap.routing_keys().count("order.received") == 1
    # the two copies may be handled by two workers in either order: one wins, one is flagged
    with store.session() as session:
        statuses = sorted(archive_get(session, raw_id).status for raw_id in (first, second))
    assert statuses == ["duplicate", "parsed"]


def test_an_unreadable_file_is_kept_with_its_error(hub) -> None:
    _publisher, tap, store = hub
    raw_id = _submit(hub, ROOT / "tests" / "adapters" / "edifact" / "data" / "binary_garbage.edi")
    tap.collect(lambda got: any(t.routing_key == "document.failed" for t in got))
    failed = json.loads(next(t for t in tap.got if t.routing_key == "document.failed").body)
    assert failed["raw_id"] == raw_id and "binary_garbage.edi" in failed["error"]
    with store.session() as session:
        record = archive_get(session, raw_id)
        assert record.status == "failed" and record.error


def test_a_broken_message_is_rejected_alone_and_the_sender_told(hub) -> None:
    _publisher, tap, store = hub
    _submit(hub, ROOT / "tests" / "adapters" / "edifact" / "data" / "one_bad_of_three.edi")
    tap.collect(
        lambda got: (
            "out.acme.functional_ack" in {t.routing_key for t in got}
            and "document.rejected" in {t.routing_key for t in got}
        )
    )
    ack = json.loads(next(t for t in tap.got if t.routing_key == "out.acme.functional_ack").body)
    statuses = [m["status"] for g in ack["groups"] for m in g["messages"]]
    assert "rejected" in statuses
    assert tap.routing_keys().count("order.received") == 2


def test_an_email_order_comes_from_its_sender(hub) -> None:
    _publisher, tap, store = hub
    _submit(hub, SAMPLES / "email" / "wayne_edifact_attachment.eml")
    tap.collect(lambda got: "order.received" in {t.routing_key for t in got})
    order = json.loads(next(t for t in tap.got if t.routing_key == "order.received").body)
    assert order["source"]["email_from"] == "purchasing@waynehardware.example"
    with store.session() as session:
        (record,) = order_find(session, order["po_number"])
        assert record.customer == "wayne"


def test_cxml_with_the_right_shared_secret_is_accepted_and_archived_without_it(hub) -> None:
    _publisher, tap, store = hub
    raw_id = _submit(hub, SAMPLES / "cxml" / "orderrequest_umbrella.xml")
    tap.collect(lambda got: "order.received" in {t.routing_key for t in got})
    assert "order.received" in tap.routing_keys()
    with store.session() as session:
        archived = archive_get(session, raw_id)
    assert b"<SharedSecret>***</SharedSecret>" in archived.content
    assert b"umbrella-sample-s3cret" not in archived.content


def test_cxml_with_a_wrong_shared_secret_is_refused_without_showing_it(hub, tmp_path: Path) -> None:
    _publisher, tap, store = hub
    forged = tmp_path / "forged.xml"
    text = (SAMPLES / "cxml" / "orderrequest_umbrella.xml").read_text(encoding="utf-8")
    forged.write_text(text.replace("umbrella-sample-s3cret", "guessed-secret"), encoding="utf-8")
    raw_id = _submit(hub, forged)
    tap.collect(lambda got: "document.rejected" in {t.routing_key for t in got})
    rejected = json.loads(next(t for t in tap.got if t.routing_key == "document.rejected").body)
    assert "does not match" in rejected["error"] and "[cxml 401]" in rejected["error"]
    assert "guessed-secret" not in rejected["error"] and "s3cret" not in rejected["error"]
    assert "order.received" not in tap.routing_keys()
    with store.session() as session:
        assert archive_get(session, raw_id).status == "rejected"
