"""The synchronous cXML answer the hub gives over HTTP: ``<Response><Status .../>``."""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from adapters.cxml.common import DEFAULT_VERSION
from adapters.cxml.writer import doctype

STATUS_TEXT = {
    200: "OK",
    201: "Accepted",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    406: "Not Acceptable",
    409: "Conflict",
    450: "Not Implemented",
    500: "Internal Server Error",
}


def response(
    status_code: int,
    text: str,
    payload_id: str,
    *,
    timestamp: datetime | None = None,
    version: str = DEFAULT_VERSION,
) -> bytes:
    """``text`` is the error line shown to the partner (never a secret, never a traceback)."""
    created = timestamp or datetime(1970, 1, 1, tzinfo=UTC)
    root = etree.Element(
        "cXML",
        {
            "payloadID": payload_id,
            "timestamp": created.isoformat(),
            "version": version,
            "{http://www.w3.org/XML/1998/namespace}lang": "en-US",
        },
    )
    reply = etree.SubElement(root, "Response")
    status = etree.SubElement(
        reply,
        "Status",
        code=str(status_code),
        text=STATUS_TEXT.get(status_code, "Error"),
        **{"{http://www.w3.org/XML/1998/namespace}lang": "en-US"},
    )
    if text:
        status.text = text
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype(version)
    )
