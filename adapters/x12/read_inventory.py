"""846 inventory inquiry/advice -> InventoryReport (QTY 33 available, 17 on hand)."""

from __future__ import annotations

from decimal import Decimal

from adapters.x12.elements import SetReader
from adapters.x12.items import read_item
from adapters.x12.known import KNOWN_846, body
from adapters.x12.parties import PartyDraft, read_n1, read_party_detail
from adapters.x12.units import X12_TO_REC20
from canonical import InventoryLine, InventoryReport, Reference, Source

_REPORTER = frozenset({"SU", "WH", "VN", "SE", "MF", "SF", "DS"})
_RECIPIENT = frozenset({"BY", "ST", "RI", "BT"})


def read_inventory(r: SetReader, source: Source) -> InventoryReport | None:
    head: dict[str, object] = {}
    refs: list[Reference] = []
    parties: dict[str, PartyDraft] = {}
    party: PartyDraft | None = None
    lines: list[dict[str, object]] = []
    line: dict[str, object] | None = None
    for pos, seg, tag in body(r, KNOWN_846):
        if tag == "BIA":
            r.text(pos, seg, 1, required=True, max_len=2)
            r.text(pos, seg, 2, required=True, max_len=2)
            head["report_number"] = r.text(pos, seg, 3, required=True, max_len=30)
            head["report_date"] = r.date(pos, seg, 4, required=True)
        elif tag == "REF" and line is None:
            qualifier, value = r.text(pos, seg, 1, required=True), r.text(pos, seg, 2, max_len=50)
            if qualifier and value:
                refs.append(Reference(qualifier=qualifier, value=value))
        elif tag == "N1":
            r.loop = "N1"
            party = read_n1(r, pos, seg)
            if line is not None:
                line["location"] = party.ids[0].value if party.ids else party.name
                party = None
            elif party.role in _REPORTER:
                parties.setdefault("reporter", party)
            elif party.role in _RECIPIENT:
                parties.setdefault("recipient", party)
        elif tag in ("N2", "N3", "N4", "PER") and party is not None:
            read_party_detail(r, pos, seg, party)
        elif tag == "LIN":
            r.loop, party = "LIN", None
            line = {"item": read_item(r, pos, seg, 2)}
            lines.append(line)
        elif tag == "PID" and line is not None:
            text = r.text(pos, seg, 5, max_len=80)
            if text:
                line["item"].description = text  # type: ignore[attr-defined]
        elif tag == "QTY" and line is not None:
            qualifier = r.code(
                pos, seg, 1, frozenset({"33", "17", "QA", "02", "IQ"}), required=True
            )
            quantity = r.number(pos, seg, 2, required=True)
            unit = (r.components(seg, 3)[0] or "").strip()
            if unit:
                rec20 = X12_TO_REC20.get(unit)
                if rec20 is None:
                    r.element_error(
                        pos, seg, 3, "7", f"unit {unit!r} is not an X12 unit code", unit
                    )
                line["uom"] = rec20 or "EA"
            if quantity is not None and qualifier in ("17", "QA", "02"):
                line.setdefault("quantity_on_hand", quantity)
            elif quantity is not None and qualifier in ("33", "IQ"):
                line.setdefault("quantity_available", quantity)
        elif tag == "DTM" and line is not None:
            qualifier = r.text(pos, seg, 1, required=True)
            when = r.date(pos, seg, 2, required=True)
            if qualifier in ("018", "169") and when:
                line["available_date"] = when
        elif tag == "CTT":
            r.loop = "CTT"
            stated = r.number(pos, seg, 1, required=True, integer=True)
            if stated is not None and stated != len(lines):
                r.element_error(pos, seg, 1, "7", f"CTT01 says {stated}, the set has {len(lines)}",
                                seg[1])  # fmt: skip
    if "report_date" not in head:
        r.missing("BIA", 2)
    if r.errors:
        return None
    out = []
    for data in lines:
        if "quantity_on_hand" not in data:
            data["quantity_on_hand"] = data.get("quantity_available", Decimal(0))
        out.append(InventoryLine(**data))  # type: ignore[arg-type]
    for role, draft in parties.items():
        head[role] = draft.build()
    clean = {k: v for k, v in head.items() if v is not None}
    return InventoryReport(lines=out, source=source, **clean)  # type: ignore[arg-type]
