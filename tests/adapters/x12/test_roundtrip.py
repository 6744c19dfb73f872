"""canonical -> write -> read == canonical, per writer (up to what X12 cannot carry, see strategies)."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.reading import Envelope
from adapters.x12 import read, write
from canonical import AckError, FunctionalAck, GroupAck, MessageAck
from canonical.base import Versioned
from tests.adapters.x12 import strategies as s

ENVELOPE = Envelope(sender="NORTHWIND", receiver="BOLTFAST", interchange_control=42,
                    created=datetime(2026, 11, 2, 9, 30))  # fmt: skip
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _back(
    document: Versioned, message_type: str | None = None, version: str = "004010"
) -> Versioned:
    envelope = Envelope(**{**ENVELOPE.__dict__, "version": version})
    reading = read(write(document, envelope, message_type=message_type))
    assert reading.ok, [e.one_line() for e in reading.errors]
    [back] = reading.documents
    return back.model_copy(update={"source": None})


@FAST
@given(s.orders(purpose="original"), st.sampled_from(["004010", "005010"]))
def test_850(order: Versioned, version: str) -> None:
    assert _back(order, version=version) == order


@FAST
@given(s.orders(purpose="change") | s.orders(purpose="cancel"))
def test_860(order: Versioned) -> None:
    assert _back(order) == order


@FAST
@given(s.responses())
def test_855(response: Versioned) -> None:
    assert _back(response) == response


@FAST
@given(s.ship_notices())
def test_856(notice: Versioned) -> None:
    assert _back(notice) == notice


@FAST
@given(s.ship_notices(warehouse=True))
def test_945(notice: Versioned) -> None:
    assert _back(notice, message_type="945") == notice


@FAST
@given(s.inventory_reports())
def test_846(report: Versioned) -> None:
    assert _back(report) == report


@FAST
@given(s.receipts(), st.sampled_from(["004010", "005010"]))
def test_861(receipt: Versioned, version: str) -> None:
    assert _back(receipt, version=version) == receipt


located_errors = st.builds(
    AckError, code=st.sampled_from(["1", "2", "3", "7"]), message=st.just("x"),
    segment_tag=st.sampled_from(["PO1", "N1", "BEG", "REF"]),
    segment_position=st.integers(min_value=1, max_value=999), loop_id=st.sampled_from(["PO1", "N1"]),
) | st.builds(
    AckError, code=st.sampled_from(["1", "4", "5", "6", "7", "8", "9"]), message=st.just("x"),
    segment_tag=st.sampled_from(["PO1", "DTM"]), segment_position=st.integers(min_value=1, max_value=999),
    loop_id=st.sampled_from(["PO1", "N1"]), element=st.integers(min_value=1, max_value=30),
    component=st.none() | st.integers(min_value=1, max_value=5), value=st.none() | s.ident,
)  # fmt: skip


@st.composite
def acks(draw: st.DrawFn) -> FunctionalAck:
    messages = []
    for n in range(draw(st.integers(min_value=1, max_value=4))):
        errors = draw(st.lists(located_errors, max_size=3))
        status = "rejected" if errors else draw(st.sampled_from(["accepted", "rejected"]))
        set_codes = [] if errors or status == "accepted" else [AckError(code="4", message="x")]
        messages.append(MessageAck(message_ref=f"{n + 1:04d}", message_type="850", status=status,
                                   errors=errors + set_codes))  # fmt: skip
    accepted = sum(m.status == "accepted" for m in messages)
    status = (
        "accepted"
        if accepted == len(messages)
        else ("rejected" if not accepted else "partially_accepted")
    )
    group = GroupAck(group_control=draw(st.integers(1, 10**9 - 1).map(str)), functional_id="PO",
                     version="004010", status=status, received=len(messages), accepted=accepted,
                     messages=messages)  # fmt: skip
    return FunctionalAck(standard="x12", ack_type=draw(st.sampled_from(["997", "999"])),
                         status=status, groups=[group])  # fmt: skip


def _carried(ack: FunctionalAck) -> list[object]:
    out: list[object] = []
    for g in ack.groups:
        out.append((g.group_control, g.functional_id, g.status, g.received, g.accepted))
        for m in g.messages:
            errors = sorted(((e.code, e.segment_tag, e.segment_position, e.loop_id, e.element,
                              e.component, e.value) for e in m.errors), key=str)  # fmt: skip
            if any(e.segment_position is not None for e in m.errors):
                errors = [e for e in errors if e[0] != "5" or e[2] is not None]
            out.append((m.message_ref, m.message_type, m.status, errors))
    return out


@FAST
@given(acks())
def test_997_999(ack: FunctionalAck) -> None:
    back = _back(ack, version="005010" if ack.ack_type == "999" else "004010")
    assert isinstance(back, FunctionalAck)
    assert back.ack_type == ack.ack_type and back.status == ack.status
    assert _carried(back) == _carried(ack)
