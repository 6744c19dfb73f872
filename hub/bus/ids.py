"""Deterministic message ids: the same cause always yields the same id.

That is what makes a re-published outbox entry, a replayed message or a redelivery
recognisable downstream as the message already seen.
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6f1c9a52-3d1e-5b6e-9a51-0f4c1e0d7a11")


def derive_id(cause_id: str, *parts: object) -> str:
    """The id of the message that ``cause_id`` produces, told apart by ``parts``."""
    name = "\x1f".join([cause_id, *(str(p) for p in parts)])
    return str(uuid.uuid5(NAMESPACE, name))
