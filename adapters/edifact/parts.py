"""Segment groups every message shares: parties (NAD/CTA/COM) and items (LIN/PIA/IMD).

Reading and writing sit side by side so that a change to one mapping is made to both.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from adapters.edifact import codes
from adapters.edifact.fields import FieldError, code, joined, text, valid_gtin
from adapters.edifact.syntax import RawSegment
from canonical import Address, Contact, Item, ItemId, Party, PartyId

# An outbound segment: tag and elements; an element is a string or a list of components.
Out = tuple[str, list[str | list[str]]]


def chunks(value: str | None, size: int, most: int) -> list[str]:
    """Split a long value across repeated components (name lines, text lines)."""
    if not value:
        return []
    return [value[i : i + size] for i in range(0, len(value), size)][:most]


def file_party(parties: dict[str, Party], seg: RawSegment, roles: Mapping[str, str]) -> str | None:
    """File a NAD's party under its role, the first of each role only; returns the role
    (for the CTA and COM that may follow to add their contact), or None."""
    qualifier, party = read_nad(seg)
    key = roles.get(qualifier)
    if key and key not in parties:
        parties[key] = party
        return key
    return None


def read_nad(seg: RawSegment) -> tuple[str, Party]:
    """NAD: function qualifier and the party (id with its agency, name, address)."""
    qualifier = code(seg, 1, 1, codes.KNOWN_PARTIES, required=True) or ""
    ids: list[PartyId] = []
    party_id = text(seg, 2, 1, max_len=35)
    if party_id:
        agency = seg.value(2, 3).strip()
        ids.append(
            PartyId(scheme=codes.AGENCY_TO_SCHEME.get(agency, agency or "ZZ"), value=party_id)
        )
    name = joined(seg, 4) or joined(seg, 3)
    street = [s for i in range(1, 5) if (s := text(seg, 5, i, max_len=35))]
    city = text(seg, 6, max_len=35)
    region = text(seg, 7, max_len=9)
    postal = text(seg, 8, max_len=17)
    country = text(seg, 9, max_len=3)
    address = None
    if street or city or region or postal or country:
        try:
            address = Address(
                street=street, city=city, region=region, postal_code=postal, country=country
            )
        except ValidationError as exc:
            raise FieldError(
                codes.INVALID, f"NAD country {country!r} is not an ISO 3166 code", seg, 9
            ) from exc
    return qualifier, Party(ids=ids, name=name, address=address)


def add_contact(party: Party, seg: RawSegment) -> Party:
    """CTA (name) or COM (phone, e-mail) following a NAD."""
    contact = party.contact or Contact()
    if seg.tag == "CTA":
        contact = contact.model_copy(update={"name": text(seg, 2, 2, max_len=35) or contact.name})
    else:
        value = text(seg, 1, 1, max_len=512)
        kind = seg.value(1, 2).strip()
        if kind == "TE":
            contact = contact.model_copy(update={"phone": value})
        elif kind == "EM":
            contact = contact.model_copy(update={"email": value})
    return party.model_copy(update={"contact": contact})


def render_party(qualifier: str, party: Party | None) -> list[Out]:
    if party is None:
        return []
    c082: list[str] = []
    if party.ids:
        first = party.ids[0]
        c082 = [first.value, "", codes.SCHEME_TO_AGENCY.get(first.scheme, first.scheme)]
    addr = party.address or Address()
    out: list[Out] = [
        (
            "NAD",
            [
                qualifier,
                c082,
                "",
                chunks(party.name, 35, 5),
                list(addr.street[:4]),
                addr.city or "",
                addr.region or "",
                addr.postal_code or "",
                addr.country or "",
            ],
        )
    ]
    contact = party.contact
    if contact and (contact.name or contact.phone or contact.email):
        out.append(("CTA", ["IC", ["", contact.name or ""]]))
        if contact.phone:
            out.append(("COM", [[contact.phone, "TE"]]))
        if contact.email:
            out.append(("COM", [[contact.email, "EM"]]))
    return out


def gtin_of(seg: RawSegment, element: int) -> str:
    """A GTIN from a C212, checked and widened to 14 digits so lines match across standards."""
    value = text(seg, element, 1, max_len=35) or ""
    if not valid_gtin(value):
        raise FieldError(
            codes.INVALID, f"{seg.tag} GTIN {value!r} has no valid check digit", seg, element, 1
        )
    return value.zfill(14)


def add_item_ids(item: Item, seg: RawSegment) -> Item:
    """LIN C212 (element 3) or PIA C212s (elements 2-6): GTIN, buyer's and supplier's codes."""
    elements = [3] if seg.tag == "LIN" else [2, 3, 4, 5, 6]
    update: dict[str, object] = {}
    ids = list(item.ids)
    for e in elements:
        value = text(seg, e, 1, max_len=35)
        if not value:
            continue
        kind = seg.value(e, 2).strip()
        if kind in codes.GTIN_TYPES:
            update["gtin"] = gtin_of(seg, e)
        elif kind in codes.BUYER_PART_TYPES and "buyer_part" not in update:
            update["buyer_part"] = value
        elif kind in codes.SUPPLIER_PART_TYPES and "supplier_part" not in update:
            update["supplier_part"] = value
        else:
            ids.append(ItemId(scheme=kind or "ZZZ", value=value))
    update["ids"] = ids
    return item.model_copy(update=update)


def add_description(item: Item, seg: RawSegment) -> Item:
    """IMD C273 7008 (components 4 and 5)."""
    parts = [p for i in (4, 5) if (p := text(seg, 3, i, max_len=256))]
    if not parts:
        return item
    description = " ".join(parts)
    if item.description:
        description = f"{item.description} {description}"
    return item.model_copy(update={"description": description})


def render_item(line_number: str, item: Item, action: str = "") -> list[Out]:
    out: list[Out] = [("LIN", [line_number, action, [item.gtin, "SRV"] if item.gtin else ""])]
    pia: list[str | list[str]] = []
    if item.buyer_part:
        pia.append([item.buyer_part, "IN"])
    if item.supplier_part:
        pia.append([item.supplier_part, "SA"])
    for extra in item.ids:
        pia.append([extra.value, extra.scheme])
    for start in range(0, len(pia), 5):
        out.append(("PIA", ["5" if start == 0 else "1", *pia[start : start + 5]]))
    if item.description:
        out.append(("IMD", ["F", "", ["", "", "", *chunks(item.description, 35, 2)]]))
    return out


def note_segments(subject: str, notes: list[str]) -> list[Out]:
    """FTX per note, the text split over up to five 4440 components of 70 characters."""
    return [("FTX", [subject, "", "", chunks(note, 70, 5)]) for note in notes if note]


def read_note(seg: RawSegment) -> str | None:
    return joined(seg, 4, max_len=512)
