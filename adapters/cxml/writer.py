"""Writing cXML: the envelope (payloadID, timestamp, credentials) around one request.

Pure: the same document and envelope always give the same bytes. The DOCTYPE names the
cXML DTD by its SYSTEM id, as partners expect; nothing here or in our reader loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from lxml import etree

from adapters.cxml.common import DEFAULT_VERSION, DTD_URL, sub
from adapters.cxml.write_notices import write_confirmation_request, write_ship_notice_request
from adapters.cxml.write_order import write_order_request
from adapters.cxml.write_receipt import write_receipt_request
from adapters.reading import Envelope
from canonical import Order, OrderResponse, ReceiptAdvice, ShipNotice
from canonical.base import Versioned

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the clock when an envelope brings none
Builder = Callable[[etree._Element, object, date], None]
BUILDERS: dict[type, tuple[str, Builder]] = {
    Order: ("OrderRequest", write_order_request),  # type: ignore[dict-item]
    OrderResponse: ("ConfirmationRequest", write_confirmation_request),  # type: ignore[dict-item]
    ShipNotice: ("ShipNoticeRequest", write_ship_notice_request),  # type: ignore[dict-item]
    ReceiptAdvice: ("ReceiptRequest", write_receipt_request),  # type: ignore[dict-item]
}


def payload_id(envelope: Envelope) -> str:
    """Deterministic payloadID: control number, creation time and sender."""
    created = envelope.created or EPOCH
    return f"{envelope.interchange_control}.{created:%Y%m%d%H%M%S}@{envelope.sender}"


def _credential(parent: etree._Element, identity: str, domain: str | None) -> etree._Element:
    cred = sub(parent, "Credential", domain=domain or "NetworkID")
    sub(cred, "Identity", identity)
    return cred


def doctype(version: str) -> str:
    return f'<!DOCTYPE cXML SYSTEM "{DTD_URL.format(version=version)}">'


def write(
    document: Versioned,
    envelope: Envelope,
    *,
    message_type: str | None = None,
    shared_secret: str | None = None,
) -> bytes:
    """Order -> OrderRequest, OrderResponse -> ConfirmationRequest, ShipNotice ->
    ShipNoticeRequest, ReceiptAdvice -> ReceiptRequest."""
    found = BUILDERS.get(type(document))
    if found is None:
        raise ValueError(f"cXML cannot carry a {type(document).__name__}")
    request_name, build = found
    if message_type is not None and message_type != request_name:
        raise ValueError(
            f"a {type(document).__name__} is written as {request_name}, not {message_type}"
        )
    version = envelope.version or DEFAULT_VERSION
    created = envelope.created or EPOCH
    root = etree.Element(
        "cXML",
        {
            "payloadID": payload_id(envelope),
            "timestamp": created.isoformat(),
            "version": version,
            "{http://www.w3.org/XML/1998/namespace}lang": "en-US",
        },
    )
    header = sub(root, "Header")
    _credential(sub(header, "From"), envelope.sender, envelope.sender_qualifier)
    _credential(sub(header, "To"), envelope.receiver, envelope.receiver_qualifier)
    sender = sub(header, "Sender")
    cred = _credential(sender, envelope.sender, envelope.sender_qualifier)
    if shared_secret is not None:
        sub(cred, "SharedSecret", shared_secret)
    sub(sender, "UserAgent", "orderhub")
    request = sub(root, "Request", deploymentMode="test" if envelope.test else "production")
    build(request, document, created.date())
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype(version)
    )
