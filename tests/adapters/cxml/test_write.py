"""The cXML writer's envelope, determinism and the synchronous HTTP response."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

import adapters.cxml as cxml
from adapters.reading import Envelope
from adapters.xmlsafe import parse_xml
from canonical import FunctionalAck

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "cxml"
ENVELOPE = Envelope(
    sender="NORTHWIND",
    receiver="AN02000000123",
    interchange_control=5001,
    created=datetime(2026, 3, 3, 9, 15, tzinfo=UTC),
)


def sample(name: str):
    return cxml.read((SAMPLES / name).read_bytes()).documents[0]


@pytest.mark.parametrize(
    ("name", "request_tag"),
    [
        ("orderrequest_umbrella.xml", "OrderRequest"),
        ("confirmation_northwind_example.xml", "ConfirmationRequest"),
        ("shipnotice_example.xml", "ShipNoticeRequest"),
        ("receipt_umbrella.xml", "ReceiptRequest"),
    ],
)
def test_envelope(name: str, request_tag: str) -> None:
    out = cxml.write(sample(name), ENVELOPE)
    assert out.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    assert b'<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd">' in out
    root = parse_xml(out, document="out", standard="cxml", doctype="cXML")
    assert root.get("payloadID") == "5001.20260303091500@NORTHWIND"
    assert root.get("timestamp") == "2026-03-03T09:15:00+00:00"
    assert root.get("version") == "1.2.063"
    assert root.findtext("Header/From/Credential/Identity") == "NORTHWIND"
    assert root.find("Header/From/Credential").get("domain") == "NetworkID"
    assert root.findtext("Header/To/Credential/Identity") == "AN02000000123"
    assert root.find("Request").get("deploymentMode") == "production"
    assert root.find(f"Request/{request_tag}") is not None
    assert cxml.write(sample(name), ENVELOPE) == out  # pure: same inputs, same bytes


def test_version_and_test_flag_from_the_envelope() -> None:
    envelope = Envelope(
        sender="N", receiver="R", interchange_control=1, version="1.2.050", test=True
    )
    root = etree.fromstring(cxml.write(sample("orderrequest_umbrella.xml"), envelope))
    assert root.get("version") == "1.2.050"
    assert root.find("Request").get("deploymentMode") == "test"
    assert root.getroottree().docinfo.system_url.endswith("/1.2.050/cXML.dtd")
    assert (
        cxml.read(cxml.write(sample("orderrequest_umbrella.xml"), envelope))
        .documents[0]
        .source.test
        is True
    )


def test_refuses_what_cxml_cannot_carry() -> None:
    with pytest.raises(ValueError, match="FunctionalAck"):
        cxml.write(FunctionalAck(standard="x12", status="accepted"), ENVELOPE)
    with pytest.raises(ValueError, match="OrderRequest"):
        cxml.write(sample("orderrequest_umbrella.xml"), ENVELOPE, message_type="ShipNoticeRequest")


@pytest.mark.parametrize(
    ("code", "text"), [(200, "OK"), (400, "Bad Request"), (401, "Unauthorized")]
)
def test_http_response(code: int, text: str) -> None:
    out = cxml.response(
        code, "line 3: quantity 'x' is not a number" if code == 400 else "", "p-1@hub"
    )
    root = parse_xml(out, document="r", standard="cxml", doctype="cXML")
    status = root.find("Response/Status")
    assert root.get("payloadID") == "p-1@hub"
    assert status.get("code") == str(code)
    assert status.get("text") == text
    assert (status.text or "") == ("line 3: quantity 'x' is not a number" if code == 400 else "")
