"""The CONTRL the hub sends: accepted, one message rejected, whole interchange rejected."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pydifact.parser import Parser

from adapters.edifact import contrl_for, read
from adapters.reading import Envelope

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.filterwarnings("ignore::Warning")
SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "edifact"
# the reply goes back to acme: sender and receiver swapped by the caller
ENVELOPE = Envelope(
    sender="4012345000009",
    sender_qualifier="14",
    receiver="5412345000013",
    receiver_qualifier="14",
    interchange_control=9001,
    created=datetime(2025, 4, 1, 9, 5),
)


def segments(data: bytes) -> list[tuple[str, list]]:
    return [(s.tag, s.elements) for s in Parser().parse(data.decode("latin-1"))]


def tags(data: bytes) -> list[str]:
    return [tag for tag, _ in segments(data)]


def test_accepted_interchange() -> None:
    reading = read((SAMPLES / "orders_d96a_acme.edi").read_bytes())
    out = contrl_for(reading, ENVELOPE)
    segs = dict(segments(out))
    assert segs["UNH"][1] == ["CONTRL", "D", "3", "UN"]
    assert segs["UCI"] == ["ACME000417", ["5412345000013", "14"], ["4012345000009", "14"], "7"]
    assert segs["UCM"] == ["1", ["ORDERS", "D", "96A", "UN"], "7"]
    assert segs["UNB"][1] == ["4012345000009", "14"]


def test_one_message_rejected_in_a_good_interchange() -> None:
    reading = read((DATA / "one_bad_of_three.edi").read_bytes())
    out = contrl_for(reading, ENVELOPE)
    segs = segments(out)
    [uci] = [e for t, e in segs if t == "UCI"]
    assert uci[3] == "7"
    ucms = [e for t, e in segs if t == "UCM"]
    assert [(u[0], u[2]) for u in ucms] == [("1", "7"), ("2", "4"), ("3", "7")]
    # QTY (segment 7 of message 2), element 1 component 2, code 37
    i = tags(out).index("UCM", tags(out).index("UCM") + 1)
    assert segs[i + 1] == ("UCS", ["7"])
    assert segs[i + 2] == ("UCD", ["37", ["1", "2"]])
    # the ack reads back as the same verdict
    back = read(out).documents[0]
    assert back.status == "partially_accepted"
    assert [(m.message_ref, m.status) for m in back.messages()] == [
        ("1", "accepted"),
        ("2", "rejected"),
        ("3", "accepted"),
    ]
    assert [
        (e.code, e.segment_position, e.element, e.component) for e in back.messages()[1].errors
    ] == [("37", 7, 1, 2)]


def test_whole_interchange_rejected() -> None:
    reading = read((DATA / "unz_count_wrong.edi").read_bytes())
    out = contrl_for(reading, ENVELOPE)
    [uci] = [e for t, e in segments(out) if t == "UCI"]
    assert uci[3:6] == ["4", "29", "UNZ"]
    assert uci[6] in ("1", ["1"])
    back = read(out).documents[0]
    assert back.status == "rejected"
    assert back.errors[0].code == "29"


def test_unt_error_goes_in_the_ucm() -> None:
    reading = read((DATA / "unt_count_wrong.edi").read_bytes())
    out = contrl_for(reading, ENVELOPE)
    [ucm] = [e for t, e in segments(out) if t == "UCM"]
    assert ucm[2:5] == ["4", "29", "UNT"]


def test_syntax_4_contrl_version() -> None:
    reading = read((SAMPLES / "orders_wayne.edi").read_bytes())
    env = Envelope(
        sender="4012345000009", receiver="5012345000022", interchange_control=7, syntax="UNOC:4"
    )
    out = contrl_for(reading, env)
    segs = dict(segments(out))
    assert segs["UNH"][1] == ["CONTRL", "4", "1", "UN"]
    assert segs["UNB"][0] == ["UNOC", "4"]
    assert read(out).ok


def test_recadv_is_acknowledged_like_any_message() -> None:
    reading = read((SAMPLES / "recadv_acme.edi").read_bytes())
    out = contrl_for(reading, ENVELOPE)
    segs = dict(segments(out))
    assert segs["UCI"] == ["ACME000512", ["5412345000013", "14"], ["4012345000009", "14"], "7"]
    assert segs["UCM"] == ["1", ["RECADV", "D", "96A", "UN"], "7"]
    broken = (SAMPLES / "recadv_acme.edi").read_bytes().replace(b"QTY+48:120", b"QTY+48:12x")
    out = contrl_for(read(broken), ENVELOPE)
    segs = dict(segments(out))
    assert segs["UCM"] == ["1", ["RECADV", "D", "96A", "UN"], "4"]
    assert segs["UCS"] == ["19"] and segs["UCD"] == ["37", ["1", "2"]]
