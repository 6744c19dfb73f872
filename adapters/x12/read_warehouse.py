"""940 warehouse shipping order -> Order (order_type "warehouse").

What a 3PL receives from the hub: W05 header, N1 parties, N9 references, G62 dates,
LX/W01/G69/N9 LI per line, W76 totals (checked against the lines).
"""

from __future__ import annotations

from decimal import Decimal

from adapters.x12.elements import Segment, SetReader
from adapters.x12.items import read_item
from adapters.x12.known import KNOWN_940, body
from adapters.x12.parties import PartyDraft, read_n1, read_party_detail
from adapters.x12.units import X12_TO_REC20
from canonical import Order, OrderLine, Reference, Source

_STATUS = {"N": "original", "R": "change", "F": "cancel", "C": "cancel"}
_ROLES = {
    "ST": "ship_to",
    "BT": "bill_to",
    "BY": "buyer",
    "DE": "buyer",
    "SF": "seller",
    "WH": "seller",
}


def read_940(r: SetReader, source: Source) -> Order | None:
    head: dict[str, object] = {"order_type": "warehouse"}
    refs: list[Reference] = []
    notes: list[str] = []
    parties: dict[str, PartyDraft] = {}
    party: PartyDraft | None = None
    lines: list[dict[str, object]] = []
    line: dict[str, object] | None = None
    total: tuple[int, Segment] | None = None
    for pos, seg, tag in body(r, KNOWN_940):
        if tag == "W05":
            head["purpose"] = r.code(pos, seg, 1, _STATUS, required=True) or "original"
            head["po_number"] = r.text(pos, seg, 2, required=True, max_len=22)
        elif tag == "N1" and line is None:
            r.loop = "N1"
            party = read_n1(r, pos, seg)
            role = _ROLES.get(party.role)
            if role:
                parties.setdefault(role, party)
        elif tag in ("N2", "N3", "N4", "PER") and party is not None and line is None:
            read_party_detail(r, pos, seg, party)
        elif tag == "N9":
            qualifier = r.text(pos, seg, 1, required=True, max_len=3)
            value = r.text(pos, seg, 2, max_len=50)
            if qualifier == "LI" and line is not None and value:
                line["line_number"] = value
            elif qualifier and value:
                refs.append(Reference(qualifier=qualifier, value=value))
        elif tag == "G62":
            qualifier = r.text(pos, seg, 1, required=True, max_len=2)
            when = r.date(pos, seg, 2, required=True)
            if qualifier == "04":
                head["po_date"] = when
            elif qualifier in ("02", "10"):
                head["requested_delivery_date"] = when
        elif tag == "NTE":
            text = r.text(pos, seg, 2, max_len=4096)
            if text:
                notes.append(text)
        elif tag == "W66":
            carrier = r.text(pos, seg, 10, max_len=4)
            if carrier:
                head["carrier"] = carrier
        elif tag == "LX":
            r.loop, party, line = "LX", None, None
        elif tag == "W01":
            line = _read_w01(r, pos, seg, len(lines) + 1)
            lines.append(line)
        elif tag == "G69" and line is not None:
            text = r.text(pos, seg, 1, max_len=45)
            if text:
                line["item"].description = text  # type: ignore[attr-defined]
        elif tag == "W76":
            total = (pos, seg)
    if "po_number" not in head:
        r.missing("W05", 2)
    if not lines and head.get("purpose") != "cancel":
        r.missing("W01", len(r.segments))
    if total is not None:
        declared = r.number(*total, 1, required=True)
        actual = sum((Decimal(str(x["quantity"])) for x in lines), Decimal(0))
        if declared is not None and declared != actual:
            r.element_error(total[0], total[1], 1, "7", f"W76 total {declared} but the lines add up to {actual}",
                            str(declared))  # fmt: skip
    if r.errors:
        return None
    for role, draft in parties.items():
        head[role] = draft.build()
    order_lines = [OrderLine(**data) for data in lines]  # type: ignore[arg-type]
    return Order(references=refs, notes=notes, lines=order_lines, source=source, **head)  # type: ignore[arg-type]


def _read_w01(r: SetReader, pos: int, seg: Segment, index: int) -> dict[str, object]:
    quantity = r.number(pos, seg, 1, required=True)
    unit = r.text(pos, seg, 2, required=True, max_len=2) or "EA"
    rec20 = X12_TO_REC20.get(unit)
    if rec20 is None:
        r.element_error(pos, seg, 2, "7", f"unit {unit!r} is not an X12 unit code", unit)
    upc = r.text(pos, seg, 3, max_len=12)
    item = read_item(r, pos, seg, 4)
    if upc and item.gtin is None:
        item.gtin = upc
    return {
        "line_number": str(index),
        "item": item,
        "quantity": quantity or Decimal(0),
        "uom": rec20 or "EA",
    }
