"""FunctionalAck -> 997 (AK1..AK9), 999 (AK1/AK2/IK3/IK4/IK5/AK9) or a bare TA1."""

from __future__ import annotations

from itertools import groupby

from adapters.x12.codes import ACK_CODE
from adapters.x12.render import Free, SegmentBuffer
from canonical import AckError, FunctionalAck, GroupAck, MessageAck

IMPLEMENTATION_999 = "005010X231A1"


def render_functional_ack(ack: FunctionalAck, w: SegmentBuffer, set_type: str) -> None:
    """One 997/999 body for every group of the acknowledged interchange."""
    for group in ack.groups:
        _group(group, w, set_type)


def _group(group: GroupAck, w: SegmentBuffer, set_type: str) -> None:
    if set_type == "999":
        w.add(
            "AK1",
            group.functional_id or "PO",
            group.group_control or "0",
            group.version or "005010",
        )
    else:
        w.add("AK1", group.functional_id or "PO", group.group_control or "0")
    for message in group.messages:
        _message(message, w, set_type)
    codes = [e.code for e in group.errors][:5]
    received = len(group.messages) or group.received
    accepted = sum(1 for m in group.messages if m.status in ("accepted", "accepted_with_errors"))
    if group.errors:
        accepted = 0
    w.add("AK9", ACK_CODE[group.status], received, received, accepted, *codes)


def _message(message: MessageAck, w: SegmentBuffer, set_type: str) -> None:
    w.add("AK2", message.message_type, message.message_ref)
    seg3, seg4, seg5 = ("IK3", "IK4", "IK5") if set_type == "999" else ("AK3", "AK4", "AK5")
    located = [e for e in message.errors if e.segment_position is not None]
    set_codes = [e.code for e in message.errors if e.segment_position is None]

    def where(e: AckError) -> tuple[str, int, str]:
        return (e.segment_tag or "", e.segment_position or 0, e.loop_id or "")

    for (tag, position, loop), errors in groupby(sorted(located, key=where), key=where):
        errors = list(errors)
        elements = [e for e in errors if e.element is not None]
        for e in errors:
            if e.element is None:
                w.add(seg3, tag or "ST", position, loop or None, e.code)
        if elements:
            w.add(seg3, tag or "ST", position, loop or None, "8")
            for e in elements:
                ref = [str(e.element), str(e.component) if e.component else None]
                if e.repetition:
                    ref = [str(e.element), str(e.component or ""), str(e.repetition)]
                value = Free(e.value[:99]) if e.value else None
                w.add(seg4, ref, None, e.code, value)
    if located and "5" not in set_codes:
        set_codes.append("5")
    status = ACK_CODE[message.status] if message.status != "partially_accepted" else "E"
    if message.errors and status == "A":
        status = "E"
    w.add(seg5, status, *set_codes[:5])
