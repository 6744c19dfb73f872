"""Arbitrary and mutated bytes: ``read`` returns a Reading or raises DocumentError, nothing else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.x12 import read
from canonical import DocumentError

SAMPLES = sorted((Path(__file__).resolve().parents[3] / "samples" / "x12").glob("*.x12"))
SEEDS = [p.read_bytes() for p in SAMPLES]
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_document_errors(data: bytes) -> None:
    try:
        reading = read(data, name="fuzz")
    except DocumentError as error:
        assert error.code and error.level == "interchange"
        return
    assert reading.ack is not None
    for error in reading.errors:
        assert isinstance(error, DocumentError) and error.code


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    _only_document_errors(data)


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes_after_a_valid_isa(tail: bytes) -> None:
    _only_document_errors(SEEDS[0][:107] + tail)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        kind = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "dup"]))
        at = draw(st.integers(min_value=0, max_value=len(data) - 1)) if data else 0
        if kind == "flip" and data:
            data[at] = draw(st.sampled_from(b"*~>|^\n\x00A9 -.:" + bytes([0xFF])))
        elif kind == "delete" and data:
            del data[at : at + draw(st.integers(min_value=1, max_value=20))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=10))
        elif kind == "truncate":
            del data[at:]
        elif kind == "dup" and data:
            data[at:at] = data[at : at + draw(st.integers(min_value=1, max_value=80))]
    return bytes(data)


@FUZZ
@given(mutated())
def test_mutated_samples(data: bytes) -> None:
    _only_document_errors(data)
