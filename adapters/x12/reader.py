"""``read``: bytes of one file (one or more interchanges) -> Reading with the hub's verdict."""

from __future__ import annotations

import re

from adapters.reading import Reading
from adapters.x12.envelope import Group, Interchange, Walker
from adapters.x12.errors import X12Error
from adapters.x12.read_ack import read_ta1
from adapters.x12.sets import map_set, source_of
from adapters.x12.syntax import Delimiters, parse_isa, split_segments
from canonical import FunctionalAck, GroupAck, MessageAck
from canonical.ack import AckStatus
from canonical.base import Versioned

_LEADING = " \t\r\n\ufeff\x00"


def decode(data: bytes) -> str:
    """UTF-8 when it is, else Latin-1 (X12's extended character set is byte-oriented)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read(data: bytes, *, name: str = "") -> Reading:
    """Reads every interchange, group and set; raises only when no ISA can be read at all."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise X12Error("input is not bytes", document=name, code="024", kind="interchange")
    text = decode(bytes(data))
    offset = _skip(text, 0)
    if offset >= len(text):
        raise X12Error("empty file: no interchange", document=name, code="023",
                       kind="interchange", tag="ISA", segment=1)  # fmt: skip
    walkers: list[Walker] = []
    while offset < len(text):
        try:
            isa = parse_isa(text, offset, name)
        except X12Error as error:
            if not walkers:
                raise
            walkers[-1].interchange.errors.append(
                X12Error(
                    f"data after the IEA trailer: {error.message}",
                    document=name,
                    code="022",
                    kind="interchange",
                    tag="IEA",
                )  # fmt: skip
            )
            break
        delims = isa.delimiters
        end = _interchange_end(text, offset + isa.length, delims)
        walker = Walker(isa, name)
        el = delims.element
        for segment in split_segments(text[offset + isa.length : end], delims):
            walker.feed(segment.split(el))
        walker.finish()
        walkers.append(walker)
        offset = _skip(text, end)
    return _reading(walkers, name)


def _skip(text: str, offset: int) -> int:
    while offset < len(text) and text[offset] in _LEADING:
        offset += 1
    return offset


def _interchange_end(text: str, start: int, delims: Delimiters) -> int:
    """Index just past this interchange's IEA segment, or the end of the text."""
    pattern = re.compile(re.escape(delims.segment) + r"[\r\n]*IEA" + re.escape(delims.element))
    found = pattern.search(text, start - 1)
    if found is None:
        return len(text)
    close = text.find(delims.segment, found.end())
    return len(text) if close < 0 else close + 1


def _reading(walkers: list[Walker], name: str) -> Reading:
    documents: list[Versioned] = []
    errors: list[X12Error] = []
    groups: list[GroupAck] = []
    interchange_errors: list[X12Error] = []
    for walker in walkers:
        interchange = walker.interchange
        delims = interchange.isa.delimiters
        interchange_errors.extend(interchange.errors)
        errors.extend(interchange.errors)
        for ta1 in interchange.ta1:
            documents.append(read_ta1(ta1, source_of(interchange, None)))
        for group in interchange.groups:
            ack, group_docs, group_errors = _group(group, interchange, delims, name)
            groups.append(ack)
            errors.extend(group_errors)
            if not interchange.errors and not group.errors:
                documents.extend(group_docs)
    first = walkers[0].interchange
    isa = first.isa
    version = next((g.version for g in groups if g.version), None) or isa.get(12)
    status: AckStatus = "rejected" if interchange_errors else _combine([g.status for g in groups])
    ack = FunctionalAck(
        standard="x12", ack_type="999" if _is_5010(version) else "997", version=version,
        sender=isa.get(6) or None, sender_qualifier=isa.get(5) or None,
        receiver=isa.get(8) or None, receiver_qualifier=isa.get(7) or None,
        interchange_control=isa.get(13) or None, interchange_date=isa.get(9) or None,
        interchange_time=isa.get(10) or None, status=status,
        errors=[e.ack_error() for e in interchange_errors], groups=groups,
    )  # fmt: skip
    return Reading(
        standard="x12", documents=documents, errors=list(errors), ack=ack,
        sender=isa.get(6) or None, receiver=isa.get(8) or None,
        interchange_control=isa.get(13) or None,
    )  # fmt: skip


def _group(
    group: Group, interchange: Interchange, delims: Delimiters, name: str
) -> tuple[GroupAck, list[Versioned], list[X12Error]]:
    messages: list[MessageAck] = []
    documents: list[Versioned] = []
    errors: list[X12Error] = list(group.errors)
    for tx in group.sets:
        document, set_errors = map_set(tx, interchange, delims, name)
        if document is not None:
            documents.append(document)
        errors.extend(set_errors)
        messages.append(
            MessageAck(
                message_ref=tx.control or "",
                message_type=tx.type or "",
                status="rejected" if set_errors else "accepted",
                errors=[e.ack_error() for e in set_errors],
            )  # fmt: skip
        )
    accepted = sum(1 for m in messages if m.status == "accepted")
    status: AckStatus = "rejected" if group.errors else _combine([m.status for m in messages])
    ack = GroupAck(
        group_control=group.control or None, functional_id=group.functional_id or None,
        version=group.version or None, status=status, received=len(messages),
        accepted=0 if group.errors else accepted,
        errors=[e.ack_error() for e in group.errors], messages=messages,
    )  # fmt: skip
    return ack, documents, errors


def _combine(statuses: list[AckStatus]) -> AckStatus:
    if not statuses:
        return "accepted"
    if all(s == "accepted" for s in statuses):
        return "accepted"
    if all(s == "rejected" for s in statuses):
        return "rejected"
    return "partially_accepted"


def _is_5010(version: str) -> bool:
    digits = version[:6]
    return digits.isdigit() and (digits >= "005010" if len(digits) == 6 else digits >= "00501")
