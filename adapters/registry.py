"""One door in and out: read any supported document, write any standard.

Standards are looked up by name so that a consumer never needs to know which adapter
handles a partner; the partner profile names the standard and this module finds it.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from adapters.detect import STANDARDS, detect
from adapters.reading import MAX_DOCUMENT_BYTES, Envelope, Reading
from canonical.base import Versioned
from canonical.errors import DocumentError, PermanentError


def adapter(standard: str) -> ModuleType:
    if standard not in STANDARDS:
        raise PermanentError(f"unknown standard {standard!r}; known: {', '.join(STANDARDS)}")
    return importlib.import_module(f"adapters.{standard}")


def read(
    data: bytes,
    *,
    name: str = "",
    standard: str | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> Reading:
    """Detect (unless told) and read; every failure is a ``DocumentError``."""
    if len(data) > max_bytes:
        raise DocumentError(
            f"document of {len(data)} bytes is over the {max_bytes}-byte limit",
            document=name,
            level="interchange",
        )
    kind = standard or detect(data, document=name)
    try:
        return adapter(kind).read(data, name=name)
    except DocumentError:
        raise
    except Exception as exc:  # an adapter bug must still not escape as a traceback
        raise DocumentError(
            f"unreadable {kind} document ({type(exc).__name__}: {exc})",
            document=name,
            standard=kind,
            level="interchange",
        ) from exc


def write(
    standard: str,
    document: Versioned,
    envelope: Envelope,
    *,
    message_type: str | None = None,
    **options: Any,
) -> bytes:
    """Render a canonical document in a partner's standard."""
    return adapter(standard).write(document, envelope, message_type=message_type, **options)
