"""Every sample in samples/edifact read field by field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.edifact import read
from canonical import (
    FunctionalAck,
    InventoryReport,
    Order,
    OrderResponse,
    ReceiptAdvice,
    ShipNotice,
)

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "edifact"


def load(name: str):
    reading = read((SAMPLES / name).read_bytes(), name=name)
    assert reading.errors == []
    assert reading.ack is not None and reading.ack.status == "accepted"
    return reading


def test_orders_d96a_acme_header() -> None:
    reading = load("orders_d96a_acme.edi")
    assert (reading.sender, reading.receiver, reading.interchange_control) == (
        "5412345000013",
        "4012345000009",
        "ACME000417",
    )
    [order] = reading.documents
    assert isinstance(order, Order)
    assert order.po_number == "PO-ACME-10417"
    assert order.po_date == date(2025, 3, 14)
    assert order.requested_delivery_date == date(2025, 3, 21)
    assert order.purpose == "original"
    assert order.currency == "EUR"
    assert order.carrier == "DHL Freight GmbH"
    assert order.total_amount == Decimal("1055.25")
    assert order.notes == ["Please deliver to ramp 3 between 07:00 and 15:00"]
    assert [(r.qualifier, r.value) for r in order.references] == [("CT", "FRAME-2025-ACME")]
    src = order.source
    assert src is not None
    assert (src.standard, src.version, src.message_type, src.message_ref) == (
        "edifact",
        "D96A",
        "ORDERS",
        "1",
    )
    assert (src.sender_qualifier, src.receiver_qualifier) == ("14", "14")


def test_orders_d96a_acme_parties() -> None:
    [order] = load("orders_d96a_acme.edi").documents
    assert order.buyer.id_in("GLN") == "5412345000013"
    assert order.buyer.name == "ACME Retail GmbH"
    assert order.buyer.address.street == ["Hohenzollernring 57"]
    assert (
        order.buyer.address.city,
        order.buyer.address.postal_code,
        order.buyer.address.country,
    ) == (
        "Köln",
        "50672",
        "DE",
    )
    assert order.buyer.contact.name == "Jana Fischer"
    assert order.buyer.contact.phone == "+49 221 5550 170"
    assert order.buyer.contact.email == "j.fischer@acme-retail.example"
    assert order.seller.id_in("GLN") == "4012345000009"
    assert order.ship_to.id_in("GLN") == "5412345000020"
    assert order.ship_to.address.city == "Frechen"
    assert order.bill_to.name == "ACME Retail GmbH Buchhaltung"
    assert order.bill_to.address.postal_code == "50444"


def test_orders_d96a_acme_lines() -> None:
    [order] = load("orders_d96a_acme.edi").documents
    first, second, third = order.lines
    assert first.line_number == "1"
    assert first.item.gtin == "04012345000016"
    assert first.item.supplier_part == "NW-HB-M8X40"
    assert first.item.buyer_part == "ACME-778812"
    assert first.item.description == "Hex bolt M8x40 zinc plated, box of 100"
    assert (first.quantity, first.uom, first.unit_price) == (Decimal(40), "H87", Decimal("12.90"))
    assert second.requested_delivery_date == date(2025, 3, 24)
    assert first.requested_delivery_date is None
    assert (third.quantity, third.uom) == (Decimal(120), "PR")  # PR is Rec 20: kept
    assert third.notes == ["Pack in dozens"]


def test_orders_eancom_d01b_one_line_without_una() -> None:
    reading = load("orders_eancom_d01b_acme.edi")
    [order] = reading.documents
    assert order.source.version == "D01B"
    assert order.source.message_ref == "ORD431"
    assert order.po_number == "PO-ACME-10431"
    assert order.po_date == date(2025, 4, 2)  # format 203
    assert order.earliest_delivery_date == date(2025, 4, 7)  # 718 range start
    assert order.requested_delivery_date == date(2025, 4, 9)  # 718 range end
    assert order.notes == ["Call 30 minutes before arrival"]
    assert [line.item.gtin for line in order.lines] == ["04012345000047", "04012345000085"]
    assert order.lines[1].item.supplier_part == "NW-DR-18V"
    assert order.lines[1].unit_price == Decimal("89.00")


def test_orders_multi_ung_custom_separators() -> None:
    reading = load("orders_multi_ung.edi")
    first, second = reading.documents
    assert (first.po_number, second.po_number) == ("PO-ACME-10420", "PO-ACME-10421")
    assert first.source.group_control == "42"
    assert first.lines[0].unit_price == Decimal("12.90")  # decimal comma
    assert second.lines[0].unit_price == Decimal("99.50")
    assert first.notes == ["Ref OK* use gate B~2"]  # released * and ~
    [group] = reading.ack.groups
    assert (group.group_control, group.received, group.accepted) == ("42", 2, 2)


def test_orders_wayne_crlf() -> None:
    [order] = load("orders_wayne.edi").documents
    assert order.buyer.id_in("GLN") == "5012345000022"
    assert order.buyer.contact.email == "purchasing@waynehardware.example"
    assert order.ship_to.address.postal_code == "LS10 1RW"
    assert order.ship_to.address.street == ["Unit 4, Stourton Link"]
    assert order.currency == "GBP"
    assert [(line.item.gtin, line.quantity, line.uom) for line in order.lines] == [
        ("04012345000078", Decimal(3), "EA"),
        ("04012345000030", Decimal(24), "PR"),
    ]


def test_ordchg_acme() -> None:
    [order] = load("ordchg_acme.edi").documents
    assert order.purpose == "change"
    assert order.source.message_type == "ORDCHG"
    assert [(line.line_number, line.action, line.quantity) for line in order.lines] == [
        ("1", "change", Decimal(60)),
        ("3", "delete", Decimal(0)),
        ("4", "add", Decimal(2)),
    ]


def test_contrl_nordic() -> None:
    [ack] = load("contrl_nordic.edi").documents
    assert isinstance(ack, FunctionalAck)
    assert ack.interchange_control == "NW0000123"
    assert (ack.sender, ack.receiver) == ("4012345000009", "7312345000014")
    assert ack.status == "partially_accepted"
    first, second = ack.messages()
    assert (first.message_ref, first.status) == ("1", "accepted")
    assert (second.message_ref, second.status) == ("2", "rejected")
    [error] = second.errors
    assert (error.code, error.segment_position, error.element, error.component) == ("12", 6, 3, 1)
    assert ack.source.sender == "7312345000014"


def test_ordrsp_nordic_one_line_rejected() -> None:
    [rsp] = load("ordrsp_nordic.edi").documents
    assert isinstance(rsp, OrderResponse)
    assert (rsp.response_number, rsp.po_number, rsp.status) == (
        "NR-55310",
        "NW-PO-2025-0312",
        "accepted_with_changes",
    )
    assert rsp.response_date == date(2025, 3, 15)
    assert rsp.po_date == date(2025, 3, 14)
    assert rsp.seller.address.city == "Göteborg"
    accepted, changed, rejected = rsp.lines
    assert (accepted.status, accepted.quantity, accepted.promised_date) == (
        "accepted",
        Decimal(50),
        date(2025, 3, 21),
    )
    assert accepted.item.buyer_part == "NW-LED-30"
    assert (changed.status, changed.quantity, changed.ordered_quantity) == (
        "changed",
        Decimal(12),
        Decimal(20),
    )
    assert (rejected.status, rejected.quantity) == ("rejected", Decimal(0))
    assert rejected.reason == "Frame discontinued, successor NC-FRAME-2 from April"


def test_desadv_nordic_packages() -> None:
    [notice] = load("desadv_nordic.edi").documents
    assert isinstance(notice, ShipNotice)
    assert (notice.shipment_id, notice.po_number) == ("NDA-880142", "NW-PO-2025-0312")
    assert (notice.ship_date, notice.estimated_delivery_date) == (
        date(2025, 3, 20),
        date(2025, 3, 24),
    )
    assert (notice.carrier, notice.service_level, notice.tracking_number) == (
        "DSV Road AB",
        "Road Standard",
        "DSV-SE-7781240",
    )
    assert notice.ship_to.address.city == "Hamburg"
    first, second = notice.packages
    assert (first.sscc, first.weight, first.weight_uom) == (
        "373123450000000176",
        Decimal("212.5"),
        "KGM",
    )
    assert second.sscc == "373123450000000022"
    assert [(s.item.gtin, s.quantity, s.ordered_quantity) for s in notice.shipped_lines()] == [
        ("04012345000047", Decimal(50), Decimal(50)),
        ("04012345000054", Decimal(12), Decimal(20)),
    ]


def test_invrpt_nordic() -> None:
    [report] = load("invrpt_nordic.edi").documents
    assert isinstance(report, InventoryReport)
    assert (report.report_number, report.report_date) == ("NINV-20250321", date(2025, 3, 21))
    assert report.reporter.id_in("GLN") == "7312345000014"
    assert report.recipient.id_in("GLN") == "4012345000009"
    led, top, frame = report.lines
    assert (led.quantity_on_hand, led.quantity_available, led.location) == (
        Decimal(1240),
        Decimal(1100),
        "GOT-1",
    )
    assert (top.quantity_on_hand, top.available_date) == (Decimal(0), date(2025, 4, 4))
    assert (frame.location, frame.quantity_available) == ("GOT-2", None)


def test_recadv_acme_header() -> None:
    reading = load("recadv_acme.edi")
    assert (reading.sender, reading.receiver, reading.interchange_control) == (
        "5412345000013",
        "4012345000009",
        "ACME000512",
    )
    [receipt] = reading.documents
    assert isinstance(receipt, ReceiptAdvice)
    assert (receipt.receipt_number, receipt.po_number, receipt.shipment_id) == (
        "GR-ACME-5521",
        "PO-ACME-10417",
        "NW-DES-10417-1",
    )
    assert receipt.receipt_date == date(2025, 3, 21)  # DTM 50, not the order date after RFF+ON
    assert receipt.references == []
    assert receipt.buyer.id_in("GLN") == "5412345000013"
    assert receipt.seller.id_in("GLN") == "4012345000009"
    assert receipt.ship_to.id_in("GLN") == "5412345000020"
    assert receipt.ship_to.contact.name == "Goods in, ramp 3"
    src = receipt.source
    assert (src.standard, src.version, src.message_type) == ("edifact", "D96A", "RECADV")


def test_recadv_acme_lines_refer_to_order_lines_and_one_is_damaged() -> None:
    [receipt] = load("recadv_acme.edi").documents
    bolts, gloves = receipt.lines
    assert bolts.line_number == "1"  # RFF+ON line number, LIN 1
    assert (bolts.item.gtin, bolts.item.supplier_part, bolts.item.buyer_part) == (
        "04012345000016",
        "NW-HB-M8X40",
        "ACME-778812",
    )
    assert (bolts.quantity, bolts.rejected_quantity, bolts.uom, bolts.condition) == (
        Decimal(40),
        Decimal(0),
        "H87",
        "accepted",
    )
    assert gloves.line_number == "3"  # RFF+ON:PO-ACME-10417:3 under LIN 2
    assert (gloves.quantity, gloves.rejected_quantity, gloves.uom) == (
        Decimal(114),
        Decimal(6),
        "PR",
    )
    assert (gloves.condition, gloves.reason) == ("damaged", "Carton crushed, 6 pairs torn")


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.edi")))
def test_every_sample_acknowledged_by_message(name: str) -> None:
    reading = load(name)
    assert len(reading.ack.messages()) == len(reading.documents)
    assert all(m.status == "accepted" for m in reading.ack.messages())
