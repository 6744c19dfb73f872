"""X12 separators and the fixed-width ISA: the only part of X12 read by position."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.x12.errors import X12Error

ISA_LENGTH = 106
# (field number, start offset, width) of ISA01..ISA16 in the 106-character layout
ISA_FIELDS: tuple[tuple[int, int, int], ...] = (
    (1, 4, 2), (2, 7, 10), (3, 18, 2), (4, 21, 10), (5, 32, 2), (6, 35, 15),
    (7, 51, 2), (8, 54, 15), (9, 70, 6), (10, 77, 4), (11, 82, 1), (12, 84, 5),
    (13, 90, 9), (14, 100, 1), (15, 102, 1), (16, 104, 1),
)  # fmt: skip
# TA105 code reported when ISAnn has the wrong width or value
ISA_FIELD_CODES: dict[int, str] = {
    1: "010", 2: "011", 3: "012", 4: "013", 5: "005", 6: "006", 7: "007", 8: "008",
    9: "014", 10: "015", 11: "016", 12: "017", 13: "018", 14: "019", 15: "020", 16: "027",
}  # fmt: skip


@dataclass(frozen=True)
class Delimiters:
    element: str = "*"
    component: str = ">"
    segment: str = "~"
    repetition: str | None = None
    suffix: str = "\n"  # written after each terminator; ignored on reading

    def all(self) -> str:
        return self.element + self.component + self.segment + (self.repetition or "")


@dataclass(frozen=True)
class Isa:
    """The interchange header, its delimiters and any width problem found in it."""

    fields: list[str]  # ISA00 (the tag) .. ISA16, as written (not stripped)
    delimiters: Delimiters
    length: int  # characters from "ISA" through the segment terminator
    width_error: X12Error | None = None

    def get(self, n: int) -> str:
        return self.fields[n].strip() if n < len(self.fields) else ""


def parse_isa(text: str, offset: int, name: str) -> Isa:
    """Reads the ISA at ``offset``; raises X12Error when no ISA can be made out at all."""
    head = text[offset : offset + ISA_LENGTH + 2]
    if not head.startswith("ISA") or len(head) < 4:
        raise X12Error(
            "not an X12 interchange: no ISA segment at the start",
            document=name, code="024", kind="interchange", tag="ISA", segment=1,
        )  # fmt: skip
    sep = head[3]
    if sep.isalnum() or sep.isspace():
        raise X12Error(
            f"invalid element separator {sep!r} in ISA",
            document=name, code="026", kind="interchange", tag="ISA", segment=1,
        )  # fmt: skip
    if len(head) >= ISA_LENGTH and all(head[start - 1] == sep for _, start, _ in ISA_FIELDS):
        fields = [head[:3]] + [head[s : s + w] for _, s, w in ISA_FIELDS]
        term = head[105]
        width_error = None
        length = ISA_LENGTH
    else:
        fields, term, length, width_error = _loose_isa(text, offset, sep, name)
    component = fields[16][:1]
    if not component or term in (sep, component) or term.isalnum():
        raise X12Error(
            "invalid segment terminator or component separator in ISA",
            document=name, code="004", kind="interchange", tag="ISA", segment=1,
        )  # fmt: skip
    version = fields[12].strip()
    rep = fields[11][:1] if version >= "00402" else None
    if rep is not None and (rep.isalnum() or rep in (sep, component, term)):
        rep = None
    delims = Delimiters(element=sep, component=component, segment=term, repetition=rep)
    return Isa(fields=fields, delimiters=delims, length=length, width_error=width_error)


def _loose_isa(
    text: str, offset: int, sep: str, name: str
) -> tuple[list[str], str, int, X12Error | None]:
    """An ISA whose fields are not at their fixed offsets: read it by separator and say why."""
    window = text[offset : offset + 400]
    parts = window.split(sep, 16)
    if len(parts) < 17 or len(parts[16]) < 2:
        raise X12Error(
            "ISA segment truncated: fewer than 16 elements and a terminator",
            document=name, code="023", kind="interchange", tag="ISA", segment=1,
        )  # fmt: skip
    fields = parts[:16] + [parts[16][0]]
    term = parts[16][1]
    length = sum(len(p) for p in parts[:16]) + 16 + 2
    error = None
    for number, _, width in ISA_FIELDS:
        if len(fields[number]) != width:
            error = X12Error(
                f"ISA{number:02d} is {len(fields[number])} characters, the fixed layout needs {width}",
                document=name, code=ISA_FIELD_CODES[number], kind="interchange",
                tag="ISA", segment=1, element=number, value=fields[number],
            )  # fmt: skip
            break
    return fields, term, length, error


def split_segments(text: str, delims: Delimiters) -> list[str]:
    """Splits on the terminator and drops the line breaks some senders add after it."""
    return [p for p in (s.strip("\r\n") for s in text.split(delims.segment)) if p]
