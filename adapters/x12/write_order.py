"""Order -> 850 purchase order, 860 change order, or 940 warehouse shipping order."""

from __future__ import annotations

from decimal import Decimal

from adapters.x12.codes import ORDER_TYPE_OUT, PURPOSE_OUT
from adapters.x12.items import item_pairs
from adapters.x12.parties import party_segments
from adapters.x12.render import Free, SegmentBuffer
from adapters.x12.units import to_x12
from canonical import Order, Party

_FREE_PARTY_TAGS = {"N1": (2,), "N2": (1, 2), "N3": (1, 2), "N4": (1,), "PER": (2,)}
_CHANGE_PURPOSE_OUT = {"cancel": "01", "change": "04", "original": "04"}
_ACTION_OUT = {"add": "AI", "delete": "DI", "change": "CA", None: "CA"}


def add_party(w: SegmentBuffer, role: str, party: Party | None) -> None:
    if party is None:
        return
    for seg in party_segments(role, party):
        tag, *elements = seg
        free = _FREE_PARTY_TAGS.get(tag or "", ())
        w.add(tag or "", *(Free(v) if i in free and v else v for i, v in enumerate(elements, 1)))


def _carrier(w: SegmentBuffer, carrier: str | None) -> None:
    if not carrier:
        return
    if 2 <= len(carrier) <= 4 and carrier.isalpha() and carrier.isupper():
        w.add("TD5", None, "2", carrier)
    else:
        w.add("TD5", None, None, None, None, Free(carrier[:35]))


def render_850(order: Order, w: SegmentBuffer, *, change: bool) -> str:
    """Writes the body and returns the set type (850 or 860)."""
    release = next((r.value for r in order.references if r.qualifier == "RE"), None)
    sequence = next((r.value for r in order.references if r.qualifier == "CO"), None)
    if change:
        w.add("BCH", _CHANGE_PURPOSE_OUT[order.purpose], ORDER_TYPE_OUT.get(order.order_type or "", "SA"),
              order.po_number, release, sequence, order.po_date)  # fmt: skip
    else:
        w.add("BEG", PURPOSE_OUT[order.purpose], ORDER_TYPE_OUT.get(order.order_type or "", "SA"),
              order.po_number, release, order.po_date)  # fmt: skip
    if order.currency:
        w.add("CUR", "BY", order.currency)
    for ref in order.references:
        skip = ("RE", "CO") if change else ("RE",)
        if ref.qualifier in skip or ref.qualifier.startswith("DTM"):
            continue
        w.add("REF", ref.qualifier, ref.value)
    if order.requested_delivery_date:
        w.add("DTM", "002", order.requested_delivery_date)
    if order.earliest_delivery_date:
        w.add("DTM", "064", order.earliest_delivery_date)
    for ref in order.references:
        if ref.qualifier.startswith("DTM") and len(ref.qualifier) == 6:
            w.add("DTM", ref.qualifier[3:], ref.value.replace("-", ""))
    _carrier(w, order.carrier)
    for note in order.notes:
        w.add("NTE", "GEN", Free(note[:80]))
    for role, party in (("BY", order.buyer), ("ST", order.ship_to), ("BT", order.bill_to),
                        ("SE", order.seller)):  # fmt: skip
        add_party(w, role, party)
    total = Decimal(0)
    for line in order.lines:
        total += line.quantity
        if change:
            w.add("POC", line.line_number, _ACTION_OUT[line.action], line.quantity, None,
                  to_x12(line.uom), line.unit_price, None, *item_pairs(line.item))  # fmt: skip
        else:
            w.add("PO1", line.line_number, line.quantity, to_x12(line.uom), line.unit_price,
                  "PE" if line.unit_price is not None else None, *item_pairs(line.item))  # fmt: skip
        if line.item.description:
            w.add("PID", "F", None, None, None, Free(line.item.description[:80]))
        if line.requested_delivery_date:
            w.add("DTM", "002", line.requested_delivery_date)
        for note in line.notes:
            w.add("NTE", "LIN", Free(note[:80]))
    w.add("CTT", len(order.lines), total)
    if order.total_amount is not None:
        w.add("AMT", "TT", order.total_amount)
    return "860" if change else "850"


def render_940(order: Order, w: SegmentBuffer) -> str:
    """The warehouse shipping order a 3PL picks, packs and ships from."""
    status = {"original": "N", "change": "R", "cancel": "F"}[order.purpose]
    w.add("W05", status, order.po_number, order.po_number)
    add_party(w, "ST", order.ship_to)
    add_party(w, "BT", order.bill_to)
    add_party(w, "BY", order.buyer)
    for ref in order.references:
        if not ref.qualifier.startswith("DTM"):
            w.add("N9", ref.qualifier, ref.value)
    if order.po_date:
        w.add("G62", "04", order.po_date)
    if order.requested_delivery_date:
        w.add("G62", "02", order.requested_delivery_date)
    if order.carrier:
        w.add("W66", "PP", "M", None, None, None, None, None, None, None, order.carrier[:4]
              if order.carrier.isalpha() and len(order.carrier) <= 4 else None)  # fmt: skip
    total = Decimal(0)
    for index, line in enumerate(order.lines, 1):
        total += line.quantity
        w.add("LX", index)
        gtin = line.item.gtin if line.item.gtin and len(line.item.gtin) == 12 else None
        pairs = (
            item_pairs(line.item.model_copy(update={"gtin": None}))
            if gtin
            else item_pairs(line.item)
        )
        w.add("W01", line.quantity, to_x12(line.uom), gtin, *pairs[:4])
        if line.item.description:
            w.add("G69", Free(line.item.description[:45]))
        w.add("N9", "LI", line.line_number)
    w.add("W76", total)
    return "940"
