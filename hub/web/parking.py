"""Parked messages as a person reads them: JSON-safe headers and a readable body."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from hub.bus.parking import Parked

_PRINTABLE_CONTROLS = {"\n", "\r", "\t"}


def json_safe(value: Any) -> Any:
    """AMQP header values (bytes, datetimes, nested tables) in plain JSON types."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def _printable(text: str) -> bool:
    return all(ch.isprintable() or ch in _PRINTABLE_CONTROLS for ch in text)


def body_text(body: bytes, content_type: str = "") -> tuple[str, str]:
    """(kind, text): JSON pretty-printed, printable bytes as text, anything else in base64.

    EDI and XML are shown as they are, so the engineer can copy them to fix and resubmit;
    EDIFACT in UNOC is Latin-1, not UTF-8, and is shown as such ("text/latin-1").
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        latin = body.decode("latin-1")
        if _printable(latin):
            return "text/latin-1", latin
        return "base64", base64.b64encode(body).decode("ascii")
    if "json" in content_type or text.lstrip().startswith(("{", "[")):
        try:
            return "json", json.dumps(json.loads(text), indent=2, ensure_ascii=False)
        except ValueError:
            pass
    if _printable(text):
        return "text", text
    return "base64", base64.b64encode(body).decode("ascii")


def parked_json(parked: Parked, *, with_body: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": parked.id,
        "service": parked.service,
        "error": parked.error,
        "error_class": parked.error_class,
        "attempts": parked.attempts,
        "original_exchange": parked.original_exchange,
        "original_routing_key": parked.original_routing_key,
        "size": parked.size,
        "time": parked.time.isoformat() if parked.time else None,
        "content_type": parked.content_type,
    }
    if with_body:
        kind, text = body_text(parked.body, parked.content_type)
        data["headers"] = json_safe(parked.headers)
        data["body_kind"] = kind
        data["body"] = text
    return data
