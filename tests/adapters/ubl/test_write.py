"""The UBL writer: namespaces, Peppol BIS identifiers, element order, determinism."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

import adapters.ubl as ubl
from adapters.reading import Envelope
from canonical import FunctionalAck

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "ubl"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS = {"cac": CAC, "cbc": CBC}
ENVELOPE = Envelope(
    sender="4012345000009",
    receiver="987654321",
    interchange_control=77,
    created=datetime(2026, 3, 5, tzinfo=UTC),
)


def sample(name: str):
    return ubl.read((SAMPLES / name).read_bytes()).documents[0]


@pytest.mark.parametrize(
    ("name", "root", "customization", "profile"),
    [
        (
            "order_stark.xml",
            "Order",
            "urn:fdc:peppol.eu:poacc:trns:order:3",
            "urn:fdc:peppol.eu:poacc:bis:ordering:3",
        ),
        (
            "orderresponse_example.xml",
            "OrderResponse",
            "urn:fdc:peppol.eu:poacc:trns:order_response:3",
            "urn:fdc:peppol.eu:poacc:bis:ordering:3",
        ),
        (
            "despatchadvice_example.xml",
            "DespatchAdvice",
            "urn:fdc:peppol.eu:poacc:trns:despatch_advice:3",
            "urn:fdc:peppol.eu:poacc:bis:despatch_advice:3",
        ),
        (
            "receiptadvice_stark.xml",
            "ReceiptAdvice",
            "urn:fdc:peppol.eu:logistics:trns:receipt_advice:1",
            "urn:fdc:peppol.eu:logistics:bis:despatch_advice_w_receipt_advice:1",
        ),
    ],
)
def test_namespaces_and_identifiers(name: str, root: str, customization: str, profile: str) -> None:
    out = ubl.write(sample(name), ENVELOPE)
    tree = etree.fromstring(out)
    assert tree.tag == f"{{urn:oasis:names:specification:ubl:schema:xsd:{root}-2}}{root}"
    assert tree.nsmap == {
        None: f"urn:oasis:names:specification:ubl:schema:xsd:{root}-2",
        "cac": CAC,
        "cbc": CBC,
    }
    assert [etree.QName(c).localname for c in tree[:3]] == ["CustomizationID", "ProfileID", "ID"]
    assert tree.findtext("cbc:CustomizationID", namespaces=NS) == customization
    assert tree.findtext("cbc:ProfileID", namespaces=NS) == profile
    assert ubl.write(sample(name), ENVELOPE) == out
    assert ubl.read(out).documents[0].model_dump(exclude={"source"}) == sample(name).model_dump(
        exclude={"source"}
    )


def test_order_element_order_follows_the_schema() -> None:
    tree = etree.fromstring(ubl.write(sample("order_stark.xml"), ENVELOPE))
    names = [etree.QName(c).localname for c in tree]
    expected = [
        "CustomizationID", "ProfileID", "ID", "IssueDate", "OrderTypeCode", "Note", "DocumentCurrencyCode",
        "CustomerReference", "Contract", "BuyerCustomerParty", "SellerSupplierParty", "AccountingCustomerParty",
        "Delivery", "AnticipatedMonetaryTotal", "OrderLine", "OrderLine", "OrderLine",
    ]  # fmt: skip
    assert names == expected
    gtin = tree.find(
        "cac:OrderLine/cac:LineItem/cac:Item/cac:StandardItemIdentification/cbc:ID", NS
    )
    assert (gtin.text, gtin.get("schemeID")) == ("04012345000078", "0160")
    endpoint = tree.find("cac:BuyerCustomerParty/cac:Party/cbc:EndpointID", NS)
    assert (endpoint.text, endpoint.get("schemeID")) == ("987654321", "0192")
    seller = tree.find("cac:SellerSupplierParty/cac:Party/cbc:EndpointID", NS)
    assert (seller.text, seller.get("schemeID")) == ("4012345000009", "0088")


def test_receipt_advice_element_order_follows_the_schema() -> None:
    tree = etree.fromstring(ubl.write(sample("receiptadvice_stark.xml"), ENVELOPE))
    names = [etree.QName(c).localname for c in tree]
    assert names == [
        "CustomizationID", "ProfileID", "ID", "IssueDate", "IssueTime", "ReceiptAdviceTypeCode",
        "OrderReference", "DespatchDocumentReference", "AdditionalDocumentReference",
        "DeliveryCustomerParty", "DespatchSupplierParty", "ReceiptLine", "ReceiptLine", "ReceiptLine",
    ]  # fmt: skip
    assert tree.findtext("cbc:ReceiptAdviceTypeCode", namespaces=NS) == "D"
    damaged = tree.findall("cac:ReceiptLine", NS)[1]
    assert [etree.QName(c).localname for c in damaged] == [
        "ID", "ReceivedQuantity", "RejectedQuantity", "RejectReason", "QuantityDiscrepancyCode",
        "ReceivedDate", "OrderLineReference", "Item",
    ]  # fmt: skip
    assert damaged.findtext("cbc:ReceivedQuantity", namespaces=NS) == "8"
    code = damaged.find("cbc:QuantityDiscrepancyCode", NS)
    assert (code.text, code.get("listID")) == ("AF", "UNCL4221")


def test_refuses_what_ubl_cannot_carry() -> None:
    with pytest.raises(ValueError, match="FunctionalAck"):
        ubl.write(FunctionalAck(standard="x12", status="accepted"), ENVELOPE)
    with pytest.raises(ValueError, match="DespatchAdvice"):
        ubl.write(sample("order_stark.xml"), ENVELOPE, message_type="DespatchAdvice")


def test_receipt_advice_is_sent_by_the_buyer_else_the_delivery_customer() -> None:
    receipt = sample("receiptadvice_stark.xml")
    location = receipt.ship_to.model_copy(update={"ids": receipt.ship_to.ids[1:]})
    stark = receipt.ship_to.model_copy(update={"ids": receipt.ship_to.ids[:1]})
    moved = receipt.model_copy(update={"buyer": stark, "ship_to": location})
    reading = ubl.read(ubl.write(moved, ENVELOPE))
    assert (reading.sender, reading.receiver) == ("987654321", "4012345000009")
    assert reading.documents[0].source.sender_qualifier == "0192"
    alone = ubl.read(ubl.write(receipt, ENVELOPE))  # no BuyerCustomerParty: the delivery customer
    assert alone.sender == "987654321"
