"""What every cXML document shares: the envelope header, addresses, money, comments.

Reading and writing of the same element sit side by side so that the two stay mirror
images of each other (the round-trip tests depend on it).
"""

from __future__ import annotations

from lxml import etree
from pydantic import ValidationError

from adapters.xmlsafe import FieldReader
from canonical import Address, Contact, Party, PartyId, Source

STANDARD = "cxml"
DEFAULT_VERSION = "1.2.063"
BAD_REQUEST = "400"  # cXML status: the document could not be parsed or is not valid
NOT_IMPLEMENTED = "450"  # cXML status: a request type the hub does not implement
UNAUTHORIZED = "401"
DTD_URL = "http://xml.cxml.org/schemas/cXML/{version}/cXML.dtd"


def fields(name: str) -> FieldReader:
    return FieldReader(name, STANDARD, BAD_REQUEST)


def lines_of(text: str | None) -> list[str]:
    """Comments text split into notes: one note per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def credentials(element: etree._Element | None) -> list[PartyId]:
    """From / To credentials as party ids (domain as scheme); never the shared secret."""
    if element is None:
        return []
    ids: list[PartyId] = []
    for cred in element.findall("Credential"):
        identity = FieldReader.text(cred.find("Identity"))
        if identity:
            ids.append(PartyId(scheme=cred.get("domain") or "NetworkID", value=identity))
    return ids


def source(root: etree._Element, message_type: str) -> Source:
    header = root.find("Header")
    sender = credentials(header.find("From")) if header is not None else []
    receiver = credentials(header.find("To")) if header is not None else []
    request = root.find("Request")
    return Source(
        standard=STANDARD,
        version=root.get("version"),
        message_type=message_type,
        sender=sender[0].value if sender else None,
        sender_qualifier=sender[0].scheme if sender else None,
        receiver=receiver[0].value if receiver else None,
        receiver_qualifier=receiver[0].scheme if receiver else None,
        interchange_control=root.get("payloadID"),
        test=request is not None and request.get("deploymentMode") == "test",
    )


def read_phone(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    number = element.find("TelephoneNumber")
    if number is None:
        return FieldReader.text(element)
    country = FieldReader.text(number.find("CountryCode"))
    parts = [f"+{country}" if country else None]
    parts += [FieldReader.text(number.find(tag)) for tag in ("AreaOrCityCode", "Number")]
    return " ".join(p for p in parts if p) or None


def read_contact_fields(element: etree._Element, name_tag: str) -> Contact | None:
    contact = Contact(
        name=FieldReader.text(element.find(name_tag)),
        email=FieldReader.text(element.find("Email")),
        phone=read_phone(element.find("Phone")),
    )
    return contact if contact.name or contact.email or contact.phone else None


def read_postal(postal: etree._Element | None, f: FieldReader) -> Address | None:
    if postal is None:
        return None
    country_el = postal.find("Country")
    country = (country_el.get("isoCountryCode") or "").strip() if country_el is not None else ""
    try:
        found = Address(
            street=[s for s in (FieldReader.text(el) for el in postal.findall("Street")) if s],
            city=FieldReader.text(postal.find("City")),
            region=FieldReader.text(postal.find("State")),
            postal_code=FieldReader.text(postal.find("PostalCode")),
            country=country or None,
        )
    except ValidationError:
        f.fail(country_el, f"unknown ISO 3166 country code {country!r}", attribute="isoCountryCode")
        return None
    return found if found != Address() else None


def read_address(wrapper: etree._Element | None, f: FieldReader) -> Party | None:
    """ShipTo / BillTo: ``Address`` with Name, PostalAddress (DeliverTo), Email, Phone."""
    if wrapper is None:
        return None
    address = wrapper.find("Address")
    if address is None:
        f.fail(wrapper, f"{wrapper.tag} without Address")
        return None
    ids = []
    if address.get("addressID"):
        ids.append(
            PartyId(scheme=address.get("addressIDDomain") or "ZZ", value=address.get("addressID"))
        )
    postal = address.find("PostalAddress")
    deliver_to = FieldReader.text(postal.find("DeliverTo")) if postal is not None else None
    contact = Contact(
        name=deliver_to,
        email=FieldReader.text(address.find("Email")),
        phone=read_phone(address.find("Phone")),
    )
    return Party(
        ids=ids,
        name=FieldReader.text(address.find("Name")),
        address=read_postal(postal, f),
        contact=contact if contact.name or contact.email or contact.phone else None,
    )


def sub(
    parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None
) -> etree._Element:
    """A child element with text and the attributes that have a value."""
    child = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        child.text = text
    return child


def write_phone(parent: etree._Element, phone: str | None, country: str | None) -> None:
    if not phone:
        return
    number = sub(sub(parent, "Phone", name="work"), "TelephoneNumber")
    sub(number, "CountryCode", isoCountryCode=country or "")
    sub(number, "AreaOrCityCode")
    sub(number, "Number", phone)


def write_address(parent: etree._Element, tag: str, party: Party | None) -> None:
    if party is None:
        return
    attrs: dict[str, str | None] = {}
    if party.ids:
        attrs = {"addressID": party.ids[0].value, "addressIDDomain": party.ids[0].scheme}
    address = sub(sub(parent, tag), "Address", **attrs)
    sub(address, "Name", party.name or "", **{"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    country = party.address.country if party.address else None
    if party.address is not None or (party.contact and party.contact.name):
        postal = sub(address, "PostalAddress", name="default")
        if party.contact and party.contact.name:
            sub(postal, "DeliverTo", party.contact.name)
        if party.address is not None:
            for street in party.address.street:
                sub(postal, "Street", street)
            if party.address.city:
                sub(postal, "City", party.address.city)
            if party.address.region:
                sub(postal, "State", party.address.region)
            if party.address.postal_code:
                sub(postal, "PostalCode", party.address.postal_code)
            if country:
                sub(postal, "Country", country, isoCountryCode=country)
    if party.contact and party.contact.email:
        sub(address, "Email", party.contact.email, name="default")
    write_phone(address, party.contact.phone if party.contact else None, country)


def money(parent: etree._Element, tag: str, amount: object, currency: str | None) -> None:
    sub(sub(parent, tag), "Money", str(amount), currency=currency or "")
