"""Rendering a canonical document for one partner: envelope, control numbers, bytes.

The one place that turns "this document, for that partner" into bytes: the dispatcher
uses it for everything it sends and `orderhub ack` for the acknowledgement it prints.
Control numbers come from the store's per-partner counters inside the caller's
transaction, so a number is never used twice, even by two replicas.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from adapters import registry
from adapters.reading import Envelope
from canonical import FunctionalAck
from canonical.base import Versioned
from canonical.errors import ConfigError
from hub.partners import Partner, PartnerDirectory
from hub.store.counters import next_control_numbers

_EXTENSION = {"edifact": "edi", "x12": "x12", "cxml": "xml", "ubl": "xml"}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    standard: str
    message_type: str | None
    envelope: Envelope
    partner: str

    @property
    def file_name(self) -> str:
        kind = (self.message_type or "doc").lower()
        return f"{self.partner}-{kind}-{self.envelope.interchange_control:09d}.{_EXTENSION[self.standard]}"


def _counter_key(partner: Partner | None, standard: str, receiver: str) -> str:
    return partner.id if partner else f"{standard}:{receiver}"


def envelope_for(
    session: Session,
    directory: PartnerDirectory,
    partner: Partner | None,
    standard: str,
    *,
    now: datetime,
    receiver: tuple[str, str | None] | None = None,
    version: str | None = None,
) -> Envelope:
    """Addressing from the profiles (us as sender) and fresh control numbers."""
    us = directory.self_partner
    out = partner.outbound if partner else None
    ours = us.address(standard)
    if ours is None:
        raise ConfigError(
            f"config/partners/{us.id}.yaml",
            f"identifiers.{standard}",
            f"the hub has no {standard} id",
        )
    sender, sender_q = ours
    to = receiver or (partner.address(standard) if partner else None)
    if to is None:
        who = partner.id if partner else "the receiver"
        raise ConfigError(
            f"config/partners/{who}.yaml",
            f"identifiers.{standard}",
            f"no {standard} identifier to address",
        )
    x12_ids = partner.identifiers.x12 if partner and standard == "x12" else None
    app_receiver = (x12_ids.gs_id or x12_ids.isa_id) if x12_ids else None
    key = _counter_key(partner, standard, to[0])
    enveloped = standard in ("edifact", "x12")
    # EDIFACT interchanges go without UNG functional groups, as partners expect them
    kinds = (
        ["interchange"]
        + (["group"] if standard == "x12" else [])
        + (["message"] if enveloped else [])
    )
    numbers = next_control_numbers(session, key, kinds)
    interchange = numbers["interchange"]
    group = numbers.get("group")
    message = numbers.get("message")
    return Envelope(
        sender=sender,
        sender_qualifier=sender_q,
        receiver=to[0],
        receiver_qualifier=to[1],
        interchange_control=interchange,
        group_control=group,
        message_control=message,
        app_sender=(us.identifiers.x12.gs_id if standard == "x12" and us.identifiers.x12 else None),
        app_receiver=app_receiver or (to[0] if standard == "x12" else None),
        version=version or (out.version if out and out.standard == standard else None),
        syntax=out.syntax if out and out.standard == standard else None,
        association_code=out.association_code if out and out.standard == standard else None,
        test=bool(out and out.test),
        created=now,
    )


def ack_message_type(ack: FunctionalAck, partner: Partner | None) -> str:
    """TA1 for a broken X12 envelope; else the partner's choice, else what the reader chose."""
    if ack.standard == "edifact":
        return "CONTRL"
    if ack.errors and not ack.groups:
        return "TA1"
    chosen = partner.ack.type if partner else "auto"
    if chosen in ("997", "999"):
        return chosen
    return ack.ack_type or ("999" if (ack.version or "").startswith("005") else "997")


def render_ack(
    session: Session, directory: PartnerDirectory, ack: FunctionalAck, *, now: datetime
) -> Rendered:
    """Our acknowledgement of what a partner sent: in the standard they sent, back to them."""
    partner = directory.find(ack.standard, ack.sender)
    message_type = ack_message_type(ack, partner)
    version = None
    if ack.standard == "x12":
        version = ack.version if message_type != "TA1" else None
    envelope = envelope_for(
        session,
        directory,
        partner,
        ack.standard,
        now=now,
        receiver=(ack.sender or "", ack.sender_qualifier),
        version=version,
    )
    document = ack.model_copy(update={"ack_type": message_type})
    content = registry.write(ack.standard, document, envelope, message_type=message_type)
    return Rendered(
        content,
        ack.standard,
        message_type,
        envelope,
        partner.id if partner else (ack.sender or "unknown"),
    )


def render_document(
    session: Session,
    directory: PartnerDirectory,
    partner: Partner,
    document: Versioned,
    *,
    now: datetime,
    message_type: str | None = None,
) -> Rendered:
    """A business document in the partner's own standard and version."""
    if partner.outbound is None:
        raise ConfigError(
            f"config/partners/{partner.id}.yaml", "outbound", "no outbound channel to send on"
        )
    standard = partner.outbound.standard
    envelope = envelope_for(session, directory, partner, standard, now=now)
    content = registry.write(standard, document, envelope, message_type=message_type)
    kind = message_type or getattr(document, "type", "doc")
    return Rendered(content, standard, kind, envelope, partner.id)
