"""850 purchase order and 860 change order -> Order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from adapters.x12.codes import ORDER_TYPE, PURPOSE
from adapters.x12.elements import Segment, SetReader
from adapters.x12.items import read_item
from adapters.x12.known import KNOWN_850, body
from adapters.x12.parties import PartyDraft, read_n1, read_party_detail, read_per
from adapters.x12.units import X12_TO_REC20
from canonical import Contact, Order, OrderLine, Reference, Source

_CHANGE_PURPOSE = {"01": "cancel", "04": "change", "05": "change"}
_LINE_ACTION = {"AI": "add", "DI": "delete"}
_ROLES = {"BY": "buyer", "ST": "ship_to", "BT": "bill_to", "SE": "seller", "SU": "seller",
          "VN": "seller"}  # fmt: skip


class _Line:
    def __init__(self, line: dict[str, object]) -> None:
        self.data = line
        self.notes: list[str] = []
        self.description: str | None = None


def read_order(r: SetReader, source: Source) -> Order | None:
    """Maps an 850 or 860; returns None when any error was recorded (the set is rejected)."""
    is_change = source.message_type == "860"
    head: dict[str, object] = {}
    refs: list[Reference] = []
    notes: list[str] = []
    parties: dict[str, PartyDraft] = {}
    header_contact: Contact | None = None
    party: PartyDraft | None = None
    lines: list[_Line] = []
    line: _Line | None = None
    quantity_sum = Decimal(0)
    ctt: tuple[int, Segment] | None = None
    heading = "BCH" if is_change else "BEG"
    heading_seen = False
    for pos, seg, tag in body(r, KNOWN_850):
        if tag == heading:
            if pos != 2:
                r.segment_error(pos, tag, "7", f"{tag} must follow ST")
            heading_seen = True
            _read_heading(r, pos, seg, head, refs, is_change)
        elif tag == "CUR":
            head["currency"] = r.text(pos, seg, 2, required=True, max_len=3)
        elif tag == "REF" and line is None and party is None:
            qualifier = r.text(pos, seg, 1, required=True, max_len=3)
            value = r.text(pos, seg, 2, max_len=50) or r.text(pos, seg, 3, max_len=80)
            if qualifier and value:
                refs.append(Reference(qualifier=qualifier, value=value))
        elif tag == "PER" and party is None and line is None:
            header_contact = read_per(r, pos, seg)
        elif tag == "DTM":
            _read_dtm(r, pos, seg, head if line is None else line.data, refs, line is None)
        elif tag == "TD5" and line is None:
            head["carrier"] = r.text(pos, seg, 3, max_len=80) or r.text(pos, seg, 5, max_len=35)
        elif tag == "N1" and line is None:
            r.loop = "N1"
            party = read_n1(r, pos, seg)
            role = _ROLES.get(party.role)
            if role is None:
                r.element_error(pos, seg, 1, "7", f"N101 {party.role!r} is not a party of an order",
                                party.role)  # fmt: skip
            else:
                parties.setdefault(role, party)
        elif tag in ("N2", "N3", "N4") or (tag == "PER" and party is not None):
            if party is None:
                r.segment_error(pos, tag, "2", f"{tag} outside an N1 loop")
            elif line is None:
                read_party_detail(r, pos, seg, party)
        elif tag in ("PO1", "POC"):
            r.loop, party = tag, None
            line = _read_line(r, pos, seg, len(lines) + 1, tag == "POC")
            lines.append(line)
            quantity_sum += line.data.get("quantity") or Decimal(0)  # type: ignore[operator]
        elif tag == "PID" and line is not None:
            text = r.text(pos, seg, 5, max_len=80)
            if text:
                line.description = f"{line.description} {text}" if line.description else text
        elif tag == "SCH" and line is not None:
            when = r.date(pos, seg, 6, required=True)
            if when and "requested_delivery_date" not in line.data:
                line.data["requested_delivery_date"] = when
        elif tag in ("NTE", "MSG", "MTX"):
            text = r.text(pos, seg, 2 if tag != "MSG" else 1, max_len=4096)
            if text:
                (line.notes if line is not None else notes).append(text)
        elif tag == "CTT":
            r.loop = "CTT"
            ctt = (pos, seg)
        elif tag == "AMT" and (line is None or ctt is not None) and r.text(pos, seg, 1) == "TT":
            head["total_amount"] = r.number(pos, seg, 2, required=True)
    if not heading_seen:
        r.missing(heading, 2)
    if not lines and not (is_change and head.get("purpose") == "cancel"):  # a whole-order cancel
        r.missing("POC" if is_change else "PO1", len(r.segments))
    if ctt is not None:
        _check_ctt(r, *ctt, len(lines), quantity_sum)
    if r.errors:
        return None
    for role, draft in parties.items():
        head[role] = draft.build()
    if header_contact is not None:
        buyer = head.get("buyer")
        if buyer is None:
            head["buyer"] = PartyDraft(role="BY", contact=header_contact).build()
        elif buyer.contact is None:  # type: ignore[attr-defined]
            buyer.contact = header_contact  # type: ignore[attr-defined]
    order_lines = []
    for item_line in lines:
        data = item_line.data
        item = data.pop("item")
        if item_line.description:
            item.description = item_line.description  # type: ignore[attr-defined]
        order_lines.append(OrderLine(item=item, notes=item_line.notes, **data))  # type: ignore[arg-type]
    return Order(references=refs, notes=notes, lines=order_lines, source=source, **head)  # type: ignore[arg-type]


def _read_heading(
    r: SetReader, pos: int, seg: Segment, head: dict[str, object], refs: list[Reference],
    is_change: bool,
) -> None:  # fmt: skip
    purpose = r.code(pos, seg, 1, _CHANGE_PURPOSE if is_change else PURPOSE, required=True)
    if purpose:
        head["purpose"] = purpose
    head["order_type"] = r.code(pos, seg, 2, ORDER_TYPE, required=not is_change)
    head["po_number"] = r.text(pos, seg, 3, required=True, max_len=22)
    release = r.text(pos, seg, 4, max_len=30)
    if release:
        refs.append(Reference(qualifier="RE", value=release))
    if is_change:
        seq = r.text(pos, seg, 5, max_len=8)
        if seq:
            refs.append(Reference(qualifier="CO", value=seq))
    head["po_date"] = r.date(pos, seg, 6 if is_change else 5, required=True)
    if head["order_type"] is None:
        del head["order_type"]


def _read_dtm(
    r: SetReader, pos: int, seg: Segment, target: dict[str, object], refs: list[Reference],
    header: bool,
) -> None:  # fmt: skip
    qualifier = r.text(pos, seg, 1, required=True, max_len=3)
    when: date | None = r.date(pos, seg, 2, required=True)
    r.time(pos, seg, 3)
    if qualifier is None or when is None:
        return
    if qualifier in ("002", "017", "074"):
        target.setdefault("requested_delivery_date", when)
    elif header and qualifier in ("064", "037"):
        target.setdefault("earliest_delivery_date", when)
    elif header and qualifier == "004":
        target.setdefault("po_date", when)
    elif header:
        refs.append(Reference(qualifier=f"DTM{qualifier}", value=when.isoformat()))


def _read_line(r: SetReader, pos: int, seg: Segment, index: int, change: bool) -> _Line:
    number = r.text(pos, seg, 1, max_len=20) or str(index)
    data: dict[str, object] = {"line_number": number}
    if change:
        action = r.text(pos, seg, 2, required=True, max_len=2)
        if action:
            data["action"] = _LINE_ACTION.get(action, "change")
        qty_at, unit_at, price_at, first_pair = 3, 5, 6, 8
    else:
        qty_at, unit_at, price_at, first_pair = 2, 3, 4, 6
    quantity = r.number(pos, seg, qty_at, required=not change)
    data["quantity"] = quantity if quantity is not None else Decimal(0)
    unit = (r.components(seg, unit_at)[0] or "").strip()
    if unit:
        rec20 = X12_TO_REC20.get(unit)
        if rec20 is None:
            r.element_error(pos, seg, unit_at, "7", f"unit {unit!r} is not an X12 unit code", unit)
        data["uom"] = rec20 or "EA"
    elif quantity is not None:
        r.element_error(pos, seg, unit_at, "2", f"{seg[0]}{unit_at:02d} unit missing for quantity")
    price = r.number(pos, seg, price_at)
    if price is not None:
        data["unit_price"] = price
    data["item"] = read_item(r, pos, seg, first_pair)
    return _Line(data)


def _check_ctt(r: SetReader, pos: int, seg: Segment, count: int, total: Decimal) -> None:
    """CTT01 must count the lines, CTT02 (when sent) must be the sum of their quantities."""
    stated = r.number(pos, seg, 1, required=True, integer=True)
    if stated is not None and stated != count:
        r.element_error(pos, seg, 1, "7", f"CTT01 says {stated} lines, the order has {count}",
                        seg[1])  # fmt: skip
    hash_total = r.number(pos, seg, 2)
    if hash_total is not None and hash_total != total:
        r.element_error(pos, seg, 2, "7",
                        f"CTT02 hash total {hash_total} is not the sum of quantities {total}",
                        seg[2])  # fmt: skip
