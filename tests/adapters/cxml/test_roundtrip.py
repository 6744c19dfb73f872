"""canonical -> cXML -> canonical is the identity, up to what cXML cannot carry.

Not carried (normalised away before comparing, each for its reason):
- ``id``, ``source``: hub bookkeeping; the source comes from the envelope.
- buyer / seller ids: the From / To credentials come from the envelope; only the buyer's
  ``Contact role="buyer"`` travels with an Order.
- Order ``carrier``, ``earliest_delivery_date``, line ``action``, a party's second id,
  order types other than standalone / release / blanket; line ship-tos (not canonical).
- item ids keep their schemes (VS, MF, classification domains) but not their order.
- OrderResponse ``status`` is recomputed from the lines for a "detail" confirmation;
  references other than ``payloadID``; rejected lines always confirm quantity 0.
- ShipNotice ``order_id``, ``service_level``, line ``ordered_quantity``, references
  other than extra order numbers ("ON"), a package without lines.
- ReceiptAdvice ``order_id``, ``ship_to``, a line's ``uom`` (a ReceiptItem has none: read
  as EA), ``shipment_id`` of a receipt without lines (ShipNoticeIDInfo sits on the items),
  ``receipt_date`` None (receiptDate is required: the envelope's date is written), buyer
  and seller other than the From / To credentials.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import adapters.cxml as cxml
from adapters.reading import Envelope
from canonical import (
    Address,
    Contact,
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
)
from canonical.shipment import sscc_check_digit

ENVELOPE = Envelope(
    sender="NORTHWIND",
    receiver="AN02000000123",
    interchange_control=42,
    created=datetime(2026, 3, 3, 9, 15, tzinfo=UTC),
)
FROM = Party(ids=[PartyId(scheme="NetworkID", value="NORTHWIND")])
TO = Party(ids=[PartyId(scheme="NetworkID", value="AN02000000123")])

ALPHABET = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 -.,/&<>'\"äöüßøé€"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=24).map(str.strip).filter(bool)
codes = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2)
quantities = st.decimals(min_value=Decimal("1"), max_value=Decimal("9999"), places=0)
gtins = st.from_regex(r"\A[0-9]{13}\Z").map(lambda body: body + sscc_check_digit(body))
ssccs = st.from_regex(r"\A[0-9]{17}\Z").map(lambda body: body + sscc_check_digit(body))
uoms = st.sampled_from(["EA", "PR", "KGM", "MTR", "C62"])

addresses = st.builds(
    Address,
    street=st.lists(words, max_size=3),
    city=words,
    region=st.none() | words,
    postal_code=st.none() | codes,
    country=st.none() | st.sampled_from(["GB", "DE", "NO", "US", "SE"]),
)
contacts = st.builds(Contact, name=words, phone=st.none() | codes, email=st.none() | words)
party_ids = st.builds(
    PartyId, scheme=st.sampled_from(["buyerLocationID", "GLN", "ZZ"]), value=codes
)
parties = st.builds(
    Party,
    ids=st.lists(party_ids, max_size=1),
    name=st.none() | words,
    address=st.none() | addresses,
    contact=st.none() | contacts,
)
contact_parties = st.builds(  # a header Contact carries no person name beside the party name
    Party,
    ids=st.lists(party_ids, max_size=1),
    name=st.none() | words,
    address=st.none() | addresses,
    contact=st.none() | st.builds(Contact, email=words, phone=st.none() | codes),
)


@st.composite
def items(draw: st.DrawFn, *, allow_empty: bool = False) -> Item:
    if allow_empty and draw(st.booleans()):
        return Item()
    ids = []
    if draw(st.booleans()):
        ids.append(ItemId(scheme="VS", value=draw(codes)))
    if draw(st.booleans()):
        ids.append(ItemId(scheme="MF", value=draw(codes)))
    ids += [
        ItemId(scheme=s, value=draw(codes))
        for s in draw(st.lists(st.sampled_from(["UNSPSC", "eCl@ss"]), max_size=2, unique=True))
    ]
    return Item(
        gtin=draw(st.none() | gtins),
        supplier_part=draw(codes),
        buyer_part=draw(st.none() | codes),
        description=draw(st.none() | words),
        ids=ids,
    )


order_lines = st.builds(
    OrderLine,
    line_number=st.integers(1, 999).map(str),
    item=items(),
    quantity=quantities,
    uom=uoms,
    unit_price=st.none() | amounts,
    requested_delivery_date=st.none() | dates,
    notes=st.lists(words, max_size=2),
)
orders = st.builds(
    Order,
    po_number=codes,
    po_date=dates,
    purpose=st.sampled_from(["original", "change", "cancel"]),
    order_type=st.sampled_from([None, "standalone", "release", "blanket"]),
    currency=st.sampled_from(["GBP", "EUR", "USD"]),
    buyer=st.builds(Party, contact=contacts),
    ship_to=st.none() | parties,
    bill_to=st.none() | parties,
    requested_delivery_date=st.none() | dates,
    references=st.lists(st.builds(Reference, qualifier=codes, value=words), max_size=3),
    total_amount=amounts,
    lines=st.lists(order_lines, min_size=1, max_size=4),
    notes=st.lists(words, max_size=3),
)


def sorted_ids(item: Item) -> Item:
    return item.model_copy(update={"ids": sorted(item.ids, key=lambda i: (i.scheme, i.value))})


def roundtrip(document):
    reading = cxml.read(cxml.write(document, ENVELOPE), name="rt.xml")
    assert reading.errors == []
    (back,) = reading.documents
    assert back.source.interchange_control == "42.20260303091500@NORTHWIND"
    return back


@settings(max_examples=60, deadline=None)
@given(orders)
def test_order_roundtrip(order: Order) -> None:
    back = roundtrip(order)
    expected = order.model_copy(
        update={
            "buyer": Party(ids=FROM.ids, contact=order.buyer.contact),
            "seller": TO,
            "source": back.source,
            "lines": [
                line.model_copy(update={"item": sorted_ids(line.item)}) for line in order.lines
            ],
        }
    )
    back = back.model_copy(
        update={
            "lines": [
                line.model_copy(update={"item": sorted_ids(line.item)}) for line in back.lines
            ]
        }
    )
    assert back == expected


@st.composite
def responses(draw: st.DrawFn) -> OrderResponse:
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        status = draw(st.sampled_from(["accepted", "changed", "rejected", "backordered"]))
        ordered = draw(quantities)
        lines.append(
            ResponseLine(
                line_number=str(draw(st.integers(1, 99))),
                item=draw(items(allow_empty=True)),
                status=status,
                quantity=Decimal(0) if status == "rejected" else draw(quantities),
                ordered_quantity=ordered,
                uom=draw(uoms),
                unit_price=draw(st.none() | amounts),
                promised_date=draw(st.none() | dates),
                reason=draw(st.none() | words),
            )
        )
    if lines and all(line.status == "rejected" for line in lines):
        status = "rejected"
    elif all(line.status == "accepted" for line in lines):
        status = "accepted"
    else:
        status = "accepted_with_changes"
    return OrderResponse(
        response_number=draw(st.none() | codes),
        response_date=draw(dates),
        po_number=draw(codes),
        po_date=draw(st.none() | dates),
        status=status,
        currency=draw(st.none() | st.sampled_from(["GBP", "EUR"])),
        seller=FROM,
        buyer=TO,
        references=draw(
            st.lists(st.builds(Reference, qualifier=st.just("payloadID"), value=codes), max_size=1)
        ),
        lines=lines,
        notes=draw(st.lists(words, max_size=2)),
    )


@settings(max_examples=60, deadline=None)
@given(responses())
def test_order_response_roundtrip(response: OrderResponse) -> None:
    back = roundtrip(response)
    norm = lambda r: r.model_copy(  # noqa: E731
        update={
            "source": None,
            "lines": [x.model_copy(update={"item": sorted_ids(x.item)}) for x in r.lines],
        }
    )
    assert norm(back) == norm(response)


@st.composite
def ship_notices(draw: st.DrawFn) -> ShipNotice:
    keys = draw(
        st.lists(
            st.tuples(st.none() | ssccs, st.none() | codes), min_size=1, max_size=3, unique=True
        )
    )
    packages = []
    for sscc, tracking in keys:
        weight = draw(st.none() | amounts)
        packages.append(
            Package(
                sscc=sscc,
                tracking_number=tracking,
                weight=weight,
                weight_uom=None if weight is None else draw(st.sampled_from(["KGM", "LBR"])),
                lines=draw(
                    st.lists(
                        st.builds(
                            ShippedLine,
                            line_number=st.integers(1, 99).map(str),
                            item=items(allow_empty=True),
                            quantity=quantities,
                            uom=uoms,
                        ),
                        min_size=1,
                        max_size=3,
                    )
                ),
            )
        )
    return ShipNotice(
        shipment_id=draw(codes),
        notice_date=draw(dates),
        po_number=draw(codes),
        ship_date=draw(st.none() | dates),
        estimated_delivery_date=draw(st.none() | dates),
        carrier=draw(st.none() | st.sampled_from(["UPSN", "DHLU", "DHL Freight", "PostNord"])),
        tracking_number=draw(st.none() | codes),
        ship_from=draw(st.none() | contact_parties),
        ship_to=draw(st.none() | contact_parties),
        seller=FROM,
        buyer=TO,
        references=draw(
            st.lists(st.builds(Reference, qualifier=st.just("ON"), value=codes), max_size=2)
        ),
        packages=packages,
    )


@settings(max_examples=60, deadline=None)
@given(ship_notices())
def test_ship_notice_roundtrip(notice: ShipNotice) -> None:
    back = roundtrip(notice)

    def norm(n: ShipNotice) -> ShipNotice:
        packages = [
            p.model_copy(
                update={
                    "lines": [x.model_copy(update={"item": sorted_ids(x.item)}) for x in p.lines]
                }
            )
            for p in n.packages
        ]
        return n.model_copy(update={"source": None, "packages": packages})

    assert norm(back) == norm(notice)


@st.composite
def receipts(draw: st.DrawFn) -> ReceiptAdvice:
    lines = draw(
        st.lists(
            st.builds(
                ReceivedLine,
                line_number=st.integers(1, 99).map(str),
                item=items(allow_empty=True),
                quantity=st.just(Decimal(0)) | quantities,
                rejected_quantity=st.just(Decimal(0)) | quantities,
                condition=st.sampled_from(["accepted", "damaged", "short", "over", "rejected"]),
                reason=st.none() | words,
            ),
            max_size=4,
        )
    )
    return ReceiptAdvice(
        receipt_number=draw(codes),
        receipt_date=draw(dates),
        po_number=draw(codes),
        shipment_id=draw(st.none() | codes) if lines else None,
        buyer=FROM,
        seller=TO,
        references=draw(st.lists(st.builds(Reference, qualifier=codes, value=words), max_size=3)),
        lines=lines,
    )


@settings(max_examples=60, deadline=None)
@given(receipts())
def test_receipt_advice_roundtrip(receipt: ReceiptAdvice) -> None:
    back = roundtrip(receipt)
    assert back.source.message_type == "ReceiptRequest"

    def norm(r: ReceiptAdvice) -> ReceiptAdvice:
        lines = [x.model_copy(update={"item": sorted_ids(x.item)}) for x in r.lines]
        return r.model_copy(update={"source": None, "lines": lines})

    assert norm(back) == norm(receipt)
