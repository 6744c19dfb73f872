"""``iter_transactions``: a large interchange read set by set, in chunks, in bounded memory."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from adapters.x12.envelope import Walker
from adapters.x12.errors import X12Error
from adapters.x12.sets import map_set
from adapters.x12.syntax import parse_isa
from canonical import DocumentError
from canonical.base import Versioned

CHUNK = 1 << 20
_LEADING = " \t\r\n\ufeff\x00"


@dataclass
class SetOutcome:
    """One transaction set's document or errors; envelope errors come as message_type "".

    GE/IEA problems are only known at the trailer, after the group's sets were yielded:
    a caller that must not act on them waits for the interchange's last outcome.
    """

    message_type: str
    control: str
    document: Versioned | None = None
    errors: list[DocumentError] = field(default_factory=list)


def iter_transactions(
    stream: BinaryIO, *, name: str = "", chunk_size: int = CHUNK
) -> Iterator[SetOutcome]:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    buf = ""
    eof = False
    walker: Walker | None = None
    seen_interchange = False

    def more() -> bool:
        nonlocal buf, eof
        chunk = stream.read(chunk_size)
        if not chunk:
            buf += decoder.decode(b"", final=True)
            eof = True
            return False
        buf += decoder.decode(chunk)
        return True

    while True:
        if walker is None:
            buf = buf.lstrip(_LEADING)
            while len(buf) < 400 and not eof:
                more()
                buf = buf.lstrip(_LEADING)
            if not buf:
                if not seen_interchange:
                    raise X12Error("empty input: no interchange", document=name, code="023",
                                   kind="interchange", tag="ISA", segment=1)  # fmt: skip
                return
            try:
                isa = parse_isa(buf, 0, name)
            except X12Error as error:
                if not seen_interchange:
                    raise
                yield SetOutcome("", "", errors=[error])
                return
            seen_interchange = True
            walker = Walker(isa, name, keep_sets=False)
            buf = buf[isa.length :]
        delims = walker.interchange.isa.delimiters
        term, el = delims.segment, delims.element
        parts = buf.split(term)
        buf = parts.pop()
        for i, part in enumerate(parts):
            segment = part.strip("\r\n")
            if not segment:
                continue
            walker.feed(segment.split(el))
            yield from _drain(walker, name)
            if walker.done:
                yield from _envelope(walker)
                buf = term.join([*parts[i + 1 :], buf])
                walker = None
                break
        if walker is None:
            continue
        if eof:
            tail = buf.strip("\r\n")
            if tail.strip():
                walker.feed(tail.split(el))
            walker.finish()
            yield from _drain(walker, name)
            yield from _envelope(walker)
            return
        more()


def _drain(walker: Walker, name: str) -> Iterator[SetOutcome]:
    interchange = walker.interchange
    while walker.ready:
        tx = walker.ready.pop(0)
        document, errors = map_set(tx, interchange, interchange.isa.delimiters, name)
        yield SetOutcome(tx.type, tx.control, document, list(errors))


def _envelope(walker: Walker) -> Iterator[SetOutcome]:
    interchange = walker.interchange
    errors: list[DocumentError] = list(interchange.errors)
    for group in interchange.groups:
        errors.extend(group.errors)
    if errors:
        yield SetOutcome("", interchange.control, None, errors)
