"""A partner's 997 / 999 (and TA1) -> FunctionalAck: its verdict on what the hub sent."""

from __future__ import annotations

from adapters.x12.codes import ACK_STATUS
from adapters.x12.elements import SetReader
from adapters.x12.known import KNOWN_ACK, body
from canonical import AckError, FunctionalAck, GroupAck, MessageAck, Source

_STATUS = frozenset(ACK_STATUS)


def read_functional_ack(r: SetReader, source: Source) -> FunctionalAck | None:
    group: GroupAck | None = None
    message: MessageAck | None = None
    segment_ctx: dict[str, object] = {}
    last_segment_error: AckError | None = None
    for pos, seg, tag in body(r, KNOWN_ACK, skip=("ST", "SE", "CTX")):
        if tag == "AK1":
            group = GroupAck(
                functional_id=r.text(pos, seg, 1, required=True, max_len=2),
                group_control=r.text(pos, seg, 2, required=True, max_len=9),
                version=r.text(pos, seg, 3, max_len=12),
                status="accepted",
            )
        elif group is None:
            r.segment_error(pos, tag, "7", f"{tag} before AK1")
        elif tag == "AK2":
            r.loop = "AK2"
            message = MessageAck(
                message_type=r.text(pos, seg, 1, required=True, max_len=3) or "",
                message_ref=r.text(pos, seg, 2, required=True, max_len=9) or "",
                status="accepted",
            )
            group.messages.append(message)
        elif tag in ("AK3", "IK3") and message is not None:
            segment_ctx = {
                "segment_tag": r.text(pos, seg, 1, required=True, max_len=3),
                "segment_position": r.number(pos, seg, 2, required=True, integer=True),
                "loop_id": r.text(pos, seg, 3, max_len=4),
            }
            code = r.text(pos, seg, 4, max_len=3)
            last_segment_error = AckError(
                code=code or "8", message=f"{tag} segment error {code or '8'}",
                **_ints(segment_ctx),
            )  # fmt: skip
            message.errors.append(last_segment_error)
        elif tag in ("AK4", "IK4") and message is not None and last_segment_error is not None:
            where = [int(p) if p.strip().isdigit() else None for p in r.components(seg, 1)]
            code = r.text(pos, seg, 3, required=True, max_len=3) or ""
            if last_segment_error in message.errors and last_segment_error.code == "8":
                message.errors.remove(last_segment_error)
            message.errors.append(
                AckError(
                    code=code,
                    message=f"{tag} element error {code}",
                    **_ints(segment_ctx),
                    element=where[0] if where else None,
                    component=where[1] if len(where) > 1 else None,
                    repetition=where[2] if len(where) > 2 else None,
                    value=r.text(pos, seg, 4, max_len=99),
                )  # fmt: skip
            )
        elif tag in ("AK5", "IK5") and message is not None:
            status = r.code(pos, seg, 1, _STATUS, required=True)
            message.status = ACK_STATUS.get(status or "A", "rejected")  # type: ignore[assignment]
            for n in range(2, min(len(seg), 7)):
                code = r.text(pos, seg, n, max_len=3)
                if code:
                    message.errors.append(AckError(code=code, message=f"{tag} code {code}"))
            message, last_segment_error = None, None
        elif tag == "AK9":
            status = r.code(pos, seg, 1, _STATUS, required=True)
            group.status = ACK_STATUS.get(status or "A", "rejected")  # type: ignore[assignment]
            received = r.number(pos, seg, 3, required=True, integer=True)
            accepted = r.number(pos, seg, 4, required=True, integer=True)
            group.received = int(received or 0)
            group.accepted = int(accepted or 0)
            for n in range(5, min(len(seg), 10)):
                code = r.text(pos, seg, n, max_len=3)
                if code:
                    group.errors.append(AckError(code=code, message=f"AK9 code {code}"))
    if group is None:
        r.missing("AK1", 2)
    if r.errors or group is None:
        return None
    return FunctionalAck(
        standard="x12", ack_type=source.message_type, version=group.version,
        status=group.status, groups=[group], source=source,
    )  # fmt: skip


def _ints(ctx: dict[str, object]) -> dict[str, object]:
    out = dict(ctx)
    if out.get("segment_position") is not None:
        out["segment_position"] = int(out["segment_position"])  # type: ignore[call-overload]
    return out


def read_ta1(fields: list[str], source: Source) -> FunctionalAck:
    """A TA1 names the acknowledged interchange by its control number, date and time."""
    padded = [f.strip() for f in fields] + [""] * 6
    status = ACK_STATUS.get(padded[4], "rejected")
    errors = (
        [] if padded[5] in ("", "000") else [AckError(code=padded[5], message=f"TA1 {padded[5]}")]
    )
    return FunctionalAck(
        standard="x12", ack_type="TA1", version=source.version, interchange_control=padded[1] or None,
        interchange_date=padded[2] or None, interchange_time=padded[3] or None,
        status=status, errors=errors, source=source,  # type: ignore[arg-type]
    )  # fmt: skip
