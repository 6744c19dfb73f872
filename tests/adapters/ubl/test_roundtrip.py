"""canonical -> UBL -> canonical is the identity, up to what UBL / Peppol BIS cannot carry.

Not carried (normalised away before comparing):
- ``id`` and ``source`` (the source is derived from the parties' endpoints).
- ``order_type``, ``carrier``, line ``action`` of an original order; references other
  than CR (CustomerReference), AAG (quotation) and CT (contract). A cancellation naming
  lines comes back as a change deleting them (OrderCancellation cancels a whole order).
- item ids keep their schemes but not their order (MF is written before classifications).
- OrderResponse ``po_date``, ``references``, line ``ordered_quantity``; "backordered"
  lines come back as "changed" (UNCL1229 has no backorder code in the Peppol subset).
- ShipNotice ``order_id``, ``service_level``, ``references``, package
  ``tracking_number``, line ``ordered_quantity``; a package without lines.
- ReceiptAdvice ``order_id``, ``receipt_date`` None (IssueDate is mandatory: the envelope's
  date is written), a line's condition "accepted" with a rejected quantity (a
  RejectedQuantity without a UNCL 4221 code reads back "rejected") and "rejected" without
  one; a seller given as SellerSupplierParty comes back from DespatchSupplierParty.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import adapters.ubl as ubl
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
    sender="4012345000009",
    receiver="987654321",
    interchange_control=9,
    created=datetime(2026, 3, 5, tzinfo=UTC),
)
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
    country=st.none() | st.sampled_from(["NO", "DE", "GB", "SE"]),
)
contacts = st.builds(Contact, name=words, phone=st.none() | codes, email=st.none() | words)
party_ids = st.builds(PartyId, scheme=st.sampled_from(["GLN", "DUNS", "0192", "ZZ"]), value=codes)
parties = st.builds(
    Party,
    ids=st.lists(party_ids, max_size=2, unique_by=lambda p: (p.scheme, p.value)),
    name=st.none() | words,
    address=st.none() | addresses,
    contact=st.none() | contacts,
)
ship_tos = parties.filter(lambda p: p != Party())


@st.composite
def items(draw: st.DrawFn) -> Item:
    ids = [ItemId(scheme="MF", value=draw(codes))] if draw(st.booleans()) else []
    schemes = draw(st.lists(st.sampled_from(["STI", "UNSPSC", "CPV"]), max_size=2, unique=True))
    ids += [ItemId(scheme=s, value=draw(codes)) for s in schemes]
    return Item(
        gtin=draw(st.none() | gtins),
        supplier_part=draw(st.none() | codes),
        buyer_part=draw(st.none() | codes),
        description=draw(st.none() | words),
        ids=ids,
    )


def sorted_ids(item: Item) -> Item:
    return item.model_copy(update={"ids": sorted(item.ids, key=lambda i: (i.scheme, i.value))})


def roundtrip(document):
    reading = ubl.read(ubl.write(document, ENVELOPE), name="rt.xml")
    assert reading.errors == []
    (back,) = reading.documents
    return back


@st.composite
def orders(draw: st.DrawFn) -> Order:
    requested = draw(st.none() | dates)
    refs = draw(st.lists(st.sampled_from(["CR", "AAG", "CT"]), max_size=3, unique=True))
    return Order(
        po_number=draw(codes),
        po_date=draw(dates),
        currency=draw(st.sampled_from(["NOK", "EUR", "SEK"])),
        buyer=draw(parties),
        seller=draw(parties),
        ship_to=draw(st.none() | ship_tos),
        bill_to=draw(st.none() | parties),
        requested_delivery_date=requested,
        earliest_delivery_date=draw(st.none() | dates) if requested else None,
        references=[
            Reference(qualifier=q, value=draw(words)) for q in ["CR", "AAG", "CT"] if q in refs
        ],
        total_amount=draw(st.none() | amounts),
        lines=draw(
            st.lists(
                st.builds(
                    OrderLine,
                    line_number=st.integers(1, 999).map(str),
                    item=items(),
                    quantity=quantities,
                    uom=uoms,
                    unit_price=st.none() | amounts,
                    requested_delivery_date=st.none() | dates,
                    notes=st.lists(words, max_size=2),
                ),
                min_size=1,
                max_size=4,
            )
        ),
        notes=draw(st.lists(words, max_size=3)),
    )


@settings(max_examples=60, deadline=None)
@given(orders())
def test_order_roundtrip(order: Order) -> None:
    back = roundtrip(order)

    def norm(o: Order) -> Order:
        lines = [line.model_copy(update={"item": sorted_ids(line.item)}) for line in o.lines]
        return o.model_copy(update={"source": None, "lines": lines})

    assert norm(back) == norm(order)
    sender = order.buyer.ids[0] if order.buyer and order.buyer.ids else None
    assert back.source.sender == (sender.value if sender else None)


@settings(max_examples=40, deadline=None)
@given(orders(), st.lists(st.sampled_from(["add", "change", "delete"]), min_size=4, max_size=4))
def test_order_change_roundtrip(order: Order, actions: list[str]) -> None:
    """An OrderChange (T114) names the order it changes and what happens to each line."""
    lines = [
        line.model_copy(update={"action": action})
        for line, action in zip(order.lines, actions, strict=False)
    ]
    change = order.model_copy(update={"purpose": "change", "lines": lines})
    content = ubl.write(change, ENVELOPE)
    assert b"<OrderChange " in content and b"<cbc:SequenceNumberID>9<" in content
    back = roundtrip(change)

    def norm(o: Order) -> Order:
        lines = [line.model_copy(update={"item": sorted_ids(line.item)}) for line in o.lines]
        return o.model_copy(update={"source": None, "lines": lines})

    assert norm(back) == norm(change)
    assert back.source.message_type == "OrderChange"


def test_a_cancellation_of_some_lines_is_a_change_that_deletes_them() -> None:
    line = OrderLine(line_number="2", item=Item(supplier_part="W-1"), quantity=Decimal(4))
    back = roundtrip(Order(po_number="P-7", purpose="cancel", lines=[line]))
    assert (back.purpose, back.po_number) == ("change", "P-7")
    assert [(x.line_number, x.action, x.quantity) for x in back.lines] == [("2", "delete", 4)]


@pytest.mark.parametrize("notes", [[], ["customer withdrew the order"]])
def test_a_whole_order_cancellation_roundtrip(notes: list[str]) -> None:
    order = Order(
        po_number="P-8", po_date=date(2026, 3, 1), purpose="cancel", notes=notes,
        buyer=Party(ids=[PartyId(value="4012345000009", scheme="GLN")], name="Buyer"),
    )  # fmt: skip
    content = ubl.write(order, ENVELOPE)
    assert b"<OrderCancellation " in content and b"<cbc:CancellationNote>" in content
    back = roundtrip(order)
    assert back.model_copy(update={"source": None}) == order
    assert back.source.message_type == "OrderCancellation"


@st.composite
def responses(draw: st.DrawFn) -> OrderResponse:
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        status = draw(st.sampled_from(["accepted", "changed", "rejected"]))
        lines.append(
            ResponseLine(
                line_number=str(draw(st.integers(1, 99))),
                item=draw(items()),
                status=status,
                quantity=Decimal(0) if status == "rejected" else draw(quantities),
                uom=draw(uoms),
                unit_price=draw(st.none() | amounts),
                promised_date=draw(st.none() | dates),
                reason=draw(st.none() | words),
            )
        )
    return OrderResponse(
        response_number=draw(codes),
        response_date=draw(dates),
        po_number=draw(codes),
        status=draw(st.sampled_from(["accepted", "accepted_with_changes", "rejected"])),
        currency=draw(st.none() | st.sampled_from(["NOK", "EUR"])),
        seller=draw(st.none() | parties),
        buyer=draw(st.none() | parties),
        lines=lines,
        notes=draw(st.lists(words, max_size=2)),
    )


@settings(max_examples=60, deadline=None)
@given(responses())
def test_order_response_roundtrip(response: OrderResponse) -> None:
    back = roundtrip(response)

    def norm(r: OrderResponse) -> OrderResponse:
        lines = [x.model_copy(update={"item": sorted_ids(x.item)}) for x in r.lines]
        return r.model_copy(update={"source": None, "lines": lines})

    assert norm(back) == norm(response)


def test_backordered_line_comes_back_changed() -> None:
    line = ResponseLine(
        line_number="1", item=Item(supplier_part="X"), status="backordered", quantity=Decimal(2)
    )
    back = roundtrip(OrderResponse(response_number="R", po_number="P", lines=[line]))
    assert back.lines[0].status == "changed"


@st.composite
def ship_notices(draw: st.DrawFn) -> ShipNotice:
    keys = draw(st.lists(st.none() | ssccs, min_size=1, max_size=3, unique=True))
    packages = []
    for sscc in keys:
        weight = draw(st.none() | amounts)
        lines = st.builds(
            ShippedLine,
            line_number=st.integers(1, 99).map(str),
            item=items(),
            quantity=quantities,
            uom=uoms,
        )
        packages.append(
            Package(
                sscc=sscc,
                weight=weight,
                weight_uom=None if weight is None else draw(st.sampled_from(["KGM", "LBR"])),
                lines=draw(st.lists(lines, min_size=1, max_size=3)),
            )
        )
    return ShipNotice(
        shipment_id=draw(codes),
        notice_date=draw(dates),
        po_number=draw(codes),
        ship_date=draw(st.none() | dates),
        estimated_delivery_date=draw(st.none() | dates),
        carrier=draw(st.none() | words),
        tracking_number=draw(st.none() | codes),
        ship_from=draw(st.none() | parties),
        ship_to=draw(st.none() | parties),
        buyer=draw(st.none() | parties),
        seller=draw(st.none() | parties),
        packages=packages,
    )


@settings(max_examples=60, deadline=None)
@given(ship_notices())
def test_despatch_advice_roundtrip(notice: ShipNotice) -> None:
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
def received_lines(draw: st.DrawFn) -> ReceivedLine:
    condition = draw(st.sampled_from(["accepted", "damaged", "short", "over", "rejected"]))
    rejected = draw(st.just(Decimal(0)) | quantities)
    if condition == "accepted":
        rejected = Decimal(0)
    elif condition == "rejected":
        rejected = draw(quantities)
    return ReceivedLine(
        line_number=str(draw(st.integers(1, 999))),
        item=draw(items()),
        quantity=draw(st.just(Decimal(0)) | quantities),
        rejected_quantity=rejected,
        uom=draw(uoms),
        condition=condition,
        reason=draw(st.none() | words),
    )


receipts = st.builds(
    ReceiptAdvice,
    receipt_number=codes,
    receipt_date=dates,
    po_number=codes,
    shipment_id=st.none() | codes,
    buyer=st.none() | parties,
    seller=st.none() | parties,
    ship_to=st.none() | parties,
    references=st.lists(st.builds(Reference, qualifier=codes, value=codes), max_size=3),
    lines=st.lists(received_lines(), max_size=4),
)


@settings(max_examples=60, deadline=None)
@given(receipts)
def test_receipt_advice_roundtrip(receipt: ReceiptAdvice) -> None:
    back = roundtrip(receipt)
    assert back.source.message_type == "ReceiptAdvice"

    def norm(r: ReceiptAdvice) -> ReceiptAdvice:
        lines = [x.model_copy(update={"item": sorted_ids(x.item)}) for x in r.lines]
        return r.model_copy(update={"source": None, "lines": lines})

    assert norm(back) == norm(receipt)
