"""CONTRL <-> FunctionalAck.

Action codes (0083): 7 acknowledged (lower levels too unless rejected), 4 rejected,
8 received only. The model has no "received" status, so a UCI 8 reads as accepted.
Errors: UCI/UCF/UCM carry one error each about service segments; UCS names a data
segment by its position in the message (UNH = 1) and UCD the element within it.
"""

from __future__ import annotations

from adapters.edifact import codes
from adapters.edifact.fields import Message, text
from adapters.edifact.parts import Out
from adapters.edifact.syntax import RawSegment
from canonical import AckError, FunctionalAck, GroupAck, MessageAck

ACTIONS = {
    codes.ACTION_REJECTED: "rejected",
    codes.ACTION_ACCEPTED: "accepted",
    codes.ACTION_RECEIVED: "accepted",
}


def _service_error(seg: RawSegment, first: int) -> list[AckError]:
    """The error carried in a UCI/UCF/UCM: 0085 at ``first``, 0013 and S011 after it."""
    error = seg.value(first).strip()
    if not error:
        return []
    element = seg.value(first + 2, 1).strip()
    component = seg.value(first + 2, 2).strip()
    return [
        AckError(
            code=error,
            message=codes.SYNTAX_ERRORS.get(error, "Syntax error"),
            segment_tag=seg.value(first + 1).strip() or None,
            element=int(element) if element.isdigit() else None,
            component=int(component) if component.isdigit() else None,
        )
    ]


def _action(seg: RawSegment, element: int) -> str:
    value = text(seg, element, max_len=3) or codes.ACTION_ACCEPTED
    return ACTIONS.get(value, "rejected")


def parse(msg: Message) -> FunctionalAck:
    uci = msg.require("UCI")
    status = _action(uci, 4)
    groups: list[GroupAck] = []
    group: dict[str, object] | None = None
    message: MessageAck | None = None
    segment_position: int | None = None
    ungrouped: list[MessageAck] = []

    for seg in msg.segments:
        if seg.tag == "UCF":
            group = {
                "group_control": text(seg, 1, max_len=14),
                "functional_id": None,
                "status": _action(seg, 4),
                "errors": _service_error(seg, 5),
                "messages": [],
            }
            groups.append(group)  # type: ignore[arg-type]
        elif seg.tag == "UCM":
            message = MessageAck(
                message_ref=text(seg, 1, max_len=14, required=True) or "",
                message_type=text(seg, 2, 1, max_len=6) or "?",
                status=_action(seg, 3),
                errors=_service_error(seg, 4),
            )
            (group["messages"] if group is not None else ungrouped).append(message)  # type: ignore[union-attr]
        elif seg.tag == "UCS" and message is not None:
            position = seg.value(1).strip()
            segment_position = int(position) if position.isdigit() else None
            error = seg.value(2).strip()
            if error:
                message.errors.append(
                    AckError(
                        code=error,
                        message=codes.SYNTAX_ERRORS.get(error, "Syntax error"),
                        segment_position=segment_position,
                    )
                )
        elif seg.tag == "UCD" and message is not None:
            error = seg.value(1).strip()
            element, component = seg.value(2, 1).strip(), seg.value(2, 2).strip()
            message.errors.append(
                AckError(
                    code=error,
                    message=codes.SYNTAX_ERRORS.get(error, "Syntax error"),
                    segment_position=segment_position,
                    element=int(element) if element.isdigit() else None,
                    component=int(component) if component.isdigit() else None,
                )
            )
    group_acks: list[GroupAck] = []
    if ungrouped:
        group_acks.append(
            _group({"group_control": None, "status": status, "errors": [], "messages": ungrouped})
        )
    group_acks += [_group(g) for g in groups]  # type: ignore[arg-type]
    every = [m for g in group_acks for m in g.messages]
    if status != "rejected":
        if every and all(m.status == "rejected" for m in every):
            status = "rejected"
        elif any(m.status == "rejected" for m in every) or any(
            g.status != "accepted" for g in group_acks
        ):
            status = "partially_accepted"
    syntax = msg.header.value(2, 2).strip()
    return FunctionalAck(
        standard="edifact",
        ack_type="CONTRL",
        version="4" if syntax == "4" else "3",
        sender=text(uci, 2, 1, max_len=35),
        sender_qualifier=text(uci, 2, 2, max_len=4),
        receiver=text(uci, 3, 1, max_len=35),
        receiver_qualifier=text(uci, 3, 2, max_len=4),
        interchange_control=text(uci, 1, max_len=14),
        status=status,  # type: ignore[arg-type]
        errors=_service_error(uci, 5),
        groups=group_acks,
        source=msg.source,
    )


def _group(data: dict[str, object]) -> GroupAck:
    messages: list[MessageAck] = data["messages"]  # type: ignore[assignment]
    accepted = sum(1 for m in messages if m.status != "rejected")
    status = data["status"]
    if status != "rejected" and accepted < len(messages):
        status = "rejected" if accepted == 0 else "partially_accepted"
    return GroupAck(
        group_control=data["group_control"],  # type: ignore[arg-type]
        functional_id=data.get("functional_id"),  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        received=len(messages),
        accepted=accepted,
        errors=data["errors"],  # type: ignore[arg-type]
        messages=messages,
    )


def _s011(error: AckError) -> list[str] | str:
    if error.element is None:
        return ""
    return [str(error.element), str(error.component) if error.component else ""]


def _action_code(status: str) -> str:
    return codes.ACTION_REJECTED if status == "rejected" else codes.ACTION_ACCEPTED


def _message(ack: MessageAck, directory: list[str]) -> list[Out]:
    service = [
        e for e in ack.errors if e.segment_tag in ("UNH", "UNT") or e.segment_position is None
    ]
    data = [e for e in ack.errors if e not in service]
    head = service[0] if service else None
    ucm: list[str | list[str]] = [
        ack.message_ref,
        [ack.message_type, *directory],
        _action_code(ack.status),
    ]
    if head is not None:
        ucm += [head.code, head.segment_tag or "", _s011(head)]
    out: list[Out] = [("UCM", ucm)]
    for error in service[1:] + data:
        position = str(error.segment_position or 1)
        if error.element is None:
            out.append(("UCS", [position, error.code]))
        else:
            out.append(("UCS", [position]))
            out.append(("UCD", [error.code, _s011(error)]))
    return out


def render(ack: FunctionalAck, directory: list[str]) -> list[Out]:
    """UCI, then UCF per functional group (when the interchange had groups), UCM per message.

    ``directory`` is the 0052/0054/0051 written in each UCM's S009 (the model's MessageAck
    does not keep the acknowledged message's own directory).
    """
    uci: list[str | list[str]] = [
        ack.interchange_control or "",
        [ack.sender or "", ack.sender_qualifier or ""],
        [ack.receiver or "", ack.receiver_qualifier or ""],
        _action_code(ack.status),
    ]
    if ack.errors:
        first = ack.errors[0]
        uci += [first.code, first.segment_tag or "", _s011(first)]
    out: list[Out] = [("UCI", uci)]
    grouped = any(g.group_control for g in ack.groups)
    for group in ack.groups:
        if grouped:
            ucf: list[str | list[str]] = [
                group.group_control or "",
                "",
                "",
                _action_code(group.status),
            ]
            if group.errors:
                first = group.errors[0]
                ucf += [first.code, first.segment_tag or "", _s011(first)]
            out.append(("UCF", ucf))
        for message in group.messages:
            out += _message(message, directory)
    return out
