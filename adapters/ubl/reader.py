"""Reading a UBL 2.1 document: parse safely, dispatch on the root, fill in the source."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree
from pydantic import ValidationError

from adapters.reading import MAX_DOCUMENT_BYTES, Reading
from adapters.ubl.common import ROOT_NS, STANDARD, endpoint, fields, find, value
from adapters.ubl.read_notices import read_despatch_advice, read_order_response
from adapters.ubl.read_order import read_order, read_order_cancellation, read_order_change
from adapters.ubl.read_receipt import read_receipt_advice
from adapters.xmlsafe import FieldReader, parse_xml, xpath_of
from canonical import DocumentError, Position, Source
from canonical.base import Versioned

Mapper = Callable[[etree._Element, FieldReader], Versioned | None]
# root name -> (mapper, the party whose endpoint sends it, the party that receives it);
# "a|b": the first of them with an endpoint (a receipt is the buyer's word, sent from the
# delivery location when no buyer is named)
DOCUMENTS: dict[str, tuple[Mapper, str, str]] = {
    "Order": (read_order, "cac:BuyerCustomerParty", "cac:SellerSupplierParty"),
    "OrderChange": (read_order_change, "cac:BuyerCustomerParty", "cac:SellerSupplierParty"),
    "OrderCancellation": (
        read_order_cancellation,
        "cac:BuyerCustomerParty",
        "cac:SellerSupplierParty",
    ),
    "OrderResponse": (read_order_response, "cac:SellerSupplierParty", "cac:BuyerCustomerParty"),
    "DespatchAdvice": (
        read_despatch_advice,
        "cac:DespatchSupplierParty",
        "cac:DeliveryCustomerParty",
    ),
    "ReceiptAdvice": (
        read_receipt_advice,
        "cac:BuyerCustomerParty|cac:DeliveryCustomerParty",
        "cac:SellerSupplierParty|cac:DespatchSupplierParty",
    ),
}


def _endpoint(root: etree._Element, roles: str) -> tuple[str | None, str | None]:
    """The endpoint of the first of the ``|``-separated parties that has one."""
    for role in roles.split("|"):
        found = endpoint(find(root, role))
        if found[0] is not None:
            return found
    return None, None


def _source(root: etree._Element, name: str, sender_role: str, receiver_role: str) -> Source:
    sender, sender_scheme = _endpoint(root, sender_role)
    receiver, receiver_scheme = _endpoint(root, receiver_role)
    return Source(
        standard=STANDARD,
        version=value(root, "cbc:CustomizationID") or value(root, "cbc:UBLVersionID") or "2.1",
        message_type=name,
        sender=sender,
        sender_qualifier=sender_scheme,
        receiver=receiver,
        receiver_qualifier=receiver_scheme,
        message_ref=value(root, "cbc:ID"),
    )


def read(data: bytes, *, name: str = "", max_bytes: int = MAX_DOCUMENT_BYTES) -> Reading:
    """One UBL document in, a Reading out (one canonical document, or its errors)."""
    reading = Reading(standard=STANDARD)
    try:
        root = parse_xml(data, document=name, standard=STANDARD, max_bytes=max_bytes)
    except DocumentError as error:
        reading.errors.append(error)
        return reading
    qname = etree.QName(root)
    found = DOCUMENTS.get(qname.localname)
    if found is None or qname.namespace != ROOT_NS.format(name=qname.localname):
        reading.errors.append(
            DocumentError(
                f"root element {{{qname.namespace}}}{qname.localname} is not a UBL 2.1 "
                f"{', '.join(list(DOCUMENTS)[:-1])} or {list(DOCUMENTS)[-1]}",
                document=name,
                position=Position(xpath=xpath_of(root), line=root.sourceline),
                standard=STANDARD,
            )
        )
        return reading
    mapper, sender_role, receiver_role = found
    f = fields(name)
    try:
        document = mapper(root, f)
        source = _source(root, qname.localname, sender_role, receiver_role)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        f.fail(root, f"{where}: {first.get('msg', 'invalid value')}".lstrip(": "))
        document = None
    if document is not None and not f.errors:
        document.source = source  # type: ignore[attr-defined]
        reading.documents.append(document)
        reading.sender, reading.receiver = source.sender, source.receiver
        reading.interchange_control = source.message_ref
    reading.errors = f.errors
    return reading
