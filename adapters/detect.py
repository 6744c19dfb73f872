"""Which standard a document is written in, from its content alone (never its file name)."""

from __future__ import annotations

import re

from canonical.errors import DocumentError, Position

STANDARDS = ("edifact", "x12", "cxml", "ubl", "email")

_UBL_NS = re.compile(rb"urn:oasis:names:specification:ubl:schema:xsd:(\w+)-2")
_ROOT = re.compile(rb"<(?!\?|!)([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_HEADER = re.compile(rb"^([A-Za-z][A-Za-z0-9-]*):[ \t]", re.MULTILINE)
_EMAIL_HEADERS = {
    b"from",
    b"to",
    b"subject",
    b"mime-version",
    b"content-type",
    b"date",
    b"message-id",
}


def _head(data: bytes, size: int = 4096) -> bytes:
    """The first bytes as ASCII-compatible text, whatever the BOM or UTF-16 said."""
    head = data[: size * 2]
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head.decode("utf-16").encode("utf-8", "replace")
        except UnicodeDecodeError:
            return b""
    if head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        codec = "utf-16-le" if head[0] == 0x3C else "utf-16-be"
        return head.decode(codec, "replace").encode("utf-8", "replace")
    return head


def detect(data: bytes, *, document: str = "") -> str:
    """Return one of ``STANDARDS`` or raise ``DocumentError`` saying what was seen instead."""
    if not data or not data.strip():
        raise DocumentError("empty document", document=document, level="interchange")
    head = _head(data).lstrip()
    if head.startswith((b"UNA", b"UNB")):
        return "edifact"
    if head.startswith(b"ISA"):
        return "x12"
    if head.startswith(b"<"):
        return _xml_kind(head, document)
    if _looks_like_email(head):
        return "email"
    sample = head[:16].decode("ascii", "replace")
    raise DocumentError(
        f"not a document orderhub reads (EDIFACT, X12, cXML, UBL or e-mail); starts with {sample!r}",
        document=document,
        position=Position(segment=1),
        level="interchange",
    )


def _xml_kind(head: bytes, document: str) -> str:
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", b"", head, flags=re.S)
    root = _ROOT.search(body)
    if root is None:
        raise DocumentError(
            "XML document without a root element", document=document, level="interchange"
        )
    name = root.group(2)
    if name == b"cXML":
        return "cxml"
    if _UBL_NS.search(head):
        return "ubl"
    raise DocumentError(
        f"XML root <{name.decode(errors='replace')}> is neither cXML nor UBL",
        document=document,
        position=Position(xpath=f"/{name.decode(errors='replace')}"),
        level="interchange",
    )


def _looks_like_email(head: bytes) -> bool:
    block = head.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    names = {m.group(1).lower() for m in _HEADER.finditer(block)}
    return len(names & _EMAIL_HEADERS) >= 2 and b"from" in names
