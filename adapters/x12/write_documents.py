"""OrderResponse -> 855, ShipNotice -> 856 / 945, InventoryReport -> 846."""

from __future__ import annotations

from decimal import Decimal

from adapters.x12.codes import LINE_STATUS_OUT, RESPONSE_STATUS_OUT
from adapters.x12.items import item_pairs
from adapters.x12.render import Free, SegmentBuffer
from adapters.x12.units import to_x12
from adapters.x12.write_order import add_party
from canonical import InventoryReport, OrderResponse, ShipNotice
from canonical.shipment import Package


def render_855(doc: OrderResponse, w: SegmentBuffer) -> str:
    w.add("BAK", "00", RESPONSE_STATUS_OUT[doc.status], doc.po_number, doc.po_date, None, None,
          None, doc.response_number, doc.response_date)  # fmt: skip
    if doc.currency:
        w.add("CUR", "SE", doc.currency)
    for ref in doc.references:
        w.add("REF", ref.qualifier, ref.value)
    for note in doc.notes:
        w.add("MSG", Free(note[:264]))
    for role, party in (("BY", doc.buyer), ("ST", doc.ship_to), ("SE", doc.seller)):
        add_party(w, role, party)
    for line in doc.lines:
        ordered = line.ordered_quantity if line.ordered_quantity is not None else line.quantity
        w.add("PO1", line.line_number, ordered, to_x12(line.uom), line.unit_price,
              "PE" if line.unit_price is not None else None, *item_pairs(line.item))  # fmt: skip
        if line.item.description:
            w.add("PID", "F", None, None, None, Free(line.item.description[:80]))
        w.add("ACK", LINE_STATUS_OUT[line.status], line.quantity, to_x12(line.uom),
              "068" if line.promised_date else None, line.promised_date)  # fmt: skip
        if line.reason:
            w.add("MSG", Free(line.reason[:264]))
    w.add("CTT", len(doc.lines))
    return "855"


def _weight_unit(package: Package) -> str | None:
    return {"LBR": "LB", "KGM": "KG"}.get(package.weight_uom or "")


def render_856(doc: ShipNotice, w: SegmentBuffer) -> str:
    w.add("BSN", "00", doc.shipment_id, doc.notice_date, "0000", "0001")
    hl = 1
    w.add("HL", hl, None, "S")
    if doc.carrier or doc.service_level:
        carrier = doc.carrier or ""
        scac = carrier if carrier.isalpha() and len(carrier) <= 4 else None
        free = Free(carrier[:35]) if carrier and not scac else None
        w.add("TD5", None, "2" if scac else None, scac, None, free,
              None, None, None, None, None, None, doc.service_level)  # fmt: skip
    if doc.tracking_number:
        w.add("REF", "BM", doc.tracking_number)
    for ref in doc.references:
        w.add("REF", ref.qualifier, ref.value)
    if doc.ship_date:
        w.add("DTM", "011", doc.ship_date)
    if doc.estimated_delivery_date:
        w.add("DTM", "017", doc.estimated_delivery_date)
    for role, party in (("ST", doc.ship_to), ("SF", doc.ship_from), ("BY", doc.buyer),
                        ("SE", doc.seller)):  # fmt: skip
        add_party(w, role, party)
    hl += 1
    order_hl = hl
    w.add("HL", hl, 1, "O")
    w.add("PRF", doc.po_number)
    for package in doc.packages:
        parent = order_hl
        if package.sscc or package.tracking_number or package.weight is not None:
            hl += 1
            parent = hl
            w.add("HL", hl, order_hl, "P")
            if package.weight is not None:
                w.add(
                    "TD1", None, None, None, None, None, "G", package.weight, _weight_unit(package)
                )
            if package.sscc:
                w.add("MAN", "GM", package.sscc)
            if package.tracking_number:
                w.add("REF", "CN", package.tracking_number)
        for line in package.lines:
            hl += 1
            w.add("HL", hl, parent, "I")
            w.add("LIN", line.line_number, *item_pairs(line.item))
            w.add("SN1", None, line.quantity, to_x12(line.uom), None, line.ordered_quantity,
                  to_x12(line.uom) if line.ordered_quantity is not None else None)  # fmt: skip
            if line.item.description:
                w.add("PID", "F", None, None, None, Free(line.item.description[:80]))
    w.add("CTT", hl)
    return "856"


def render_945(doc: ShipNotice, w: SegmentBuffer) -> str:
    w.add("W06", "F", doc.po_number, doc.notice_date, doc.shipment_id, None, doc.po_number)
    add_party(w, "ST", doc.ship_to)
    add_party(w, "SF", doc.ship_from)
    if doc.tracking_number:
        w.add("N9", "BM", doc.tracking_number)
    for ref in doc.references:
        w.add("N9", ref.qualifier, ref.value)
    if doc.ship_date:
        w.add("G62", "11", doc.ship_date)
    if doc.estimated_delivery_date:
        w.add("G62", "17", doc.estimated_delivery_date)
    if doc.carrier:
        scac = doc.carrier if doc.carrier.isalpha() and len(doc.carrier) <= 4 else None
        w.add("W27", "M", scac, None if scac else Free(doc.carrier[:35]))
    total = Decimal(0)
    for index, package in enumerate(doc.packages, 1):
        w.add("LX", index)
        if package.sscc:
            w.add("MAN", "GM", package.sscc)
        if package.tracking_number:
            w.add("N9", "CN", package.tracking_number)
        for line in package.lines:
            total += line.quantity
            item = line.item
            upc = item.gtin if item.gtin and len(item.gtin) == 12 else None
            pairs = item_pairs(item.model_copy(update={"gtin": None}) if upc else item)
            w.add("W12", "CC", line.ordered_quantity, line.quantity, None, to_x12(line.uom), upc,
                  *pairs[:2])  # fmt: skip
            if item.description:
                w.add("G69", Free(item.description[:45]))
            w.add("N9", "LI", line.line_number)
    w.add("W03", total)
    return "945"


def render_846(doc: InventoryReport, w: SegmentBuffer) -> str:
    w.add("BIA", "00", "MM", doc.report_number or "0", doc.report_date)
    add_party(w, "SU", doc.reporter)
    add_party(w, "BY", doc.recipient)
    for index, line in enumerate(doc.lines, 1):
        w.add("LIN", index, *item_pairs(line.item))
        if line.item.description:
            w.add("PID", "F", None, None, None, Free(line.item.description[:80]))
        if line.available_date:
            w.add("DTM", "018", line.available_date)
        w.add("QTY", "17", line.quantity_on_hand, to_x12(line.uom))
        if line.quantity_available is not None:
            w.add("QTY", "33", line.quantity_available, to_x12(line.uom))
        if line.location:
            w.add("N1", "WH", None, "92", line.location)
    w.add("CTT", len(doc.lines))
    return "846"
