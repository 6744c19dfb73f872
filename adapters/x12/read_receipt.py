"""861 receiving advice / acceptance certificate -> ReceiptAdvice.

Why: the customer's receiving count is what delivers an order. Element use (X12 4010/5010):
- BRA01 receipt number, BRA02 date the advice was made (the receipt date unless a DTM*050
  "Received" says otherwise), BRA03 purpose (353), BRA04 type (962; "8" is an acceptance
  certificate, where units received are units accepted), BRA06 a receiving condition (412)
  for lines that give none.
- PRF01 the purchase order; REF*MA "Ship Notice/Manifest Number" (128) the 856 BSN02 the
  receipt answers; other REFs are references.
- RCD02 units received or accepted, RCD03 their unit (C001), RCD04 units returned (the
  rejected quantity), RCD06..RCD20 quantities in question with their receiving condition
  code (412); LIN01 the purchase order line, LIN02.. the item ids; PID*F the description;
  REF*L1 (letters or notes) REF03 the line's reason; CTT01 the number of RCD loops, CTT02
  the hash total of RCD02.
"""

from __future__ import annotations

from decimal import Decimal

from adapters.x12.codes import PURPOSE, RECEIVING_CONDITION, RECEIVING_CONDITION_CODES
from adapters.x12.elements import Segment, SetReader
from adapters.x12.items import read_item
from adapters.x12.known import KNOWN_861, body
from adapters.x12.parties import PartyDraft, read_n1, read_party_detail
from adapters.x12.units import X12_TO_REC20
from canonical import Item, ReceiptAdvice, ReceivedLine, Reference, Source

_ROLES = {"BY": "buyer", "ST": "ship_to", "SE": "seller", "SU": "seller", "VN": "seller"}
_RECEIVED = "050"  # DTM01 (374) Received
SHIP_NOTICE = "MA"  # REF01 (128) Ship Notice/Manifest Number
NOTES = "L1"  # REF01 (128) Letters or Notes


class _Draft:
    """What a receiving advice accumulates while its segments are read."""

    def __init__(self) -> None:
        self.head: dict[str, object] = {}
        self.refs: list[Reference] = []
        self.parties: dict[str, PartyDraft] = {}
        self.party: PartyDraft | None = None
        self.lines: list[dict[str, object]] = []
        self.line: dict[str, object] | None = None
        self.ctt: tuple[int, Segment] | None = None
        self.condition: str | None = None  # BRA06, for lines without a condition of their own


def read_861(r: SetReader, source: Source) -> ReceiptAdvice | None:
    """Maps an 861; returns None when any error was recorded (the set is rejected)."""
    d = _Draft()
    for pos, seg, tag in body(r, KNOWN_861):
        if tag == "BRA":
            _read_bra(r, pos, seg, d)
        elif tag == "DTM" and d.line is None:
            qualifier = r.text(pos, seg, 1, required=True, max_len=3)
            when = r.date(pos, seg, 2, required=True)
            if qualifier == _RECEIVED and when is not None:
                d.head["received"] = when
        elif tag == "PRF" and d.line is None:
            po_number = r.text(pos, seg, 1, required=True, max_len=22)
            r.date(pos, seg, 4)
            if po_number and d.head.get("po_number"):
                d.refs.append(Reference(qualifier="PO", value=po_number))
            else:
                d.head["po_number"] = po_number  # None: PRF01 already reported
        elif tag == "REF":
            _read_ref(r, pos, seg, d)
        elif tag == "N1" and d.line is None:
            r.loop = "N1"
            d.party = read_n1(r, pos, seg)
            if d.party.role in _ROLES:
                d.parties.setdefault(_ROLES[d.party.role], d.party)
        elif tag in ("N2", "N3", "N4", "PER") and d.party is not None and d.line is None:
            read_party_detail(r, pos, seg, d.party)
        elif tag == "RCD":
            r.loop, d.party = "RCD", None
            d.line = _read_rcd(r, pos, seg, len(d.lines) + 1)
            d.lines.append(d.line)
        elif tag == "LIN" and d.line is not None:
            d.line["item"] = read_item(r, pos, seg, 2)
            order_line = r.text(pos, seg, 1, max_len=20)
            if order_line:
                d.line["line_number"] = order_line
        elif tag == "PID" and d.line is not None:
            text = r.text(pos, seg, 5, max_len=80)
            if text:
                d.line["item"].description = text  # type: ignore[attr-defined]
        elif tag == "CTT":
            r.loop = "CTT"
            d.ctt = (pos, seg)
    return _finish(r, d, source)


def _read_bra(r: SetReader, pos: int, seg: Segment, d: _Draft) -> None:
    """BRA: number and date kept, purpose and type checked (nothing canonical depends on them)."""
    if pos != 2:
        r.segment_error(pos, "BRA", "7", "BRA must follow ST")
    d.head["receipt_number"] = r.text(pos, seg, 1, required=True, max_len=30)
    d.head["created"] = r.date(pos, seg, 2, required=True)
    r.code(pos, seg, 3, PURPOSE, required=True)
    r.text(pos, seg, 4, required=True, max_len=1)
    r.time(pos, seg, 5)
    code = r.code(pos, seg, 6, RECEIVING_CONDITION_CODES)
    d.condition = RECEIVING_CONDITION.get(code or "")


def _read_ref(r: SetReader, pos: int, seg: Segment, d: _Draft) -> None:
    """Header REF: MA is the ship notice answered; inside an RCD loop REF*L1 is the reason."""
    qualifier = r.text(pos, seg, 1, required=True, max_len=3)
    value = r.text(pos, seg, 2, max_len=50)
    if d.line is not None:
        note = r.text(pos, seg, 3, max_len=80)
        if qualifier == NOTES and (note or value):
            d.line["reason"] = note or value
        return
    if d.party is not None or not qualifier or not value:
        return  # an N1 loop's own REF says something about the party, not the receipt
    if qualifier == SHIP_NOTICE and "shipment_id" not in d.head:
        d.head["shipment_id"] = value
    else:
        d.refs.append(Reference(qualifier=qualifier, value=value))


def _unit(r: SetReader, pos: int, seg: Segment, n: int) -> str | None:
    """The unit of a C001 composite, mapped to Rec 20 (AK403 7 when X12 has no such code)."""
    unit = (r.components(seg, n)[0] or "").strip()
    if not unit:
        return None
    rec20 = X12_TO_REC20.get(unit)
    if rec20 is None:
        r.element_error(pos, seg, n, "7", f"unit {unit!r} is not an X12 unit code", unit)
    return rec20


def _read_rcd(r: SetReader, pos: int, seg: Segment, index: int) -> dict[str, object]:
    """RCD: accepted (02), returned (04) and the first quantity in question's condition (08)."""
    line: dict[str, object] = {"line_number": r.text(pos, seg, 1, max_len=20) or str(index),
                               "item": Item()}  # fmt: skip
    if not any(n < len(seg) and seg[n].strip() for n in (2, 4, 6)):
        r.element_error(pos, seg, 2, "2", "RCD needs RCD02, RCD04 or RCD06 (R020406)")
    accepted = r.number(pos, seg, 2)
    returned = r.number(pos, seg, 4)
    r.number(pos, seg, 6)
    line["quantity"] = accepted if accepted is not None else Decimal(0)
    line["rejected_quantity"] = returned if returned is not None else Decimal(0)
    for n in (3, 5, 7):
        unit = _unit(r, pos, seg, n)
        if unit is not None:
            line.setdefault("uom", unit)
    for n in (8, 11, 14, 17, 20):
        code = r.code(pos, seg, n, RECEIVING_CONDITION_CODES)
        if code in RECEIVING_CONDITION and "condition" not in line:
            line["condition"] = RECEIVING_CONDITION[code]
    return line


def _finish(r: SetReader, d: _Draft, source: Source) -> ReceiptAdvice | None:
    """Mandatory segments and CTT checked; DTM*050 wins over BRA02 as the receipt date."""
    if "receipt_number" not in d.head:
        r.missing("BRA", 2)
    elif "po_number" not in d.head:
        r.missing("PRF", len(r.segments))
    if d.ctt is not None:
        _check_ctt(r, *d.ctt, d.lines)
    if r.errors:
        return None
    head = dict(d.head)
    created, received = head.pop("created", None), head.pop("received", None)
    head["receipt_date"] = received or created
    for role, draft in d.parties.items():
        head[role] = draft.build()
    lines = []
    for data in d.lines:
        if "condition" not in data:
            rejected = data["rejected_quantity"]
            data["condition"] = d.condition or ("rejected" if rejected else "accepted")
        lines.append(ReceivedLine(**data))  # type: ignore[arg-type]
    clean = {k: v for k, v in head.items() if v is not None}
    return ReceiptAdvice(references=d.refs, lines=lines, source=source, **clean)  # type: ignore[arg-type]


def _check_ctt(r: SetReader, pos: int, seg: Segment, lines: list[dict[str, object]]) -> None:
    """CTT01 counts the RCD loops; CTT02, when sent, is the sum of RCD02."""
    stated = r.number(pos, seg, 1, required=True, integer=True)
    if stated is not None and stated != len(lines):
        r.element_error(pos, seg, 1, "7", f"CTT01 says {stated}, the set has {len(lines)} RCD loops",
                        seg[1])  # fmt: skip
    total = sum((line["quantity"] for line in lines), Decimal(0))  # type: ignore[misc]
    hash_total = r.number(pos, seg, 2)
    if hash_total is not None and hash_total != total and not r.errors:
        r.element_error(pos, seg, 2, "7",
                        f"CTT02 hash total {hash_total} is not the sum of RCD02 {total}",
                        seg[2])  # fmt: skip
