"""ORDERS and ORDCHG <-> Order.

Units: the sender's code is kept when it is a UN/ECE Rec 20 code; EANCOM's PCE (and
PCS/PC) become H87 "piece" (see ``codes.unit``). GTINs are checked and widened to 14
digits so an order line matches the same item in every other standard.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from adapters.edifact import codes
from adapters.edifact.fields import (
    FieldError,
    Message,
    code,
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
    note_segments,
    read_note,
    render_item,
    render_party,
)
from canonical import Item, Order, OrderLine, Party, Reference

FUNCTIONS = {"9": "original", "7": "original", "31": "original", "43": "original", "46": "original",
             "5": "change", "4": "change", "1": "cancel", "3": "cancel"}  # fmt: skip
ORDER_TYPES = {"220": "standalone", "221": "blanket", "226": "release", "227": "consignment", "224": "rush",
               "105": "standalone", "230": None}  # fmt: skip
ORDER_TYPE_CODES = {v: k for k, v in ORDER_TYPES.items() if v and k not in ("105",)}
LINE_ACTIONS = {"1": "add", "2": "delete", "3": "change"}
LINE_ACTION_CODES = {v: k for k, v in LINE_ACTIONS.items()}
ACTION_CODES = {str(i) for i in range(1, 31)}
ROLES = {
    "BY": "buyer",
    "SU": "seller",
    "SE": "seller",
    "DP": "ship_to",
    "ST": "ship_to",
    "IV": "bill_to",
    "BT": "bill_to",
}
_CURRENCY = re.compile(r"[A-Z]{3}")


def parse(msg: Message) -> Order:
    """Map one ORDERS/ORDCHG message; raises FieldError with the 0085 code on bad content."""
    bgm = msg.require("BGM")
    po_number = text(bgm, 2, 1, max_len=35, required=True) or ""
    function = code(bgm, 3, 1, FUNCTIONS) or ("4" if msg.type == "ORDCHG" else "9")
    purpose = FUNCTIONS[function]
    if msg.type == "ORDCHG" and purpose == "original":
        purpose = "change"
    doc_code = text(bgm, 1, 1, max_len=3)
    fields: dict[str, object] = {
        "po_number": po_number,
        "purpose": purpose,
        "order_type": ORDER_TYPES.get(doc_code or "220", doc_code),
    }
    parties: dict[str, Party] = {}
    references: list[Reference] = []
    notes: list[str] = []
    lines: list[OrderLine] = []
    line: dict[str, object] | None = None
    party_key: str | None = None
    after_rff = False
    summary = False
    totals: dict[str, Decimal] = {}
    counted: Decimal | None = None
    cnt_seg = None

    def close_line() -> None:
        if line is not None:
            lines.append(_make_line(line))

    for seg in msg.segments:
        tag = seg.tag
        if tag == "LIN":
            close_line()
            action = code(seg, 2, 1, ACTION_CODES)
            line = {
                "line_number": text(seg, 1, max_len=6, required=True),
                "item": add_item_ids(Item(), seg),
                "action": LINE_ACTIONS.get(action or ""),
                "notes": [],
                "_lin": seg,
            }
            party_key = None
        elif line is not None and not summary and tag in ("PIA", "IMD", "QTY", "PRI", "DTM", "FTX"):
            _line_segment(line, seg)
        elif tag == "UNS":
            close_line()
            line, summary = None, True
        elif tag == "DTM" and not after_rff and line is None and not summary:
            _header_date(fields, seg)
        elif tag == "FTX" and line is None:
            note = read_note(seg)
            if note:
                notes.append(note)
        elif tag == "RFF":
            references.append(
                Reference(
                    qualifier=text(seg, 1, 1, max_len=3, required=True) or "",
                    value=text(seg, 1, 2, max_len=70, required=True) or "",
                )
            )
        elif tag == "NAD":
            party_key = file_party(parties, seg, ROLES)
        elif tag in ("CTA", "COM") and party_key:
            parties[party_key] = add_contact(parties[party_key], seg)
        elif tag == "CUX":
            currency = text(seg, 1, 2, max_len=3)
            if currency and not _CURRENCY.fullmatch(currency):
                raise FieldError(
                    codes.INVALID, f"CUX currency {currency!r} is not an ISO 4217 code", seg, 1, 2
                )
            fields["currency"] = currency
        elif tag == "TDT":
            fields["carrier"] = text(seg, 5, 4, max_len=35) or text(seg, 5, 1, max_len=17)
        elif tag == "MOA" and summary:
            qualifier = seg.value(1, 1)
            amount = number(seg, 1, 2, max_digits=35)
            if amount is not None:
                totals[qualifier] = amount
        elif tag == "CNT" and seg.value(1, 1) == "2":
            counted, cnt_seg = number(seg, 1, 2), seg
        after_rff = tag == "RFF" or (after_rff and tag == "DTM")
    close_line()
    if msg.type == "ORDERS" and not lines:
        raise FieldError(
            codes.MISSING,
            "an order needs at least one LIN line",
            tag="LIN",
            number=msg.trailer_number,
        )
    if counted is not None and counted != len(lines):
        raise FieldError(
            codes.INVALID, f"CNT says {counted} lines, the message has {len(lines)}", cnt_seg, 1, 2
        )
    fields["total_amount"] = totals.get("86", totals.get("128", totals.get("79")))
    return Order(
        **fields,  # type: ignore[arg-type]
        buyer=parties.get("buyer"),
        seller=parties.get("seller"),
        ship_to=parties.get("ship_to"),
        bill_to=parties.get("bill_to"),
        references=references,
        lines=lines,
        notes=notes,
        source=msg.source,
    )


def _header_date(fields: dict[str, object], seg) -> None:  # type: ignore[no-untyped-def]
    qualifier, start, end = dtm(seg)
    if qualifier == "137" or (qualifier == "4" and "po_date" not in fields):
        fields["po_date"] = start
    elif qualifier == "2" or (qualifier == "63" and "requested_delivery_date" not in fields):
        fields["requested_delivery_date"] = end or start
        if end is not None:
            fields["earliest_delivery_date"] = start
    elif qualifier == "64":
        fields["earliest_delivery_date"] = start


def _line_segment(line: dict[str, object], seg) -> None:  # type: ignore[no-untyped-def]
    tag = seg.tag
    item: Item = line["item"]  # type: ignore[assignment]
    if tag == "PIA":
        line["item"] = add_item_ids(item, seg)
    elif tag == "IMD":
        line["item"] = add_description(item, seg)
    elif tag == "QTY":
        qualifier = text(seg, 1, 1, max_len=3, required=True)
        if qualifier in ("21", "1") and "quantity" not in line:
            line["quantity"] = number(seg, 1, 2, required=True)
            uom = text(seg, 1, 3, max_len=8)
            if uom:
                line["uom"] = codes.unit(uom)
    elif tag == "PRI":
        qualifier = seg.value(1, 1)
        price = number(seg, 1, 2)
        if price is not None and (qualifier == "AAA" or "unit_price" not in line):
            basis = number(seg, 1, 5)
            line["unit_price"] = price / basis if basis and basis not in (0, 1) else price
    elif tag == "DTM":
        qualifier, start, end = dtm(seg)
        if qualifier in ("2", "63", "64") and "requested_delivery_date" not in line:
            line["requested_delivery_date"] = end or start
    elif tag == "FTX":
        note = read_note(seg)
        if note:
            line["notes"].append(note)  # type: ignore[union-attr]


def _make_line(line: dict[str, object]) -> OrderLine:
    lin = line.pop("_lin")
    if "quantity" not in line:
        if line.get("action") != "delete":
            raise FieldError(
                codes.MISSING, "line has no ordered quantity (QTY 21)", tag="QTY", number=lin.number
            )  # type: ignore[attr-defined]
        line["quantity"] = Decimal(0)
    return OrderLine(**line)  # type: ignore[arg-type]


def _date(qualifier: str, value: date | None) -> list[Out]:
    return [("DTM", [[qualifier, format_date(value), "102"]])] if value else []


def render(order: Order, message_type: str) -> list[Out]:
    """Body segments (between UNH and UNT) of ORDERS or ORDCHG for ``order``."""
    if message_type == "ORDCHG":
        function = "1" if order.purpose == "cancel" else "4"
        doc_code = "230"
    else:
        function = {"original": "9", "change": "5", "cancel": "1"}[order.purpose]
        doc_code = ORDER_TYPE_CODES.get(order.order_type or "standalone", "220")
    out: list[Out] = [("BGM", [doc_code, order.po_number, function])]
    out += _date("137", order.po_date)
    out += _date("2", order.requested_delivery_date)
    out += _date("64", order.earliest_delivery_date)
    out += note_segments("AAI", order.notes)
    for ref in order.references:
        out.append(("RFF", [[ref.qualifier, ref.value]]))
    for qualifier, party in (
        ("BY", order.buyer),
        ("SU", order.seller),
        ("DP", order.ship_to),
        ("IV", order.bill_to),
    ):
        out += render_party(qualifier, party)
    if order.currency:
        out.append(("CUX", [["2", order.currency, "9"]]))
    if order.carrier:
        carrier = [order.carrier] if len(order.carrier) <= 17 else ["", "", "", order.carrier]
        out.append(("TDT", ["20", "", "", "", carrier]))
    for line in order.lines:
        out += render_item(
            line.line_number, line.item, LINE_ACTION_CODES.get(line.action or "", "")
        )
        out.append(("QTY", [["21", format_number(line.quantity), line.uom]]))
        out += _date("2", line.requested_delivery_date)
        out += note_segments("AAI", line.notes)
        if line.unit_price is not None:
            out.append(("PRI", [["AAA", format_number(line.unit_price)]]))
    out.append(("UNS", ["S"]))
    if order.total_amount is not None:
        out.append(("MOA", [["86", format_number(order.total_amount)]]))
    out.append(("CNT", [["2", str(len(order.lines))]]))
    return out
