"""The N1 loop (N1/N2/N3/N4/PER) read into a Party and written back out."""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters.x12.codes import PARTY_ID, PARTY_ID_OUT
from adapters.x12.elements import Segment, SetReader
from canonical import Address, Contact, Party, PartyId

_CONTACT_QUALIFIERS = {"TE": "phone", "EM": "email"}
N1_ID_ORDER = ("GLN", "DUNS", "DUNS4", "BUYER", "SUPPLIER", "ZZ")


@dataclass
class PartyDraft:
    """A party being read: N2/N3/N4/PER add to it until the next loop starts."""

    role: str
    ids: list[PartyId] = field(default_factory=list)
    name: str | None = None
    street: list[str] = field(default_factory=list)
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    contact: Contact | None = None

    def build(self) -> Party:
        address = None
        if self.street or self.city or self.region or self.postal_code or self.country:
            address = Address(street=self.street, city=self.city, region=self.region,
                              postal_code=self.postal_code, country=self.country)  # fmt: skip
        return Party(ids=self.ids, name=self.name, address=address, contact=self.contact)


def read_n1(r: SetReader, pos: int, seg: Segment) -> PartyDraft:
    role = r.text(pos, seg, 1, required=True, max_len=3) or ""
    draft = PartyDraft(role=role, name=r.text(pos, seg, 2, max_len=60))
    scheme = r.code(pos, seg, 3, PARTY_ID)
    value = r.text(pos, seg, 4, max_len=80)
    if scheme and value:
        draft.ids.append(PartyId(scheme=scheme, value=value))
    elif value and len(seg) > 3 and not seg[3].strip():
        r.element_error(pos, seg, 3, "2", "N103 is required when N104 is given")
    elif scheme and not value:
        r.element_error(pos, seg, 4, "2", "N104 is required when N103 is given")
    if draft.name is None and not draft.ids:
        r.element_error(pos, seg, 2, "2", "N1 needs a name (N102) or an identifier (N103/N104)")
    return draft


def read_party_detail(r: SetReader, pos: int, seg: Segment, draft: PartyDraft) -> None:
    """N2, N3, N4 or PER inside an N1 loop."""
    tag = seg[0]
    if tag == "N2":
        extra = "".join(v for v in (r.text(pos, seg, 1), r.text(pos, seg, 2)) if v)
        draft.name = (draft.name or "") + extra
    elif tag == "N3":
        draft.street.extend(v for v in (r.text(pos, seg, 1), r.text(pos, seg, 2)) if v)
    elif tag == "N4":
        draft.city = r.text(pos, seg, 1, max_len=30)
        draft.region = r.text(pos, seg, 2, max_len=2)
        draft.postal_code = r.text(pos, seg, 3, max_len=15)
        country = r.text(pos, seg, 4, max_len=3)
        if country is not None:
            try:
                draft.country = Address(country=country).country
            except ValueError:
                r.element_error(
                    pos, seg, 4, "7", f"N404 {country!r} is not a country code", country
                )
    elif tag == "PER":
        draft.contact = read_per(r, pos, seg)


def read_per(r: SetReader, pos: int, seg: Segment) -> Contact:
    found: dict[str, str] = {}
    for n in (3, 5, 7):
        qualifier = r.text(pos, seg, n)
        value = r.text(pos, seg, n + 1, max_len=256)
        if qualifier and value and qualifier in _CONTACT_QUALIFIERS:
            found.setdefault(_CONTACT_QUALIFIERS[qualifier], value)
    return Contact(name=r.text(pos, seg, 2, max_len=60), **found)


def party_segments(role: str, party: Party) -> list[list[str | None]]:
    """N1 (+N2 for long names), N3, N4 and PER for one party."""
    scheme = next((s for s in N1_ID_ORDER if party.id_in(s)), None)
    name = party.name or ""
    n1: list[str | None] = ["N1", role, name[:60] or None]
    if scheme:
        n1 += [PARTY_ID_OUT[scheme], party.id_in(scheme)]
    out: list[list[str | None]] = [n1]
    if len(name) > 60:
        out.append(["N2", name[60:120], name[120:180] or None])
    address = party.address
    if address is not None:
        if address.street:
            for i in range(0, len(address.street), 2):
                out.append(["N3", *address.street[i : i + 2]])
        if address.city or address.region or address.postal_code or address.country:
            # N402 holds a 2-letter state or province code; a longer region has no place in X12
            region = address.region if address.region and len(address.region) <= 2 else None
            out.append(["N4", address.city, region, address.postal_code, address.country])
    contact = party.contact
    if contact is not None and (contact.name or contact.phone or contact.email):
        per: list[str | None] = ["PER", "IC", contact.name]
        if contact.phone:
            per += ["TE", contact.phone]
        if contact.email:
            per += ["EM", contact.email]
        out.append(per)
    return out


def party_scheme_known(scheme: str) -> bool:
    return scheme in PARTY_ID_OUT


__all__ = ["PARTY_ID", "PartyDraft", "party_segments", "read_n1", "read_party_detail", "read_per"]
