"""Every UBL sample, field by field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import adapters.ubl as ubl
from canonical import (
    ItemId,
    Order,
    OrderResponse,
    PartyId,
    ReceiptAdvice,
    Reference,
    ShipNotice,
)

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "ubl"
STARK = PartyId(scheme="0192", value="987654321")
NORTHWIND = PartyId(scheme="GLN", value="4012345000009")


def read_one(name: str):
    reading = ubl.read((SAMPLES / name).read_bytes(), name=name)
    assert reading.errors == []
    assert reading.standard == "ubl"
    assert reading.ack is None
    assert len(reading.documents) == 1
    return reading, reading.documents[0]


def test_order_stark_header() -> None:
    reading, order = read_one("order_stark.xml")
    assert isinstance(order, Order)
    assert order.po_number == "SPW-2026-00317"
    assert order.po_date == date(2026, 3, 4)
    assert order.purpose == "original"
    assert order.currency == "NOK"
    assert order.notes == ["Workshop refit, Tøyen depot"]
    assert order.references == [
        Reference(qualifier="CR", value="PROJ-TOYEN-11"),
        Reference(qualifier="CT", value="FA-2025-NW-004"),
    ]
    assert order.total_amount == Decimal("24820.00")
    assert order.earliest_delivery_date == date(2026, 3, 16)
    assert order.requested_delivery_date == date(2026, 3, 20)
    src = order.source
    assert (src.standard, src.message_type, src.version) == (
        "ubl",
        "Order",
        "urn:fdc:peppol.eu:poacc:trns:order:3",
    )
    assert (src.sender, src.sender_qualifier, src.receiver, src.receiver_qualifier) == (
        "987654321",
        "0192",
        "4012345000009",
        "0088",
    )
    assert src.message_ref == "SPW-2026-00317"
    assert (reading.sender, reading.receiver, reading.interchange_control) == (
        "987654321",
        "4012345000009",
        "SPW-2026-00317",
    )


def test_order_stark_parties() -> None:
    _, order = read_one("order_stark.xml")
    buyer = order.buyer
    assert buyer.ids == [STARK]
    assert buyer.name == "Stark Public Works"
    assert buyer.address.street == ["Rådhusgata 5", "Postboks 317 Sentrum"]
    assert (
        buyer.address.city,
        buyer.address.postal_code,
        buyer.address.region,
        buyer.address.country,
    ) == (
        "Oslo",
        "0151",
        "Oslo",
        "NO",
    )
    assert (buyer.contact.name, buyer.contact.phone, buyer.contact.email) == (
        "Ingrid Solberg",
        "+47 22 00 31 70",
        "innkjop@starkpublicworks.example",
    )
    assert order.seller.ids == [NORTHWIND]
    assert order.seller.name == "Northwind Industrial Supply"
    assert order.seller.address.country == "DE"
    assert order.bill_to.name == "Stark Public Works - Økonomi"
    assert order.bill_to.address.postal_code == "0101"
    ship = order.ship_to
    assert ship.ids == [PartyId(scheme="GLN", value="7080001234560")]
    assert ship.name == "Stark Public Works - Goods reception"
    assert ship.address.street == ["Rådhusgata 5"]
    assert ship.contact.name == "Lars Haugen"


def test_order_stark_lines() -> None:
    _, order = read_one("order_stark.xml")
    assert [line.line_number for line in order.lines] == ["1", "2", "3"]
    kit, light, bolts = order.lines
    assert (kit.quantity, kit.uom, kit.unit_price) == (Decimal(4), "EA", Decimal("3990.00"))
    assert kit.item.gtin == "04012345000078"
    assert kit.item.supplier_part == "NW-KIT-WB"
    assert kit.item.buyer_part == "SPW-88120"
    assert kit.item.description == "Workbench starter kit"
    assert kit.requested_delivery_date is None
    assert light.requested_delivery_date == date(2026, 3, 18)
    assert light.notes == ["Deliver with the workbenches"]
    assert light.item.ids == [ItemId(scheme="STI", value="39111500")]
    assert bolts.item.gtin == "04012345000016"
    assert sum(line.quantity * line.unit_price for line in order.lines) == order.total_amount


def test_order_stark_minimal() -> None:
    _, order = read_one("order_stark_minimal.xml")
    assert order.po_number == "SPW-2026-00318"
    assert order.buyer.ids == [STARK] and order.buyer.name == "Stark Public Works"
    assert order.ship_to is None and order.bill_to is None
    assert order.total_amount is None and order.references == [] and order.notes == []
    (line,) = order.lines
    assert (line.line_number, line.quantity, line.uom, line.unit_price) == (
        "1",
        Decimal(24),
        "PR",
        None,
    )
    assert line.item.gtin == "04012345000030"
    assert order.source.sender == "987654321"


def test_order_stark_dropship_delivers_elsewhere() -> None:
    _, order = read_one("order_stark_dropship.xml")
    assert order.po_number == "SPW-2026-00319"
    ship = order.ship_to
    assert ship.ids == [PartyId(scheme="GLN", value="7080001234577")]
    assert ship.name == "Bergen Road Maintenance Depot"
    assert ship.address.city == "Bergen" and ship.address.region == "Vestland"
    assert ship.address.street == ["Fjøsangerveien 215", "Gate 2"]
    assert ship.contact.email == "depot.bergen@starkpublicworks.example"
    assert ship.address != order.buyer.address
    assert order.earliest_delivery_date is None
    assert order.requested_delivery_date == date(2026, 3, 23)


def test_order_response() -> None:
    reading, response = read_one("orderresponse_example.xml")
    assert isinstance(response, OrderResponse)
    assert response.response_number == "NW-OR-7001"
    assert response.response_date == date(2026, 3, 5)
    assert response.po_number == "SPW-2026-00317"
    assert response.status == "accepted_with_changes"
    assert response.currency == "NOK"
    assert response.notes == ["Line 2 delivered one week later than requested."]
    assert response.seller.ids == [NORTHWIND] and response.buyer.ids == [STARK]
    assert [(x.line_number, x.status, x.quantity) for x in response.lines] == [
        ("1", "accepted", Decimal(4)),
        ("2", "changed", Decimal(8)),
        ("3", "rejected", Decimal(0)),
    ]
    assert response.lines[0].unit_price == Decimal("3990.00")
    assert response.lines[0].promised_date == date(2026, 3, 18)
    assert response.lines[1].promised_date == date(2026, 3, 25)
    assert response.lines[1].reason == "Supplier lead time: one week later"
    assert response.lines[2].reason == "Item discontinued"
    assert response.lines[0].item.gtin == "04012345000078"
    assert (reading.sender, response.source.sender_qualifier) == ("4012345000009", "0088")


def test_despatch_advice() -> None:
    reading, notice = read_one("despatchadvice_example.xml")
    assert isinstance(notice, ShipNotice)
    assert notice.shipment_id == "NW-DA-9001"
    assert notice.notice_date == date(2026, 3, 17)
    assert notice.po_number == "SPW-2026-00317"
    assert notice.ship_date == date(2026, 3, 17)
    assert notice.estimated_delivery_date == date(2026, 3, 20)
    assert notice.carrier == "PostNord"
    assert notice.tracking_number == "PNO-55501234"
    assert notice.ship_from.ids == [NORTHWIND]
    assert notice.ship_to.ids == [STARK]
    assert notice.ship_to.address.city == "Oslo"
    (pallet,) = notice.packages
    assert pallet.sscc == "040123450000000030"
    assert (pallet.weight, pallet.weight_uom) == (Decimal("310.0"), "KGM")
    assert [(x.line_number, x.quantity, x.item.gtin) for x in pallet.lines] == [
        ("1", Decimal(4), "04012345000078"),
        ("2", Decimal(8), "04012345000047"),
    ]
    assert notice.source.message_type == "DespatchAdvice"
    assert reading.sender == "4012345000009"


def test_receipt_advice_stark() -> None:
    reading, receipt = read_one("receiptadvice_stark.xml")
    assert isinstance(receipt, ReceiptAdvice)
    assert (reading.sender, reading.receiver, reading.interchange_control) == (
        "987654321",
        "4012345000009",
        "SPW-GR-2026-0091",
    )
    assert (receipt.receipt_number, receipt.receipt_date) == ("SPW-GR-2026-0091", date(2026, 3, 19))
    assert (receipt.po_number, receipt.shipment_id) == ("SPW-2026-00317", "NW-DA-2026-0317")
    assert receipt.references == [Reference(qualifier="CR", value="PROJ-TOYEN-11")]
    assert receipt.ship_to.ids == [STARK, PartyId(scheme="GLN", value="7080001234560")]
    assert receipt.ship_to.contact.name == "Lars Haugen"
    assert receipt.seller.ids == [NORTHWIND] and receipt.buyer is None
    assert (receipt.source.message_type, receipt.source.version) == (
        "ReceiptAdvice",
        "urn:fdc:peppol.eu:logistics:trns:receipt_advice:1",
    )
    kit, light, bolts = receipt.lines
    assert [(ln.line_number, ln.quantity, ln.rejected_quantity, ln.condition)
            for ln in receipt.lines] == [
        ("1", Decimal(4), Decimal(0), "accepted"),
        ("2", Decimal(7), Decimal(1), "damaged"),  # 8 received, 1 of them rejected
        ("3", Decimal(10), Decimal(0), "accepted"),
    ]  # fmt: skip
    assert light.reason == "Lens cracked on arrival" and light.uom == "EA"
    assert (kit.item.gtin, kit.item.buyer_part, kit.item.supplier_part) == (
        "04012345000078",
        "SPW-88120",
        "NW-KIT-WB",
    )
    assert bolts.item.description == "Hex bolt M8x40 zinc plated, box of 100"


def test_order_change_stark() -> None:
    """T114: line 1 repeated unchanged (4: no action) is no change; 2 changed, 3 deleted."""
    reading, change = read_one("orderchange_stark.xml")
    assert isinstance(change, Order)
    assert (change.purpose, change.po_number, change.po_date) == (
        "change",
        "SPW-2026-00317",
        date(2026, 3, 4),
    )
    assert [(x.line_number, x.action, x.quantity, x.item.supplier_part) for x in change.lines] == [
        ("2", "change", Decimal(12), "NW-LED-30"),
        ("3", "delete", Decimal(0), "NW-HB-M8X40"),
    ]
    assert reading.sender == STARK.value
    assert change.source.message_type == "OrderChange"
    assert change.source.message_ref == "SPW-2026-00317-C1"


def test_order_cancellation_stark() -> None:
    reading, cancel = read_one("ordercancellation_stark.xml")
    assert isinstance(cancel, Order)
    assert (cancel.purpose, cancel.po_number, cancel.lines) == ("cancel", "SPW-2026-00317", [])
    assert cancel.notes == ["Tøyen depot refit postponed to next year"]
    assert reading.sender == STARK.value
