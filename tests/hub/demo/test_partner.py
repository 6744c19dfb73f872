"""The simulated partners answer like real ones: the hub can tell who sent every reply.

The work orders in data/ are what the hub sent each partner in the demo (one per
standard the partners speak).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters import registry
from adapters.reading import Reading
from canonical import ShipNotice
from hub.demo.partner import SimulatedPartner
from hub.partners import Partner, PartnerDirectory, load_partners

CONFIG = Path(__file__).parents[3] / "config" / "partners"
DATA = Path(__file__).parent / "data"
CLOCK = datetime(2026, 12, 6, 8, 53, tzinfo=UTC)


def sender_of(directory: PartnerDirectory, reading: Reading) -> Partner | None:
    """The partner the intake attributes a document to when no channel names one."""
    if reading.ack is not None:
        found = directory.find(reading.ack.standard, reading.ack.sender)
        if found:
            return found
    return directory.find(reading.standard, reading.sender)


@pytest.mark.parametrize(
    ("partner_id", "work_order"),
    [
        ("northwind-hamburg", "order_to_northwind-hamburg.xml"),  # UBL Order
        ("kitworks", "order_to_kitworks.edi"),  # EDIFACT ORDERS
        ("nordic", "order_to_nordic.edi"),  # EDIFACT ORDERS
        ("swift3pl", "order_to_swift3pl.x12"),  # X12 940
    ],
)
def test_every_reply_is_attributed_to_the_partner_that_sent_it(
    partner_id: str, work_order: str
) -> None:
    directory = load_partners(CONFIG)
    partner = directory.get(partner_id)
    simulated = SimulatedPartner(partner, directory.self_partner, clock=CLOCK)

    replies = simulated.answer(work_order, (DATA / work_order).read_bytes())

    readings = [registry.read(content, name=name) for name, content in replies]
    notices = [d for r in readings for d in r.documents if isinstance(d, ShipNotice)]
    assert notices, f"{partner_id} sent no ship notice"
    for (name, _), reading in zip(replies, readings, strict=True):
        assert not reading.errors, name
        found = sender_of(directory, reading)
        assert found is not None and found.id == partner_id, f"{name}: sender {reading.sender!r}"
    for notice in notices:
        assert notice.ship_from is not None and notice.ship_from.name == partner.name
