"""The SharedSecret: handed out only by credentials(), never kept, never in an error."""

from __future__ import annotations

from pathlib import Path

import pytest

import adapters.cxml as cxml
from adapters.reading import Envelope
from canonical import DocumentError

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples" / "cxml"
DATA = Path(__file__).parent / "data"
SECRETS = {
    "orderrequest_umbrella.xml": "umbrella-sample-s3cret",
    "orderrequest_update_umbrella.xml": "umbrella-sample-s3cret",
    "orderrequest_wayne.xml": "wayne-sample-s3cret",
    "confirmation_northwind_example.xml": "northwind-sample-s3cret",
    "shipnotice_example.xml": "northwind-sample-s3cret",
    "receipt_umbrella.xml": "umbrella-sample-s3cret",
}


@pytest.mark.parametrize(("name", "secret"), sorted(SECRETS.items()))
def test_credentials_return_the_secret(name: str, secret: str) -> None:
    identity, domain, found = cxml.credentials((SAMPLES / name).read_bytes())
    assert found == secret
    assert identity and domain


@pytest.mark.parametrize(("name", "secret"), sorted(SECRETS.items()))
def test_secret_is_in_no_model_dump(name: str, secret: str) -> None:
    data = (SAMPLES / name).read_bytes()
    assert secret.encode() in data  # the test would catch a leak: the secret is there to leak
    reading = cxml.read(data, name=name)
    for document in reading.documents:
        assert secret not in document.model_dump_json()
        assert secret not in repr(document)
    assert secret not in repr(reading)


def test_secret_is_in_no_error_text() -> None:
    secret = "umbrella-sample-s3cret"
    broken = [
        (DATA / "secret_in_broken.xml").read_bytes(),
        (DATA / "bad_quantity.xml").read_bytes(),
        # a secret that wandered into a field the reader quotes in its message
        (DATA / "bad_quantity.xml")
        .read_bytes()
        .replace(b'quantity="fifty"', f'quantity="{secret}"'.encode()),
        # and into a spot the parser itself complains about
        (DATA / "bad_quantity.xml").read_bytes().replace(b"<Total>", f"<Total {secret}>".encode()),
    ]
    for data in broken:
        assert secret.encode() in data
        reading = cxml.read(data, name="broken.xml")
        assert reading.errors
        for error in reading.errors:
            assert secret not in str(error)
            assert secret not in error.message
            assert secret not in repr(error.position)


def test_missing_credentials_is_401_without_the_secret() -> None:
    data = (
        (SAMPLES / "orderrequest_umbrella.xml")
        .read_bytes()
        .replace(b"<Sender>", b"<Sender2>")
        .replace(b"</Sender>", b"</Sender2>")
    )
    with pytest.raises(DocumentError) as caught:
        cxml.credentials(data, name="nosender.xml")
    assert caught.value.code == "401"
    assert "umbrella-sample-s3cret" not in str(caught.value)


def test_writer_puts_the_secret_only_when_given() -> None:
    reading = cxml.read((SAMPLES / "orderrequest_umbrella.xml").read_bytes())
    envelope = Envelope(sender="NORTHWIND", receiver="AN02000000123", interchange_control=7)
    without = cxml.write(reading.documents[0], envelope)
    assert b"SharedSecret" not in without
    with_secret = cxml.write(reading.documents[0], envelope, shared_secret="out-s3cret")
    assert cxml.credentials(with_secret) == ("NORTHWIND", "NetworkID", "out-s3cret")
