"""Public reading API: ``read`` for bytes in memory, ``iter_messages`` for large streams.

Both run the same InterchangeReader; ``iter_messages`` cuts chunks at the last segment
terminator so a 100 MB interchange never sits in memory whole.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

from adapters.edifact.interchange import InterchangeReader, InterchangeResult, MessageResult
from adapters.edifact.syntax import last_terminator
from adapters.reading import Reading
from canonical import DocumentError, Position

HEAD_BYTES = 64 * 1024  # UNA + UNB always fit in here
CHUNK_BYTES = 1024 * 1024


def _unexpected(name: str, exc: Exception) -> DocumentError:
    return DocumentError(
        f"unreadable interchange: {type(exc).__name__}: {exc}",
        document=name,
        position=Position(),
        code="18",
        standard="edifact",
        level="interchange",
    )


def _run(
    stream: BinaryIO, name: str, *, full_ack: bool, chunk_size: int
) -> Iterator[MessageResult | InterchangeResult]:
    reader = InterchangeReader(name, full_ack=full_ack)
    head = stream.read(max(HEAD_BYTES, chunk_size))
    offset = reader.open(head)
    buf = head[offset:]
    term = ord(reader.delimiters.terminator)
    release = ord(reader.delimiters.release) if reader.delimiters.release else None
    while True:
        more = stream.read(chunk_size)
        if not more:
            break
        buf += more
        cut = last_terminator(buf, term, release)
        if cut >= 0:
            yield from reader.feed(buf[: cut + 1])
            buf = buf[cut + 1 :]
    if buf.strip():
        yield from reader.feed(buf)
    result = reader.finish()
    yield from reader.pending
    yield result


def iter_messages(
    stream: BinaryIO, *, name: str = "", chunk_size: int = CHUNK_BYTES
) -> Iterator[MessageResult | InterchangeResult]:
    """Yield a MessageResult per message as soon as it is complete, then one InterchangeResult.

    Messages are yielded before the UNZ is checked: a consumer commits nothing until the
    final InterchangeResult says the interchange (and the message's group) was not
    rejected. The final ack lists only rejected messages (accepted ones are counted in
    each GroupAck), as a CONTRL with UCI action 7 may, so memory stays flat.
    Raises DocumentError (level "interchange") when there is no readable UNB.
    """
    try:
        yield from _run(stream, name, full_ack=False, chunk_size=chunk_size)
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - never anything but DocumentError
        raise _unexpected(name, exc) from exc


def read(data: bytes, *, name: str = "") -> Reading:
    """Read one interchange: every good message's document, every error, and the ack."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise DocumentError(
            "input is not bytes", document=name, code="18", standard="edifact", level="interchange"
        )
    try:
        items = list(
            _run(io.BytesIO(bytes(data)), name, full_ack=True, chunk_size=max(len(data), 1))
        )
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _unexpected(name, exc) from exc
    final = items[-1]
    assert isinstance(final, InterchangeResult)
    reading = Reading(
        standard="edifact",
        ack=final.ack,
        sender=final.sender,
        receiver=final.receiver,
        interchange_control=final.interchange_control,
    )
    for item in items[:-1]:
        assert isinstance(item, MessageResult)
        reading.errors.extend(item.errors)
        if (
            item.document is not None
            and not final.rejected
            and item.group_control not in final.rejected_groups
        ):
            reading.documents.append(item.document)
    reading.errors.extend(final.errors)
    return reading
