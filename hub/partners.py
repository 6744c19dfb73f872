"""Partner profiles (config/partners/<id>.yaml): who a partner is and how to talk to it.

Refused at start with the file, the key and why, so a typo is found before a partner's
order is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from canonical.errors import ConfigError
from canonical.party import Contact, Party, PartyId

Role = Literal["self", "customer", "supplier", "assembler", "3pl", "store"]
Standard = Literal["edifact", "x12", "cxml", "ubl"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EdifactIds(_Strict):
    id: str
    qualifier: str | None = None


class X12Ids(_Strict):
    isa_id: str
    isa_qualifier: str = "ZZ"
    gs_id: str | None = None


class CxmlIds(_Strict):
    domain: str = "NetworkID"
    identity: str
    shared_secret_env: str | None = None  # the secret itself never sits in the repository


class Identifiers(_Strict):
    edifact: EdifactIds | None = None
    x12: X12Ids | None = None
    cxml: CxmlIds | None = None
    ubl: str | None = None  # endpoint "scheme:value"
    gln: list[str] = Field(default_factory=list)
    email: list[str] = Field(default_factory=list)


class Outbound(_Strict):
    channel: Literal["file"] = "file"
    address: str  # a folder for the file channel
    standard: Standard
    version: str | None = None  # D96A, 004010, 005010, 1.2.063, 2.1
    syntax: str | None = None  # EDIFACT syntax identifier, e.g. UNOC
    association_code: str | None = None  # EANCOM: EAN008
    test: bool = False


class AckPolicy(_Strict):
    send: bool = True  # send CONTRL / 997 / 999 for what they send us
    type: Literal["auto", "CONTRL", "997", "999"] = "auto"
    expect: bool = True  # expect theirs for what we send
    due: timedelta = timedelta(hours=4)

    @field_validator("due", mode="before")
    @classmethod
    def _duration(cls, value: object) -> object:
        if isinstance(value, str) and value[:-1].isdigit() and value[-1] in "smhd":
            unit = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}[value[-1]]
            return timedelta(**{unit: int(value[:-1])})
        return value


class Partner(_Strict):
    id: str
    name: str
    roles: list[Role]
    identifiers: Identifiers = Identifiers()
    outbound: Outbound | None = None
    ack: AckPolicy = AckPolicy()
    inbound_folder: str | None = None  # file-drop folder for this partner, if it has its own

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def address(self, standard: str) -> tuple[str, str | None] | None:
        """The id and qualifier this partner is addressed by in an envelope of ``standard``."""
        ids = self.identifiers
        if standard == "edifact" and ids.edifact:
            return ids.edifact.id, ids.edifact.qualifier
        if standard == "x12" and ids.x12:
            return ids.x12.isa_id, ids.x12.isa_qualifier
        if standard == "cxml" and ids.cxml:
            return ids.cxml.identity, ids.cxml.domain
        if standard == "ubl" and ids.ubl:
            scheme, _, value = ids.ubl.partition(":")
            return (value, scheme) if value else (scheme, None)
        return None


class PartnerDirectory:
    """Every partner, and lookups by the identifiers that documents carry."""

    def __init__(self, partners: list[Partner]) -> None:
        self.partners = {p.id: p for p in partners}
        self._index: dict[tuple[str, str], str] = {}
        for p in partners:
            ids = p.identifiers
            keys: list[tuple[str, str]] = []
            if ids.edifact:
                keys.append(("edifact", ids.edifact.id))
            if ids.x12:
                keys += [("x12", ids.x12.isa_id), ("x12", ids.x12.gs_id or ids.x12.isa_id)]
            if ids.cxml:
                keys.append(("cxml", ids.cxml.identity))
            if ids.ubl:
                keys += [("ubl", ids.ubl), ("ubl", ids.ubl.split(":", 1)[-1])]
            keys += [("gln", g) for g in ids.gln] + [("email", e.lower()) for e in ids.email]
            for key in keys:
                self._index.setdefault(key, p.id)

    def get(self, partner_id: str) -> Partner:
        try:
            return self.partners[partner_id]
        except KeyError:
            raise ConfigError("config/partners", partner_id, "no such partner") from None

    def find(self, standard: str, sender: str | None) -> Partner | None:
        """The partner a document's sender id belongs to, in that standard or by GLN / e-mail."""
        if not sender:
            return None
        value = sender.strip()
        for key in ((standard, value), ("gln", value), ("email", value.lower())):
            if key in self._index:
                return self.partners[self._index[key]]
        return None

    @property
    def self_partner(self) -> Partner:
        for p in self.partners.values():
            if p.has_role("self"):
                return p
        raise ConfigError(
            "config/partners", "roles", "no partner has the role 'self' (the hub's own identity)"
        )


def load_partners(folder: Path) -> PartnerDirectory:
    partners: list[Partner] = []
    for path in sorted(folder.glob("*.yaml")):
        partners.append(_load_one(path))
    directory = PartnerDirectory(partners)
    directory.self_partner  # noqa: B018 - validates that the hub's own identity exists
    return directory


def _load_one(path: Path) -> Partner:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(str(path), "-", f"unreadable YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(str(path), "-", "must be a mapping of keys to values")
    try:
        partner = Partner.model_validate(data)
    except ValidationError as exc:
        # an unknown key is usually the cause of the "missing" one next to it: name it first
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        first = errors[0]
        key = ".".join(str(p) for p in first["loc"]) or "-"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(str(path), key, first["msg"] + more) from exc
    if partner.id != path.stem:
        raise ConfigError(str(path), "id", f"is {partner.id!r} but the file is named {path.stem!r}")
    return partner


def cxml_secrets(directory: PartnerDirectory, env: Mapping[str, str]) -> dict[str, str]:
    """Each cXML partner's shared secret, from the environment variable its profile names."""
    found: dict[str, str] = {}
    for partner in directory.partners.values():
        ids = partner.identifiers.cxml
        if ids and ids.shared_secret_env and env.get(ids.shared_secret_env):
            found[partner.id] = env[ids.shared_secret_env]
    return found


def party_of(partner: Partner) -> Party:
    """The partner as a canonical party, with every identifier its profile knows."""
    ids = partner.identifiers
    found: list[PartyId] = [PartyId(scheme="GLN", value=g) for g in ids.gln]
    if ids.edifact and ids.edifact.id not in ids.gln:
        scheme = "GLN" if ids.edifact.qualifier == "14" else "ZZ"
        found.append(PartyId(scheme=scheme, value=ids.edifact.id))
    if ids.x12:
        scheme = "DUNS" if ids.x12.isa_qualifier == "01" else "ZZ"
        found.append(PartyId(scheme=scheme, value=ids.x12.isa_id))
    if ids.cxml:
        found.append(PartyId(scheme=ids.cxml.domain, value=ids.cxml.identity))
    contact = Contact(email=ids.email[0]) if ids.email else None
    return Party(ids=found, name=partner.name, contact=contact)
