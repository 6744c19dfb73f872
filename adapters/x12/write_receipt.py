"""ReceiptAdvice -> 861 receiving advice (the mirror of ``read_receipt``).

Why its own module: the 861 is the one set the hub writes on behalf of a customer (tests,
the demo's simulated stores, a hub relaying a receipt to a supplier), and it keeps the
document writers small.
"""

from __future__ import annotations

from decimal import Decimal

from adapters.x12.codes import RECEIVING_CONDITION_OUT
from adapters.x12.items import item_pairs
from adapters.x12.read_receipt import NOTES, SHIP_NOTICE
from adapters.x12.render import Free, SegmentBuffer
from adapters.x12.units import to_x12
from adapters.x12.write_order import add_party
from canonical import ReceiptAdvice


def render_861(doc: ReceiptAdvice, w: SegmentBuffer) -> str:
    """BRA, REF, DTM*050, PRF, N1 loops, one RCD loop per line, CTT; returns "861"."""
    if doc.receipt_date is None:
        raise ValueError("BRA02 needs the receipt date (receipt_date)")
    # BRA03 00 original; BRA04 (962) 1: a receiving advice, not an acceptance certificate (8)
    w.add("BRA", doc.receipt_number, doc.receipt_date, "00", "1")
    if doc.shipment_id:
        w.add("REF", SHIP_NOTICE, doc.shipment_id)
    for ref in doc.references:
        w.add("REF", ref.qualifier, ref.value)
    w.add("DTM", "050", doc.receipt_date)
    w.add("PRF", doc.po_number)
    for role, party in (("BY", doc.buyer), ("ST", doc.ship_to), ("SE", doc.seller)):
        add_party(w, role, party)
    total = Decimal(0)
    for index, line in enumerate(doc.lines, 1):
        total += line.quantity
        unit = to_x12(line.uom)
        rcd: list[object] = [index, line.quantity, unit]
        if line.rejected_quantity:
            rcd += [line.rejected_quantity, unit]
        code = RECEIVING_CONDITION_OUT.get(line.condition)
        if code is not None:
            rcd = rcd + [None, None] if len(rcd) == 3 else rcd
            rcd += [line.rejected_quantity, unit, code]
        w.add("RCD", *rcd)  # type: ignore[arg-type]
        w.add("LIN", line.line_number, *item_pairs(line.item))
        if line.item.description:
            w.add("PID", "F", None, None, None, Free(line.item.description[:80]))
        if line.reason:
            w.add("REF", NOTES, None, Free(line.reason[:80]))
    w.add("CTT", len(doc.lines), total)
    return "861"
