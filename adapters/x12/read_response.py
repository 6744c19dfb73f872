"""855 purchase order acknowledgment -> OrderResponse."""

from __future__ import annotations

from decimal import Decimal

from adapters.x12.codes import LINE_STATUS, RESPONSE_STATUS
from adapters.x12.elements import Segment, SetReader
from adapters.x12.items import read_item
from adapters.x12.known import KNOWN_855, body
from adapters.x12.parties import PartyDraft, read_n1, read_party_detail
from adapters.x12.units import X12_TO_REC20
from canonical import OrderResponse, Reference, ResponseLine, Source

_ROLES = {"BY": "buyer", "ST": "ship_to", "SE": "seller", "SU": "seller", "VN": "seller"}


def read_response(r: SetReader, source: Source) -> OrderResponse | None:
    head: dict[str, object] = {}
    refs: list[Reference] = []
    notes: list[str] = []
    parties: dict[str, PartyDraft] = {}
    party: PartyDraft | None = None
    lines: list[dict[str, object]] = []
    line: dict[str, object] | None = None
    for pos, seg, tag in body(r, KNOWN_855):
        if tag == "BAK":
            head["status"] = r.code(pos, seg, 2, RESPONSE_STATUS, required=True)
            head["po_number"] = r.text(pos, seg, 3, required=True, max_len=22)
            head["po_date"] = r.date(pos, seg, 4, required=True)
            head["response_number"] = r.text(pos, seg, 8, max_len=22)
            head["response_date"] = r.date(pos, seg, 9)
        elif tag == "CUR":
            head["currency"] = r.text(pos, seg, 2, required=True, max_len=3)
        elif tag == "REF" and line is None and party is None:
            qualifier, value = r.text(pos, seg, 1, required=True), r.text(pos, seg, 2, max_len=50)
            if qualifier and value:
                refs.append(Reference(qualifier=qualifier, value=value))
        elif tag == "N1" and line is None:
            r.loop = "N1"
            party = read_n1(r, pos, seg)
            if party.role in _ROLES:
                parties.setdefault(_ROLES[party.role], party)
        elif tag in ("N2", "N3", "N4", "PER") and party is not None and line is None:
            read_party_detail(r, pos, seg, party)
        elif tag == "PO1":
            r.loop, party = "PO1", None
            line = _read_po1(r, pos, seg, len(lines) + 1)
            lines.append(line)
        elif tag == "PID" and line is not None:
            text = r.text(pos, seg, 5, max_len=80)
            if text:
                line["item"].description = text  # type: ignore[attr-defined]
        elif tag == "ACK" and line is not None:
            r.loop = "ACK"
            _read_ack(r, pos, seg, line)
        elif tag in ("NTE", "MSG"):
            text = r.text(pos, seg, 2 if tag == "NTE" else 1, max_len=4096)
            if text and line is not None:
                line["reason"] = text
            elif text:
                notes.append(text)
        elif tag == "CTT":
            r.loop = "CTT"
            stated = r.number(pos, seg, 1, required=True, integer=True)
            if stated is not None and stated != len(lines):
                r.element_error(pos, seg, 1, "7", f"CTT01 says {stated}, the set has {len(lines)}",
                                seg[1])  # fmt: skip
    if "po_number" not in head:
        r.missing("BAK", 2)
    if r.errors:
        return None
    for role, draft in parties.items():
        head[role] = draft.build()
    out_lines = []
    for data in lines:
        data.setdefault("quantity", data.get("ordered_quantity") or Decimal(0))
        data.setdefault("status", "accepted")
        if data["status"] == "rejected" and "ack_quantity" not in data:
            data["quantity"] = Decimal(0)
        data.pop("ack_quantity", None)
        out_lines.append(ResponseLine(**data))  # type: ignore[arg-type]
    clean = {k: v for k, v in head.items() if v is not None}
    return OrderResponse(references=refs, notes=notes, lines=out_lines, source=source, **clean)  # type: ignore[arg-type]


def _unit(r: SetReader, pos: int, seg: Segment, n: int) -> str | None:
    unit = r.text(pos, seg, n, max_len=2)
    if unit is None:
        return None
    rec20 = X12_TO_REC20.get(unit)
    if rec20 is None:
        r.element_error(pos, seg, n, "7", f"unit {unit!r} is not an X12 unit code", unit)
    return rec20


def _read_po1(r: SetReader, pos: int, seg: Segment, index: int) -> dict[str, object]:
    line: dict[str, object] = {"line_number": r.text(pos, seg, 1, max_len=20) or str(index)}
    ordered = r.number(pos, seg, 2)
    if ordered is not None:
        line["ordered_quantity"] = ordered
    unit = _unit(r, pos, seg, 3)
    if unit:
        line["uom"] = unit
    price = r.number(pos, seg, 4)
    if price is not None:
        line["unit_price"] = price
    line["item"] = read_item(r, pos, seg, 6)
    return line


def _read_ack(r: SetReader, pos: int, seg: Segment, line: dict[str, object]) -> None:
    """The first ACK of a line sets its status; later ones (split schedules) add quantity."""
    status = r.code(pos, seg, 1, LINE_STATUS, required=True)
    quantity = r.number(pos, seg, 2)
    _unit(r, pos, seg, 3)
    r.text(pos, seg, 4, max_len=3)
    promised = r.date(pos, seg, 5)
    if "status" in line:
        if quantity is not None:
            line["quantity"] = line.get("quantity", Decimal(0)) + quantity  # type: ignore[operator]
        return
    if status:
        line["status"] = status
    if quantity is not None:
        line["quantity"] = quantity
        line["ack_quantity"] = True
    if promised:
        line["promised_date"] = promised
