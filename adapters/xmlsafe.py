"""The one safe way into XML: every XML reader in the hub parses through ``parse_xml``.

Why a module of its own: XML parsers resolve entities, load DTDs and fetch URLs unless
told not to, and a single reader built the default way is enough for XXE or a billion
laughs. Here the parser is built once, with everything off, and anything that is not a
plain document (an internal DTD subset, entity declarations, UTF-16 without its byte
order mark, oversized input) is refused with a ``DocumentError`` before or after
parsing; no other exception ever leaves this module. ``FieldReader`` then turns values
into Python types, each failure a ``DocumentError`` at its XML path.
"""

from __future__ import annotations

import re
import threading
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from adapters.reading import MAX_DOCUMENT_BYTES
from canonical import DocumentError, Position

_local = threading.local()

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_DOCTYPE = re.compile(r"<!DOCTYPE\s+([^\s\[>]+)([^\[>]*)(\[?)", re.IGNORECASE)
_ROOT_START = re.compile(r"<(?![?!])")
_PROLOG_SCAN = 64 * 1024


def _parser() -> etree.XMLParser:
    """One parser per thread (lxml parsers must not be shared across threads)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            attribute_defaults=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            recover=False,
        )
        _local.parser = parser
    return parser


def _prolog(data: bytes, fail: _Fail) -> str:
    """The text before the root element, decoded just enough to see a DOCTYPE."""
    head = data[:_PROLOG_SCAN]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            if encoding == "utf-32":
                raise fail("UTF-32 documents are not accepted; send UTF-8")
            text = head[len(bom) :].decode(encoding, errors="replace")
            break
    else:
        if head.startswith((b"<\x00", b"\x00<")):
            raise fail("UTF-16 document without a byte order mark (XML 1.0 section 4.3.3)")
        text = head.decode("latin-1")
    text = _strip_markup(text)
    match = _ROOT_START.search(text)
    return text if match is None else text[: match.start()]


def _strip_markup(text: str) -> str:
    """Blank out comments and processing instructions so '<' inside them is not a root."""
    return re.sub(r"<!--.*?-->|<\?.*?\?>", lambda m: " " * len(m.group(0)), text, flags=re.S)


class _Fail:
    """Builds the DocumentError of one parse call (same document, standard and code)."""

    def __init__(self, document: str, standard: str, code: str | None) -> None:
        self.document, self.standard, self.code = document, standard, code

    def __call__(self, message: str, line: int | None = None) -> DocumentError:
        return DocumentError(
            message,
            document=self.document,
            position=Position(xpath="/", line=line),
            code=self.code,
            standard=self.standard,
            level="interchange",
        )


def parse_xml(
    data: bytes,
    *,
    document: str,
    standard: str,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    code: str | None = None,
    doctype: str | None = None,
) -> etree._Element:
    """Parse untrusted bytes into an element tree, or raise ``DocumentError`` (only that).

    ``doctype`` names the one root a DOCTYPE may declare, and then only with an external
    identifier that is never loaded (cXML's ``<!DOCTYPE cXML SYSTEM "...cXML.dtd">``);
    an internal subset (where entities are declared) is always refused.
    ``code`` is the standard's error code every refusal carries (cXML "400").
    """
    fail = _Fail(document, standard, code)
    if isinstance(data, str):
        data = data.encode("utf-8")
    elif not isinstance(data, bytes):
        try:
            data = bytes(data)
        except (TypeError, ValueError):
            raise fail(f"expected bytes, got {type(data).__name__}") from None
    if len(data) > max_bytes:
        raise fail(f"document is {len(data)} bytes, over the limit of {max_bytes} bytes")
    if not data.strip():
        raise fail("empty document")
    _check_doctype(_prolog(data, fail), doctype, fail)
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        message = str(exc.msg or exc).split("\n")[0]
        raise fail(f"not well-formed XML: {message}", exc.lineno or None) from None
    except (etree.Error, ValueError, TypeError, UnicodeError) as exc:
        raise fail(f"not readable as XML: {type(exc).__name__}") from None
    if root is None:
        raise fail("no root element")
    _check_docinfo(root, doctype, fail)
    return root


def _check_doctype(prolog: str, doctype: str | None, fail: _Fail) -> None:
    match = _DOCTYPE.search(prolog)
    if match is None:
        return
    line = prolog.count("\n", 0, match.start()) + 1
    if match.group(3):
        raise fail(
            "DOCTYPE with an internal subset refused (entity declarations are not accepted)", line
        )
    if doctype is None or match.group(1) != doctype:
        raise fail(f"DOCTYPE {match.group(1)!r} refused", line)


def _check_docinfo(root: etree._Element, doctype: str | None, fail: _Fail) -> None:
    """Second look after parsing, in case the prolog scan was fooled by an odd encoding."""
    info = root.getroottree().docinfo
    if not info.doctype:
        return
    dtd = info.internalDTD
    if dtd is not None and (list(dtd.iterentities()) or list(dtd.iterelements())):
        raise fail("DOCTYPE with an internal subset refused (entity declarations are not accepted)")
    if doctype is None or info.root_name != doctype:
        raise fail(f"DOCTYPE {info.root_name!r} refused")


def _step(node: etree._Element) -> str:
    qname = etree.QName(node)
    name = f"{node.prefix}:{qname.localname}" if node.prefix else qname.localname
    parent = node.getparent()
    if parent is not None:
        same = [child for child in parent if child.tag == node.tag]
        if len(same) > 1:
            name += f"[{same.index(node) + 1}]"
    return name


def xpath_of(element: etree._Element, attribute: str | None = None) -> str:
    """A path a person can follow: ``/cXML/Request/OrderRequest/ItemOut[2]/ItemID``."""
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        if isinstance(node.tag, str):
            steps.append(_step(node))
        node = node.getparent()
    path = "/" + "/".join(reversed(steps))
    return f"{path}/@{attribute}" if attribute else path


class FieldReader:
    """Reads values out of a parsed document, collecting each failure at its XML path.

    Collecting instead of raising lets one reading report every broken field at once.
    """

    def __init__(self, document: str, standard: str, code: str | None = None) -> None:
        self.document = document
        self.standard = standard
        self.code = code
        self.errors: list[DocumentError] = []

    def fail(
        self,
        element: etree._Element,
        message: str,
        *,
        attribute: str | None = None,
        code: str | None = None,
    ) -> None:
        self.errors.append(
            DocumentError(
                message,
                document=self.document,
                position=Position(xpath=xpath_of(element, attribute), line=element.sourceline),
                code=code or self.code,
                standard=self.standard,
            )
        )

    @staticmethod
    def text(element: etree._Element | None) -> str | None:
        if element is None:
            return None
        value = "".join(element.itertext()).strip()
        return value or None

    def required(
        self,
        parent: etree._Element,
        path: str,
        namespaces: dict[str, str] | None = None,
        *,
        code: str | None = None,
        label: str | None = None,
    ) -> str | None:
        """The text of a mandatory child; a missing or empty one is recorded."""
        found = parent.find(path, namespaces)
        value = self.text(found)
        if value is None:
            self.fail(found if found is not None else parent, f"missing {label or path}", code=code)
        return value

    def required_attr(
        self, element: etree._Element, name: str, *, code: str | None = None
    ) -> str | None:
        value = (element.get(name) or "").strip() or None
        if value is None:
            self.fail(element, f"missing attribute {name}", attribute=name, code=code)
        return value

    def decimal(
        self,
        value: str | None,
        element: etree._Element,
        *,
        attribute: str | None = None,
        code: str | None = None,
        what: str = "amount",
        minimum: Decimal | None = None,
    ) -> Decimal | None:
        if value is None:
            return None
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.fail(element, f"{what} {value!r} is not a number", attribute=attribute, code=code)
            return None
        if minimum is not None and number < minimum:
            self.fail(
                element, f"{what} {value!r} is below {minimum}", attribute=attribute, code=code
            )
            return None
        return number

    def date(
        self,
        value: str | None,
        element: etree._Element,
        *,
        attribute: str | None = None,
        code: str | None = None,
        date_only: bool = False,
    ) -> date | None:
        """ISO 8601 date, or date-time when ``date_only`` is false (cXML); the date part."""
        if value is None:
            return None
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            if not date_only:
                return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
        shape = "YYYY-MM-DD" if date_only else "an ISO 8601 date or date-time"
        self.fail(element, f"date {value!r} is not {shape}", attribute=attribute, code=code)
        return None
