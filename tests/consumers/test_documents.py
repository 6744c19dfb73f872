from datetime import date
from decimal import Decimal

from canonical import (
    Address,
    Item,
    Order,
    OrderLine,
    Package,
    Party,
    PartyId,
    ShipNotice,
    ShippedLine,
    WorkItem,
    WorkLine,
)
from canonical import lifecycle as lc
from consumers.documents import customer_ship_notice, order_response_for, purchase_order_for

US = Party(ids=[PartyId(scheme="GLN", value="4012345000009")], name="Northwind Industrial Supply")
NODE = Party(ids=[PartyId(scheme="GLN", value="7312345000014")], name="Nordic Components AB")
BOLT = Item(gtin="04012345000016", buyer_part="ACME-1")
LED = Item(gtin="04012345000047")


def _order() -> Order:
    return Order(
        po_number="ACME-4711",
        currency="EUR",
        lines=[
            OrderLine(line_number="1", item=BOLT, quantity=Decimal(10)),
            OrderLine(line_number="2", item=LED, quantity=Decimal(2)),
        ],
    )


def test_purchase_order_keeps_customer_line_numbers_and_references_the_customer_po() -> None:
    work = WorkItem(
        id="W1234567890AB",
        order_id="O-1",
        po_number="ACME-4711",
        node="nordic",
        kind="ship",
        lines=[
            WorkLine(
                line_number="2",
                item=Item(gtin="04012345000047", supplier_part="NW-LED-30"),
                quantity=Decimal(2),
            )
        ],
    )
    po = purchase_order_for(work, _order(), us=US, node=NODE, today=date(2026, 11, 25))
    assert po.po_number == "W1234567890AB"
    assert [line.line_number for line in po.lines] == ["2"]
    assert po.order_type == "dropship" and po.buyer == US and po.seller == NODE
    assert po.references[0].value == "ACME-4711" and po.currency == "EUR"


def test_order_response_says_per_line_what_we_promise() -> None:
    progress = lc.start(_order(), "O-1", acknowledged=True)
    portion = lc.Portion(
        node="boltfast", work_id="W1", quantity=Decimal(10), promised_date=date(2026, 12, 1)
    )
    progress = lc.planned(progress, {"1": [portion]}, {"2"}, revision=1)
    response = order_response_for(_order(), progress, us=US, today=date(2026, 11, 25))
    assert response.po_number == "ACME-4711"
    assert response.status == "accepted_with_changes"
    first, second = response.lines
    assert (first.status, first.quantity, first.promised_date) == (
        "accepted",
        10,
        date(2026, 12, 1),
    )
    assert (second.status, second.quantity) == ("backordered", 0)


def test_ship_notice_is_retold_in_the_customers_terms() -> None:
    theirs = ShipNotice(
        shipment_id="SHP-9",
        po_number="W1",
        packages=[
            Package(
                sscc="106141411234567897",
                lines=[
                    ShippedLine(
                        line_number="1",
                        item=Item(supplier_part="NW-HB-M8X40"),
                        quantity=Decimal(10),
                    )
                ],
            )
        ],
    )
    ours = customer_ship_notice(_order(), theirs, order_id="O-1", us=US)
    assert ours.po_number == "ACME-4711" and ours.order_id == "O-1"
    line = ours.packages[0].lines[0]
    assert line.item.buyer_part == "ACME-1" and line.item.supplier_part == "NW-HB-M8X40"
    assert ours.packages[0].sscc == "106141411234567897"


def test_ship_notice_to_the_customer_names_us_not_the_node() -> None:
    """Blind drop-ship: the supplier's name and identifiers never reach our customer."""
    node = Party(
        name="Boltfast Fasteners",
        ids=[PartyId(scheme="DUNS", value="987654321")],
        address=Address(street=["Fabrikstr. 1"], city="Bochum", country="DE"),
    )
    theirs = ShipNotice(shipment_id="SHP-9", po_number="W1", ship_from=node)
    ours = customer_ship_notice(_order(), theirs, order_id="O-1", us=US)
    assert ours.ship_from is not None
    assert ours.ship_from.name == US.name and ours.ship_from.ids == US.ids
    # we have no address of our own on file: the carrier's origin stays
    assert ours.ship_from.address == node.address
    with_address = US.model_copy(
        update={"address": Address(street=["Hafenstr. 5"], city="Hamburg", country="DE")}
    )
    ours = customer_ship_notice(_order(), theirs, order_id="O-1", us=with_address)
    assert ours.ship_from == with_address
    # the customer's order gives our address: that one, not the node's
    seller = US.model_copy(update={"address": Address(street=["Kai 2"], city="Kiel", country="DE")})
    ordered = _order().model_copy(update={"seller": seller})
    ours = customer_ship_notice(ordered, theirs, order_id="O-1", us=US)
    assert ours.ship_from == US.model_copy(update={"address": seller.address})
    # a node that said nothing of itself: still us
    bare = customer_ship_notice(
        _order(), theirs.model_copy(update={"ship_from": None}), order_id="O-1", us=US
    )
    assert bare.ship_from == US
