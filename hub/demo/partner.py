"""A simulated fulfilment partner: reads what the hub sent it and answers like a real one.

It parses every file with the hub's own readers (as the partner's translator would),
then answers in its own standard: the functional acknowledgement, an order response
(suppliers and assemblers; with the rejections it was told to make) and a ship notice
with SSCC-labelled packages. Pure apart from its own counters: bytes in, files out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from adapters import registry
from adapters.reading import Envelope
from canonical import (
    FunctionalAck,
    Order,
    OrderLine,
    Package,
    ResponseLine,
    ShipNotice,
    ShippedLine,
)
from canonical.errors import DocumentError
from canonical.response import OrderResponse
from canonical.shipment import sscc_check_digit
from hub.partners import Partner, party_of

Reply = tuple[str, bytes]  # file name, content


@dataclass
class SimulatedPartner:
    partner: Partner
    hub: Partner
    reject_skus: set[str] = field(
        default_factory=set
    )  # lines with these SKUs are refused, once each
    short_skus: dict[str, Decimal] = field(
        default_factory=dict
    )  # SKU -> share confirmed, once each
    clock: datetime = field(default_factory=lambda: datetime.now(UTC))
    _counter: int = 0
    _packages: int = 0

    @property
    def standard(self) -> str:
        assert self.partner.outbound is not None
        return self.partner.outbound.standard

    def answer(self, name: str, data: bytes) -> list[Reply]:
        """Replies to one file the hub sent; a file it cannot read gets no reply."""
        return self.answer_all([(name, data)])

    def answer_all(self, files: list[tuple[str, bytes]]) -> list[Reply]:
        """Replies to a batch of files, as a partner's system that applies the latest state
        of each PO: lines cancelled by a later file in the batch are not shipped."""
        readings = []
        for name, data in files:
            try:
                readings.append(registry.read(data, name=name))
            except DocumentError:
                continue
        cancelled: dict[str, set[str] | None] = {}  # PO -> cancelled lines (None: all)
        for reading in readings:
            for doc in reading.documents:
                if isinstance(doc, Order) and doc.purpose == "cancel":
                    lines = {line.line_number for line in doc.lines}
                    cancelled[doc.po_number] = None if not lines or cancelled.get(doc.po_number, set()) is None else (
                        cancelled.get(doc.po_number, set()) | lines)  # fmt: skip
        replies: list[Reply] = []
        for reading in readings:
            orders = [doc for doc in reading.documents if isinstance(doc, Order)]
            if reading.ack is not None and orders:
                replies.append(self._ack(reading.ack))
            for order in orders:
                if order.purpose != "original" or cancelled.get(order.po_number, set()) is None:
                    continue  # a change or cancel: acknowledged above, nothing to ship
                gone = cancelled.get(order.po_number) or set()
                live = [line for line in order.lines if line.line_number not in gone]
                accepted = [
                    self._confirm(line)
                    for line in live
                    if not self._refuses(line.item.supplier_part)
                ]
                if not live:
                    continue
                if not self.partner.has_role("3pl"):
                    replies.append(
                        self._response(order.model_copy(update={"lines": live}), accepted)
                    )
                if accepted:
                    replies.append(self._ship_notice(order, accepted))
        return replies

    def _refuses(self, sku: str | None) -> bool:
        if sku in self.reject_skus:
            self.reject_skus.discard(sku)
            return True
        return False

    def _envelope(self) -> Envelope:
        self._counter += 1
        sender, sq = address(self.partner, self.standard)
        receiver, rq = address(self.hub, self.standard)
        return Envelope(
            sender=sender, sender_qualifier=sq, receiver=receiver, receiver_qualifier=rq,
            interchange_control=self._counter, group_control=self._counter if self.standard == "x12" else None,
            message_control=1, version=self.partner.outbound.version if self.partner.outbound else None,
            created=self.clock,
        )  # fmt: skip

    def _render(self, kind: str, document: object, message_type: str | None = None) -> Reply:
        envelope = self._envelope()
        content = registry.write(self.standard, document, envelope, message_type=message_type)  # type: ignore[arg-type]
        suffix = {"edifact": "edi", "x12": "x12"}.get(self.standard, "xml")
        return f"{self.partner.id}-{kind}-{envelope.interchange_control:05d}.{suffix}", content

    def _ack(self, ack: FunctionalAck) -> Reply:
        message_type = "CONTRL" if self.standard == "edifact" else "997"
        return self._render("ack", ack.model_copy(update={"ack_type": message_type}), message_type)

    def _confirm(self, line: OrderLine) -> OrderLine:
        """The line as this partner confirms it: all of it, or the share it was told to."""
        share = self.short_skus.pop(line.item.supplier_part or "", None)
        if share is None:
            return line
        return line.model_copy(update={"quantity": (line.quantity * share).to_integral_value()})

    def _response(self, order: Order, accepted: list[OrderLine]) -> Reply:
        ok = {line.line_number: line for line in accepted}
        promised = (self.clock + timedelta(days=3)).date()
        lines = []
        for line in order.lines:
            confirmed = ok.get(line.line_number)
            status = (
                "rejected"
                if confirmed is None
                else "changed"
                if confirmed.quantity < line.quantity
                else "accepted"
            )
            lines.append(
                ResponseLine(
                    line_number=line.line_number, item=line.item, status=status,
                    quantity=confirmed.quantity if confirmed else Decimal(0), ordered_quantity=line.quantity,
                    uom=line.uom, promised_date=promised if confirmed else None,
                    reason={"rejected": "out of stock", "changed": "short of stock"}.get(status),
                )
            )  # fmt: skip
        status = (
            "accepted"
            if all(line.status == "accepted" for line in lines)
            else "rejected"
            if not ok
            else "accepted_with_changes"
        )
        response = OrderResponse(
            response_number=f"R{order.po_number}"[:17], response_date=self.clock.date(), po_number=order.po_number,
            po_date=order.po_date, status=status, buyer=order.buyer, seller=order.seller, lines=lines,
        )  # fmt: skip
        return self._render("response", response)

    def _sscc(self) -> str:
        self._packages += 1
        body = f"0{int.from_bytes(self.partner.id.encode(), 'big') % 10**9:09d}{self._packages:07d}"
        return body + sscc_check_digit(body)

    def _ship_notice(self, order: Order, lines: list) -> Reply:  # type: ignore[type-arg]
        # ship_from is the partner itself, as in a real notice: a UBL DespatchAdvice names
        # its sender only by the DespatchSupplierParty's EndpointID (there is no envelope)
        shipped = [ShippedLine(line_number=line.line_number, item=line.item, quantity=line.quantity, uom=line.uom)
                   for line in lines]  # fmt: skip
        notice = ShipNotice(
            shipment_id=f"S{self.partner.id[:4].upper()}{self._counter + 1:06d}",
            notice_date=self.clock.date(), po_number=order.po_number, ship_date=self.clock.date(),
            estimated_delivery_date=(self.clock + timedelta(days=3)).date(), carrier="DHL",
            tracking_number=f"TRK{self._counter + 1:08d}", buyer=order.buyer, seller=order.seller,
            ship_from=party_of(self.partner), ship_to=order.ship_to,
            packages=[Package(sscc=self._sscc(), lines=shipped)],
        )  # fmt: skip
        message_type = "945" if self.partner.has_role("3pl") and self.standard == "x12" else None
        return self._render("shipnotice", notice, message_type)


def address(partner: Partner, standard: str) -> tuple[str, str | None]:
    found = partner.address(standard)
    if found is None:
        raise ValueError(f"{partner.id} has no {standard} identifier")
    return found
