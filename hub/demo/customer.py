"""A simulated customer: counts in what the hub's ship notices announced and says so.

It reads the ship notices the hub sent it with the hub's own readers (as the customer's
translator would) and answers each with a receipt advice in its own standard: every
shipped line received in full, unless told to refuse part of an item as damaged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from adapters import registry
from adapters.reading import Envelope
from canonical import ReceiptAdvice, ReceivedLine, ShipNotice
from canonical.errors import DocumentError
from hub.demo.partner import Reply, address
from hub.partners import Partner


@dataclass
class SimulatedCustomer:
    partner: Partner
    hub: Partner
    damaged: dict[str, Decimal] = field(default_factory=dict)  # item -> units refused, once
    clock: datetime = field(default_factory=lambda: datetime.now(UTC))
    _counter: int = 0

    @property
    def standard(self) -> str:
        assert self.partner.outbound is not None
        return self.partner.outbound.standard

    def answer_all(self, files: list[tuple[str, bytes]]) -> list[Reply]:
        """One receipt advice per ship notice; other files (responses, acks) need none."""
        replies = []
        for name, data in files:
            try:
                reading = registry.read(data, name=name)
            except DocumentError:
                continue
            for doc in reading.documents:
                if isinstance(doc, ShipNotice):
                    replies.append(self._receipt(doc))
        return replies

    def _receipt(self, notice: ShipNotice) -> Reply:
        lines = []
        for shipped in notice.shipped_lines():
            ids = (shipped.item.buyer_part, shipped.item.supplier_part, shipped.item.gtin)
            part = next((i for i in ids if i in self.damaged), "")
            bad = min(self.damaged.pop(part, Decimal(0)), shipped.quantity)
            lines.append(
                ReceivedLine(
                    line_number=shipped.line_number,
                    item=shipped.item,
                    uom=shipped.uom,
                    quantity=shipped.quantity - bad,
                    rejected_quantity=bad,
                    condition="damaged" if bad else "accepted",
                    reason="damaged" if bad else None,
                )  # fmt: skip
            )
        self._counter += 1
        advice = ReceiptAdvice(
            receipt_number=f"GR{self.partner.id[:4].upper()}{self._counter:06d}",
            receipt_date=self.clock.date(), po_number=notice.po_number,
            shipment_id=notice.shipment_id, buyer=notice.buyer, seller=notice.seller,
            ship_to=notice.ship_to, lines=lines,
        )  # fmt: skip
        envelope = self._envelope()
        content = registry.write(self.standard, advice, envelope, **self._options())
        suffix = {"edifact": "edi", "x12": "x12"}.get(self.standard, "xml")
        return f"{self.partner.id}-receipt-{self._counter:05d}.{suffix}", content

    def _envelope(self) -> Envelope:
        sender, sq = address(self.partner, self.standard)
        receiver, rq = address(self.hub, self.standard)
        return Envelope(
            sender=sender, sender_qualifier=sq, receiver=receiver, receiver_qualifier=rq,
            interchange_control=900000 + self._counter,
            group_control=900000 + self._counter if self.standard == "x12" else None,
            message_control=1, created=self.clock,
            version=self.partner.outbound.version if self.partner.outbound else None,
        )  # fmt: skip

    def _options(self) -> dict[str, str]:
        """A cXML customer signs with its shared secret, as its procurement system would."""
        ids = self.partner.identifiers.cxml
        if self.standard == "cxml" and ids is not None and ids.shared_secret_env:
            return {"shared_secret": os.environ.get(ids.shared_secret_env, "")}
        return {}
