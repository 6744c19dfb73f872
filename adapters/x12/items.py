"""Product/service id qualifier pairs (PO106/07.., ACK07/08.., LIN02/03..) <-> Item."""

from __future__ import annotations

from adapters.x12.codes import BUYER_PART, GTIN_QUALIFIERS, SUPPLIER_PART
from adapters.x12.elements import Segment, SetReader
from canonical import Item, ItemId

_GTIN_BY_LENGTH = {14: "UK", 13: "EN", 12: "UP", 8: "EO"}


def read_item(r: SetReader, pos: int, seg: Segment, first: int) -> Item:
    """Reads qualifier/value pairs from element ``first`` on; the first of each kind wins."""
    gtin = buyer = supplier = None
    ids: list[ItemId] = []
    for n in range(first, len(seg), 2):
        qualifier = r.text(pos, seg, n, max_len=2)
        value = r.text(pos, seg, n + 1, max_len=48)
        if qualifier is None and value is None:
            continue
        if qualifier is None:
            r.element_error(pos, seg, n, "2", f"{seg[0]}{n:02d} qualifier missing for {value!r}")
            continue
        if value is None:
            r.element_error(pos, seg, n + 1, "2", f"{seg[0]}{n + 1:02d} missing for {qualifier}")
            continue
        if qualifier in GTIN_QUALIFIERS and gtin is None:
            if not value.isdigit():
                r.element_error(pos, seg, n + 1, "6", f"{qualifier} {value!r} is not digits", value)
            gtin = value
        elif qualifier in SUPPLIER_PART and supplier is None:
            supplier = value
        elif qualifier in BUYER_PART and buyer is None:
            buyer = value
        else:
            ids.append(ItemId(scheme=qualifier, value=value))
    return Item(gtin=gtin, buyer_part=buyer, supplier_part=supplier, ids=ids)


def item_pairs(item: Item) -> list[str]:
    """The flat qualifier, value, qualifier, value... list a writer appends to its segment."""
    out: list[str] = []
    if item.gtin:
        out += [_GTIN_BY_LENGTH.get(len(item.gtin), "UK"), item.gtin]
    if item.supplier_part:
        out += ["VP", item.supplier_part]
    if item.buyer_part:
        out += ["BP", item.buyer_part]
    for extra in item.ids:
        out += [extra.scheme, extra.value]
    return out
