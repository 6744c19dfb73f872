"""Garbage in never raises anything but DocumentError; streaming reads what ``read`` reads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.edifact import InterchangeResult, MessageResult, iter_messages, read
from canonical import DocumentError

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "edifact"
DATA = Path(__file__).parent / "data"
SAMPLE_BYTES = [p.read_bytes() for p in sorted(SAMPLES.glob("*.edi"))]


def read_or_document_error(data: bytes) -> None:
    try:
        reading = read(data, name="fuzz")
    except DocumentError as exc:
        assert exc.level == "interchange" and exc.code
        return
    assert reading.ack is not None
    for error in reading.errors:
        assert isinstance(error, DocumentError) and error.code


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    read_or_document_error(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_after_a_valid_header(data: bytes) -> None:
    read_or_document_error(b"UNA:+.? 'UNB+UNOC:3+A:14+B:14+250101:0000+1'" + data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(SAMPLE_BYTES),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 255), st.sampled_from(["set", "drop", "insert"])),
        min_size=1,
        max_size=8,
    ),
)
def test_mutated_samples(sample: bytes, edits: list[tuple[float, int, str]]) -> None:
    data = bytearray(sample)
    for where, value, how in edits:
        i = min(int(where * len(data)), len(data) - 1)
        if how == "set":
            data[i] = value
        elif how == "drop":
            del data[i]
        else:
            data.insert(i, value)
    read_or_document_error(bytes(data))


@settings(max_examples=200, deadline=None)
@given(sample=st.sampled_from(SAMPLE_BYTES), cut=st.floats(0, 1))
def test_truncated_samples(sample: bytes, cut: float) -> None:
    read_or_document_error(sample[: int(cut * len(sample))])


def collect(data: bytes, chunk_size: int) -> tuple[list[MessageResult], InterchangeResult]:
    items = list(iter_messages(io.BytesIO(data), name="s", chunk_size=chunk_size))
    *messages, final = items
    assert isinstance(final, InterchangeResult)
    return messages, final  # type: ignore[return-value]


@pytest.mark.parametrize("chunk_size", [1, 7, 64, 4096])
@pytest.mark.parametrize(
    "path", sorted(SAMPLES.glob("*.edi")) + [DATA / "one_bad_of_three.edi"], ids=lambda p: p.name
)
def test_streaming_matches_read_at_any_chunk_size(path: Path, chunk_size: int) -> None:
    data = path.read_bytes()
    reading = read(data, name="s")
    messages, final = collect(data, chunk_size)
    assert [m.document for m in messages if m.document is not None] == reading.documents
    assert [e.one_line() for m in messages for e in m.errors] == [
        e.one_line() for e in reading.errors
    ]
    assert final.ack.status == reading.ack.status


def test_streaming_ack_keeps_only_rejected_messages() -> None:
    _, final = collect((DATA / "one_bad_of_three.edi").read_bytes(), 16)
    [group] = final.ack.groups
    assert (group.received, group.accepted) == (3, 2)
    assert [m.message_ref for m in group.messages] == ["2"]


def test_streaming_reports_interchange_errors_at_the_end() -> None:
    messages, final = collect((DATA / "unz_count_wrong.edi").read_bytes(), 32)
    assert all(m.ok for m in messages)  # the messages were fine...
    assert final.rejected and final.errors[0].code == "29"  # ...but the interchange is not


def test_streaming_release_character_at_chunk_edge() -> None:
    data = (SAMPLES / "orders_d96a_acme.edi").read_bytes()
    cut = data.index(b"?:") + 1  # a chunk ending right after the release character
    messages, final = collect(data, cut)
    assert messages[0].document.notes == ["Please deliver to ramp 3 between 07:00 and 15:00"]
    assert not final.rejected


def test_unreadable_stream_raises_document_error() -> None:
    with pytest.raises(DocumentError):
        list(iter_messages(io.BytesIO(b"\x00\x01garbage"), name="bad"))
