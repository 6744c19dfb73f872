"""The retry-or-park decision and the headers it writes (pure)."""

from __future__ import annotations

from canonical.errors import DocumentError, PermanentError, TransientError
from hub.bus import failures
from hub.bus.incoming import Incoming


def test_transient_errors_climb_the_tiers_until_the_last_attempt() -> None:
    tiers = (1.0, 5.0, 30.0)
    error = TransientError("db down")
    delays = [failures.next_delay(error, n, tiers, max_attempts=5) for n in range(1, 6)]
    assert delays == [1.0, 5.0, 30.0, 30.0, None]


def test_permanent_and_unknown_errors_are_parked_at_once() -> None:
    for error in (PermanentError("no"), DocumentError("bad"), ValueError("bug")):
        assert failures.next_delay(error, 1, (1.0,), max_attempts=5) is None


def test_retry_and_park_messages_keep_the_id_and_say_why_on_one_line() -> None:
    message = Incoming("id-1", "orderhub.events", "order.received", b"{}", {"a": 1}, attempts=2)
    retry = failures.retry_message(message, "router", 5.0, TransientError("x"))
    assert (retry.message_id, retry.exchange, retry.routing_key) == (
        "id-1",
        "orderhub.retry",
        "5s.router",
    )
    assert retry.headers["x-attempts"] == 3 and retry.headers["a"] == 1
    parked = failures.park_message(message, "router", ValueError("line one\n  line two"))
    assert parked.exchange == "orderhub.dead"
    assert parked.headers["x-error"] == "line one line two"
    assert parked.headers["x-error-class"] == "ValueError"
    assert parked.headers["x-attempts"] == 2
    assert parked.headers["x-original-exchange"] == "orderhub.events"
    assert parked.headers["x-original-routing-key"] == "order.received"
    assert parked.headers["x-service"] == "router"
    assert len(failures.one_line(ValueError("x" * 2000))) == failures.MAX_ERROR_CHARS
