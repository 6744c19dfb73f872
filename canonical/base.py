"""The base every canonical model shares: strict fields, a schema version, JSON mode."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION = "1.0"


class CanonicalModel(BaseModel):
    """Forbids unknown fields so a typo in a mapping fails loudly instead of vanishing."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)


class Versioned(CanonicalModel):
    """A top-level document: carries the schema version it was written with."""

    schema_version: str = SCHEMA_VERSION

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_none=True)
