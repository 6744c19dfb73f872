"""Typed access to segment values, raising the 0085 code a CONTRL would carry.

Every check names the segment, element and component so the error can be put in a UCS/UCD
and shown to a person; mappers call these instead of indexing elements themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from adapters.edifact import codes
from adapters.edifact.syntax import RawSegment
from canonical import Source


class FieldError(Exception):
    """A message-level error found while mapping; the envelope turns it into a DocumentError."""

    def __init__(
        self,
        code: str,
        message: str,
        segment: RawSegment | None = None,
        element: int | None = None,
        component: int | None = None,
        *,
        tag: str | None = None,
        number: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.tag = tag or (segment.tag if segment else None)
        self.number = number if number is not None else (segment.number if segment else None)
        self.element = element
        self.component = component


@dataclass
class Message:
    """One UNH..UNT message handed to a mapper (service segments stripped)."""

    ref: str
    type: str
    version: str  # e.g. D96A
    association: str | None
    header: RawSegment
    segments: list[RawSegment]
    source: Source
    trailer_number: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    def first(self, tag: str) -> RawSegment | None:
        for seg in self.segments:
            if seg.tag == tag:
                return seg
        return None

    def require(self, tag: str) -> RawSegment:
        seg = self.first(tag)
        if seg is None:
            # a missing segment is reported where it was expected: right after UNH
            raise FieldError(
                codes.MISSING,
                f"mandatory segment {tag} is missing",
                tag=tag,
                number=self.header.number + 1,
            )
        return seg


def text(
    seg: RawSegment, element: int, component: int = 1, *, max_len: int = 35, required: bool = False
) -> str | None:
    value = seg.value(element, component)
    if not value.strip():
        if required:
            raise FieldError(
                codes.MISSING,
                f"{seg.tag} element {element}.{component} is missing",
                seg,
                element,
                component,
            )
        return None
    if len(value) > max_len:
        raise FieldError(
            codes.TOO_LONG,
            f"{seg.tag} value {value[:20]!r}... longer than {max_len} characters",
            seg,
            element,
            component,
        )
    return value.strip()


def joined(seg: RawSegment, element: int, *, max_len: int = 35) -> str | None:
    """Several components of one element (name lines, text lines) as one string."""
    parts = []
    for i in range(1, len(seg.element(element)) + 1):
        part = text(seg, element, i, max_len=max_len)
        if part:
            parts.append(part)
    return " ".join(parts) or None


_NUMBER = re.compile(r"-?[0-9]*(?:[.,][0-9]*)?")


def number(
    seg: RawSegment,
    element: int,
    component: int = 1,
    *,
    max_digits: int = 15,
    required: bool = False,
) -> Decimal | None:
    """A numeric data element: either decimal mark accepted, as syntax version 4 allows."""
    raw = seg.value(element, component).strip()
    if not raw:
        if required:
            raise FieldError(
                codes.MISSING,
                f"{seg.tag} number {element}.{component} is missing",
                seg,
                element,
                component,
            )
        return None
    where = (seg, element, component)
    if not _NUMBER.fullmatch(raw):
        if raw.count(".") + raw.count(",") > 1:
            raise FieldError(
                codes.DECIMAL, f"{seg.tag} value {raw!r} has more than one decimal mark", *where
            )
        raise FieldError(codes.BAD_TYPE, f"{seg.tag} value {raw!r} is not a number", *where)
    body = raw.lstrip("-")
    if body[:1] in (".", ","):
        raise FieldError(
            codes.NO_LEADING_DIGIT,
            f"{seg.tag} value {raw!r} has no digit before the decimal mark",
            *where,
        )
    if body.endswith((".", ",")):
        raise FieldError(codes.DECIMAL, f"{seg.tag} value {raw!r} ends with a decimal mark", *where)
    if not body:
        raise FieldError(codes.BAD_TYPE, f"{seg.tag} value {raw!r} is not a number", *where)
    if sum(ch.isdigit() for ch in body) > max_digits:
        raise FieldError(
            codes.TOO_LONG, f"{seg.tag} value {raw!r} has more than {max_digits} digits", *where
        )
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern rules this out
        raise FieldError(codes.INVALID, f"{seg.tag} value {raw!r} is not a number", *where) from exc


def code(
    seg: RawSegment,
    element: int,
    component: int,
    allowed: set[str] | dict[str, object],
    *,
    required: bool = False,
) -> str | None:
    value = text(seg, element, component, max_len=17, required=required)
    if value is not None and value not in allowed:
        raise FieldError(
            codes.INVALID, f"{seg.tag} code {value!r} is not valid here", seg, element, component
        )
    return value


_DATE_FORMATS: dict[str, tuple[str, ...]] = {
    "101": ("%y%m%d",),
    "102": ("%Y%m%d",),
    "203": ("%Y%m%d%H%M",),
    "204": ("%Y%m%d%H%M%S",),
}
_RANGE_FORMATS = {"718": "%Y%m%d", "719": "%Y%m%d%H%M"}


def dtm(seg: RawSegment) -> tuple[str, date, date | None]:
    """DTM C507: qualifier, the date (range start) and the range end for 718/719."""
    qualifier = text(seg, 1, 1, max_len=3, required=True) or ""
    raw = text(seg, 1, 2, max_len=35, required=True) or ""
    fmt = seg.value(1, 3).strip() or {8: "102", 6: "101", 12: "203", 14: "204", 17: "718"}.get(
        len(raw), "102"
    )
    try:
        if fmt == "102" and len(raw) == 8 and raw.isdigit():  # CCYYMMDD: most dates, no strptime
            return qualifier, date(int(raw[:4]), int(raw[4:6]), int(raw[6:])), None
        if fmt in _RANGE_FORMATS:
            start, _, end = raw.partition("-")
            pattern = _RANGE_FORMATS[fmt]
            return (
                qualifier,
                datetime.strptime(start, pattern).date(),
                datetime.strptime(end, pattern).date(),
            )
        if fmt not in _DATE_FORMATS:
            raise FieldError(
                codes.NOT_SUPPORTED_VALUE, f"DTM format {fmt!r} is not supported", seg, 1, 3
            )
        for pattern in _DATE_FORMATS[fmt]:
            if len(raw) == len(datetime(2000, 1, 1).strftime(pattern)):
                return qualifier, datetime.strptime(raw, pattern).date(), None
    except ValueError:
        pass
    raise FieldError(
        codes.INVALID,
        f"DTM {qualifier} value {raw!r} is not a valid date in format {fmt}",
        seg,
        1,
        2,
    )


def format_date(value: date) -> str:
    return value.strftime("%Y%m%d")


def format_number(value: Decimal) -> str:
    """Plain notation, never an exponent (EDIFACT has none)."""
    text_ = format(value, "f")
    return "0" if text_ in ("-0", "") else text_


def valid_gtin(value: str) -> bool:
    if not value.isdigit() or len(value) not in (8, 12, 13, 14):
        return False
    digits = [int(d) for d in value]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == digits[-1]
