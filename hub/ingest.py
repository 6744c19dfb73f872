"""Taking bytes in from any channel: archive every byte first, then publish with confirms.

The channel may let go of a file only after this returns: the bytes are in the archive
and the broker has confirmed the message, so nothing received is ever lost. The message
id is the archive id, so a resubmitted file is a new reception that the intake flags as
a duplicate interchange rather than a message the inbox swallows. A batch (many files
at once) is archived in one transaction and confirmed in one wait. Shared secrets are
blanked in the archived copy only (the intake authenticates on the message).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from adapters.cxml.redact import redact
from hub.bus.message import Message
from hub.bus.publisher import Publisher
from hub.bus.topology import INBOUND
from hub.store import Store
from hub.store.archive import archive_put

RAW_CONTENT_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class Received:
    name: str
    data: bytes
    partner: str | None = None


def ingest_many(
    store: Store, publisher: Publisher, files: Sequence[Received], *, channel: str
) -> list[str]:
    """Archive and publish received files; returns their archive ids, in order."""
    with store.session() as session:
        ids = [
            archive_put(
                session, content=redact(f.data), direction="in", channel=channel, partner=f.partner
            )
            for f in files
        ]
    messages = []
    for raw_id, f in zip(ids, files, strict=True):
        headers = {"x-raw-id": raw_id, "x-file-name": f.name, "x-channel": channel}
        if f.partner:
            headers["x-partner"] = f.partner
        messages.append(
            Message(raw_id, INBOUND, f"raw.{channel}", f.data, headers, RAW_CONTENT_TYPE)
        )
    publisher.publish_many(messages)
    return ids


def ingest(
    store: Store,
    publisher: Publisher,
    data: bytes,
    *,
    channel: str,
    name: str,
    partner: str | None = None,
) -> str:
    """Archive and publish one received file; returns its archive id."""
    return ingest_many(store, publisher, [Received(name, data, partner)], channel=channel)[0]
