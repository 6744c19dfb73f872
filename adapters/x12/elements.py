"""Element access with the X12 checks: each bad value becomes an AK4/IK4 error, not an exception.

A set parser reads through a ``SetReader``; it keeps going after a bad value so one ack
can name every error of the set, and the set then contributes no document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from adapters.x12.errors import X12Error
from adapters.x12.syntax import Delimiters

_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)\Z")
_INTEGER = re.compile(r"-?\d+\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TIME = re.compile(r"([01]\d|2[0-3])[0-5]\d([0-5]\d(\d{1,2})?)?\Z")

Segment = list[str]


class SetReader:
    """One transaction set's segments plus the errors found while mapping them."""

    def __init__(self, segments: list[Segment], delims: Delimiters, name: str) -> None:
        self.segments = segments
        self.delims = delims
        self.name = name
        self.errors: list[X12Error] = []
        self.loop: str | None = None

    # -- segment-level (AK3/IK3) -------------------------------------------------
    def segment_error(
        self, pos: int, tag: str, code: str, message: str, loop: str | None = ""
    ) -> None:
        where = self.loop if loop == "" else loop
        self.errors.append(
            X12Error(
                message,
                document=self.name,
                code=code,
                kind="segment",
                tag=tag,
                segment=pos,
                loop=where,
            )  # fmt: skip
        )

    def missing(self, tag: str, pos: int, loop: str | None = None) -> None:
        """AK304 3: a segment the set cannot do without is not there (header loop by default)."""
        self.segment_error(pos, tag, "3", f"mandatory segment {tag} missing", loop)

    # -- element-level (AK4/IK4) ---------------------------------------------------
    def element_error(
        self,
        pos: int,
        seg: Segment,
        n: int,
        code: str,
        message: str,
        value: str | None = None,
        component: int | None = None,
    ) -> None:
        self.errors.append(
            X12Error(
                message,
                document=self.name,
                code=code,
                kind="element",
                tag=seg[0],
                segment=pos,
                element=n,
                component=component,
                value=value,
                loop=self.loop,
            )  # fmt: skip
        )

    def text(
        self, pos: int, seg: Segment, n: int, *, required: bool = False, max_len: int = 0
    ) -> str | None:
        """An AN element: stripped, length-checked, None when empty."""
        raw = seg[n] if n < len(seg) else ""
        value = raw.strip()
        if not value:
            if required:
                self.element_error(pos, seg, n, "1", f"{seg[0]}{n:02d} is mandatory")
            return None
        if max_len and len(value) > max_len:
            self.element_error(
                pos, seg, n, "5", f"{seg[0]}{n:02d} longer than {max_len} characters", value
            )
            return None
        if _CONTROL.search(value):
            self.element_error(pos, seg, n, "6", f"{seg[0]}{n:02d} has a control character", value)
            return None
        return value

    def code(
        self, pos: int, seg: Segment, n: int, table: Mapping[str, str] | frozenset[str],
        *, required: bool = False,
    ) -> str | None:  # fmt: skip
        """An ID element checked against its code list (AK403 7)."""
        value = self.text(pos, seg, n, required=required)
        if value is None:
            return None
        if value not in table:
            self.element_error(
                pos, seg, n, "7", f"{seg[0]}{n:02d} code {value!r} is not valid here", value
            )
            return None
        return table[value] if isinstance(table, Mapping) else value

    def number(
        self, pos: int, seg: Segment, n: int, *, required: bool = False, integer: bool = False
    ) -> Decimal | None:
        """An R (or N0) element as a Decimal; letters in it are AK403 6."""
        value = self.text(pos, seg, n, required=required)
        if value is None:
            return None
        pattern = _INTEGER if integer else _NUMBER
        if not pattern.match(value):
            kind = "integer" if integer else "number"
            self.element_error(
                pos, seg, n, "6", f"{seg[0]}{n:02d} {value!r} is not a {kind}", value
            )
            return None
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern already guards it
            self.element_error(pos, seg, n, "6", f"{seg[0]}{n:02d} is not a number", value)
            return None

    def date(self, pos: int, seg: Segment, n: int, *, required: bool = False) -> date | None:
        """A DT element, CCYYMMDD (or YYMMDD in the older sets): AK403 8 when not a date."""
        value = self.text(pos, seg, n, required=required)
        if value is None:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.element_error(pos, seg, n, "8", f"{seg[0]}{n:02d} {value!r} is not a date", value)
        return parsed

    def time(self, pos: int, seg: Segment, n: int) -> str | None:
        """A TM element (HHMM[SS[d..]]): AK403 9 when not a time."""
        value = self.text(pos, seg, n)
        if value is not None and not _TIME.match(value):
            self.element_error(pos, seg, n, "9", f"{seg[0]}{n:02d} {value!r} is not a time", value)
            return None
        return value

    def components(self, seg: Segment, n: int) -> list[str]:
        raw = seg[n] if n < len(seg) else ""
        return raw.split(self.delims.component)


def parse_date(value: str) -> date | None:
    if not value.isdigit() or len(value) not in (6, 8):
        return None
    if len(value) == 6:
        value = "20" + value
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None


def x12_date(value: date) -> str:
    return value.strftime("%Y%m%d")
