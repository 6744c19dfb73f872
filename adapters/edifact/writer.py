"""Canonical documents -> EDIFACT interchange bytes (UNA, UNB, [UNG], UNH..UNT, [UNE], UNZ).

Pure: the caller passes control numbers and the clock in the Envelope, so the same inputs
always give the same bytes. UNA is always written; syntax 4 declares '*' as repetition
separator (and escapes it), earlier versions leave UNA5 as a space.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from adapters.edifact import contrl, desadv, invrpt, orders, ordrsp, recadv
from adapters.edifact.parts import Out
from adapters.edifact.syntax import ENCODINGS, Delimiters, escape
from adapters.reading import Envelope, Reading
from canonical import (
    FunctionalAck,
    InventoryReport,
    Order,
    OrderResponse,
    ReceiptAdvice,
    ShipNotice,
)
from canonical.base import Versioned

WRITABLE = (Order, OrderResponse, ShipNotice, InventoryReport, ReceiptAdvice, FunctionalAck)


def _syntax(envelope: Envelope) -> tuple[str, str]:
    """Syntax identifier and version: "UNOC" or "UNOC:4"; UTF-8 levels need version 4."""
    ident, _, version = (envelope.syntax or "UNOC").upper().partition(":")
    if ident not in ENCODINGS:
        raise ValueError(f"unsupported EDIFACT syntax identifier {ident!r}")
    return ident, version or ("4" if ident in ("UNOW", "UNOY") else "3")


def _directory(envelope: Envelope) -> tuple[str, str]:
    version = (envelope.version or "D96A").upper()
    if len(version) != 4 or version[0] != "D":
        raise ValueError(f"EDIFACT directory {envelope.version!r} is not like D96A")
    return version[0], version[1:]


def message_type_for(document: Versioned, message_type: str | None = None) -> str:
    if isinstance(document, Order):
        if message_type in ("ORDERS", "ORDCHG"):
            return message_type
        return "ORDERS" if document.purpose == "original" else "ORDCHG"
    for cls, name in (
        (OrderResponse, "ORDRSP"),
        (ShipNotice, "DESADV"),
        (InventoryReport, "INVRPT"),
        (ReceiptAdvice, "RECADV"),
        (FunctionalAck, "CONTRL"),
    ):
        if isinstance(document, cls):
            return name
    raise ValueError(f"no EDIFACT message for {type(document).__name__}")


def body(
    document: Versioned, message_type: str, directory: tuple[str, str] = ("D", "96A")
) -> list[Out]:
    """The segments between UNH and UNT."""
    if isinstance(document, Order):
        return orders.render(document, message_type)
    if isinstance(document, OrderResponse):
        return ordrsp.render(document)
    if isinstance(document, ShipNotice):
        return desadv.render(document)
    if isinstance(document, InventoryReport):
        return invrpt.render(document)
    if isinstance(document, ReceiptAdvice):
        return recadv.render(document)
    if isinstance(document, FunctionalAck):
        return contrl.render(document, [directory[0], directory[1], "UN"])
    raise ValueError(f"no EDIFACT message for {type(document).__name__}")


def segment_text(tag: str, elements: list[str | list[str]], d: Delimiters) -> str:
    parts = [tag]
    for element in elements:
        if isinstance(element, list):
            comps = [escape(c or "", d) for c in element]
            while comps and comps[-1] == "":
                comps.pop()
            parts.append(d.component.join(comps))
        else:
            parts.append(escape(element or "", d))
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return d.data.join(parts) + d.terminator


class InterchangeWriter:
    """Builds one interchange message by message (the benchmark streams 100 MB through it)."""

    def __init__(self, envelope: Envelope) -> None:
        self.envelope = envelope
        self.ident, self.version = _syntax(envelope)
        self.d = Delimiters(repetition="*" if self.version == "4" else None)
        self.encoding = ENCODINGS[self.ident]
        self.directory = _directory(envelope)
        self.next_ref = envelope.message_control or 1
        self.messages = 0

    def _stamp(self, fallback: date | None) -> tuple[str, str]:
        created = self.envelope.created or datetime.combine(
            fallback or date(2000, 1, 1), datetime.min.time()
        )
        day = created.strftime("%Y%m%d" if self.version == "4" else "%y%m%d")
        return day, created.strftime("%H%M")

    def _encode(self, text: str) -> bytes:
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            bad = text[exc.start : exc.end]
            raise ValueError(
                f"{bad!r} cannot be written in syntax {self.ident} ({self.encoding})"
            ) from exc

    def header(self, fallback: date | None = None, group_type: str = "") -> bytes:
        env = self.envelope
        day, time = self._stamp(fallback)
        unb: list[str | list[str]] = [
            [self.ident, self.version],
            [env.sender, env.sender_qualifier or ""],
            [env.receiver, env.receiver_qualifier or ""],
            [day, time],
            str(env.interchange_control),
            "",
            "",
            "",
            "1" if env.ack_requested else "",
            "",
            "1" if env.test else "",
        ]
        text = self.d.una() + segment_text("UNB", unb, self.d)
        if env.group_control is not None:
            text += segment_text(
                "UNG",
                [
                    group_type,
                    [env.app_sender or env.sender, env.sender_qualifier or ""],
                    [env.app_receiver or env.receiver, env.receiver_qualifier or ""],
                    [day, time],
                    str(env.group_control),
                    "UN",
                    [self.directory[0], self.directory[1]],
                ],
                self.d,
            )
        return self._encode(text)

    def message(self, document: Versioned, message_type: str | None = None) -> bytes:
        mtype = message_type_for(document, message_type)
        ref = str(self.next_ref)
        self.next_ref += 1
        self.messages += 1
        if mtype == "CONTRL":
            s009 = ["CONTRL", "4", "1", "UN"] if self.version == "4" else ["CONTRL", "D", "3", "UN"]
        else:
            s009 = [mtype, self.directory[0], self.directory[1], "UN"]
            if self.envelope.association_code:
                s009.append(self.envelope.association_code)
        segments = [("UNH", [ref, s009]), *body(document, mtype, self.directory)]
        segments.append(("UNT", [str(len(segments) + 1), ref]))
        return self._encode(
            "".join(segment_text(tag, elements, self.d) for tag, elements in segments)
        )

    def trailer(self) -> bytes:
        env = self.envelope
        text = ""
        count = str(self.messages)
        if env.group_control is not None:
            text += segment_text("UNE", [count, str(env.group_control)], self.d)
            count = "1"
        text += segment_text("UNZ", [count, str(env.interchange_control)], self.d)
        return self._encode(text)


def _date_of(document: Versioned) -> date | None:
    for name in ("po_date", "response_date", "notice_date", "report_date", "receipt_date"):
        value = getattr(document, name, None)
        if isinstance(value, date):
            return value
    return None


def write_many(
    documents: Iterable[Versioned], envelope: Envelope, *, message_type: str | None = None
) -> bytes:
    """One interchange holding one message per document, refs from envelope.message_control."""
    docs = list(documents)
    writer = InterchangeWriter(envelope)
    first = docs[0] if docs else None
    group_type = message_type_for(first, message_type) if first is not None else ""
    parts = [writer.header(_date_of(first) if first is not None else None, group_type)]
    parts += [writer.message(doc, message_type) for doc in docs]
    parts.append(writer.trailer())
    return b"".join(parts)


def write(document: Versioned, envelope: Envelope, *, message_type: str | None = None) -> bytes:
    """One document as one interchange: Order -> ORDERS/ORDCHG, OrderResponse -> ORDRSP,
    ShipNotice -> DESADV, InventoryReport -> INVRPT, ReceiptAdvice -> RECADV,
    FunctionalAck -> CONTRL.

    ``message_type="ORDERS"`` writes a change or cancel as ORDERS with BGM 1225 5 / 1
    instead of ORDCHG.
    """
    return write_many([document], envelope, message_type=message_type)


def contrl_for(reading: Reading, envelope: Envelope) -> bytes:
    """The CONTRL the hub sends for what it read (the caller swaps sender and receiver)."""
    if reading.ack is None:
        raise ValueError("this reading has no acknowledgement to send")
    return write(reading.ack, envelope)
