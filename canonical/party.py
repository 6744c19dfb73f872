"""Parties: buyer, seller, ship-to, bill-to, partners and fulfilment nodes."""

from __future__ import annotations

import pycountry
from pydantic import Field, field_validator

from canonical.base import CanonicalModel


class PartyId(CanonicalModel):
    """An identifier in a scheme: GLN, DUNS, ZZ (mutually defined), BUYER, SUPPLIER..."""

    scheme: str
    value: str


class Address(CanonicalModel):
    street: list[str] = Field(default_factory=list)
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2

    @field_validator("country", mode="before")
    @classmethod
    def _iso_country(cls, value: object) -> object:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise ValueError("country must be an ISO 3166 code")
        code = value.strip().upper()
        found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
        if found is None and len(code) == 3:
            found = pycountry.countries.get(alpha_3=code)
        if found is None:
            raise ValueError(f"unknown ISO 3166 country code {value!r}")
        return found.alpha_2


class Contact(CanonicalModel):
    name: str | None = None
    phone: str | None = None
    email: str | None = None


class Party(CanonicalModel):
    ids: list[PartyId] = Field(default_factory=list)
    name: str | None = None
    address: Address | None = None
    contact: Contact | None = None

    def id_in(self, *schemes: str) -> str | None:
        """The first id in any of the given schemes, in the order asked."""
        for scheme in schemes:
            for pid in self.ids:
                if pid.scheme == scheme:
                    return pid.value
        return None
