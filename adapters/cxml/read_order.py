"""cXML OrderRequest -> canonical Order."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from adapters.cxml.common import credentials, lines_of, read_address, read_contact_fields, source
from adapters.xmlsafe import FieldReader
from canonical import Item, ItemId, Order, OrderLine, Party, Reference

PURPOSES = {"new": "original", "update": "change", "delete": "cancel"}
ORDER_TYPES = {"regular": "standalone", "release": "release", "blanket": "blanket"}
GTIN_DOMAINS = {"EAN", "EAN-13", "EAN-14", "GTIN", "UPC"}


def read_item(item_id: etree._Element | None, detail: etree._Element | None) -> Item:
    """ItemID and ItemDetail as one Item (GTIN from ItemDetailRetail/EANID or IdReference)."""
    text = FieldReader.text
    ids: list[ItemId] = []
    gtin = None
    supplier_part = buyer_part = description = None
    if item_id is not None:
        supplier_part = text(item_id.find("SupplierPartID"))
        buyer_part = text(item_id.find("BuyerPartID"))
        aux = text(item_id.find("SupplierPartAuxiliaryID"))
        if aux:
            ids.append(ItemId(scheme="VS", value=aux))  # X12 235 VS: vendor's supplemental id
        for ref in item_id.findall("IdReference"):
            value, domain = (ref.get("identifier") or "").strip(), ref.get("domain") or ""
            if value and domain in GTIN_DOMAINS and gtin is None:
                gtin = value
            elif value:
                ids.append(ItemId(scheme=domain or "ZZ", value=value))
    if detail is not None:
        description = text(detail.find("Description/ShortName")) or text(detail.find("Description"))
        gtin = gtin or text(detail.find("ItemDetailIndustry/ItemDetailRetail/EANID"))
        manufacturer = text(detail.find("ManufacturerPartID"))
        if manufacturer:
            ids.append(ItemId(scheme="MF", value=manufacturer))
        for cls in detail.findall("Classification"):
            code = text(cls)
            if code:
                ids.append(ItemId(scheme=cls.get("domain") or "ZZ", value=code))
    return Item(
        gtin=gtin,
        supplier_part=supplier_part,
        buyer_part=buyer_part,
        description=description,
        ids=ids,
    )


def _line(
    item: etree._Element, index: int, header_ship_to: Party | None, f: FieldReader
) -> OrderLine | None:
    number = (item.get("lineNumber") or "").strip() or str(index)
    quantity = f.decimal(
        f.required_attr(item, "quantity"),
        item,
        attribute="quantity",
        what="quantity",
        minimum=Decimal(0),
    )
    if quantity is not None and quantity == 0:
        f.fail(item, "quantity must be greater than zero", attribute="quantity")
        quantity = None
    detail = item.find("ItemDetail")
    price = uom = None
    if detail is not None:
        money = detail.find("UnitPrice/Money")
        price = (
            f.decimal(FieldReader.text(money), money, what="unit price")
            if money is not None
            else None
        )
        uom = FieldReader.text(detail.find("UnitOfMeasure"))
    if item.find("ItemID") is None:
        f.fail(item, "missing ItemID")
    notes = lines_of(FieldReader.text(item.find("Comments")))
    line_ship_to = read_address(item.find("ShipTo"), f)
    if line_ship_to is not None and line_ship_to != header_ship_to:
        # The canonical line has no ship-to of its own: keep it visible as a note.
        where = ", ".join(
            p for p in (line_ship_to.name, line_ship_to.address and line_ship_to.address.city) if p
        )
        ident = line_ship_to.ids[0].value if line_ship_to.ids else ""
        notes.append(f"ship to {ident} {where}".replace("  ", " ").strip())
    when = f.date(item.get("requestedDeliveryDate"), item, attribute="requestedDeliveryDate")
    if quantity is None:
        return None
    return OrderLine(
        line_number=number,
        item=read_item(item.find("ItemID"), detail),
        quantity=quantity,
        uom=uom or "EA",
        unit_price=price,
        requested_delivery_date=when,
        notes=notes,
    )


def read_order_request(
    root: etree._Element, request: etree._Element, f: FieldReader
) -> Order | None:
    header = request.find("OrderRequestHeader")
    if header is None:
        f.fail(request, "missing OrderRequestHeader")
        return None
    po_number = f.required_attr(header, "orderID")
    po_date = f.date(f.required_attr(header, "orderDate"), header, attribute="orderDate")
    kind = header.get("type") or "new"
    if kind not in PURPOSES:
        f.fail(
            header,
            f"OrderRequestHeader type {kind!r} is not new, update or delete",
            attribute="type",
        )
    total = header.find("Total/Money")
    total_amount = (
        f.decimal(FieldReader.text(total), total, what="total") if total is not None else None
    )
    ship_to = read_address(header.find("ShipTo"), f)
    bill_to = read_address(header.find("BillTo"), f)
    buyer_contact = None
    for contact in header.findall("Contact"):
        if contact.get("role") == "buyer":
            buyer_contact = read_contact_fields(contact, "Name")
    head = root.find("Header")
    buyer_ids = credentials(head.find("From")) if head is not None else []
    seller_ids = credentials(head.find("To")) if head is not None else []
    lines = [_line(item, i, ship_to, f) for i, item in enumerate(request.findall("ItemOut"), 1)]
    if not lines and kind != "delete":
        f.fail(request, "an OrderRequest needs at least one ItemOut")
    references = [
        Reference(qualifier=ext.get("name") or "Extrinsic", value=value)
        for ext in header.findall("Extrinsic")
        if (value := FieldReader.text(ext))
    ]
    requested = f.date(
        header.get("requestedDeliveryDate"), header, attribute="requestedDeliveryDate"
    )
    if f.errors or po_number is None:
        return None
    return Order(
        po_number=po_number,
        po_date=po_date,
        purpose=PURPOSES[kind],  # type: ignore[arg-type]
        order_type=ORDER_TYPES.get(header.get("orderType") or ""),
        currency=(total.get("currency") or None) if total is not None else None,
        buyer=Party(ids=buyer_ids, contact=buyer_contact) if buyer_ids or buyer_contact else None,
        seller=Party(ids=seller_ids) if seller_ids else None,
        ship_to=ship_to,
        bill_to=bill_to,
        requested_delivery_date=requested,
        references=references,
        total_amount=total_amount,
        lines=[line for line in lines if line is not None],
        notes=lines_of(FieldReader.text(header.find("Comments"))),
        source=source(root, "OrderRequest"),
    )
