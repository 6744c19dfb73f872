"""Arbitrary and mutated bytes: the reader answers with DocumentErrors, never anything else."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import adapters.cxml as cxml
from canonical import DocumentError

SAMPLES = sorted((Path(__file__).resolve().parents[3] / "samples" / "cxml").glob("*.xml"))
SOURCES = [p.read_bytes() for p in SAMPLES]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice"]))
        at = draw(st.integers(0, len(data) - 1)) if data else 0
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(
                st.sampled_from(
                    [
                        b"<",
                        b">",
                        b"&",
                        b'"',
                        b"<!DOCTYPE x [<!ENTITY e 'v'>]>",
                        b"\x00",
                        b"]]>",
                        b"&e;",
                    ]
                )
            )
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "truncate":
            del data[at:]
        else:
            other = draw(st.sampled_from(SOURCES))
            start = draw(st.integers(0, len(other) - 1))
            data[at:at] = other[start : start + draw(st.integers(1, 200))]
    return bytes(data)


def check(data: bytes) -> None:
    reading = cxml.read(data, name="fuzz.xml")
    assert all(isinstance(e, DocumentError) for e in reading.errors)
    assert bool(reading.documents) != bool(reading.errors)
    for error in reading.errors:
        assert error.code in {"400", "450"}
        assert error.position.xpath
    with contextlib.suppress(DocumentError):
        cxml.credentials(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_samples(data: bytes) -> None:
    check(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(data: bytes) -> None:
    check(data)
