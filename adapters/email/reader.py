"""Read every order document an e-mail carries, however it is nested or encoded.

Each MIME leaf (attachment or body), each member of a zip attachment and each
forwarded message is looked at; anything detected as EDIFACT, X12, cXML or UBL is read
with that standard's reader. The sender's address and the subject go into ``source``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr

from adapters.detect import detect
from adapters.reading import MAX_DOCUMENT_BYTES, Reading
from canonical.base import Versioned
from canonical.errors import DocumentError

MAX_PARTS = 64
MAX_DEPTH = 4
_ZIP_TYPES = {"application/zip", "application/x-zip-compressed"}


def read(data: bytes, *, name: str = "", max_bytes: int = MAX_DOCUMENT_BYTES) -> Reading:
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except Exception as exc:  # the stdlib parser is lenient; this is for the truly broken
        raise DocumentError(f"unreadable e-mail ({exc})", document=name, standard="email") from exc
    sender = parseaddr(str(message.get("From", "")))[1] or None
    subject = str(message.get("Subject", "")) or None
    result = Reading(standard="email", sender=sender)
    looked_at: list[str] = []
    for label, payload in _leaves(message, name, max_bytes, depth=0):
        looked_at.append(label)
        try:
            kind = detect(payload, document=label)
        except DocumentError:
            continue  # a cover letter, a logo, a PDF: not ours to read
        inner = _read_inner(kind, payload, label, max_bytes)
        result.errors.extend(inner.errors)
        result.documents.extend(_stamp(doc, sender, subject) for doc in inner.documents)
        if result.ack is None:
            result.ack = inner.ack
            result.interchange_control = inner.interchange_control
            result.receiver = inner.receiver
    if not result.documents and not result.errors:
        raise DocumentError(
            f"e-mail from {sender or 'unknown sender'} ({subject or 'no subject'}) holds no "
            f"EDIFACT, X12, cXML or UBL document in its {len(looked_at)} part(s)",
            document=name,
            standard="email",
        )
    return result


def _read_inner(kind: str, payload: bytes, label: str, max_bytes: int) -> Reading:
    from adapters import registry  # late: registry dispatches back to this module

    if kind == "email":
        return read(payload, name=label, max_bytes=max_bytes)
    try:
        return registry.read(payload, name=label, standard=kind, max_bytes=max_bytes)
    except DocumentError as exc:
        return Reading(standard=kind, errors=[exc])


def _leaves(
    message: EmailMessage, name: str, max_bytes: int, depth: int
) -> Iterator[tuple[str, bytes]]:
    if depth > MAX_DEPTH:
        raise DocumentError("e-mail nested too deeply", document=name, standard="email")
    count = 0
    for index, part in enumerate(message.walk()):
        if part.is_multipart():
            continue
        count += 1
        if count > MAX_PARTS:
            raise DocumentError(
                f"e-mail has more than {MAX_PARTS} parts", document=name, standard="email"
            )
        label = f"{name}#{part.get_filename() or f'part{index}'}"
        payload = _payload(part, label, max_bytes)
        if payload is None:
            continue
        if part.get_content_type() in _ZIP_TYPES or payload[:4] == b"PK\x03\x04":
            yield from _zip_members(payload, label, max_bytes)
        else:
            yield label, payload


def _payload(part: EmailMessage, label: str, max_bytes: int) -> bytes | None:
    try:
        payload = part.get_payload(decode=True)
    except Exception as exc:
        raise DocumentError(
            f"undecodable attachment ({exc})", document=label, standard="email"
        ) from exc
    if not isinstance(payload, bytes) or not payload.strip():
        return None
    if len(payload) > max_bytes:
        raise DocumentError(
            f"attachment of {len(payload)} bytes is over the {max_bytes}-byte limit",
            document=label,
            standard="email",
        )
    return payload


def _zip_members(payload: bytes, label: str, max_bytes: int) -> Iterator[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
        members = [info for info in archive.infolist() if not info.is_dir()][:MAX_PARTS]
        for info in members:
            if info.file_size > max_bytes:
                raise DocumentError(
                    f"zip member of {info.file_size} bytes is over the {max_bytes}-byte limit",
                    document=f"{label}/{info.filename}",
                    standard="email",
                )
            with archive.open(info) as handle:
                data = handle.read(max_bytes + 1)  # never trust the declared size alone
            if len(data) > max_bytes:
                raise DocumentError(
                    "zip member over the size limit",
                    document=f"{label}/{info.filename}",
                    standard="email",
                )
            yield f"{label}/{info.filename}", data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, OSError) as exc:
        raise DocumentError(
            f"unreadable zip attachment ({exc})", document=label, standard="email"
        ) from exc


def _stamp(document: Versioned, sender: str | None, subject: str | None) -> Versioned:
    source = getattr(document, "source", None)
    if source is None:
        return document
    stamped = source.model_copy(update={"email_from": sender, "email_subject": subject})
    return document.model_copy(update={"source": stamped})
