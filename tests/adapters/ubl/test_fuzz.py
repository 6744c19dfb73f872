"""Arbitrary and mutated bytes: the UBL reader answers with DocumentErrors only."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import adapters.ubl as ubl
from canonical import DocumentError

SOURCES = [
    p.read_bytes()
    for p in sorted((Path(__file__).resolve().parents[3] / "samples" / "ubl").glob("*.xml"))
]
INSERTS = [
    b"<",
    b">",
    b"&",
    b'"',
    b"<!DOCTYPE x [<!ENTITY e 'v'>]>",
    b"\x00",
    b"]]>",
    b"&e;",
    b"<cbc:Quantity>x</cbc:Quantity>",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice"]))
        at = draw(st.integers(0, len(data) - 1)) if data else 0
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(INSERTS))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 60))]
        elif kind == "truncate":
            del data[at:]
        else:
            other = draw(st.sampled_from(SOURCES))
            start = draw(st.integers(0, len(other) - 1))
            data[at:at] = other[start : start + draw(st.integers(1, 300))]
    return bytes(data)


def check(data: bytes) -> None:
    reading = ubl.read(data, name="fuzz.xml")
    assert all(isinstance(e, DocumentError) for e in reading.errors)
    assert bool(reading.documents) != bool(reading.errors)
    assert all(e.position.xpath for e in reading.errors)
    with contextlib.suppress(DocumentError):
        for document in reading.documents:
            document.model_dump_json()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_samples(data: bytes) -> None:
    check(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(data: bytes) -> None:
    check(data)
