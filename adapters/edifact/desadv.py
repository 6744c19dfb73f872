"""DESADV <-> ShipNotice.

The CPS hierarchy becomes packages: a CPS group holding a PAC or LIN is one package (its
SSCC from GIN+BJ after PCI, its tracking number from RFF+CN, its gross weight from
MEA+PD+AAB); a bare top-level CPS (the consignment) is skipped. Shipped quantity is
QTY 12, ordered QTY 21.
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
    file_party,
    render_item,
    render_party,
)
from canonical import Item, Package, Party, Reference, ShipNotice, ShippedLine
from canonical.shipment import is_valid_sscc

ROLES = {
    "BY": "buyer",
    "SU": "seller",
    "SE": "seller",
    "DP": "ship_to",
    "ST": "ship_to",
    "SF": "ship_from",
    "SH": "ship_from",
    "CZ": "ship_from",
}
DATES = {
    "137": "notice_date",
    "11": "ship_date",
    "17": "estimated_delivery_date",
    "132": "estimated_delivery_date",
    "2": "estimated_delivery_date",
}


def parse(msg: Message) -> ShipNotice:
    bgm = msg.require("BGM")
    fields: dict[str, object] = {"shipment_id": text(bgm, 2, 1, max_len=35, required=True)}
    parties: dict[str, Party] = {}
    references: list[Reference] = []
    packages: list[dict[str, object]] = []
    package: dict[str, object] | None = None
    line: dict[str, object] | None = None
    party_key: str | None = None
    last_rff: str | None = None

    for seg in msg.segments:
        tag = seg.tag
        if tag == "CPS":
            package = {"lines": [], "_used": False}
            packages.append(package)
            line = None
        elif tag == "PAC" and package is not None:
            package["_used"] = True
        elif tag == "MEA" and package is not None and line is None:
            if seg.value(2, 1) in ("AAB", "G") or seg.value(1) == "PD":
                package["weight"] = number(seg, 3, 2)
                package["weight_uom"] = text(seg, 3, 1, max_len=3)
        elif tag == "GIN" and package is not None and line is None:
            if seg.value(1) == "BJ":
                sscc = text(seg, 2, 1, max_len=35) or ""
                if not is_valid_sscc(sscc):
                    raise FieldError(
                        codes.INVALID,
                        f"SSCC {sscc!r} is not 18 digits with a valid check digit",
                        seg,
                        2,
                        1,
                    )
                package["sscc"] = sscc
        elif tag == "RFF" and package is not None and line is None and seg.value(1, 1) == "CN":
            package["tracking_number"] = text(seg, 1, 2, max_len=70)
        elif tag == "LIN":
            if package is None:
                package = {"lines": [], "_used": True}
                packages.append(package)
            package["_used"] = True
            line = {
                "line_number": text(seg, 1, max_len=6, required=True),
                "item": add_item_ids(Item(), seg),
            }
            package["lines"].append(line)  # type: ignore[union-attr]
        elif line is not None and tag in ("PIA", "IMD", "QTY"):
            if tag == "PIA":
                line["item"] = add_item_ids(line["item"], seg)  # type: ignore[arg-type]
            elif tag == "IMD":
                line["item"] = add_description(line["item"], seg)  # type: ignore[arg-type]
            else:
                qualifier = seg.value(1, 1)
                value = number(seg, 1, 2, required=True)
                if qualifier == "12":
                    line["quantity"] = value
                    uom = text(seg, 1, 3, max_len=8)
                    if uom:
                        line["uom"] = codes.unit(uom)
                elif qualifier == "21":
                    line["ordered_quantity"] = value
        elif package is None and line is None:
            party_key = _header(seg, fields, parties, references, party_key, last_rff)
        if tag == "RFF":
            last_rff = seg.value(1, 1)
        elif tag != "DTM":
            last_rff = None
    if "po_number" not in fields:
        raise FieldError(
            codes.MISSING,
            "RFF+ON (the order shipped) is missing",
            tag="RFF",
            number=msg.header.number + 2,
        )
    result_packages = []
    for pack in packages:
        if not pack.pop("_used"):
            continue
        lines = []
        for ln in pack.pop("lines"):  # type: ignore[union-attr]
            if "quantity" not in ln:
                raise FieldError(
                    codes.MISSING,
                    "line has no despatch quantity (QTY 12)",
                    tag="QTY",
                    number=msg.trailer_number,
                )
            lines.append(ShippedLine(**ln))
        result_packages.append(Package(lines=lines, **pack))  # type: ignore[arg-type]
    return ShipNotice(
        **fields,  # type: ignore[arg-type]
        buyer=parties.get("buyer"),
        seller=parties.get("seller"),
        ship_to=parties.get("ship_to"),
        ship_from=parties.get("ship_from"),
        references=references,
        packages=result_packages,
        source=msg.source,
    )


def _header(seg, fields, parties, references, party_key, last_rff):  # type: ignore[no-untyped-def]
    tag = seg.tag
    if tag == "DTM":
        qualifier, start, end = dtm(seg)
        if last_rff is None and qualifier in DATES and DATES[qualifier] not in fields:
            fields[DATES[qualifier]] = start
    elif tag == "RFF":
        qualifier = text(seg, 1, 1, max_len=3, required=True) or ""
        value = text(seg, 1, 2, max_len=70, required=True) or ""
        if qualifier == "ON" and "po_number" not in fields:
            fields["po_number"] = value
        elif qualifier in ("BM", "CN") and "tracking_number" not in fields:
            fields["tracking_number"] = value
        else:
            references.append(Reference(qualifier=qualifier, value=value))
    elif tag == "NAD":
        return file_party(parties, seg, ROLES)
    elif tag in ("CTA", "COM") and party_key:
        parties[party_key] = add_contact(parties[party_key], seg)
        return party_key
    elif tag == "TDT":
        fields["carrier"] = text(seg, 5, 4, max_len=35) or text(seg, 5, 1, max_len=17)
        service = text(seg, 4, 2, max_len=17)
        if service:
            fields["service_level"] = service
    return None if tag not in ("CTA", "COM") else party_key


def render(notice: ShipNotice) -> list[Out]:
    out: list[Out] = [("BGM", ["351", notice.shipment_id, "9"])]
    for qualifier, value in (
        ("137", notice.notice_date),
        ("11", notice.ship_date),
        ("17", notice.estimated_delivery_date),
    ):
        if value:
            out.append(("DTM", [[qualifier, format_date(value), "102"]]))
    out.append(("RFF", [["ON", notice.po_number]]))
    if notice.tracking_number:
        out.append(("RFF", [["BM", notice.tracking_number]]))
    for ref in notice.references:
        out.append(("RFF", [[ref.qualifier, ref.value]]))
    for qualifier, party in (
        ("BY", notice.buyer),
        ("SU", notice.seller),
        ("SF", notice.ship_from),
        ("DP", notice.ship_to),
    ):
        out += render_party(qualifier, party)
    if notice.carrier or notice.service_level:
        carrier = notice.carrier or ""
        c040 = [carrier] if len(carrier) <= 17 else ["", "", "", carrier]
        out.append(("TDT", ["20", "", "", ["", notice.service_level or ""], c040]))
    out.append(("CPS", ["1"]))
    for number_, package in enumerate(notice.packages, 2):
        out.append(("CPS", [str(number_), "1"]))
        out.append(("PAC", ["1", "", "201"]))
        if package.weight is not None:
            out.append(
                ("MEA", ["PD", "AAB", [package.weight_uom or "KGM", format_number(package.weight)]])
            )
        if package.sscc or package.tracking_number:
            out.append(("PCI", ["33E"]))
            if package.tracking_number:
                out.append(("RFF", [["CN", package.tracking_number]]))
            if package.sscc:
                out.append(("GIN", ["BJ", package.sscc]))
        for line in package.lines:
            out += render_item(line.line_number, line.item)
            out.append(("QTY", [["12", format_number(line.quantity), line.uom]]))
            if line.ordered_quantity is not None:
                out.append(("QTY", [["21", format_number(line.ordered_quantity), line.uom]]))
    out.append(("CNT", [["2", str(sum(len(p.lines) for p in notice.packages))]]))
    return out
