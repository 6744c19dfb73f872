"""RECADV <-> ReceiptAdvice (D96A / EANCOM 1997 and D01B / EANCOM 2002).

Why a receipt advice: the customer's own count of what arrived is what delivers an order.
Qualifiers, each from the UN/EDIFACT code list named:
- BGM 1001: 632 "Goods receipt" (written; EANCOM 2002), 352 "Receiving advice" (EANCOM
  1997's own code) read as well.
- DTM 2005: 50 "Goods receipt date/time" is the receipt date, 137 "Document/message date"
  its fallback.
- RFF 1153: ON "Order number (buyer)" is the purchase order; AAK "Despatch advice number"
  the DESADV the receipt answers. Inside a line, RFF+ON C506/1156 is the order line.
- NAD 3035: BY buyer, SU supplier, DP delivery party.
- QTY 6063: 194 "Received and accepted" is the canonical quantity, 48 "Received quantity"
  everything that arrived; 195/196 "Received, not accepted, to be returned / destroyed"
  (in QTY or, as EANCOM does, QVR C279 with a negative 6064) the rejected quantity.
- QVR 4221 (UNCL 4221 discrepancy): AF "Goods delivered damaged", AC "Over-shipped", CP
  "Shipment partial - considered complete" (BP "back order to follow" read as short);
  C960/4294 carries the reason as text (35 characters).
"""

from __future__ import annotations

from decimal import Decimal

from adapters.edifact import codes
from adapters.edifact.fields import (
    FieldError,
    Message,
    dtm,
    format_date,
    format_number,
    number,
    text,
)
from adapters.edifact.parts import (
    Out,
    add_contact,
    add_description,
    add_item_ids,
    file_party,
    render_item,
    render_party,
)
from adapters.edifact.syntax import RawSegment
from canonical import Item, Party, ReceiptAdvice, ReceivedLine, Reference

ROLES = {"BY": "buyer", "SU": "seller", "SE": "seller", "DP": "ship_to", "ST": "ship_to"}
RECEIVED = "48"  # UNCL 6063 received quantity
ACCEPTED = "194"  # UNCL 6063 received and accepted
NOT_ACCEPTED = ("195", "196")  # UNCL 6063 received, not accepted, to be returned / destroyed
CONDITIONS = {"AF": "damaged", "AC": "over", "CP": "short", "BP": "short"}  # UNCL 4221
CONDITION_CODES = {"damaged": "AF", "over": "AC", "short": "CP"}


def parse(msg: Message) -> ReceiptAdvice:
    """Map one RECADV; raises FieldError with the 0085 code on bad content."""
    bgm = msg.require("BGM")
    fields: dict[str, object] = {"receipt_number": text(bgm, 2, 1, max_len=35, required=True)}
    dates: dict[str, object] = {}
    parties: dict[str, Party] = {}
    references: list[Reference] = []
    lines: list[dict[str, object]] = []
    line: dict[str, object] | None = None
    party_key: str | None = None
    last_rff: str | None = None
    for seg in msg.segments:
        tag = seg.tag
        if tag == "LIN":
            line = {"line_number": text(seg, 1, max_len=6, required=True),
                    "item": add_item_ids(Item(), seg), "_qty": {}, "_lin": seg}  # fmt: skip
            lines.append(line)
        elif line is not None:
            _line_segment(line, seg)
        elif tag == "DTM" and last_rff is None:
            qualifier, start, _ = dtm(seg)
            if qualifier in ("50", "137"):
                dates.setdefault(qualifier, start)
        elif tag == "RFF":
            qualifier = text(seg, 1, 1, max_len=3, required=True) or ""
            value = text(seg, 1, 2, max_len=70, required=True) or ""
            if qualifier == "ON" and "po_number" not in fields:
                fields["po_number"] = value
            elif qualifier == "AAK" and "shipment_id" not in fields:
                fields["shipment_id"] = value
            else:
                references.append(Reference(qualifier=qualifier, value=value))
        elif tag == "NAD":
            party_key = file_party(parties, seg, ROLES)
        elif tag in ("CTA", "COM") and party_key:
            parties[party_key] = add_contact(parties[party_key], seg)
        if tag == "RFF":
            last_rff = seg.value(1, 1)
        elif tag != "DTM":
            last_rff = None
    if "po_number" not in fields:
        raise FieldError(
            codes.MISSING,
            "RFF+ON (the order received against) is missing",
            tag="RFF",
            number=msg.header.number + 2,
        )
    return ReceiptAdvice(
        **fields,  # type: ignore[arg-type]
        receipt_date=dates.get("50", dates.get("137")),  # type: ignore[arg-type]
        buyer=parties.get("buyer"),
        seller=parties.get("seller"),
        ship_to=parties.get("ship_to"),
        references=references,
        lines=[_make_line(ln) for ln in lines],
        source=msg.source,
    )


def _line_segment(line: dict[str, object], seg: RawSegment) -> None:
    """PIA/IMD/QTY/QVR/RFF inside a LIN group; quantities are summed per 6063 qualifier."""
    tag = seg.tag
    quantities: dict[str, Decimal] = line["_qty"]  # type: ignore[assignment]
    if tag == "PIA":
        line["item"] = add_item_ids(line["item"], seg)  # type: ignore[arg-type]
    elif tag == "IMD":
        line["item"] = add_description(line["item"], seg)  # type: ignore[arg-type]
    elif tag == "QTY":
        qualifier = text(seg, 1, 1, max_len=3, required=True) or ""
        value = number(seg, 1, 2, required=True) or Decimal(0)
        key = "not_accepted" if qualifier in NOT_ACCEPTED else qualifier
        quantities[key] = quantities.get(key, Decimal(0)) + abs(value)
        uom = text(seg, 1, 3, max_len=8)
        if uom and qualifier in (ACCEPTED, RECEIVED):
            line["uom"] = codes.unit(uom)
    elif tag == "QVR":
        variance = number(seg, 1, 1, required=True) or Decimal(0)
        if seg.value(1, 2).strip() in NOT_ACCEPTED or variance < 0:
            quantities["variance"] = quantities.get("variance", Decimal(0)) + abs(variance)
        discrepancy = text(seg, 2, 1, max_len=3)
        if discrepancy in CONDITIONS:
            line["condition"] = CONDITIONS[discrepancy]
        reason = text(seg, 3, 4, max_len=35)
        if reason:
            line["reason"] = reason
    elif tag == "RFF" and seg.value(1, 1) == "ON":
        order_line = text(seg, 1, 3, max_len=6)
        if order_line:
            line["line_number"] = order_line


def _make_line(line: dict[str, object]) -> ReceivedLine:
    """Accepted: QTY 194, else 48 less the refused. Refused: QVR, QTY 195/196, else 48 - 194."""
    lin: RawSegment = line.pop("_lin")  # type: ignore[assignment]
    quantities: dict[str, Decimal] = line.pop("_qty")  # type: ignore[assignment]
    rejected = quantities.get("variance", quantities.get("not_accepted"))
    accepted = quantities.get(ACCEPTED)
    received = quantities.get(RECEIVED)
    if accepted is None and received is None:
        raise FieldError(
            codes.MISSING,
            "line has no received quantity (QTY 194 or 48)",
            tag="QTY",
            number=lin.number,
        )
    if rejected is None and received is not None and accepted is not None:
        rejected = max(received - accepted, Decimal(0))
    rejected = rejected or Decimal(0)
    if accepted is None:
        accepted = max((received or Decimal(0)) - rejected, Decimal(0))
    line["quantity"], line["rejected_quantity"] = accepted, rejected
    if rejected and "condition" not in line:
        line["condition"] = "rejected"
    return ReceivedLine(**line)  # type: ignore[arg-type]


def render(receipt: ReceiptAdvice) -> list[Out]:
    """Body segments (between UNH and UNT) of a RECADV for ``receipt``."""
    out: list[Out] = [("BGM", ["632", receipt.receipt_number, "9"])]
    if receipt.receipt_date:
        for qualifier in ("137", "50"):
            out.append(("DTM", [[qualifier, format_date(receipt.receipt_date), "102"]]))
    out.append(("RFF", [["ON", receipt.po_number]]))
    if receipt.shipment_id:
        out.append(("RFF", [["AAK", receipt.shipment_id]]))
    for ref in receipt.references:
        out.append(("RFF", [[ref.qualifier, ref.value]]))
    for qualifier, party in (("BY", receipt.buyer), ("SU", receipt.seller),
                             ("DP", receipt.ship_to)):  # fmt: skip
        out += render_party(qualifier, party)
    out.append(("CPS", ["1"]))
    for index, line in enumerate(receipt.lines, 1):
        out += render_item(str(index), line.item)
        out.append(("QTY", [[ACCEPTED, format_number(line.quantity), line.uom]]))
        if line.rejected_quantity:
            received = line.quantity + line.rejected_quantity
            out.append(("QTY", [[RECEIVED, format_number(received), line.uom]]))
        if line.rejected_quantity or line.condition != "accepted" or line.reason:
            variance = format_number(-line.rejected_quantity)
            c960 = ["", "", "", (line.reason or "")[:35]]
            out.append(("QVR", [[variance, "195"], CONDITION_CODES.get(line.condition, ""), c960]))
        out.append(("RFF", [["ON", receipt.po_number, line.line_number]]))
    out.append(("CNT", [["2", str(len(receipt.lines))]]))
    return out
