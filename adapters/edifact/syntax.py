"""EDIFACT syntax: service characters, segment splitting and escaping.

pydifact's tokenizer walks the text one character at a time; the hub reads every byte of
every interchange, so this splitter uses ``str.split`` and only looks at release
characters where one actually occurs. Separators are ASCII in every syntax level we
accept (all ASCII-compatible encodings), so splitting on bytes and decoding afterwards
is safe, which is what lets the streaming reader cut chunks at segment boundaries.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Syntax identifier (UNB 0001) -> Python codec. UNOA/UNOB are subsets of ASCII; UNOW and
# UNOY are ISO 10646 in UTF-8. Only ASCII-compatible encodings are listed on purpose.
ENCODINGS: dict[str, str] = {
    "UNOA": "ascii",
    "UNOB": "ascii",
    "UNOC": "latin-1",
    "UNOD": "iso8859-2",
    "UNOE": "iso8859-5",
    "UNOF": "iso8859-7",
    "UNOG": "iso8859-3",
    "UNOH": "iso8859-4",
    "UNOI": "iso8859-6",
    "UNOJ": "iso8859-8",
    "UNOK": "iso8859-9",
    "UNOL": "iso8859-15",
    "UNOW": "utf-8",
    "UNOY": "utf-8",
}

# A byte the declared character set cannot represent decodes to a lone surrogate.
BAD_CHARACTER = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class Delimiters:
    """The service characters of one interchange (UNA, or the defaults)."""

    component: str = ":"
    data: str = "+"
    decimal: str = "."
    release: str | None = "?"
    repetition: str | None = None  # syntax 4 UNA5; space means "not used"
    terminator: str = "'"

    @classmethod
    def from_una(cls, una: str) -> Delimiters:
        """``una`` is the six characters after "UNA"."""
        release = una[3] if una[3] != " " else None
        repetition = una[4] if una[4] != " " else None
        return cls(una[0], una[1], una[2], release, repetition, una[5])

    def una(self) -> str:
        return (
            "UNA"
            + self.component
            + self.data
            + self.decimal
            + (self.release or " ")
            + (self.repetition or " ")
            + self.terminator
        )

    def specials(self) -> set[str]:
        return {
            c
            for c in (self.component, self.data, self.release, self.repetition, self.terminator)
            if c
        }


DEFAULT = Delimiters()
# Syntax level B without UNA: IS4 / IS3 / US as terminator, data and component separator.
LEVEL_B = Delimiters(component="\x1f", data="\x1d", release=None, terminator="\x1c")


class RawSegment:
    """One segment: its tag, its elements as lists of components, and where it was."""

    __slots__ = ("tag", "elements", "number")

    def __init__(self, tag: str, elements: list[list[str]], number: int) -> None:
        self.tag = tag
        self.elements = elements
        self.number = number  # 1-based within the interchange

    def value(self, element: int, component: int = 1) -> str:
        """The component's text, "" when absent (positions are 1-based as in the standard)."""
        try:
            return self.elements[element - 1][component - 1]
        except IndexError:
            return ""

    def element(self, element: int) -> list[str]:
        try:
            return self.elements[element - 1]
        except IndexError:
            return []

    def __repr__(self) -> str:
        return f"RawSegment({self.tag!r}, {self.elements!r}, {self.number})"


def _split_released(text: str, sep: str, release: str) -> list[str]:
    """Split on ``sep`` except where it is preceded by an odd run of release characters."""
    pieces = text.split(sep)
    out: list[str] = []
    pending: str | None = None
    for piece in pieces:
        if pending is not None:
            piece = pending + sep + piece
            pending = None
        run = len(piece) - len(piece.rstrip(release))
        if run % 2:
            pending = piece
        else:
            out.append(piece)
    if pending is not None:
        out.append(pending)
    return out


def _unrelease(value: str, release: str) -> str:
    """Drop each release character and keep the character it releases."""
    out: list[str] = []
    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        if ch == release and i + 1 < n:
            out.append(value[i + 1])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def split_segments(text: str, d: Delimiters) -> list[str]:
    """Raw segment texts (without terminator, leading line breaks removed, empties dropped)."""
    rel = d.release
    pieces = (
        _split_released(text, d.terminator, rel)
        if rel and rel in text
        else text.split(d.terminator)
    )
    out = []
    for piece in pieces:
        piece = piece.lstrip("\r\n\t ")
        if piece:
            out.append(piece)
    return out


def split_segment(raw: str, d: Delimiters, number: int) -> RawSegment:
    """Tag and elements of one raw segment; release characters are resolved here."""
    rel = d.release
    if rel and rel in raw:
        elements = [
            [_unrelease(c, rel) for c in _split_released(e, d.component, rel)]
            for e in _split_released(raw, d.data, rel)
        ]
    else:
        comp = d.component
        elements = [e.split(comp) for e in raw.split(d.data)]
    head = elements[0]
    tag = head[0].rstrip("\r\n")
    return RawSegment(tag, elements[1:], number)


def escape(value: str, d: Delimiters) -> str:
    """Release every service character in ``value`` for writing."""
    return value.translate(_releases(d))


@functools.lru_cache(maxsize=64)
def _releases(d: Delimiters) -> dict[int, str]:
    """``str.translate`` table putting the release character before each service one:
    escaping is on the path of every element written, so it is built once per set."""
    rel = d.release or "?"
    return {ord(c): rel + c for c in d.specials()}


def last_terminator(buf: bytes, term: int, release: int | None) -> int:
    """Index of the last unreleased terminator byte in ``buf``, or -1."""
    end = len(buf)
    while True:
        i = buf.rfind(term, 0, end)
        if i < 0 or release is None:
            return i
        run = 0
        j = i - 1
        while j >= 0 and buf[j] == release:
            run += 1
            j -= 1
        if run % 2 == 0:
            return i
        end = i
