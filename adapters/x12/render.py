"""Segment and envelope rendering shared by every X12 writer.

X12 has no release character: identifiers containing a separator are refused with a
DocumentError, free text (names, descriptions, notes) has separators replaced by a space.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from adapters.reading import Envelope
from adapters.x12.syntax import Delimiters
from canonical import DocumentError

Value = str | int | Decimal | date | Sequence[str | None] | None
FIXED_CLOCK = datetime(2000, 1, 1, 0, 0)  # used only when the caller supplies no clock


class Free(str):
    """Marks free text: separators in it are replaced instead of refused."""


class SegmentBuffer:
    """The body of one transaction set (without ST/SE), rendered as strings."""

    def __init__(self, delims: Delimiters) -> None:
        self.delims = delims
        self.segments: list[str] = []
        self._bad = set(delims.all())

    def add(self, tag: str, *elements: Value) -> None:
        rendered = [self._value(tag, i, v) for i, v in enumerate(elements, 1)]
        while rendered and rendered[-1] == "":
            rendered.pop()
        self.segments.append(self.delims.element.join([tag, *rendered]))

    def _value(self, tag: str, n: int, value: Value) -> str:
        if value is None:
            return ""
        if isinstance(value, Free):
            return "".join(" " if c in self._bad else c for c in value).strip()
        if isinstance(value, str):
            return self._check(tag, n, value)
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, Decimal):
            return number(value)
        if isinstance(value, datetime):
            return value.strftime("%Y%m%d")
        if isinstance(value, date):
            return value.strftime("%Y%m%d")
        parts = [self._check(tag, n, p or "") for p in value]
        while parts and parts[-1] == "":
            parts.pop()
        return self.delims.component.join(parts)

    def _check(self, tag: str, n: int, value: str) -> str:
        if self._bad.intersection(value) or any(c in "\r\n" for c in value):
            raise DocumentError(
                f"{tag}{n:02d} value {value!r} contains an X12 separator and cannot be sent",
                code="6", standard="x12", level="message",
            )  # fmt: skip
        return value


def number(value: Decimal) -> str:
    """X12 R: no exponent, no trailing zeros after the point, no "-0"."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def interchange(
    envelope: Envelope,
    functional_id: str,
    version: str,
    sets: list[tuple[str, list[str]]],
    delims: Delimiters,
    *,
    implementation: str | None = None,
) -> bytes:
    """ISA/GS/ST..SE/GE/IEA around the given set bodies (type, segments)."""
    out = [isa_segment(envelope, delims, version)]
    created = envelope.created or FIXED_CLOCK
    group = (
        envelope.group_control
        if envelope.group_control is not None
        else envelope.interchange_control
    )
    el = delims.element
    out.append(
        el.join(
            [
                "GS",
                functional_id,
                _id(envelope.app_sender or envelope.sender, 15),
                _id(envelope.app_receiver or envelope.receiver, 15),
                created.strftime("%Y%m%d"),
                created.strftime("%H%M"),
                str(group),
                "X",
                implementation or version,
            ]
        )  # fmt: skip
    )
    control = envelope.message_control or 1
    for set_type, body in sets:
        ref = f"{control:04d}"
        st = ["ST", set_type, ref] + ([implementation] if implementation else [])
        out.append(el.join(st))
        out.extend(body)
        out.append(el.join(["SE", str(len(body) + 2), ref]))
        control += 1
    out.append(el.join(["GE", str(len(sets)), str(group)]))
    out.append(el.join(["IEA", "1", f"{envelope.interchange_control:09d}"]))
    return _join(out, delims)


def bare_interchange(
    envelope: Envelope, delims: Delimiters, version: str, body: list[str]
) -> bytes:
    """ISA, segments outside any group (a TA1), IEA with zero groups."""
    out = [isa_segment(envelope, delims, version), *body]
    out.append(delims.element.join(["IEA", "0", f"{envelope.interchange_control:09d}"]))
    return _join(out, delims)


def _join(segments: list[str], delims: Delimiters) -> bytes:
    end = delims.segment + delims.suffix
    return (end.join(segments) + end).encode("utf-8")


def isa_segment(envelope: Envelope, delims: Delimiters, version: str) -> str:
    created = envelope.created or FIXED_CLOCK
    control = envelope.interchange_control
    if not 0 <= control <= 999_999_999:
        raise DocumentError(f"ISA13 control number {control} does not fit 9 digits",
                            code="018", standard="x12", level="interchange")  # fmt: skip
    is_5010 = version[:6] >= "005010"
    fields = [
        "ISA", "00", " " * 10, "00", " " * 10,
        (envelope.sender_qualifier or "ZZ").ljust(2), _id(envelope.sender, 15).ljust(15),
        (envelope.receiver_qualifier or "ZZ").ljust(2), _id(envelope.receiver, 15).ljust(15),
        created.strftime("%y%m%d"), created.strftime("%H%M"),
        (delims.repetition or "^") if is_5010 else "U", "00501" if is_5010 else "00401",
        f"{control:09d}", "1" if envelope.ack_requested else "0", "T" if envelope.test else "P",
        delims.component,
    ]  # fmt: skip
    return delims.element.join(fields)


def _id(value: str, width: int) -> str:
    if not value or len(value) > width:
        raise DocumentError(f"interchange id {value!r} must be 1 to {width} characters",
                            code="006", standard="x12", level="interchange")  # fmt: skip
    return value
