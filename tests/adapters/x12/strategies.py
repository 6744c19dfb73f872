"""Hypothesis strategies for canonical documents within what X12 can carry.

What X12 cannot carry, and these strategies therefore leave out:
- hub-only fields (id, order_id, source: set by the reader from the envelope);
- more than one id per party (N1 has one N103/N104), schemes outside GLN/DUNS/DUNS4/
  BUYER/SUPPLIER/ZZ, names over 60 characters, contacts other than name/phone/email;
- separator characters in identifiers (refused) or text (replaced by a space);
- packages without an SSCC in 856/945 (their lines join the previous package);
- in 945: service level, package weight, buyer/seller parties, a second item id beside
  a GTIN that is not a 12-digit UPC (W1206 holds UPCs only), descriptions over 45 characters;
- in 855: a line without ordered quantity (PO102 is written from the confirmed one).
- in 861: a receipt without receipt_date (BRA02 is mandatory: the writer refuses it), a
  line's condition "accepted" with a rejected quantity (RCD04 without a receiving condition
  reads back "rejected"), reasons over 80 characters (REF*L1 REF03), references qualified
  MA (the 856 the receipt answers) or L1, more than one purchase order (PRF), ``order_id``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from adapters.x12.codes import ORDER_TYPE_OUT
from adapters.x12.units import REC20_TO_X12
from canonical import (
    Address,
    Contact,
    InventoryLine,
    InventoryReport,
    Item,
    ItemId,
    Order,
    OrderLine,
    OrderResponse,
    Package,
    Party,
    PartyId,
    ReceiptAdvice,
    ReceivedLine,
    Reference,
    ResponseLine,
    ShipNotice,
    ShippedLine,
)  # fmt: skip
from canonical.shipment import sscc_check_digit

SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-./#&,()"
ident = st.text(alphabet=SAFE[:62] + "-", min_size=1, max_size=20).filter(lambda s: s.strip() == s)
words = st.text(alphabet=SAFE + " ", min_size=1, max_size=40).map(str.strip).filter(bool)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
quantities = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(99999), places=2)
prices = st.decimals(min_value=Decimal(0), max_value=Decimal(99999), places=2)
units = st.sampled_from(sorted(REC20_TO_X12))
countries = st.sampled_from(["US", "DE", "GB", "NO", "SE", "NL", "CA", "MX"])
qualifiers = st.sampled_from(["DP", "IA", "VR", "PD", "CT", "ZZ", "IT", "AH"])
schemes = st.sampled_from(["GLN", "DUNS", "DUNS4", "BUYER", "SUPPLIER", "ZZ"])
extra_schemes = st.sampled_from(["SK", "MG", "UI", "MF", "CB", "PN"])
gtins = (
    st.integers(min_value=10**7, max_value=10**14 - 1)
    .map(str)
    .filter(lambda s: len(s) in (8, 12, 13, 14))
)


def sscc(n: int) -> str:
    body = f"0061414{n % 10**10:010d}"
    return body + sscc_check_digit(body)


@st.composite
def parties(draw: st.DrawFn, contact: bool = True) -> Party:
    ids = draw(st.lists(st.builds(PartyId, scheme=schemes, value=ident), max_size=1))
    address = draw(
        st.none()
        | st.builds(
            Address,
            street=st.lists(words, max_size=3),
            city=st.none() | words.map(lambda w: w[:30].strip()),
            region=st.none() | st.sampled_from(["IL", "TX", "TN", "NY"]),
            postal_code=st.none() | ident.map(lambda v: v[:15]),
            country=st.none() | countries,
        )  # fmt: skip
    )
    if address is not None and not (address.street or address.city or address.region
                                    or address.postal_code or address.country):  # fmt: skip
        address = None
    person = None
    if contact:
        person = draw(st.none() | st.builds(Contact, name=st.none() | words,
                                            phone=st.none() | ident, email=st.none() | ident))  # fmt: skip
        if person is not None and not (person.name or person.phone or person.email):
            person = None
    name = draw(st.none() | words) if ids else draw(words)
    return Party(ids=ids, name=name, address=address, contact=person)


@st.composite
def items(draw: st.DrawFn, *, extras: bool = True) -> Item:
    ids = (
        draw(st.lists(st.builds(ItemId, scheme=extra_schemes, value=ident), max_size=2))
        if extras
        else []
    )
    return Item(gtin=draw(st.none() | gtins), buyer_part=draw(st.none() | ident),
                supplier_part=draw(st.none() | ident), description=draw(st.none() | words), ids=ids)  # fmt: skip


def _numbered(lines: list, key: str = "line_number") -> list:  # type: ignore[type-arg]
    return [line.model_copy(update={key: str(i)}) for i, line in enumerate(lines, 1)]


@st.composite
def orders(draw: st.DrawFn, purpose: str | None = None) -> Order:
    chosen = purpose or draw(st.sampled_from(["original", "change", "cancel"]))
    change = chosen != "original"
    lines = draw(st.lists(st.builds(
        OrderLine, line_number=st.just("0"), item=items(), quantity=quantities, uom=units,
        unit_price=st.none() | prices, requested_delivery_date=st.none() | days,
        notes=st.lists(words, max_size=2),
        action=st.sampled_from(["add", "change", "delete"]) if change else st.none(),
    ), min_size=1, max_size=5))  # fmt: skip
    refs = draw(st.lists(st.builds(Reference, qualifier=qualifiers, value=ident), max_size=3))
    return Order(
        po_number=draw(ident), po_date=draw(days), purpose=chosen,  # type: ignore[arg-type]
        order_type=draw(st.sampled_from(sorted(ORDER_TYPE_OUT))), currency=draw(st.none() | st.just("USD")),
        buyer=draw(st.none() | parties()), seller=draw(st.none() | parties()),
        ship_to=draw(st.none() | parties()), bill_to=draw(st.none() | parties()),
        requested_delivery_date=draw(st.none() | days), earliest_delivery_date=draw(st.none() | days),
        carrier=draw(st.none() | st.sampled_from(["UPSN", "FDEG", "Blue Truck Lines"])),
        references=refs, total_amount=draw(st.none() | prices),
        lines=_numbered(lines), notes=draw(st.lists(words, max_size=2)),
    )  # fmt: skip


@st.composite
def responses(draw: st.DrawFn) -> OrderResponse:
    lines = draw(st.lists(st.builds(
        ResponseLine, line_number=st.just("0"), item=items(),
        status=st.sampled_from(["accepted", "changed", "rejected", "backordered"]),
        quantity=quantities, ordered_quantity=quantities, uom=units,
        unit_price=st.none() | prices, promised_date=st.none() | days, reason=st.none() | words,
    ), min_size=1, max_size=4))  # fmt: skip
    return OrderResponse(
        response_number=draw(st.none() | ident), response_date=draw(st.none() | days),
        po_number=draw(ident), po_date=draw(days),
        status=draw(st.sampled_from(["accepted", "accepted_with_changes", "rejected"])),
        currency=draw(st.none() | st.just("USD")), buyer=draw(st.none() | parties()),
        seller=draw(st.none() | parties()), ship_to=draw(st.none() | parties()),
        references=draw(st.lists(st.builds(Reference, qualifier=qualifiers, value=ident), max_size=2)),
        lines=_numbered(lines), notes=draw(st.lists(words, max_size=2)),
    )  # fmt: skip


@st.composite
def ship_notices(draw: st.DrawFn, warehouse: bool = False) -> ShipNotice:
    count = draw(st.integers(min_value=1, max_value=3))
    packages = []
    number = 0
    for p in range(count):
        lines = []
        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            number += 1
            if warehouse:
                gtin = draw(st.none() | gtins)
                part = draw(st.none() | ident) if gtin is None or len(gtin) == 12 else None
                item = Item(gtin=gtin, supplier_part=part,
                            description=draw(st.none() | words.map(lambda s: s[:45].strip())))  # fmt: skip
            else:
                item = draw(items())
            lines.append(ShippedLine(line_number=str(number), item=item, quantity=draw(quantities),
                                     uom=draw(units), ordered_quantity=draw(st.none() | quantities)))  # fmt: skip
        weighted = not warehouse and draw(st.booleans())
        packages.append(Package(
            sscc=sscc(draw(st.integers(min_value=0, max_value=10**9)) * 10 + p),
            tracking_number=draw(st.none() | ident),
            weight=draw(quantities) if weighted else None,
            weight_uom=draw(st.sampled_from(["KGM", "LBR"])) if weighted else None,
            lines=lines,
        ))  # fmt: skip
    refs = draw(st.lists(st.builds(Reference, qualifier=qualifiers, value=ident), max_size=2))
    return ShipNotice(
        shipment_id=draw(ident), notice_date=draw(days), po_number=draw(ident),
        ship_date=draw(st.none() | days), estimated_delivery_date=draw(st.none() | days),
        carrier=draw(st.none() | st.sampled_from(["UPSN", "FDEG"])),
        service_level=None if warehouse else draw(st.none() | st.sampled_from(["GR", "ND", "SE"])),
        tracking_number=draw(st.none() | ident),
        ship_from=draw(st.none() | parties(contact=False)), ship_to=draw(st.none() | parties(contact=False)),
        buyer=None if warehouse else draw(st.none() | parties(contact=False)),
        seller=None if warehouse else draw(st.none() | parties(contact=False)),
        references=refs, packages=packages,
    )  # fmt: skip


@st.composite
def inventory_reports(draw: st.DrawFn) -> InventoryReport:
    lines = draw(st.lists(st.builds(
        InventoryLine, item=items(), quantity_on_hand=quantities,
        quantity_available=st.none() | quantities, uom=units, location=st.none() | ident,
        available_date=st.none() | days,
    ), min_size=1, max_size=4))  # fmt: skip
    return InventoryReport(report_number=draw(ident), report_date=draw(days),
                           reporter=draw(st.none() | parties()), recipient=draw(st.none() | parties()),
                           lines=lines)  # fmt: skip


@st.composite
def receipts(draw: st.DrawFn) -> ReceiptAdvice:
    lines = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        condition = draw(st.sampled_from(["accepted", "damaged", "short", "over", "rejected"]))
        rejected = Decimal(0) if condition == "accepted" else draw(st.just(Decimal(0)) | quantities)
        lines.append(ReceivedLine(
            line_number="0", item=draw(items()), quantity=draw(quantities), rejected_quantity=rejected,
            uom=draw(units), condition=condition, reason=draw(st.none() | words),
        ))  # fmt: skip
    refs = draw(st.lists(st.builds(Reference, qualifier=qualifiers, value=ident), max_size=2))
    return ReceiptAdvice(
        receipt_number=draw(ident), receipt_date=draw(days), po_number=draw(ident),
        shipment_id=draw(st.none() | ident), buyer=draw(st.none() | parties()),
        seller=draw(st.none() | parties()), ship_to=draw(st.none() | parties()),
        references=refs, lines=_numbered(lines),
    )  # fmt: skip
