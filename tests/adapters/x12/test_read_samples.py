"""Field-by-field reading of every bundled X12 sample."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from adapters.x12 import read
from canonical import (
    FunctionalAck,
    InventoryReport,
    Order,
    OrderResponse,
    ReceiptAdvice,
    ShipNotice,
)
from canonical.shipment import is_valid_sscc


def test_850_4010_globex(sample: Callable[[str], bytes]) -> None:
    reading = read(sample("850_4010_globex.x12"), name="850_4010_globex.x12")
    assert reading.ok and reading.ack is not None
    assert (reading.sender, reading.receiver, reading.interchange_control) == (
        "GLOBEX", "NORTHWIND", "100000123",
    )  # fmt: skip
    [order] = reading.documents
    assert isinstance(order, Order)
    assert order.po_number == "GX-4500012345"
    assert order.po_date == date(2026, 11, 2)
    assert order.purpose == "original" and order.order_type == "standalone"
    assert order.currency == "USD"
    assert order.requested_delivery_date == date(2026, 11, 16)
    assert order.carrier == "UPSN"
    assert order.total_amount == Decimal("868.30")
    refs = {(r.qualifier, r.value) for r in order.references}
    assert {("DP", "042"), ("IA", "NW-VENDOR-7781"), ("DTM010", "2026-11-10")} <= refs
    assert order.buyer is not None and order.buyer.name == "Globex Corporation"
    assert order.buyer.id_in("BUYER") == "GLOBEX-HQ"
    assert order.buyer.contact is not None
    assert order.buyer.contact.name == "Marge Simpson"
    assert order.buyer.contact.phone == "+1 217 555 0142"
    assert order.buyer.contact.email == "purchasing@globex.example"
    assert order.ship_to is not None and order.ship_to.id_in("GLN") == "0614141000036"
    assert order.ship_to.address is not None
    assert order.ship_to.address.street == ["400 Industrial Parkway", "Dock 7"]
    assert (order.ship_to.address.city, order.ship_to.address.region) == ("Springfield", "IL")
    assert (order.ship_to.address.postal_code, order.ship_to.address.country) == ("62703", "US")
    assert order.bill_to is not None and order.bill_to.id_in("BUYER") == "GLOBEX-AP"
    assert order.seller is not None and order.seller.id_in("ZZ") == "NORTHWIND"
    assert [line.line_number for line in order.lines] == ["1", "2", "3", "4"]
    first, second, gloves, light = order.lines
    assert first.item.gtin == "4012345000016"  # EN: EAN-13 kept as given
    assert first.item.supplier_part == "NW-HB-M8X40" and first.item.buyer_part == "GX-100-882"
    assert first.item.description == "Hex bolt M8x40 zinc plated, box of 100"
    assert (first.quantity, first.uom, first.unit_price) == (Decimal(20), "EA", Decimal("18.50"))
    assert second.item.gtin == "04012345000023"
    assert gloves.uom == "PR" and gloves.requested_delivery_date == date(2026, 11, 20)
    assert [(i.scheme, i.value) for i in light.item.ids] == [("SK", "GLX-SKU-77120")]
    src = order.source
    assert src is not None
    assert (src.standard, src.version, src.message_type) == ("x12", "004010", "850")
    assert (src.sender, src.sender_qualifier, src.group_control, src.message_ref) == (
        "GLOBEX", "ZZ", "4501", "0001",
    )  # fmt: skip
    assert reading.ack.ack_type == "997" and reading.ack.status == "accepted"


def test_850_5010_initech_two_sets_newline_terminator(sample: Callable[[str], bytes]) -> None:
    reading = read(sample("850_5010_initech.x12"))
    assert reading.ok
    first, second = reading.documents
    assert isinstance(first, Order) and isinstance(second, Order)
    assert (first.po_number, second.po_number) == ("INI-PO-778120", "INI-PO-778121")
    assert first.buyer is not None and first.buyer.id_in("DUNS") == "123456789"
    assert first.ship_to is not None and first.ship_to.id_in("DUNS4") == "1234567890001"
    assert first.references[0].qualifier == "CO"
    assert first.total_amount == Decimal("3104.00")
    assert second.lines[1].uom == "CS"  # X12 CA (case) -> Rec 20 CS
    assert first.source is not None and first.source.version == "005010"
    assert reading.ack is not None and reading.ack.ack_type == "999"
    assert [m.message_ref for m in reading.ack.messages()] == ["0001", "0002"]


def test_850_dropship_unusual_separators(sample: Callable[[str], bytes]) -> None:
    data = sample("850_4010_dropship_globex.x12")
    assert b"\n" not in data.strip() and b"|" in data
    reading = read(data)
    [order] = reading.documents
    assert isinstance(order, Order)
    assert order.order_type == "dropship"
    assert order.ship_to is not None and order.ship_to.name == "Springfield Elementary School"
    assert order.carrier == "FDEG"
    assert [line.item.supplier_part for line in order.lines] == ["NW-DR-18V", "NW-LED-30"]


def test_860_change_order(sample: Callable[[str], bytes]) -> None:
    [order] = read(sample("860_globex.x12")).documents
    assert isinstance(order, Order)
    assert order.purpose == "change" and order.po_number == "GX-4500012345"
    assert [(line.line_number, line.action, line.quantity) for line in order.lines] == [
        ("1", "change", Decimal(30)), ("2", "delete", Decimal(0)), ("5", "add", Decimal(8)),
    ]  # fmt: skip
    assert order.source is not None and order.source.message_type == "860"


def test_855_one_line_rejected(sample: Callable[[str], bytes]) -> None:
    [response] = read(sample("855_boltfast.x12")).documents
    assert isinstance(response, OrderResponse)
    assert response.status == "accepted_with_changes"
    assert response.po_number == "NW-PO-20261103-001" and response.response_number == "BF-SO-88231"
    assert response.response_date == date(2026, 11, 4)
    accepted, rejected, backordered = response.lines
    assert (accepted.status, accepted.quantity, accepted.promised_date) == (
        "accepted", Decimal(40), date(2026, 11, 6),
    )  # fmt: skip
    assert (rejected.status, rejected.quantity, rejected.ordered_quantity) == (
        "rejected", Decimal(0), Decimal(25),
    )  # fmt: skip
    assert rejected.reason == "Item discontinued, replaced by BF-FW-08ZN"
    assert backordered.status == "backordered" and backordered.promised_date == date(2026, 11, 20)
    assert response.seller is not None and response.seller.id_in("ZZ") == "BOLTFAST"


def test_856_hierarchy_sscc_tracking(sample: Callable[[str], bytes]) -> None:
    [notice] = read(sample("856_boltfast.x12")).documents
    assert isinstance(notice, ShipNotice)
    assert notice.shipment_id == "BF-ASN-55012" and notice.po_number == "NW-PO-20261103-001"
    assert (notice.ship_date, notice.estimated_delivery_date) == (
        date(2026, 11, 6),
        date(2026, 11, 10),
    )
    assert (notice.carrier, notice.service_level) == ("UPSN", "GR")
    assert notice.tracking_number == "BF-BOL-2026-110601"
    assert notice.ship_to is not None and notice.ship_to.id_in("GLN") == "4012345000009"
    assert notice.ship_to.address is not None and notice.ship_to.address.country == "DE"
    assert notice.ship_from is not None and notice.ship_from.id_in("ZZ") == "BOLTFAST"
    first, second = notice.packages
    assert first.sscc is not None and is_valid_sscc(first.sscc)
    assert first.tracking_number == "1Z999AA10123456784"
    assert (first.weight, first.weight_uom) == (Decimal("18.2"), "KGM")
    [line] = first.lines
    assert (line.line_number, line.quantity, line.ordered_quantity) == (
        "1",
        Decimal(40),
        Decimal(40),
    )
    assert line.item.gtin == "04012345000016" and line.item.buyer_part == "NW-HB-M8X40"
    assert second.lines[0].line_number == "3"


def test_945_warehouse_shipping_advice(sample: Callable[[str], bytes]) -> None:
    [notice] = read(sample("945_swift3pl.x12")).documents
    assert isinstance(notice, ShipNotice)
    assert notice.shipment_id == "SW-SHP-7712" and notice.po_number == "GX-4500012399"
    assert notice.carrier == "FDEG" and notice.tracking_number == "SW-BOL-0077120"
    assert notice.ship_date == date(2026, 11, 7)
    [package] = notice.packages
    assert package.sscc is not None and is_valid_sscc(package.sscc)
    assert package.tracking_number == "794612345678"
    assert [(line.line_number, line.item.gtin, line.quantity) for line in package.lines] == [
        ("1", "04012345000085", Decimal(2)), ("2", "04012345000047", Decimal(1)),
    ]  # fmt: skip


def test_846_inventory(sample: Callable[[str], bytes]) -> None:
    [report] = read(sample("846_swift3pl.x12")).documents
    assert isinstance(report, InventoryReport)
    assert report.report_number == "SW-INV-20261105" and report.report_date == date(2026, 11, 5)
    assert report.reporter is not None and report.reporter.id_in("ZZ") == "SWIFT3PL"
    assert report.recipient is not None and report.recipient.id_in("ZZ") == "NORTHWIND"
    light, drill, gloves = report.lines
    assert (light.quantity_on_hand, light.quantity_available) == (Decimal(420), Decimal(380))
    assert drill.item.supplier_part == "NW-DR-18V"
    assert gloves.uom == "PR" and gloves.available_date == date(2026, 11, 19)


def test_861_receiving_advice_one_line_damaged(sample: Callable[[str], bytes]) -> None:
    reading = read(sample("861_globex.x12"), name="861_globex.x12")
    assert reading.ok and reading.ack is not None and reading.ack.status == "accepted"
    assert (reading.sender, reading.interchange_control) == ("GLOBEX", "100000188")
    assert reading.ack.groups[0].functional_id == "RC"
    [receipt] = reading.documents
    assert isinstance(receipt, ReceiptAdvice)
    assert (receipt.receipt_number, receipt.receipt_date) == ("GX-RCV-778201", date(2026, 11, 18))
    assert (receipt.po_number, receipt.shipment_id) == ("GX-4500012345", "NW-ASN-90311")
    assert [(r.qualifier, r.value) for r in receipt.references] == [
        ("BM", "UPS-1Z4X9W0390221187"),
    ]  # fmt: skip
    assert receipt.buyer is not None and receipt.buyer.id_in("BUYER") == "GLOBEX-HQ"
    assert receipt.ship_to is not None and receipt.ship_to.id_in("GLN") == "0614141000036"
    assert receipt.ship_to.contact is not None and receipt.ship_to.contact.name == "Homer Simpson"
    assert receipt.seller is not None and receipt.seller.id_in("ZZ") == "NORTHWIND"
    assert [(ln.line_number, ln.quantity, ln.rejected_quantity, ln.uom, ln.condition)
            for ln in receipt.lines] == [
        ("1", Decimal(20), Decimal(0), "EA", "accepted"),
        ("2", Decimal(10), Decimal(0), "EA", "accepted"),
        ("3", Decimal(22), Decimal(2), "PR", "damaged"),
        ("4", Decimal(6), Decimal(0), "EA", "accepted"),
    ]  # fmt: skip
    gloves = receipt.lines[2]
    assert gloves.reason == "Two pairs torn, carton crushed in transit"
    assert (gloves.item.gtin, gloves.item.supplier_part, gloves.item.buyer_part) == (
        "04012345000030", "NW-GL-L", "GX-220-114",
    )  # fmt: skip
    assert gloves.item.description == "Safety gloves size L, pair"
    src = receipt.source
    assert src is not None and (src.message_type, src.version, src.group_control) == (
        "861", "004010", "4588",
    )  # fmt: skip


def test_997_partner_ack(sample: Callable[[str], bytes]) -> None:
    [ack] = read(sample("997_boltfast.x12")).documents
    assert isinstance(ack, FunctionalAck)
    assert ack.ack_type == "997" and ack.status == "partially_accepted"
    [group] = ack.groups
    assert (group.group_control, group.functional_id, group.received, group.accepted) == (
        "7001", "PO", 2, 1,
    )  # fmt: skip
    ok, bad = group.messages
    assert ok.status == "accepted" and bad.status == "rejected"
    element_error = bad.errors[0]
    assert (element_error.code, element_error.segment_tag, element_error.segment_position) == (
        "7", "PO1", 6,
    )  # fmt: skip
    assert (element_error.element, element_error.value, element_error.loop_id) == (3, "XX", "PO1")
    assert bad.errors[1].code == "5" and bad.errors[1].segment_position is None


def test_999_partner_ack(sample: Callable[[str], bytes]) -> None:
    [ack] = read(sample("999_initech.x12")).documents
    assert isinstance(ack, FunctionalAck)
    assert ack.ack_type == "999" and ack.status == "accepted"
    assert ack.groups[0].version == "005010"
    assert ack.messages()[0].message_type == "855"


def test_crlf_after_terminator_is_ignored(sample: Callable[[str], bytes]) -> None:
    data = sample("850_4010_globex.x12")
    plain = read(data).documents
    assert read(data.replace(b"~\n", b"~\r\n")).documents == plain
    assert read(data.replace(b"~\n", b"~")).documents == plain


def test_latin1_bytes_are_read(sample: Callable[[str], bytes]) -> None:
    data = sample("850_4010_globex.x12").replace(b"Dock 7", "Dock 7 Süd".encode("latin-1"))
    [order] = read(data).documents
    assert isinstance(order, Order) and order.ship_to is not None
    assert order.ship_to.address is not None and order.ship_to.address.street[1] == "Dock 7 Süd"
