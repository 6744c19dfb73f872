import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters import email
from canonical import Order
from canonical.errors import DocumentError

ROOT = Path(__file__).parents[3]
SAMPLES = ROOT / "samples" / "email"
DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("file", "po_number", "standard"),
    [
        ("wayne_edifact_attachment.eml", "WH-2025-0088", "edifact"),
        ("wayne_forwarded_cxml.eml", "WH-7731", "cxml"),
        ("wayne_zipped_edifact.eml", "WH-2025-0088", "edifact"),
    ],
)
def test_the_order_inside_is_read_and_the_sender_kept(
    file: str, po_number: str, standard: str
) -> None:
    reading = email.read((SAMPLES / file).read_bytes(), name=file)
    assert reading.ok
    (order,) = reading.documents
    assert isinstance(order, Order)
    assert order.po_number == po_number
    assert order.source.standard == standard
    assert order.source.email_from == "purchasing@waynehardware.example"
    assert order.source.email_subject
    assert reading.sender == "purchasing@waynehardware.example"


def test_edifact_attachment_brings_its_acknowledgement() -> None:
    reading = email.read((SAMPLES / "wayne_edifact_attachment.eml").read_bytes(), name="m.eml")
    assert reading.ack is not None and reading.ack.sender == "5012345000022"


def test_an_email_without_an_order_is_a_clear_error() -> None:
    with pytest.raises(DocumentError) as caught:
        email.read((DATA / "no_order.eml").read_bytes(), name="no_order.eml")
    text = caught.value.one_line()
    assert "purchasing@waynehardware.example" in text and "holds no" in text and "Lunch?" in text


def test_a_broken_attachment_names_the_attachment_and_position() -> None:
    reading = email.read((DATA / "truncated_attachment.eml").read_bytes(), name="t.eml")
    assert not reading.documents
    assert reading.errors[0].document == "t.eml#cut.edi"
    assert reading.errors[0].code == "13"


def test_an_attachment_over_the_limit_is_refused() -> None:
    with pytest.raises(DocumentError, match="limit"):
        email.read(
            (SAMPLES / "wayne_edifact_attachment.eml").read_bytes(), name="m.eml", max_bytes=100
        )


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_the_projects_error(data: bytes) -> None:
    with contextlib.suppress(DocumentError):
        email.read(b"From: a@b.example\r\nSubject: x\r\n\r\n" + data, name="fuzz.eml")
