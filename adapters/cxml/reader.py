"""Reading a cXML document: parse safely, pick the request, map it, never leak the secret.

The Sender's SharedSecret is read only by ``credentials``; ``read`` never touches it, and
every error text is scrubbed of it in case a broken document carried it somewhere odd.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree
from pydantic import ValidationError

from adapters.cxml.common import BAD_REQUEST, NOT_IMPLEMENTED, STANDARD, UNAUTHORIZED, fields
from adapters.cxml.read_confirmation import read_confirmation_request
from adapters.cxml.read_order import read_order_request
from adapters.cxml.read_receipt import read_receipt_request
from adapters.cxml.read_shipnotice import read_ship_notice_request
from adapters.reading import MAX_DOCUMENT_BYTES, Reading
from adapters.xmlsafe import FieldReader, parse_xml, xpath_of
from canonical import DocumentError, Position
from canonical.base import Versioned

Mapper = Callable[[etree._Element, etree._Element, FieldReader], Versioned | None]
REQUESTS: dict[str, Mapper] = {
    "OrderRequest": read_order_request,
    "ConfirmationRequest": read_confirmation_request,
    "ShipNoticeRequest": read_ship_notice_request,
    "ReceiptRequest": read_receipt_request,
}
_SECRET = re.compile(rb"<SharedSecret[^>]*>(.*?)</SharedSecret", re.S)


def _parse(data: bytes, name: str, max_bytes: int) -> etree._Element:
    root = parse_xml(
        data,
        document=name,
        standard=STANDARD,
        max_bytes=max_bytes,
        code=BAD_REQUEST,
        doctype="cXML",
    )
    if root.tag != "cXML":
        raise DocumentError(
            f"root element {root.tag!r} is not cXML",
            document=name,
            position=Position(xpath=xpath_of(root), line=root.sourceline),
            code=BAD_REQUEST,
            standard=STANDARD,
        )
    return root


def _scrub(errors: list[DocumentError], data: bytes) -> list[DocumentError]:
    """Remove any shared secret the raw bytes carry from every error text."""
    secrets = {m.strip() for m in _SECRET.findall(data[:MAX_DOCUMENT_BYTES]) if m.strip()}
    texts = [s.decode("utf-8", "replace") for s in secrets]
    clean: list[DocumentError] = []
    for error in errors:
        message = error.message
        for secret in texts:
            message = message.replace(secret, "***")
        if message == error.message:
            clean.append(error)
        else:
            clean.append(
                DocumentError(
                    message,
                    document=error.document,
                    position=error.position,
                    code=error.code,
                    standard=error.standard,
                    level=error.level,
                )
            )
    return clean


def read(data: bytes, *, name: str = "", max_bytes: int = MAX_DOCUMENT_BYTES) -> Reading:
    """One cXML document in, a Reading out (one canonical document, or its errors)."""
    reading = Reading(standard=STANDARD)
    try:
        root = _parse(data, name, max_bytes)
    except DocumentError as error:
        reading.errors = _scrub([error], data if isinstance(data, bytes) else b"")
        return reading
    reading.interchange_control = root.get("payloadID")
    f = fields(name)
    request = root.find("Request")
    body = (
        next((child for child in request if isinstance(child.tag, str)), None)
        if request is not None
        else None
    )
    if body is None:
        where = request if request is not None else root
        f.fail(
            where,
            "no Request with a request element (only requests are read here)",
            code=BAD_REQUEST,
        )
    elif body.tag not in REQUESTS:
        f.fail(
            body,
            f"{body.tag} is not implemented ({', '.join(REQUESTS)})",
            code=NOT_IMPLEMENTED,
        )
    else:
        try:
            document = REQUESTS[body.tag](root, body, f)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            f.fail(body, f"{where}: {first.get('msg', 'invalid value')}".lstrip(": "))
            document = None
        if document is not None and not f.errors:
            reading.documents.append(document)
            source = getattr(document, "source", None)
            if source is not None:
                reading.sender, reading.receiver = source.sender, source.receiver
    reading.errors = _scrub(f.errors, data)
    return reading


def credentials(data: bytes, *, name: str = "") -> tuple[str, str, str]:
    """(sender identity, its domain, shared secret) from Header/Sender/Credential.

    The only place the shared secret is handed out: the caller compares it in constant
    time (``hmac.compare_digest``) and drops it.
    """
    try:
        root = _parse(data, name, MAX_DOCUMENT_BYTES)
    except DocumentError as error:
        raise _scrub([error], data if isinstance(data, bytes) else b"")[0] from None
    cred = root.find("Header/Sender/Credential")
    identity = FieldReader.text(cred.find("Identity")) if cred is not None else None
    secret = FieldReader.text(cred.find("SharedSecret")) if cred is not None else None
    if cred is None or identity is None or secret is None:
        where = cred if cred is not None else root
        raise DocumentError(
            "missing Header/Sender/Credential with Identity and SharedSecret",
            document=name,
            position=Position(xpath=xpath_of(where), line=where.sourceline),
            code=UNAUTHORIZED,
            standard=STANDARD,
        )
    return identity, cred.get("domain") or "", secret
