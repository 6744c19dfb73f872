"""ORDRSP <-> OrderResponse.

BGM 1225 carries the verdict on the whole order (29 accepted without amendment, 4 change,
27 not accepted), LIN 1229 the verdict per line (5 accepted, 3 changed, 7 not accepted;
3 with a QTY 83 backorder quantity is a backorder). QTY 21 is the ordered quantity and
QTY 113 the confirmed one; DTM 67 (or 2) the promised date, FTX AAO the reason.
"""

from __future__ import annotations

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
from canonical import Item, OrderResponse, Party, Reference, ResponseLine

STATUSES = {
    "29": "accepted",
    "4": "accepted_with_changes",
    "27": "rejected",
    "9": "accepted",
    "5": "accepted_with_changes",
}
STATUS_CODES = {"accepted": "29", "accepted_with_changes": "4", "rejected": "27"}
LINE_STATUSES = {
    "5": "accepted",
    "3": "changed",
    "6": "changed",
    "7": "rejected",
    "4": "accepted",
    "1": "accepted",
}
LINE_CODES = {"accepted": "5", "changed": "3", "rejected": "7", "backordered": "3"}
ROLES = {"BY": "buyer", "SU": "seller", "SE": "seller", "DP": "ship_to", "ST": "ship_to"}


def parse(msg: Message) -> OrderResponse:
    bgm = msg.require("BGM")
    fields: dict[str, object] = {
        "response_number": text(bgm, 2, 1, max_len=35),
        "status": STATUSES[code(bgm, 3, 1, STATUSES) or "29"],
    }
    parties: dict[str, Party] = {}
    references: list[Reference] = []
    notes: list[str] = []
    lines: list[ResponseLine] = []
    line: dict[str, object] | None = None
    party_key: str | None = None
    last_rff: str | None = None

    def close() -> None:
        if line is not None:
            lines.append(_make_line(line))

    for seg in msg.segments:
        tag = seg.tag
        if tag == "LIN":
            close()
            status = code(seg, 2, 1, LINE_STATUSES) or "5"
            line = {
                "line_number": text(seg, 1, max_len=6, required=True),
                "item": add_item_ids(Item(), seg),
                "status": LINE_STATUSES[status],
                "_qty": {},
            }
        elif tag == "UNS":
            close()
            line = None
        elif line is not None:
            _line_segment(line, seg)
        elif tag == "DTM":
            qualifier, start, _ = dtm(seg)
            if last_rff == "ON":
                fields["po_date"] = start
            elif qualifier == "137" and last_rff is None:
                fields["response_date"] = start
        elif tag == "FTX":
            note = read_note(seg)
            if note:
                notes.append(note)
        elif tag == "RFF":
            qualifier = text(seg, 1, 1, max_len=3, required=True) or ""
            value = text(seg, 1, 2, max_len=70, required=True) or ""
            if qualifier == "ON" and "po_number" not in fields:
                fields["po_number"] = value
            else:
                references.append(Reference(qualifier=qualifier, value=value))
        elif tag == "NAD":
            party_key = file_party(parties, seg, ROLES)
        elif tag in ("CTA", "COM") and party_key:
            parties[party_key] = add_contact(parties[party_key], seg)
        elif tag == "CUX":
            fields["currency"] = text(seg, 1, 2, max_len=3)
        if tag == "RFF":
            last_rff = seg.value(1, 1)
        elif tag != "DTM":
            last_rff = None
    close()
    if "po_number" not in fields:
        raise FieldError(
            codes.MISSING,
            "RFF+ON (the order number answered) is missing",
            tag="RFF",
            number=msg.header.number + 2,
        )
    return OrderResponse(
        **fields,  # type: ignore[arg-type]
        buyer=parties.get("buyer"),
        seller=parties.get("seller"),
        ship_to=parties.get("ship_to"),
        references=references,
        lines=lines,
        notes=notes,
        source=msg.source,
    )


def _line_segment(line: dict[str, object], seg) -> None:  # type: ignore[no-untyped-def]
    tag = seg.tag
    if tag == "PIA":
        line["item"] = add_item_ids(line["item"], seg)  # type: ignore[arg-type]
    elif tag == "IMD":
        line["item"] = add_description(line["item"], seg)  # type: ignore[arg-type]
    elif tag == "QTY":
        qualifier = text(seg, 1, 1, max_len=3, required=True) or ""
        quantities: dict[str, Decimal] = line["_qty"]  # type: ignore[assignment]
        value = number(seg, 1, 2, required=True)
        if value is not None and qualifier not in quantities:
            quantities[qualifier] = value
            uom = text(seg, 1, 3, max_len=8)
            if uom:
                line["uom"] = codes.unit(uom)
    elif tag == "PRI":
        price = number(seg, 1, 2)
        if price is not None:
            line["unit_price"] = price
    elif tag == "DTM":
        qualifier, start, _ = dtm(seg)
        if qualifier == "67" or (qualifier == "2" and "promised_date" not in line):
            line["promised_date"] = start
    elif tag == "FTX":
        line["reason"] = read_note(seg)


def _make_line(line: dict[str, object]) -> ResponseLine:
    quantities: dict[str, Decimal] = line.pop("_qty")  # type: ignore[assignment]
    if "83" in quantities and line["status"] == "changed":
        line["status"] = "backordered"
    if "21" in quantities:
        line["ordered_quantity"] = quantities["21"]
    if "113" in quantities:
        line["quantity"] = quantities["113"]
    elif line["status"] == "rejected":
        line["quantity"] = Decimal(0)
    else:
        line["quantity"] = quantities.get("21", quantities.get("12", Decimal(0)))
    return ResponseLine(**line)  # type: ignore[arg-type]


def render(response: OrderResponse) -> list[Out]:
    out: list[Out] = [
        (
            "BGM",
            ["231", response.response_number or response.po_number, STATUS_CODES[response.status]],
        )
    ]
    if response.response_date:
        out.append(("DTM", [["137", format_date(response.response_date), "102"]]))
    out += note_segments("AAI", response.notes)
    out.append(("RFF", [["ON", response.po_number]]))
    if response.po_date:
        out.append(("DTM", [["171", format_date(response.po_date), "102"]]))
    for ref in response.references:
        out.append(("RFF", [[ref.qualifier, ref.value]]))
    for qualifier, party in (
        ("BY", response.buyer),
        ("SU", response.seller),
        ("DP", response.ship_to),
    ):
        out += render_party(qualifier, party)
    if response.currency:
        out.append(("CUX", [["2", response.currency, "9"]]))
    for line in response.lines:
        out += render_item(line.line_number, line.item, LINE_CODES[line.status])
        if line.ordered_quantity is not None:
            out.append(("QTY", [["21", format_number(line.ordered_quantity), line.uom]]))
        out.append(("QTY", [["113", format_number(line.quantity), line.uom]]))
        if line.status == "backordered":
            short = (line.ordered_quantity or line.quantity) - line.quantity
            out.append(("QTY", [["83", format_number(max(short, Decimal(0))), line.uom]]))
        if line.promised_date:
            out.append(("DTM", [["67", format_date(line.promised_date), "102"]]))
        if line.reason:
            out += note_segments("AAO", [line.reason])
        if line.unit_price is not None:
            out.append(("PRI", [["AAA", format_number(line.unit_price)]]))
    out.append(("UNS", ["S"]))
    out.append(("CNT", [["2", str(len(response.lines))]]))
    return out
