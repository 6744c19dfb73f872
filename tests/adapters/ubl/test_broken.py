"""Each broken UBL document: one DocumentError with its XML path, line and Peppol rule id."""

from __future__ import annotations

from pathlib import Path

import pytest

import adapters.ubl as ubl

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "ubl"

CASES = [
    (
        "malformed.xml",
        "/",
        29,
        None,
        "not well-formed XML: Opening and ending tag mismatch: CityName",
    ),
    (
        "wrong_root.xml",
        "/Invoice",
        4,
        None,
        "is not a UBL 2.1 Order, OrderChange, OrderCancellation, OrderResponse, DespatchAdvice "
        "or ReceiptAdvice",
    ),
    ("missing_id.xml", "/Order", 4, "PEPPOL-T01-B00103", "missing cbc:ID"),
    (
        "bad_quantity.xml",
        "/Order/cac:OrderLine[2]/cac:LineItem/cbc:Quantity",
        140,
        None,
        "quantity '8 pcs' is not a number",
    ),
    (
        "bad_date.xml",
        "/Order/cbc:IssueDate",
        8,
        "PEPPOL-COMMON-R030",
        "date '04.03.2026' is not YYYY-MM-DD",
    ),
    (
        "unknown_country.xml",
        "/Order/cac:BuyerCustomerParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode",
        33,
        "PEPPOL-T01-B05001",
        "unknown ISO 3166 country code 'XX'",
    ),
    (
        "missing_unit.xml",
        "/Order/cac:OrderLine[3]/cac:LineItem/cbc:Quantity/@unitCode",
        167,
        "PEPPOL-T01-B21601",
        "missing attribute unitCode",
    ),
    (
        "bad_gtin.xml",
        "/Order/cac:OrderLine[2]/cac:LineItem/cac:Item/cac:StandardItemIdentification/cbc:ID",
        156,
        None,
        "GTIN '04012345000048'",
    ),
    ("billion_laughs.xml", "/", 2, None, "internal subset refused"),
    ("xxe_file.xml", "/", 2, None, "internal subset refused"),
    ("external_parameter_entity.xml", "/", 2, None, "internal subset refused"),
    ("empty.xml", "/", None, None, "empty document"),
    ("garbage.bin", "/", 1, None, "not well-formed XML"),
    ("utf16_no_bom.xml", "/", None, None, "UTF-16 document without a byte order mark"),
]


@pytest.mark.parametrize(("name", "xpath", "line", "code", "message"), CASES)
def test_broken_document(
    name: str, xpath: str, line: int | None, code: str | None, message: str
) -> None:
    reading = ubl.read((DATA / name).read_bytes(), name=name)
    assert reading.documents == []
    assert len(reading.errors) == 1
    error = reading.errors[0]
    assert (error.position.xpath, error.position.line, error.code) == (xpath, line, code)
    assert error.standard == "ubl"
    assert error.document == name
    assert message in error.message
    assert "root:" not in error.one_line()


def test_oversized_document_with_a_small_limit() -> None:
    data = (SAMPLES / "order_stark.xml").read_bytes()
    reading = ubl.read(data, name="big.xml", max_bytes=4096)
    assert f"{len(data)} bytes, over the limit of 4096 bytes" in reading.errors[0].message


def test_missing_order_reference_in_a_response() -> None:
    data = (
        (SAMPLES / "orderresponse_example.xml")
        .read_bytes()
        .replace(b"<cbc:ID>SPW-2026-00317</cbc:ID>", b"")
    )
    (error,) = ubl.read(data, name="r.xml").errors
    assert (error.position.xpath, error.code) == (
        "/OrderResponse/cac:OrderReference",
        "PEPPOL-T76-B01201",
    )


def test_a_change_must_name_the_order_it_changes() -> None:
    data = (SAMPLES / "orderchange_stark.xml").read_bytes()
    start, end = data.index(b"<cac:OrderReference>"), data.index(b"</cac:OrderReference>")
    (error,) = ubl.read(data[:start] + data[end + 21 :], name="c.xml").errors
    assert error.position.xpath == "/OrderChange"
    assert "missing cac:OrderReference" in error.message


def test_a_change_line_with_an_unknown_status() -> None:
    data = (
        (SAMPLES / "orderchange_stark.xml")
        .read_bytes()
        .replace(b">3</cbc:LineStatusCode", b">9</cbc:LineStatusCode")
    )
    (error,) = ubl.read(data, name="c.xml").errors
    assert error.position.xpath == "/OrderChange/cac:OrderLine[2]/cac:LineItem/cbc:LineStatusCode"
    assert "LineStatusCode '9' is not 1 (added), 2 (deleted), 3 (changed)" in error.message


def test_unknown_response_code() -> None:
    data = (SAMPLES / "orderresponse_example.xml").read_bytes().replace(b">CA<", b">ZZ<")
    (error,) = ubl.read(data, name="r.xml").errors
    assert (error.position.xpath, error.code) == (
        "/OrderResponse/cbc:OrderResponseCode",
        "PEPPOL-T76-B00801",
    )


def test_despatch_with_a_bad_sscc() -> None:
    data = (
        (SAMPLES / "despatchadvice_example.xml")
        .read_bytes()
        .replace(b"040123450000000030", b"040123450000000031", 1)
    )
    (error,) = ubl.read(data, name="d.xml").errors
    assert (
        error.position.xpath
        == "/DespatchAdvice/cac:DespatchLine[1]/cac:Shipment/cac:TransportHandlingUnit/cbc:ID"
    )
    assert "SSCC" in error.message


RECEIPT_CASES = [
    (  # the second ReceiptLine without its cbc:ID
        b"<cbc:ID>2</cbc:ID>",
        b"",
        "/ReceiptAdvice/cac:ReceiptLine[2]",
        "PEPPOL-T128-B16601",
        "missing cbc:ID",
    ),
    (
        b"<cbc:IssueDate>2026-03-19</cbc:IssueDate>",
        b"<cbc:IssueDate>19.03.2026</cbc:IssueDate>",
        "/ReceiptAdvice/cbc:IssueDate",
        "PEPPOL-COMMON-R030",
        "date '19.03.2026' is not YYYY-MM-DD",
    ),
    (
        b'<cbc:ReceivedQuantity unitCode="EA">8</cbc:ReceivedQuantity>',
        b'<cbc:ReceivedQuantity unitCode="EA">eight</cbc:ReceivedQuantity>',
        "/ReceiptAdvice/cac:ReceiptLine[2]/cbc:ReceivedQuantity",
        None,
        "quantity 'eight' is not a number",
    ),
]


@pytest.mark.parametrize(("old", "new", "xpath", "code", "message"), RECEIPT_CASES)
def test_broken_receipt_advice(
    old: bytes, new: bytes, xpath: str, code: str | None, message: str
) -> None:
    data = (SAMPLES / "receiptadvice_stark.xml").read_bytes()
    assert data.count(old) == 1
    reading = ubl.read(data.replace(old, new), name="ra.xml")
    assert reading.documents == []
    (error,) = reading.errors
    assert (error.position.xpath, error.code, error.standard, error.document) == (
        xpath,
        code,
        "ubl",
        "ra.xml",
    )
    assert error.position.line is not None and message in error.message
    assert error.one_line().startswith(f"ra.xml: {xpath}")
