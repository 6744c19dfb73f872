"""Each broken cXML document: one DocumentError naming its XML path, line and cXML status."""

from __future__ import annotations

from pathlib import Path

import pytest

import adapters.cxml as cxml

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "cxml" / "orderrequest_umbrella.xml"

CASES = [
    ("malformed.xml", "/", 103, "400", "not well-formed XML: Opening and ending tag mismatch"),
    ("wrong_root.xml", "/PurchaseOrder", 2, "400", "root element 'PurchaseOrder' is not cXML"),
    (
        "missing_orderid.xml",
        "/cXML/Request/OrderRequest/OrderRequestHeader/@orderID",
        25,
        "400",
        "missing attribute orderID",
    ),
    (
        "bad_quantity.xml",
        "/cXML/Request/OrderRequest/ItemOut[2]/@quantity",
        101,
        "400",
        "quantity 'fifty' is not a number",
    ),
    (
        "bad_date.xml",
        "/cXML/Request/OrderRequest/OrderRequestHeader/@orderDate",
        25,
        "400",
        "date '2026-02-30T10:14:00+00:00'",
    ),
    (
        "unknown_country.xml",
        "/cXML/Request/OrderRequest/OrderRequestHeader/ShipTo/Address/PostalAddress/Country/@isoCountryCode",
        39,
        "400",
        "unknown ISO 3166 country code 'XQ'",
    ),
    (
        "unsupported_request.xml",
        "/cXML/Request/PunchOutSetupRequest",
        24,
        "450",
        "PunchOutSetupRequest is not implemented",
    ),
    ("billion_laughs.xml", "/", 2, "400", "internal subset refused"),
    ("xxe_file.xml", "/", 2, "400", "internal subset refused"),
    ("external_parameter_entity.xml", "/", 2, "400", "internal subset refused"),
    ("empty.xml", "/", None, "400", "empty document"),
    ("garbage.bin", "/", 1, "400", "not well-formed XML"),
    ("utf16_no_bom.xml", "/", None, "400", "UTF-16 document without a byte order mark"),
]


@pytest.mark.parametrize(("name", "xpath", "line", "code", "message"), CASES)
def test_broken_document(name: str, xpath: str, line: int | None, code: str, message: str) -> None:
    reading = cxml.read((DATA / name).read_bytes(), name=name)
    assert reading.documents == []
    assert len(reading.errors) == 1
    error = reading.errors[0]
    assert error.position.xpath == xpath
    assert error.position.line == line
    assert error.code == code
    assert error.standard == "cxml"
    assert error.document == name
    assert message in error.message
    assert error.one_line().startswith(f"{name}: {xpath}")


def test_xxe_does_not_leak_the_file() -> None:
    reading = cxml.read((DATA / "xxe_file.xml").read_bytes(), name="x")
    assert "root:" not in reading.errors[0].one_line()


def test_oversized_document_with_a_small_limit() -> None:
    data = SAMPLE.read_bytes()
    reading = cxml.read(data, name="big.xml", max_bytes=2048)
    assert [e.code for e in reading.errors] == ["400"]
    assert f"{len(data)} bytes, over the limit of 2048 bytes" in reading.errors[0].message


def test_several_broken_fields_are_all_reported() -> None:
    data = (
        (DATA / "bad_quantity.xml")
        .read_bytes()
        .replace(b'orderDate="2026-03-02T10:14:00+00:00"', b'orderDate="yesterday"')
    )
    reading = cxml.read(data, name="two.xml")
    assert [e.position.xpath.rsplit("/", 1)[-1] for e in reading.errors] == [
        "@orderDate",
        "@quantity",
    ]


RECEIPT = SAMPLE.parent / "receipt_umbrella.xml"
RECEIPT_CASES = [
    (
        b'quantity="28"',
        b'quantity="28 pairs"',
        "/cXML/Request/ReceiptRequest/ReceiptOrder/ReceiptItem[2]/@quantity",
        "quantity '28 pairs' is not a number",
    ),
    (
        b'receiptDate="2026-03-16T11:20:00+00:00"',
        b'receiptDate="16.03.2026"',
        "/cXML/Request/ReceiptRequest/ReceiptRequestHeader/@receiptDate",
        "date '16.03.2026'",
    ),
    (
        b'receiptID="UMB-GR-2026-0108" ',
        b"",
        "/cXML/Request/ReceiptRequest/ReceiptRequestHeader/@receiptID",
        "missing attribute receiptID",
    ),
    (
        b">damaged<",
        b">broken<",
        "/cXML/Request/ReceiptRequest/ReceiptOrder/ReceiptItem[2]/Extrinsic",
        "receiving condition 'broken' is not one of",
    ),
    (
        b'type="returned"',
        b'type="refused"',
        "/cXML/Request/ReceiptRequest/ReceiptOrder/ReceiptItem[3]/@type",
        "ReceiptItem type 'refused' is not received or returned",
    ),
]


@pytest.mark.parametrize(("old", "new", "xpath", "message"), RECEIPT_CASES)
def test_broken_receipt_request(old: bytes, new: bytes, xpath: str, message: str) -> None:
    data = RECEIPT.read_bytes()
    assert data.count(old) == 1
    reading = cxml.read(data.replace(old, new), name="receipt.xml")
    assert reading.documents == []
    [error] = reading.errors
    assert (error.position.xpath, error.code, error.standard, error.document) == (
        xpath,
        "400",
        "cxml",
        "receipt.xml",
    )
    assert error.position.line is not None and message in error.message
    assert error.one_line().startswith(f"receipt.xml: {xpath}")
