"""Waiting messages handled several to a transaction; a failing one is failed as if alone."""

from __future__ import annotations

import time

import pytest
from bus_echo import SETTINGS, Collector, Echo, send

from hub.bus import parking


def test_a_batch_with_a_broken_and_a_flaky_message_handles_the_rest_once(
    amqp_url: str, collector: Collector, start_runner
) -> None:
    echo = Echo()
    bodies = [b"%d" % i for i in range(30)]
    echo.plan[b"7"] = ["permanent"]
    echo.plan[b"12"] = ["transient", "ok"]
    send(amqp_url, bodies)  # queued before the runner starts: batches fill up
    runner = start_runner(echo, settings=SETTINGS.model_copy(update={"workers": 1, "batch": 10}))
    got = collector.drain(29, grace=1.0)
    assert sorted(got) == sorted(b for b in bodies if b != b"7")  # 12 after its retry, none twice
    assert echo.handled(b"7") == 1  # a failure in a batch is one attempt, as unbatched
    # the others of 7's batch ran again after the rollback, but their effects ran once
    assert sorted(echo.effects) == sorted(b for b in bodies if b != b"7")
    assert any(echo.handled(b) == 2 for b in (b"0", b"1", b"2", b"3", b"4", b"5", b"6"))
    assert echo.handled(b"12") == 2
    (parked,) = parking.list_parked(amqp_url)
    assert parked.error_class == "PermanentError" and parked.error.startswith("cannot read 7")
    assert runner.metrics.value("orderhub_messages_handled_total", {"service": "echo"}) == 29


class Gathering(Echo):
    """An echo that waits for more messages to join a batch, and notes each batch's size."""

    max_workers = 1

    def __init__(self, gather: float) -> None:
        super().__init__()
        self.gather = gather
        self.batches: list[int] = []

    def prepare(self, session, messages) -> None:  # type: ignore[no-untyped-def]
        self.batches.append(len(messages))


@pytest.mark.parametrize(("gather", "together"), [(1.5, True), (0.0, False)])
def test_a_service_can_wait_for_more_messages_to_join_a_batch(
    amqp_url: str, collector: Collector, start_runner, gather: float, together: bool
) -> None:
    echo = Gathering(gather)
    runner = start_runner(echo, settings=SETTINGS.model_copy(update={"workers": 4, "batch": 10}))
    assert len(runner._queues) == 1  # the service's cap on handler threads wins
    send(amqp_url, [b"1"])
    time.sleep(0.5)  # the second and third come while the first waits for company
    send(amqp_url, [b"2", b"3"])
    assert sorted(collector.drain(3, grace=0.5)) == [b"1", b"2", b"3"]
    # a message alone is handled without prepare: all three in one batch, or the first alone
    assert (echo.batches == [3]) is together
