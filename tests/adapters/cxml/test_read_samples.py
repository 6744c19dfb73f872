"""Every cXML sample, field by field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import adapters.cxml as cxml
from canonical import (
    ItemId,
    Order,
    OrderResponse,
    PartyId,
    ReceiptAdvice,
    Reference,
    ShipNotice,
)

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "cxml"


def read_one(name: str):
    reading = cxml.read((SAMPLES / name).read_bytes(), name=name)
    assert reading.errors == []
    assert reading.standard == "cxml"
    assert reading.ack is None
    assert len(reading.documents) == 1
    return reading, reading.documents[0]


def test_order_request_umbrella_header() -> None:
    reading, order = read_one("orderrequest_umbrella.xml")
    assert isinstance(order, Order)
    assert order.po_number == "UMB-PO-2026-0042"
    assert order.po_date == date(2026, 3, 2)
    assert order.purpose == "original"
    assert order.order_type == "standalone"
    assert order.currency == "GBP"
    assert order.total_amount == Decimal("1180.00")
    assert order.requested_delivery_date == date(2026, 3, 16)
    assert order.notes == [
        "Deliver Monday to Friday 08:00-16:00.",
        "Call stores 30 minutes before arrival.",
    ]
    assert order.references == [
        Reference(qualifier="CostCenter", value="CC-4410"),
        Reference(qualifier="Requester", value="Alice Abernathy"),
    ]
    assert order.buyer.ids == [PartyId(scheme="NetworkID", value="AN02000000123")]
    assert order.buyer.contact.name == "Alice Abernathy"
    assert order.buyer.contact.email == "a.abernathy@umbrella-health.example"
    assert order.buyer.contact.phone == "+44 20 7946 0199"
    assert order.seller.ids == [PartyId(scheme="NetworkID", value="NORTHWIND")]
    src = order.source
    assert (src.standard, src.version, src.message_type) == ("cxml", "1.2.063", "OrderRequest")
    assert (src.sender, src.sender_qualifier, src.receiver, src.receiver_qualifier) == (
        "AN02000000123",
        "NetworkID",
        "NORTHWIND",
        "NetworkID",
    )
    assert src.interchange_control == "1772445300.4711.UMB@umbrella-health.example"
    assert src.test is False
    assert (reading.sender, reading.receiver, reading.interchange_control) == (
        "AN02000000123",
        "NORTHWIND",
        src.interchange_control,
    )


def test_order_request_umbrella_addresses() -> None:
    _, order = read_one("orderrequest_umbrella.xml")
    ship = order.ship_to
    assert ship.ids == [PartyId(scheme="buyerLocationID", value="UMB-LON-DC1")]
    assert ship.name == "Umbrella Health Ltd - Central Stores"
    assert ship.address.street == ["12 Hospital Way", "Unit 4"]
    assert (
        ship.address.city,
        ship.address.region,
        ship.address.postal_code,
        ship.address.country,
    ) == (
        "London",
        "Greater London",
        "E1 6AN",
        "GB",
    )
    assert ship.contact.name == "Goods In, Dock 3"
    assert ship.contact.email == "stores@umbrella-health.example"
    assert ship.contact.phone == "+44 20 7946 0101"
    bill = order.bill_to
    assert bill.ids[0].value == "UMB-HQ"
    assert bill.name == "Umbrella Health Ltd - Accounts Payable"
    assert bill.address.street == ["1 Raccoon Square"]
    assert bill.address.region is None
    assert bill.contact.email == "ap@umbrella-health.example"


def test_order_request_umbrella_lines() -> None:
    _, order = read_one("orderrequest_umbrella.xml")
    assert [line.line_number for line in order.lines] == ["1", "2", "3"]
    first, second, third = order.lines
    assert (
        first.quantity == Decimal("20")
        and first.uom == "EA"
        and first.unit_price == Decimal("14.50")
    )
    assert first.requested_delivery_date == date(2026, 3, 16)
    assert first.item.supplier_part == "NW-HB-M8X40"
    assert first.item.buyer_part == "UMB-100234"
    assert first.item.gtin == "04012345000016"
    assert first.item.description == "Hex bolt M8x40 zinc plated, box of 100"
    assert first.item.ids == [
        ItemId(scheme="VS", value="BOX100"),
        ItemId(scheme="MF", value="HB-M8-40-ZN"),
        ItemId(scheme="UNSPSC", value="31161501"),
    ]
    assert (
        second.uom == "PR"
        and second.quantity == Decimal("50")
        and second.requested_delivery_date is None
    )
    assert second.notes == ["Nitrile, powder free"]
    assert third.item.gtin == "04012345000047"
    assert third.requested_delivery_date == date(2026, 3, 20)
    # the line's own ShipTo has no canonical field: it survives as a note
    assert third.notes == ["ship to UMB-LON-WS2 Umbrella Health Ltd - Workshop, London"]
    assert sum(line.quantity * line.unit_price for line in order.lines) == order.total_amount


def test_order_request_update_is_a_change() -> None:
    _, order = read_one("orderrequest_update_umbrella.xml")
    assert order.purpose == "change"
    assert order.po_number == "UMB-PO-2026-0042"
    assert order.lines[0].quantity == Decimal("30")
    assert order.total_amount == Decimal("1325.00")
    assert order.notes[-1] == "Change: line 1 raised to 30 boxes."


def test_order_request_wayne() -> None:
    _, order = read_one("orderrequest_wayne.xml")
    assert order.po_number == "WH-7731"
    assert order.po_date == date(2026, 3, 5)
    assert order.order_type is None
    assert order.source.sender == "5012345000022" and order.source.sender_qualifier == "GLN"
    assert order.ship_to.ids == [PartyId(scheme="GLN", value="5012345000022")]
    assert order.ship_to.address.city == "Leeds"
    assert [(line.item.gtin, line.quantity, line.unit_price) for line in order.lines] == [
        ("04012345000085", Decimal("12"), Decimal("34.95")),
        ("04012345000023", Decimal("3"), Decimal("12.00")),
    ]
    assert order.total_amount == Decimal("455.40")


def test_confirmation_request() -> None:
    _, response = read_one("confirmation_northwind_example.xml")
    assert isinstance(response, OrderResponse)
    assert response.response_number == "NW-CONF-5001"
    assert response.response_date == date(2026, 3, 3)
    assert response.po_number == "UMB-PO-2026-0042"
    assert response.po_date == date(2026, 3, 2)
    assert response.status == "accepted_with_changes"
    assert response.currency == "GBP"
    assert response.seller.ids[0].value == "NORTHWIND"
    assert response.buyer.ids[0].value == "AN02000000123"
    assert response.references == [
        Reference(qualifier="payloadID", value="1772445300.4711.UMB@umbrella-health.example")
    ]
    assert response.notes == ["Line 2 partly backordered, balance in week 13."]
    assert [
        (x.line_number, x.status, x.quantity, x.ordered_quantity, x.uom) for x in response.lines
    ] == [
        ("1", "accepted", Decimal(20), Decimal(20), "EA"),
        ("2", "accepted", Decimal(30), Decimal(50), "PR"),
        ("2", "backordered", Decimal(20), Decimal(50), "PR"),
        ("3", "changed", Decimal(10), Decimal(10), "EA"),
    ]
    assert response.lines[2].promised_date == date(2026, 3, 27)
    assert response.lines[2].reason == "Supplier stock-out"
    changed = response.lines[3]
    assert changed.unit_price == Decimal("69.50")
    assert changed.item.supplier_part == "NW-LED-30"
    assert changed.reason == "Price corrected to contract price"
    assert response.source.message_type == "ConfirmationRequest"


def test_ship_notice_request() -> None:
    _, notice = read_one("shipnotice_example.xml")
    assert isinstance(notice, ShipNotice)
    assert notice.shipment_id == "NW-ASN-88120"
    assert notice.notice_date == date(2026, 3, 13)
    assert notice.ship_date == date(2026, 3, 13)
    assert notice.estimated_delivery_date == date(2026, 3, 16)
    assert notice.po_number == "UMB-PO-2026-0042"
    assert notice.carrier == "DHLU"
    assert notice.tracking_number == "JJD000390007771"
    assert notice.ship_from.ids == [PartyId(scheme="GLN", value="4012345000009")]
    assert notice.ship_from.address.country == "DE"
    assert notice.ship_to.name == "Umbrella Health Ltd - Central Stores"
    assert notice.ship_to.contact.email == "stores@umbrella-health.example"
    assert [p.sscc for p in notice.packages] == ["040123450000000016", "040123450000000023"]
    pallet, carton = notice.packages
    assert pallet.weight == Decimal("212.5") and pallet.weight_uom == "KGM"
    assert [(x.line_number, x.quantity, x.item.supplier_part) for x in pallet.lines] == [
        ("1", Decimal(20), "NW-HB-M8X40"),
        ("3", Decimal(10), "NW-LED-30"),
    ]
    assert carton.tracking_number == "JJD000390007772"
    assert carton.lines[0].uom == "PR"
    assert len(notice.shipped_lines()) == 3
    assert notice.source.message_type == "ShipNoticeRequest"


def test_receipt_request_umbrella() -> None:
    reading, receipt = read_one("receipt_umbrella.xml")
    assert isinstance(receipt, ReceiptAdvice)
    assert (reading.sender, reading.receiver) == ("AN02000000123", "NORTHWIND")
    assert (receipt.receipt_number, receipt.receipt_date) == ("UMB-GR-2026-0108", date(2026, 3, 16))
    assert (receipt.po_number, receipt.shipment_id) == ("UMB-PO-2026-0042", "NW-ASN-88120")
    assert receipt.references == [Reference(qualifier="ReceivedBy", value="Goods In, Dock 3")]
    assert receipt.buyer.ids == [PartyId(scheme="NetworkID", value="AN02000000123")]
    assert receipt.seller.ids == [PartyId(scheme="NetworkID", value="NORTHWIND")]
    assert receipt.source.message_type == "ReceiptRequest"
    bolts, gloves, light = receipt.lines  # the "returned" gloves join their "received" line
    assert [(ln.line_number, ln.quantity, ln.rejected_quantity, ln.condition)
            for ln in receipt.lines] == [
        ("1", Decimal(20), Decimal(0), "accepted"),
        ("2", Decimal(28), Decimal(2), "damaged"),
        ("3", Decimal(10), Decimal(0), "accepted"),
    ]  # fmt: skip
    assert gloves.reason == "Two pairs arrived torn; returned with the driver."
    assert (gloves.item.supplier_part, gloves.item.buyer_part) == ("NW-GL-L", "UMB-200871")
    assert gloves.item.description == "Safety gloves size L, pair"
    assert bolts.item.supplier_part == "NW-HB-M8X40" and light.item.buyer_part == "UMB-300112"
