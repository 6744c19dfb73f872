"""940 warehouse shipping orders read back, and 860 whole-order cancels without lines."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from adapters import x12
from adapters.reading import Envelope
from canonical import Address, Item, Order, OrderLine, Party, PartyId

REPO = Path(__file__).parents[3]
ENV = Envelope(sender="NORTHWIND", sender_qualifier="ZZ", receiver="SWIFT3PL", receiver_qualifier="ZZ",
               interchange_control=7, group_control=7, version="004010", created=datetime(2026, 11, 25, tzinfo=UTC))  # fmt: skip


def _order() -> Order:
    return Order(
        po_number="W3D932DCA612C",
        po_date=date(2026, 11, 25),
        requested_delivery_date=date(2026, 12, 2),
        ship_to=Party(
            ids=[PartyId(scheme="GLN", value="0614141000036")],
            name="Globex Distribution Center",
            address=Address(
                street=["1 Plant Rd"],
                city="Springfield",
                region="Illinois",
                postal_code="62701",
                country="US",
            ),
        ),  # fmt: skip
        lines=[
            OrderLine(
                line_number="3",
                item=Item(
                    gtin="04012345000030",
                    supplier_part="NW-GL-L",
                    description="Safety gloves size L, pair",
                ),
                quantity=Decimal(24),
                uom="PR",
            ),  # fmt: skip
            OrderLine(
                line_number="4",
                item=Item(gtin="04012345000047", supplier_part="NW-LED-30"),
                quantity=Decimal(6),
            ),  # fmt: skip
        ],
    )


def test_a_940_reads_back_as_the_order_it_was_written_from() -> None:
    reading = x12.read(x12.write(_order(), ENV, message_type="940"), name="940.x12")
    assert reading.ok, reading.errors
    (order,) = reading.documents
    assert order.source.message_type == "940" and order.order_type == "warehouse"
    assert order.po_number == "W3D932DCA612C" and order.po_date == date(2026, 11, 25)
    assert order.requested_delivery_date == date(2026, 12, 2)
    assert [(line.line_number, line.quantity, line.uom) for line in order.lines] == [
        ("3", Decimal(24), "PR"),
        ("4", Decimal(6), "EA"),
    ]
    assert (
        order.lines[0].item.supplier_part == "NW-GL-L"
        and order.lines[0].item.gtin == "04012345000030"
    )
    assert order.ship_to.name == "Globex Distribution Center"
    assert order.ship_to.address.region is None  # "Illinois" has no place in N402 (2 letters)


def test_a_940_whose_total_does_not_add_up_is_rejected() -> None:
    text = x12.write(_order(), ENV, message_type="940").decode().replace("W76*30", "W76*31")
    reading = x12.read(text.encode(), name="940.x12")
    assert not reading.documents
    assert reading.errors[0].position.tag == "W76" and reading.errors[0].code == "7"


def test_an_860_cancel_needs_no_lines() -> None:
    reading = x12.read((REPO / "tests/e2e/data/860_cancel_globex.x12").read_bytes(), name="860.x12")
    assert reading.ok, reading.errors
    (order,) = reading.documents
    assert order.purpose == "cancel" and order.po_number == "GX-4500012345" and order.lines == []


def test_a_945_with_party_contacts_reads_back() -> None:
    from canonical import Contact, Package, ShipNotice, ShippedLine

    notice = ShipNotice(
        shipment_id="SSWIF000008",
        notice_date=date(2026, 11, 25),
        po_number="W852817794638",
        ship_to=Party(name="Initech Inc.", contact=Contact(name="Bill Lumbergh", phone="+1 512 555 0100")),
        packages=[Package(sscc="106141411234567897", lines=[
            ShippedLine(line_number="1", item=Item(gtin="04012345000030"), quantity=Decimal(30), uom="PR")])],
    )  # fmt: skip
    reading = x12.read(x12.write(notice, ENV, message_type="945"), name="945.x12")
    assert reading.ok, reading.errors
    assert reading.documents[0].ship_to.contact.name == "Bill Lumbergh"
