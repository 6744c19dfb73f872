"""What every UBL 2.1 document shares: namespaces, parties, addresses, items, amounts.

Readers and writers of the same aggregate sit side by side so they stay mirror images
(the round-trip tests rely on it). Identifier schemes: Peppol EAS / ISO 6523 codes,
with 0088 shown as GLN and 0060 as DUNS in the canonical model.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from lxml import etree
from pydantic import ValidationError

from adapters.xmlsafe import FieldReader
from canonical import Address, Contact, Item, ItemId, Party, PartyId
from canonical.shipment import sscc_check_digit

STANDARD = "ubl"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS = {"cac": CAC, "cbc": CBC}
ROOT_NS = "urn:oasis:names:specification:ubl:schema:xsd:{name}-2"
DATE_RULE = "PEPPOL-COMMON-R030"
CANCELLED = "Cancelled by the buyer"  # OrderCancellation's CancellationNote when none is given
SCHEME_TO_CANONICAL = {"0088": "GLN", "0060": "DUNS"}
SCHEME_FROM_CANONICAL = {v: k for k, v in SCHEME_TO_CANONICAL.items()}
GTIN_SCHEME = "0160"

text = FieldReader.text


def fields(name: str) -> FieldReader:
    return FieldReader(name, STANDARD, None)


@lru_cache(maxsize=512)
def q(path: str) -> str:
    """A prefixed path in Clark notation: lxml then skips its per-call namespace work."""
    steps = []
    for step in path.split("/"):
        prefix, _, local = step.rpartition(":")
        steps.append(f"{{{NS[prefix]}}}{local}" if prefix else step)
    return "/".join(steps)


def find(element: etree._Element | None, path: str) -> etree._Element | None:
    return None if element is None else element.find(q(path))


def value(element: etree._Element | None, path: str) -> str | None:
    return text(find(element, path))


def scheme_in(raw: str | None) -> str:
    return SCHEME_TO_CANONICAL.get(raw or "", raw or "ZZ")


def scheme_out(scheme: str) -> str | None:
    return None if scheme == "ZZ" else SCHEME_FROM_CANONICAL.get(scheme, scheme)


def is_gtin(code: str) -> bool:
    return (
        len(code) in (8, 12, 13, 14) and code.isdigit() and sscc_check_digit(code[:-1]) == code[-1]
    )


def read_address(
    address: etree._Element | None, f: FieldReader, country_rule: str | None
) -> Address | None:
    if address is None:
        return None
    country_el = find(address, "cac:Country/cbc:IdentificationCode")
    country = text(country_el)
    streets = [value(address, "cbc:StreetName"), value(address, "cbc:AdditionalStreetName")]
    streets += [text(line) for line in address.findall(q("cac:AddressLine/cbc:Line"))]
    try:
        found = Address(
            street=[s for s in streets if s],
            city=value(address, "cbc:CityName"),
            region=value(address, "cbc:CountrySubentity"),
            postal_code=value(address, "cbc:PostalZone"),
            country=country,
        )
    except ValidationError:
        f.fail(country_el, f"unknown ISO 3166 country code {country!r}", code=country_rule)
        return None
    return found if found != Address() else None


def read_contact(contact: etree._Element | None) -> Contact | None:
    if contact is None:
        return None
    found = Contact(
        name=value(contact, "cbc:Name"),
        phone=value(contact, "cbc:Telephone"),
        email=value(contact, "cbc:ElectronicMail"),
    )
    return found if found != Contact() else None


def read_ids(elements: list[etree._Element]) -> list[PartyId]:
    ids: list[PartyId] = []
    for element in elements:
        found = text(element)
        if found:
            pid = PartyId(scheme=scheme_in(element.get("schemeID")), value=found)
            if pid not in ids:
                ids.append(pid)
    return ids


def read_party(
    party: etree._Element | None, f: FieldReader, country_rule: str | None = None
) -> Party | None:
    """cac:Party: EndpointID and PartyIdentification ids, name, postal address, contact."""
    if party is None:
        return None
    ids = read_ids(
        party.findall(q("cbc:EndpointID")) + party.findall(q("cac:PartyIdentification/cbc:ID"))
    )
    return Party(
        ids=ids,
        name=value(party, "cac:PartyName/cbc:Name")
        or value(party, "cac:PartyLegalEntity/cbc:RegistrationName"),
        address=read_address(find(party, "cac:PostalAddress"), f, country_rule),
        contact=read_contact(find(party, "cac:Contact")),
    )


def endpoint(party: etree._Element | None) -> tuple[str | None, str | None]:
    """(value, schemeID) of a party's Peppol endpoint: the document's sender or receiver."""
    found = find(party, "cac:Party/cbc:EndpointID")
    return text(found), (found.get("schemeID") if found is not None else None)


def read_item(item: etree._Element | None, f: FieldReader) -> Item:
    if item is None:
        return Item()
    ids: list[ItemId] = []
    gtin = None
    for std in item.findall(q("cac:StandardItemIdentification/cbc:ID")):
        code, scheme = text(std), std.get("schemeID") or ""
        if code is None:
            continue
        if scheme == GTIN_SCHEME and gtin is None:
            if not is_gtin(code):
                f.fail(std, f"GTIN {code!r} is not 8, 12, 13 or 14 digits with a valid check digit")
            gtin = code
        else:
            ids.append(ItemId(scheme=scheme or "ZZ", value=code))
    manufacturer = value(item, "cac:ManufacturersItemIdentification/cbc:ID")
    if manufacturer:
        ids.append(ItemId(scheme="MF", value=manufacturer))
    for cls in item.findall(q("cac:CommodityClassification/cbc:ItemClassificationCode")):
        code = text(cls)
        if code:
            ids.append(ItemId(scheme=cls.get("listID") or "ZZ", value=code))
    return Item(
        gtin=gtin,
        buyer_part=value(item, "cac:BuyersItemIdentification/cbc:ID"),
        supplier_part=value(item, "cac:SellersItemIdentification/cbc:ID"),
        description=value(item, "cbc:Name") or value(item, "cbc:Description"),
        ids=ids,
    )


def quantity(
    parent: etree._Element,
    path: str,
    f: FieldReader,
    *,
    missing_rule: str | None,
    unit_rule: str | None,
) -> tuple[Decimal | None, str | None]:
    """A quantity element with its unitCode, both mandatory in Peppol."""
    element = find(parent, path)
    if element is None or text(element) is None:
        f.fail(element if element is not None else parent, f"missing {path}", code=missing_rule)
        return None, None
    unit = (element.get("unitCode") or "").strip() or None
    if unit is None:
        f.fail(element, "missing attribute unitCode", attribute="unitCode", code=unit_rule)
    number = f.decimal(text(element), element, what="quantity", minimum=Decimal(0))
    return number, unit


# --- writing -----------------------------------------------------------------------------


def cbc(
    parent: etree._Element, tag: str, content: object | None = None, **attrs: str | None
) -> etree._Element:
    child = etree.SubElement(
        parent, f"{{{CBC}}}{tag}", {k: v for k, v in attrs.items() if v is not None}
    )
    if content is not None:
        child.text = str(content)
    return child


def cac(parent: etree._Element, tag: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{CAC}}}{tag}")


def root_element(name: str) -> etree._Element:
    return etree.Element(
        f"{{{ROOT_NS.format(name=name)}}}{name}",
        nsmap={None: ROOT_NS.format(name=name), "cac": CAC, "cbc": CBC},
    )


def write_address(parent: etree._Element, tag: str, address: Address | None) -> None:
    if address is None:
        return
    element = cac(parent, tag)
    streets = list(address.street)
    if streets:
        cbc(element, "StreetName", streets[0])
    if len(streets) > 1:
        cbc(element, "AdditionalStreetName", streets[1])
    if address.city:
        cbc(element, "CityName", address.city)
    if address.postal_code:
        cbc(element, "PostalZone", address.postal_code)
    if address.region:
        cbc(element, "CountrySubentity", address.region)
    for extra in streets[2:]:
        cbc(cac(element, "AddressLine"), "Line", extra)
    if address.country:
        cbc(cac(element, "Country"), "IdentificationCode", address.country)


def write_contact(parent: etree._Element, tag: str, contact: Contact | None) -> None:
    if contact is None or contact == Contact():
        return
    element = cac(parent, tag)
    for name, content in (
        ("Name", contact.name),
        ("Telephone", contact.phone),
        ("ElectronicMail", contact.email),
    ):
        if content:
            cbc(element, name, content)


def write_party(
    parent: etree._Element, role: str, party: Party | None, *, legal: bool = True
) -> None:
    """``role`` wraps ``cac:Party`` (BuyerCustomerParty...): endpoint, ids, name, address."""
    if party is None:
        return
    element = cac(cac(parent, role), "Party")
    if party.ids:
        cbc(element, "EndpointID", party.ids[0].value, schemeID=scheme_out(party.ids[0].scheme))
    for pid in party.ids:
        cbc(cac(element, "PartyIdentification"), "ID", pid.value, schemeID=scheme_out(pid.scheme))
    if party.name:
        cbc(cac(element, "PartyName"), "Name", party.name)
    write_address(element, "PostalAddress", party.address)
    if legal and party.name:
        cbc(cac(element, "PartyLegalEntity"), "RegistrationName", party.name)
    write_contact(element, "Contact", party.contact)


def write_item(parent: etree._Element, item: Item) -> None:
    element = cac(parent, "Item")
    cbc(element, "Name", item.description or "")
    if item.buyer_part:
        cbc(cac(element, "BuyersItemIdentification"), "ID", item.buyer_part)
    if item.supplier_part:
        cbc(cac(element, "SellersItemIdentification"), "ID", item.supplier_part)
    manufacturer = next((i.value for i in item.ids if i.scheme == "MF"), None)
    if manufacturer:
        cbc(cac(element, "ManufacturersItemIdentification"), "ID", manufacturer)
    if item.gtin:
        cbc(cac(element, "StandardItemIdentification"), "ID", item.gtin, schemeID=GTIN_SCHEME)
    for other in item.ids:
        if other.scheme != "MF":
            cbc(
                cac(element, "CommodityClassification"),
                "ItemClassificationCode",
                other.value,
                listID=other.scheme,
            )


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
