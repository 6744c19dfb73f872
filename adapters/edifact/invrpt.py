"""INVRPT <-> InventoryReport.

Per LIN: QTY 145 (actual stock) is on hand, QTY 198 the quantity available, LOC 18 the
warehouse, DTM 169 the date stock becomes available. The reporter is NAD MS/SU/WH, the
recipient NAD MR/BY.
"""

from __future__ import annotations

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
    read_nad,
    render_item,
    render_party,
)
from canonical import InventoryLine, InventoryReport, Item, Party

REPORTERS = {"MS", "SU", "WH", "SE"}
RECIPIENTS = {"MR", "BY"}


def parse(msg: Message) -> InventoryReport:
    bgm = msg.require("BGM")
    fields: dict[str, object] = {"report_number": text(bgm, 2, 1, max_len=35)}
    parties: dict[str, Party] = {}
    lines: list[dict[str, object]] = []
    line: dict[str, object] | None = None
    party_key: str | None = None
    for seg in msg.segments:
        tag = seg.tag
        if tag == "LIN":
            line = {"item": add_item_ids(Item(), seg), "_lin": seg}
            lines.append(line)
        elif line is not None:
            if tag == "PIA":
                line["item"] = add_item_ids(line["item"], seg)  # type: ignore[arg-type]
            elif tag == "IMD":
                line["item"] = add_description(line["item"], seg)  # type: ignore[arg-type]
            elif tag == "QTY":
                qualifier = seg.value(1, 1)
                value = number(seg, 1, 2, required=True)
                if qualifier == "145":
                    line["quantity_on_hand"] = value
                elif qualifier == "198":
                    line["quantity_available"] = value
                uom = text(seg, 1, 3, max_len=8)
                if uom:
                    line["uom"] = codes.unit(uom)
            elif tag == "LOC":
                line["location"] = text(seg, 2, 1, max_len=35)
            elif tag == "DTM":
                qualifier, start, _ = dtm(seg)
                if qualifier == "169":
                    line["available_date"] = start
        elif tag == "DTM":
            qualifier, start, _ = dtm(seg)
            if qualifier in ("137", "366") and "report_date" not in fields:
                fields["report_date"] = start
        elif tag == "NAD":
            qualifier, party = read_nad(seg)
            key = (
                "reporter"
                if qualifier in REPORTERS
                else "recipient"
                if qualifier in RECIPIENTS
                else None
            )
            party_key = key if key and key not in parties else None
            if party_key:
                parties[party_key] = party
        elif tag in ("CTA", "COM") and party_key:
            parties[party_key] = add_contact(parties[party_key], seg)
    result = []
    for ln in lines:
        lin = ln.pop("_lin")
        if "quantity_on_hand" not in ln:
            raise FieldError(
                codes.MISSING, "line has no stock quantity (QTY 145)", tag="QTY", number=lin.number
            )  # type: ignore[attr-defined]
        result.append(InventoryLine(**ln))  # type: ignore[arg-type]
    return InventoryReport(
        **fields,
        reporter=parties.get("reporter"),
        recipient=parties.get("recipient"),
        lines=result,
        source=msg.source,
    )  # type: ignore[arg-type]


def render(report: InventoryReport) -> list[Out]:
    out: list[Out] = [("BGM", ["35", report.report_number or "", "9"])]
    if report.report_date:
        out.append(("DTM", [["137", format_date(report.report_date), "102"]]))
    out += render_party("MS", report.reporter)
    out += render_party("MR", report.recipient)
    for i, line in enumerate(report.lines, 1):
        out += render_item(str(i), line.item)
        out.append(("QTY", [["145", format_number(line.quantity_on_hand), line.uom]]))
        if line.quantity_available is not None:
            out.append(("QTY", [["198", format_number(line.quantity_available), line.uom]]))
        if line.location:
            out.append(("LOC", ["18", [line.location]]))
        if line.available_date:
            out.append(("DTM", [["169", format_date(line.available_date), "102"]]))
    return out
