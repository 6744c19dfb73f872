"""Taking bytes in from any channel: archive every byte first, then publish with confirms.

The channel may let go of the file only after this returns: the bytes are in the
archive and the broker has confirmed the message, so nothing received is ever lost.
The message id is the archive id, so a resubmitted file is a new reception that the
intake flags as a duplicate interchange rather than a message the inbox swallows.
"""

from __future__ import annotations

from hub.bus.publisher import Publisher
from hub.bus.topology import INBOUND
from hub.store import Store
from hub.store.archive import archive_put

RAW_CONTENT_TYPE = "application/octet-stream"


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
    with store.session() as session:
        raw_id = archive_put(
            session, content=data, direction="in", channel=channel, partner=partner
        )
    headers = {"x-raw-id": raw_id, "x-file-name": name, "x-channel": channel}
    if partner:
        headers["x-partner"] = partner
    publisher.publish(
        INBOUND,
        f"raw.{channel}",
        data,
        message_id=raw_id,
        headers=headers,
        content_type=RAW_CONTENT_TYPE,
    )
    return raw_id
