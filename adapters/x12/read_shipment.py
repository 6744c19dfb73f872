"""856 ship notice and 945 warehouse shipping advice -> ShipNotice."""

from __future__ import annotations

from decimal import Decimal

from adapters.x12.codes import GTIN_QUALIFIERS
from adapters.x12.elements import Segment, SetReader
from adapters.x12.items import read_item
from adapters.x12.known import KNOWN_856, KNOWN_945, body
from adapters.x12.parties import PartyDraft, read_n1, read_party_detail
from adapters.x12.units import X12_TO_REC20
from canonical import Item, ItemId, Package, Reference, ShipNotice, ShippedLine, Source
from canonical.shipment import is_valid_sscc

_ROLES = {"ST": "ship_to", "SF": "ship_from", "WH": "ship_from", "BY": "buyer", "SE": "seller",
          "SU": "seller", "VN": "seller"}  # fmt: skip


class _Draft:
    """What a ship notice accumulates while its segments are read."""

    def __init__(self) -> None:
        self.head: dict[str, object] = {}
        self.refs: list[Reference] = []
        self.parties: dict[str, PartyDraft] = {}
        self.party: PartyDraft | None = None
        self.packages: list[dict[str, object]] = []
        self.line: dict[str, object] | None = None

    def package(self) -> dict[str, object]:
        if not self.packages:
            self.packages.append({"lines": []})
        return self.packages[-1]

    def build(self, source: Source) -> ShipNotice:
        for role, draft in self.parties.items():
            self.head[role] = draft.build()
        packages = [
            Package(**{k: v for k, v in p.items() if k != "lines"},
                    lines=[ShippedLine(**line) for line in p["lines"]])  # type: ignore[arg-type]
            for p in self.packages
        ]  # fmt: skip
        head = {k: v for k, v in self.head.items() if v is not None}
        return ShipNotice(references=self.refs, packages=packages, source=source, **head)  # type: ignore[arg-type]


def _party(r: SetReader, pos: int, seg: Segment, d: _Draft) -> None:
    r.loop = "N1"
    d.party = read_n1(r, pos, seg)
    if d.party.role in _ROLES:
        d.parties.setdefault(_ROLES[d.party.role], d.party)


def _sscc(r: SetReader, pos: int, seg: Segment) -> str | None:
    """MAN*GM*<SSCC-18>: the check digit is verified."""
    qualifier = r.text(pos, seg, 1, required=True, max_len=2)
    mark = r.text(pos, seg, 2, required=True, max_len=48)
    if qualifier != "GM" or mark is None:
        return None
    if not is_valid_sscc(mark):
        r.element_error(pos, seg, 2, "7", f"SSCC {mark!r} is not 18 digits with a valid check digit",
                        mark)  # fmt: skip
        return None
    return mark


def _unit(r: SetReader, pos: int, seg: Segment, n: int) -> str:
    unit = r.text(pos, seg, n, max_len=2)
    if unit is None:
        return "EA"
    rec20 = X12_TO_REC20.get(unit)
    if rec20 is None:
        r.element_error(pos, seg, n, "7", f"unit {unit!r} is not an X12 unit code", unit)
    return rec20 or "EA"


def _ref(r: SetReader, pos: int, seg: Segment, d: _Draft) -> None:
    qualifier = r.text(pos, seg, 1, required=True, max_len=3)
    value = r.text(pos, seg, 2, max_len=50)
    if not qualifier or not value:
        return
    if qualifier in ("BM", "CN") and d.head.get("tracking_number") is None and d.line is None:
        if d.packages and qualifier == "CN":
            d.packages[-1]["tracking_number"] = value
        else:
            d.head["tracking_number"] = value
    elif qualifier == "CN" and d.packages:
        d.packages[-1]["tracking_number"] = value
    else:
        d.refs.append(Reference(qualifier=qualifier, value=value))


def read_856(r: SetReader, source: Source) -> ShipNotice | None:
    d = _Draft()
    level = ""
    for pos, seg, tag in body(r, KNOWN_856):
        if tag == "BSN":
            r.text(pos, seg, 1, required=True, max_len=2)
            d.head["shipment_id"] = r.text(pos, seg, 2, required=True, max_len=30)
            d.head["notice_date"] = r.date(pos, seg, 3, required=True)
            r.time(pos, seg, 4)
        elif tag == "HL":
            r.loop, d.party = "HL", None
            level = (
                r.code(pos, seg, 3, frozenset({"S", "O", "T", "P", "I", "Q"}), required=True) or ""
            )
            if level in ("P", "T"):
                d.packages.append({"lines": []})
            d.line = None
        elif tag == "TD1" and level == "P" and d.packages:
            weight = r.number(pos, seg, 7)
            if weight is not None:
                d.packages[-1]["weight"] = weight
                d.packages[-1]["weight_uom"] = {"LB": "LBR", "KG": "KGM"}.get(
                    seg[8] if len(seg) > 8 else ""
                )
        elif tag == "TD5" and level == "S":
            d.head["carrier"] = r.text(pos, seg, 3, max_len=80) or r.text(pos, seg, 5, max_len=35)
            d.head["service_level"] = r.text(pos, seg, 12, max_len=2)
        elif tag == "REF":
            _ref(r, pos, seg, d)
        elif tag == "DTM":
            qualifier = r.text(pos, seg, 1, required=True)
            when = r.date(pos, seg, 2, required=True)
            if qualifier == "011":
                d.head["ship_date"] = when
            elif qualifier in ("017", "067"):
                d.head["estimated_delivery_date"] = when
        elif tag == "N1":
            _party(r, pos, seg, d)
        elif tag in ("N2", "N3", "N4", "PER") and d.party is not None:
            read_party_detail(r, pos, seg, d.party)
        elif tag == "PRF":
            d.head.setdefault("po_number", r.text(pos, seg, 1, required=True, max_len=22))
        elif tag == "MAN":
            mark = _sscc(r, pos, seg)
            current = d.packages[-1] if d.packages else None
            if current is None or current["lines"] or current.get("sscc"):
                current = {"lines": []}
                d.packages.append(current)
            if mark:
                current["sscc"] = mark
        elif tag == "LIN":
            d.line = {
                "line_number": r.text(pos, seg, 1, max_len=20),
                "item": read_item(r, pos, seg, 2),
            }
        elif tag == "SN1":
            line = d.line or {"item": Item()}
            d.line = None
            line["line_number"] = (
                line.get("line_number")
                or r.text(pos, seg, 1, max_len=20)
                or str(
                    sum(len(p["lines"]) for p in d.packages) + 1  # type: ignore[arg-type]
                )
            )
            line["quantity"] = r.number(pos, seg, 2, required=True) or Decimal(0)
            line["uom"] = _unit(r, pos, seg, 3)
            ordered = r.number(pos, seg, 5)
            if ordered is not None:
                line["ordered_quantity"] = ordered
            d.package()["lines"].append(line)  # type: ignore[attr-defined]
        elif tag == "PID":
            pkg_lines = d.package()["lines"]
            text = r.text(pos, seg, 5, max_len=80)
            target = d.line or (pkg_lines[-1] if pkg_lines else None)  # type: ignore[index]
            if text and target is not None:
                target["item"].description = text  # type: ignore[index,union-attr]
        elif tag == "CTT":
            r.loop = "CTT"
    _require(r, d)
    return None if r.errors else d.build(source)


def _require(r: SetReader, d: _Draft) -> None:
    end = len(r.segments)
    if "shipment_id" not in d.head:
        r.missing("BSN" if r.segments[0][1] == "856" else "W06", 2)
    elif not d.head.get("po_number"):
        r.missing("PRF" if r.segments[0][1] == "856" else "W06", end)
    d.packages = [p for p in d.packages if p["lines"] or p.get("sscc")]


def read_945(r: SetReader, source: Source) -> ShipNotice | None:
    d = _Draft()
    for pos, seg, tag in body(r, KNOWN_945):
        if tag == "W06":
            r.text(pos, seg, 1, required=True, max_len=1)
            depositor_order = r.text(pos, seg, 2, required=True, max_len=22)
            d.head["notice_date"] = r.date(pos, seg, 3, required=True)
            d.head["shipment_id"] = r.text(pos, seg, 4, max_len=30) or depositor_order
            d.head["po_number"] = r.text(pos, seg, 6, max_len=22) or depositor_order
        elif tag == "N1":
            _party(r, pos, seg, d)
        elif tag in ("N2", "N3", "N4", "PER") and d.party is not None:
            read_party_detail(r, pos, seg, d.party)
        elif tag == "N9":
            qualifier = r.text(pos, seg, 1, required=True, max_len=3)
            value = r.text(pos, seg, 2, max_len=50)
            if qualifier == "LI" and d.line is not None and value:
                d.line["line_number"] = value
            elif qualifier in ("BM", "CN") and value and d.line is None:
                if qualifier == "CN" and d.packages:
                    d.packages[-1]["tracking_number"] = value
                else:
                    d.head.setdefault("tracking_number", value)
            elif qualifier and value:
                d.refs.append(Reference(qualifier=qualifier, value=value))
        elif tag == "G62":
            qualifier = r.text(pos, seg, 1, required=True)
            when = r.date(pos, seg, 2, required=True)
            if qualifier in ("11", "10"):
                d.head["ship_date"] = when
            elif qualifier in ("17", "02"):
                d.head["estimated_delivery_date"] = when
        elif tag == "W27":
            d.head["carrier"] = r.text(pos, seg, 2, max_len=4) or r.text(pos, seg, 3, max_len=35)
        elif tag == "LX":
            r.loop, d.party, d.line = "LX", None, None
        elif tag == "MAN":
            mark = _sscc(r, pos, seg)
            d.packages.append({"lines": [], "sscc": mark} if mark else {"lines": []})
        elif tag == "W12":
            r.loop = "W12"
            d.line = _read_w12(r, pos, seg, sum(len(p["lines"]) for p in d.packages) + 1)  # type: ignore[arg-type]
            d.package()["lines"].append(d.line)  # type: ignore[attr-defined]
        elif tag == "G69" and d.line is not None:
            text = r.text(pos, seg, 1, max_len=45)
            if text:
                d.line["item"].description = text  # type: ignore[attr-defined]
    _require(r, d)
    return None if r.errors else d.build(source)


def _read_w12(r: SetReader, pos: int, seg: Segment, index: int) -> dict[str, object]:
    r.text(pos, seg, 1, required=True, max_len=2)
    ordered = r.number(pos, seg, 2)
    shipped = r.number(pos, seg, 3, required=True)
    unit = _unit(r, pos, seg, 5)
    gtin = r.text(pos, seg, 6, max_len=12)
    qualifier, value = r.text(pos, seg, 7, max_len=2), r.text(pos, seg, 8, max_len=48)
    item = Item(gtin=gtin)
    if qualifier and value:
        if qualifier in ("VN", "VP"):
            item.supplier_part = value
        elif qualifier in ("BP", "IN"):
            item.buyer_part = value
        elif qualifier in GTIN_QUALIFIERS and gtin is None:
            item.gtin = value
        else:
            item.ids = [ItemId(scheme=qualifier, value=value)]
    line: dict[str, object] = {"line_number": str(index), "item": item,
                               "quantity": shipped or Decimal(0), "uom": unit}  # fmt: skip
    if ordered is not None:
        line["ordered_quantity"] = ordered
    return line
