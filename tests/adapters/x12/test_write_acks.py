"""997 / 999 / TA1 the hub sends, validated by pyx12 and read back by our own reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from adapters.reading import Envelope
from adapters.x12 import ack_for, read, write
from canonical import FunctionalAck
from tests.adapters.x12.conftest import Pyx12Result

Validate = Callable[[bytes], Pyx12Result]


def _segments(data: bytes) -> list[str]:
    return [s.strip() for s in data.decode().split("~") if s.strip()]


def test_997_accepted(
    sample: Callable[[str], bytes], envelope: Envelope, pyx12_validate: Validate
) -> None:
    out = ack_for(read(sample("850_4010_globex.x12")), envelope)
    segs = _segments(out)
    assert segs[2:7] == ["ST*997*0001", "AK1*PO*4501", "AK2*850*0001", "AK5*A", "AK9*A*1*1*1"]
    result = pyx12_validate(out)
    assert result.valid, result.messages


def test_999_accepted(
    sample: Callable[[str], bytes], envelope: Envelope, pyx12_validate: Validate
) -> None:
    out = ack_for(read(sample("850_5010_initech.x12")), envelope)
    segs = _segments(out)
    assert segs[0][82:89] == "^*00501"
    assert segs[1].endswith("*X*005010X231A1")
    assert segs[2] == "ST*999*0001*005010X231A1"
    assert segs[3] == "AK1*PO*210*005010"
    assert segs[-4] == "AK9*A*2*2*2"
    result = pyx12_validate(out)
    assert result.valid, result.messages


def test_999_one_set_rejected_partially_accepted(
    broken: Callable[[str], bytes], envelope: Envelope, pyx12_validate: Validate
) -> None:
    out = ack_for(read(broken("one_bad_of_two.x12")), envelope)
    segs = _segments(out)
    assert "IK3*PO1*11*PO1*8" in segs
    assert "IK4*4**6*55.0O" in segs
    assert "IK5*R*5" in segs and "IK5*A" in segs
    assert "AK9*P*2*2*1" in segs
    result = pyx12_validate(out)
    assert result.valid, result.messages


def test_997_rejections_of_every_level(
    broken: Callable[[str], bytes], envelope: Envelope, pyx12_validate: Validate
) -> None:
    expected = {
        "bad_quantity.x12": ["AK3*PO1*22*PO1*8", "AK4*2**6*1O", "AK5*R*5", "AK9*R*1*1*0"],
        "missing_beg.x12": ["AK3*BEG*2**3", "AK5*R*5"],
        "se_count_wrong.x12": ["AK5*R*4", "AK9*R*1*1*0"],
        "se_control_mismatch.x12": ["AK5*R*3"],
        "ge_count_wrong.x12": ["AK9*R*1*1*0*5"],
        "ge_control_mismatch.x12": ["AK9*R*1*1*0*4"],
        "unrecognized_segment.x12": ["AK3*ZQX*4**1"],
    }
    for name, wanted in expected.items():
        out = ack_for(read(broken(name)), envelope)
        segs = _segments(out)
        for segment in wanted:
            assert segment in segs, (name, segment, segs)
        result = pyx12_validate(out)
        assert result.valid, (name, result.messages)


def test_ta1_for_a_broken_envelope(
    broken: Callable[[str], bytes], envelope: Envelope, pyx12_validate: Validate
) -> None:
    for name, code in (("iea_control_mismatch.x12", "001"), ("iea_count_wrong.x12", "021"),
                       ("isa_wrong_width.x12", "006"), ("truncated.x12", "023")):  # fmt: skip
        out = ack_for(read(broken(name)), envelope)
        segs = _segments(out)
        assert len(segs) == 3 and segs[2] == "IEA*0*000004711"
        assert segs[1] == f"TA1*100000123*261102*0915*R*{code}", (name, segs)
        result = pyx12_validate(out)
        assert result.valid, (name, result.messages)


def test_written_acks_read_back(sample: Callable[[str], bytes], broken: Callable[[str], bytes],
                                envelope: Envelope) -> None:  # fmt: skip
    for data in (
        sample("850_4010_globex.x12"),
        broken("one_bad_of_two.x12"),
        broken("bad_date.x12"),
    ):
        verdict = read(data).ack
        assert verdict is not None
        partner_env = replace(envelope, sender="GLOBEX", receiver="NORTHWIND")
        [back] = read(ack_for(read(data), partner_env)).documents
        assert isinstance(back, FunctionalAck)
        assert back.status == verdict.status
        assert [(m.message_ref, m.status) for m in back.messages()] == [
            (m.message_ref, m.status) for m in verdict.messages()
        ]
        for mine, theirs in zip(verdict.messages(), back.messages(), strict=True):
            located = [(e.code, e.segment_tag, e.segment_position, e.element) for e in mine.errors]
            read_back = [(e.code, e.segment_tag, e.segment_position, e.element)
                         for e in theirs.errors if e.segment_position is not None]  # fmt: skip
            assert sorted(located, key=str) == sorted(read_back, key=str)


def test_partner_ta1_is_read(envelope: Envelope, broken: Callable[[str], bytes]) -> None:
    out = ack_for(read(broken("iea_control_mismatch.x12")), envelope)
    [ta1] = read(out).documents
    assert isinstance(ta1, FunctionalAck) and ta1.ack_type == "TA1"
    assert (ta1.interchange_control, ta1.status, ta1.errors[0].code) == (
        "100000123",
        "rejected",
        "001",
    )


def test_997_for_a_receiving_advice(
    sample: Callable[[str], bytes], envelope: Envelope, pyx12_validate: Validate
) -> None:
    out = ack_for(read(sample("861_globex.x12")), envelope)
    segs = _segments(out)
    assert segs[2:7] == ["ST*997*0001", "AK1*RC*4588", "AK2*861*0001", "AK5*A", "AK9*A*1*1*1"]
    result = pyx12_validate(out)
    assert result.valid, result.messages
    broken = sample("861_globex.x12").replace(b"RCD*1*20*EA~", b"RCD*1*2O*EA~")
    segs = _segments(ack_for(read(broken), envelope))
    assert "AK3*RCD*13*RCD*8" in segs and "AK4*2**6*2O" in segs and "AK5*R*5" in segs


def test_999_for_a_5010_receiving_advice(
    sample: Callable[[str], bytes], envelope: Envelope, pyx12_validate: Validate
) -> None:
    [receipt] = read(sample("861_globex.x12")).documents
    globex = Envelope(
        sender="GLOBEX", receiver="NORTHWIND", interchange_control=9, version="005010"
    )
    data = write(receipt, globex)
    out = ack_for(read(data), envelope)
    segs = _segments(out)
    assert segs[2:5] == ["ST*999*0001*005010X231A1", "AK1*RC*9*005010", "AK2*861*0001"]
    result = pyx12_validate(out)
    assert result.valid, result.messages
