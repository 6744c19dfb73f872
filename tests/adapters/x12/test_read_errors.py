"""Every broken document: the error names the document, the position and the X12 code."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.x12 import X12Error, read
from canonical import DocumentError

# file, kind (which ack segment carries it), code, segment position, tag, element
CASES = [
    ("isa_wrong_width.x12", "interchange", "006", 1, "ISA", 6),
    ("iea_control_mismatch.x12", "interchange", "001", 35, "IEA", 2),
    ("iea_count_wrong.x12", "interchange", "021", 35, "IEA", 1),
    ("ge_count_wrong.x12", "group", "5", 34, "GE", None),
    ("ge_control_mismatch.x12", "group", "4", 34, "GE", None),
    ("se_count_wrong.x12", "set", "4", 31, "SE", None),
    ("se_control_mismatch.x12", "set", "3", 31, "SE", None),
    ("missing_beg.x12", "segment", "3", 2, "BEG", None),
    ("unrecognized_segment.x12", "segment", "1", 4, "ZQX", None),
    ("bad_quantity.x12", "element", "6", 22, "PO1", 2),
    ("bad_date.x12", "element", "8", 2, "BEG", 5),
    ("unknown_qualifier.x12", "element", "7", 13, "N1", 3),
    ("ctt_hash_wrong.x12", "element", "7", 29, "CTT", 2),
    ("bad_unit.x12", "element", "7", 24, "PO1", 3),
    ("bad_country.x12", "element", "7", 15, "N4", 4),
]


@pytest.mark.parametrize(("name", "kind", "code", "segment", "tag", "element"), CASES)
def test_broken_document(
    broken: Callable[[str], bytes], name: str, kind: str, code: str, segment: int, tag: str,
    element: int | None,
) -> None:  # fmt: skip
    reading = read(broken(name), name=name)
    assert reading.documents == []
    assert reading.ack is not None and reading.ack.status == "rejected"
    error = reading.errors[0]
    assert isinstance(error, X12Error) and error.standard == "x12"
    assert (error.kind, error.code) == (kind, code)
    assert (error.position.segment, error.position.tag, error.position.element) == (
        segment, tag, element,
    )  # fmt: skip
    assert error.document == name and name in error.one_line()
    level = {"interchange": "interchange", "group": "group"}.get(kind, "message")
    assert error.level == level


def test_element_error_lands_in_the_ack(broken: Callable[[str], bytes]) -> None:
    reading = read(broken("bad_quantity.x12"))
    assert reading.ack is not None
    [message] = reading.ack.messages()
    assert message.status == "rejected"
    first = message.errors[0]
    assert (first.code, first.segment_tag, first.segment_position, first.element, first.value) == (
        "6", "PO1", 22, 2, "1O",
    )  # fmt: skip
    assert first.loop_id == "PO1"


def test_set_and_group_errors_in_the_ack(broken: Callable[[str], bytes]) -> None:
    ack = read(broken("se_count_wrong.x12")).ack
    assert ack is not None
    [error] = ack.messages()[0].errors
    assert error.code == "4" and error.segment_position is None
    group_ack = read(broken("ge_count_wrong.x12")).ack
    assert group_ack is not None
    assert [e.code for e in group_ack.groups[0].errors] == ["5"]
    assert group_ack.groups[0].status == "rejected" and group_ack.groups[0].accepted == 0


def test_interchange_error_in_the_ack(broken: Callable[[str], bytes]) -> None:
    ack = read(broken("iea_control_mismatch.x12")).ack
    assert ack is not None and ack.status == "rejected"
    assert [e.code for e in ack.errors] == ["001"]
    assert ack.interchange_control == "100000123"


def test_truncated_interchange(broken: Callable[[str], bytes]) -> None:
    reading = read(broken("truncated.x12"), name="truncated.x12")
    codes = {(e.kind, e.code) for e in reading.errors}
    assert {("interchange", "023"), ("group", "3"), ("set", "2")} <= codes
    assert reading.documents == []


def test_one_bad_set_among_two(broken: Callable[[str], bytes]) -> None:
    reading = read(broken("one_bad_of_two.x12"), name="one_bad_of_two.x12")
    assert [d.po_number for d in reading.documents] == ["INI-PO-778120"]  # type: ignore[attr-defined]
    [error] = reading.errors
    assert (error.code, error.position.segment, error.position.tag, error.position.element) == (
        "6", 11, "PO1", 4,
    )  # fmt: skip
    assert reading.ack is not None and reading.ack.status == "partially_accepted"
    group = reading.ack.groups[0]
    assert (group.status, group.received, group.accepted) == ("partially_accepted", 2, 1)
    assert [m.status for m in group.messages] == ["accepted", "rejected"]


def test_two_interchanges_in_one_file(broken: Callable[[str], bytes]) -> None:
    reading = read(broken("two_interchanges.x12"))
    assert reading.ok
    assert [d.po_number for d in reading.documents] == ["GX-4500012345", "GX-4500012346"]  # type: ignore[attr-defined]
    assert reading.ack is not None and len(reading.ack.groups) == 2


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("empty.x12", "023"),
        ("whitespace_only.x12", "023"),
        ("binary_garbage.bin", "024"),
        ("not_x12.txt", "024"),
        ("isa_truncated.x12", "023"),
    ],
)
def test_unreadable_isa_raises(broken: Callable[[str], bytes], name: str, code: str) -> None:
    with pytest.raises(DocumentError) as caught:
        read(broken(name), name=name)
    assert caught.value.code == code and caught.value.level == "interchange"
    assert caught.value.standard == "x12" and name in str(caught.value)


# the bundled 861 with one planted error: (old, new, kind, code, segment position, tag, element)
BROKEN_861 = [
    (b"RCD*1*20*EA~", b"RCD*1*2O*EA~", "element", "6", 13, "RCD", 2),
    (b"*2*PR*01~", b"*2*PR*XX~", "element", "7", 18, "RCD", 8),
    (b"RCD*4*6*EA~", b"RCD*4*6*ZQ~", "element", "7", 22, "RCD", 3),
    (b"CTT*4*58~", b"CTT*4*60~", "element", "7", 24, "CTT", 2),
    (b"PRF*GX-4500012345***20261102~", b"PRF**~", "element", "1", 6, "PRF", 1),
]


@pytest.mark.parametrize(("old", "new", "kind", "code", "segment", "tag", "element"), BROKEN_861)
def test_broken_861(
    sample: Callable[[str], bytes], old: bytes, new: bytes, kind: str, code: str, segment: int,
    tag: str, element: int | None,
) -> None:  # fmt: skip
    name = "861_broken.x12"
    data = sample("861_globex.x12")
    assert old in data
    reading = read(data.replace(old, new), name=name)
    assert reading.documents == []
    [error] = reading.errors
    assert isinstance(error, X12Error) and (error.kind, error.code, error.standard) == (
        kind, code, "x12",
    )  # fmt: skip
    assert (error.position.segment, error.position.tag, error.position.element) == (
        segment, tag, element,
    )  # fmt: skip
    assert error.document == name and f"[x12 {code}]" in error.one_line()
    assert reading.ack is not None
    [message] = reading.ack.messages()
    assert (message.message_type, message.status) == ("861", "rejected")


def test_861_without_a_purchase_order_is_missing_prf(sample: Callable[[str], bytes]) -> None:
    data = sample("861_globex.x12").replace(b"PRF*GX-4500012345***20261102~\n", b"")
    data = data.replace(b"SE*25*0001", b"SE*24*0001")
    [error] = read(data, name="no_prf.x12").errors
    assert (error.kind, error.code, error.position.tag, error.position.segment) == (
        "segment", "3", "PRF", 24,
    )  # fmt: skip
