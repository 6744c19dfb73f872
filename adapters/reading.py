"""What every reader returns, and what every writer is given.

A reader never stops at the first broken message: it reads every message it can and
records the rest, so the hub can accept the good ones and reject the broken one alone
in its functional acknowledgement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from canonical import DocumentError, FunctionalAck
from canonical.base import Versioned

MAX_DOCUMENT_BYTES = 100 * 1024 * 1024  # default size limit; settings may lower it


@dataclass
class Reading:
    """The outcome of reading one inbound file (interchange, XML document or e-mail).

    ``documents`` are the canonical documents of every message that could be read.
    ``errors`` are every problem found, each naming its position and standard code;
    a message with an error contributes no document.
    ``ack`` is the hub's verdict on the interchange (EDIFACT and X12 only), from which
    CONTRL / 997 / 999 / TA1 are rendered; ``None`` for standards without one.
    """

    standard: str
    documents: list[Versioned] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)
    ack: FunctionalAck | None = None
    sender: str | None = None
    receiver: str | None = None
    interchange_control: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Envelope:
    """Addressing and control numbers for one outbound interchange.

    Writers are pure: the caller allocates control numbers (from the store's per-partner
    counters) and passes them in, so the same inputs always render the same bytes.
    """

    sender: str
    receiver: str
    interchange_control: int
    sender_qualifier: str | None = None  # UNB 0007 / ISA05
    receiver_qualifier: str | None = None  # UNB 0010 / ISA07
    group_control: int | None = None  # defaults to interchange_control
    message_control: int | None = None  # first message ref; defaults to 1
    app_sender: str | None = None  # GS02 / UNG; defaults to sender
    app_receiver: str | None = None  # GS03; defaults to receiver
    version: str | None = None  # D96A / D01B / 004010 / 005010 / cXML 1.2.063 / UBL 2.1
    syntax: str | None = None  # UNOA..UNOY (EDIFACT syntax identifier)
    association_code: str | None = None  # EDIFACT 0057, e.g. EAN008 for EANCOM
    test: bool = False
    created: datetime | None = None  # defaults to a fixed clock supplied by the caller
    ack_requested: bool = False  # UNB 0031 / ISA14
