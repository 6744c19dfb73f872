"""Functional acknowledgements (CONTRL, 997, 999, TA1), received or sent.

The same model describes the hub's verdict on what it received (rendered as the ack it
sends) and a partner's verdict on what the hub sent (read from the ack it receives).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from canonical.base import CanonicalModel, Versioned
from canonical.order import Source

AckStatus = Literal["accepted", "accepted_with_errors", "partially_accepted", "rejected"]


class AckError(CanonicalModel):
    code: str  # the standard's code: EDIFACT 0085, X12 AK304/AK403/IK304/IK403, TA105
    message: str
    segment_tag: str | None = None
    segment_position: int | None = None  # within the message, header = 1
    element: int | None = None
    component: int | None = None
    repetition: int | None = None
    value: str | None = None
    loop_id: str | None = None  # X12 loop of the segment, for AK3/IK3
    xpath: str | None = None


class MessageAck(CanonicalModel):
    message_ref: str  # UNH 0062 / ST02
    message_type: str  # ORDERS / 850
    status: AckStatus
    errors: list[AckError] = Field(default_factory=list)


class GroupAck(CanonicalModel):
    group_control: str | None = None  # UNG 0048 / GS06; None for EDIFACT without groups
    functional_id: str | None = None  # GS01 (PO, IN, SH...) or UNG 0038
    version: str | None = None  # GS08
    status: AckStatus
    received: int = 0
    accepted: int = 0
    errors: list[AckError] = Field(default_factory=list)  # AK9 / UCF codes
    messages: list[MessageAck] = Field(default_factory=list)


class FunctionalAck(Versioned):
    type: Literal["functional_ack"] = "functional_ack"
    id: str | None = None
    standard: str  # edifact, x12
    version: str | None = None  # syntax version of the acknowledged interchange
    ack_type: str | None = None  # CONTRL, 997, 999, TA1
    # the acknowledged interchange
    sender: str | None = None
    sender_qualifier: str | None = None
    receiver: str | None = None
    receiver_qualifier: str | None = None
    interchange_control: str | None = None
    interchange_date: str | None = None  # as in the envelope (YYMMDD / CCYYMMDD)
    interchange_time: str | None = None
    status: AckStatus
    errors: list[AckError] = Field(default_factory=list)  # interchange level (UCI / TA1)
    groups: list[GroupAck] = Field(default_factory=list)
    source: Source | None = None  # set when the ack itself was received

    def messages(self) -> list[MessageAck]:
        return [m for g in self.groups for m in g.messages]
