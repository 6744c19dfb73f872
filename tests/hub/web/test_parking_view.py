"""How a parked message's body and headers are shown: readable, never mangled."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from conftest import opsworld

from hub.web.parking import body_text, json_safe


def test_utf8_text_json_latin1_and_binary_bodies() -> None:
    xml = b'<?xml version="1.0"?><cXML payloadID="1@x"/>\n'
    assert body_text(xml, "application/xml") == ("text", xml.decode())
    assert body_text(b'{"a": [1, 2]}', "application/json") == (
        "json",
        json.dumps({"a": [1, 2]}, indent=2),
    )
    assert body_text(b"{not json", "application/json") == ("text", "{not json")
    edi = opsworld.ORDERS_EDI.read_bytes()  # UNOC: Latin-1
    kind, text = body_text(edi)
    assert kind == "text/latin-1" and text.encode("latin-1") == edi and "Köln" in text
    binary = bytes(range(256))
    assert body_text(binary) == ("base64", base64.b64encode(binary).decode())


def test_header_values_become_plain_json() -> None:
    at = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
    headers = {"x-error": b"bad", "x-death": [{"time": at, "count": 2, "queue": b"q"}]}
    assert json_safe(headers) == {
        "x-error": "bad",
        "x-death": [{"time": "2025-03-14T09:30:00+00:00", "count": 2, "queue": "q"}],
    }
    json.dumps(json_safe(headers))
