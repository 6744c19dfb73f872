"""One test per broken document: the position and the 0085 code, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.edifact import read
from canonical import DocumentError

DATA = Path(__file__).parent / "data"


def reading_of(name: str):
    return read((DATA / name).read_bytes(), name=name)


@pytest.mark.parametrize(
    ("name", "level", "code", "segment", "tag", "element", "component"),
    [
        ("unt_count_wrong.edi", "message", "29", 10, "UNT", 1, None),
        ("missing_bgm.edi", "message", "13", 2, "BGM", None, None),
        ("bad_qty_number.edi", "message", "37", 7, "QTY", 1, 2),
        ("bad_dtm_date.edi", "message", "12", 3, "DTM", 1, 2),
        ("unknown_nad_qualifier.edi", "message", "12", 4, "NAD", 1, 1),
        ("latin1_under_unoa.edi", "message", "21", 2, "BGM", 2, 1),
        ("unz_count_wrong.edi", "interchange", "29", 22, "UNZ", 1, None),
        ("unz_ref_mismatch.edi", "interchange", "28", 12, "UNZ", 2, None),
    ],
)
def test_broken_document_is_rejected_with_position_and_code(
    name: str,
    level: str,
    code: str,
    segment: int,
    tag: str,
    element: int | None,
    component: int | None,
) -> None:
    reading = reading_of(name)
    assert reading.documents == []
    [error] = reading.errors
    assert (error.level, error.code, error.standard, error.document) == (
        level,
        code,
        "edifact",
        name,
    )
    pos = error.position
    assert (pos.segment, pos.tag, pos.element, pos.component) == (segment, tag, element, component)
    assert reading.ack.status == "rejected"
    assert name in error.one_line() and f"[edifact {code}]" in error.one_line()


def test_message_error_is_in_the_ack_at_its_position() -> None:
    reading = reading_of("bad_qty_number.edi")
    [message] = reading.ack.messages()
    [error] = message.errors
    assert (
        error.code,
        error.segment_tag,
        error.segment_position,
        error.element,
        error.component,
    ) == (
        "37",
        "QTY",
        7,
        1,
        2,
    )
    assert reading.ack.errors == []


def test_interchange_error_is_in_the_ack_header() -> None:
    reading = reading_of("unz_ref_mismatch.edi")
    [error] = reading.ack.errors
    assert (error.code, error.segment_tag, error.element) == ("28", "UNZ", 2)
    assert all(m.status == "rejected" for m in reading.ack.messages())


def test_truncated_interchange_misses_unt_and_unz() -> None:
    reading = reading_of("truncated.edi")
    assert reading.documents == []
    assert [(e.level, e.code, e.position.tag) for e in reading.errors] == [
        ("message", "13", "UNT"),
        ("interchange", "13", "UNZ"),
    ]


def test_one_bad_message_among_good_ones_is_rejected_alone() -> None:
    reading = reading_of("one_bad_of_three.edi")
    assert [d.po_number for d in reading.documents] == ["PO-1", "PO-3"]
    [error] = reading.errors
    assert error.code == "37" and "message 2" in error.message
    assert reading.ack.status == "partially_accepted"
    assert [(m.message_ref, m.status) for m in reading.ack.messages()] == [
        ("1", "accepted"),
        ("2", "rejected"),
        ("3", "accepted"),
    ]


@pytest.mark.parametrize("name", ["empty.edi", "binary_garbage.edi"])
def test_unreadable_interchange_raises_document_error(name: str) -> None:
    with pytest.raises(DocumentError) as info:
        reading_of(name)
    assert info.value.level == "interchange"
    assert info.value.document == name
    assert info.value.code == "13"


def test_header_cut_inside_unb_raises() -> None:
    data = (DATA / "unz_ref_mismatch.edi").read_bytes()
    with pytest.raises(DocumentError, match="before its UNB header is complete"):
        read(data[:30], name="cut")


SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "edifact"


@pytest.mark.parametrize(
    ("old", "new", "code", "segment", "tag", "element", "component"),
    [
        # QTY 194 of the first line: a letter O instead of a zero
        (b"QTY+194:40:PCE'", b"QTY+194:4O:PCE'", "37", 15, "QTY", 1, 2),
        # the header RFF+ON (the order received against) left out: reported after BGM
        (b"RFF+ON:PO-ACME-10417'\n", b"", "13", 3, "RFF", None, None),
        # a line with neither QTY 194 nor QTY 48: reported at its LIN
        (b"QTY+194:40:PCE'\n", b"", "13", 13, "QTY", None, None),
    ],
)
def test_broken_recadv_is_rejected_with_position_and_code(
    old: bytes,
    new: bytes,
    code: str,
    segment: int,
    tag: str,
    element: int | None,
    component: int | None,
) -> None:
    name = "recadv_broken.edi"
    data = (SAMPLES / "recadv_acme.edi").read_bytes()
    assert old in data
    data = data.replace(old, new)
    if not new:  # one segment fewer: keep UNT right so only the planted error shows
        data = data.replace(b"UNT+24+1'", b"UNT+23+1'")
    reading = read(data, name=name)
    assert reading.documents == []
    [error] = reading.errors
    assert (error.level, error.code, error.standard, error.document) == (
        "message",
        code,
        "edifact",
        name,
    )
    pos = error.position
    assert (pos.segment, pos.tag, pos.element, pos.component) == (segment, tag, element, component)
    assert "RECADV" in error.message and f"[edifact {code}]" in error.one_line()
    [message] = reading.ack.messages()
    assert (message.message_type, message.status) == ("RECADV", "rejected")
