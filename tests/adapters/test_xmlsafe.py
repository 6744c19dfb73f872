"""The safe parser: refuses entities, never touches the network or the file system."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from adapters.xmlsafe import FieldReader, parse_xml, xpath_of
from canonical import DocumentError

ROOT = Path(__file__).resolve().parents[2]
CXML_DATA = Path(__file__).parent / "cxml" / "data"
UBL_DATA = Path(__file__).parent / "ubl" / "data"
SAMPLE = ROOT / "samples" / "cxml" / "orderrequest_umbrella.xml"


def parse(data: bytes, **kwargs: object) -> etree._Element:
    options: dict = {"document": "t.xml", "standard": "cxml", "code": "400", **kwargs}
    return parse_xml(data, **options)


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        type(self).hits.append(self.path)
        body = b'<!ENTITY leak "LEAKED-FROM-NETWORK">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def http_url() -> Iterator[tuple[str, list[str]]]:
    """A real local HTTP server that records every request: proof nothing is fetched."""
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    finally:
        server.shutdown()
        server.server_close()


def test_server_fixture_really_records() -> None:
    """The recorder would see a fetch: without this the no-fetch tests could not fail."""
    import urllib.request

    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/probe").read()
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.hits == ["/probe"]


def test_parses_a_sample_with_the_cxml_doctype_not_loaded() -> None:
    root = parse(SAMPLE.read_bytes(), doctype="cXML")
    assert root.tag == "cXML"
    assert root.getroottree().docinfo.system_url.endswith("cXML/1.2.063/cXML.dtd")


def test_external_dtd_is_an_inert_identifier(http_url: tuple[str, list[str]]) -> None:
    url, hits = http_url
    data = (CXML_DATA / "external_dtd.xml").read_bytes().replace(b"__URL__", url.encode())
    root = parse(data, doctype="cXML")
    assert root.find("Request/OrderRequest") is not None
    time.sleep(0.1)
    assert hits == []


def test_doctype_of_another_root_is_refused() -> None:
    with pytest.raises(DocumentError, match="DOCTYPE 'cXML' refused"):
        parse(SAMPLE.read_bytes(), doctype=None)


@pytest.mark.parametrize(
    "path", [CXML_DATA / "billion_laughs.xml", UBL_DATA / "billion_laughs.xml"]
)
def test_billion_laughs_refused_quickly(path: Path) -> None:
    start = time.perf_counter()
    with pytest.raises(DocumentError) as caught:
        parse(path.read_bytes(), doctype="cXML")
    assert time.perf_counter() - start < 1.0
    assert "internal subset refused" in caught.value.message
    assert "lol" not in caught.value.message
    assert caught.value.position.line == 2
    assert caught.value.code == "400"


@pytest.mark.parametrize("path", [CXML_DATA / "xxe_file.xml", UBL_DATA / "xxe_file.xml"])
def test_xxe_file_entity_refused_without_reading(path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        parse(path.read_bytes(), doctype="cXML")
    assert "root:" not in str(caught.value)
    assert "entity declarations are not accepted" in caught.value.message


@pytest.mark.parametrize(
    "path",
    [CXML_DATA / "external_parameter_entity.xml", UBL_DATA / "external_parameter_entity.xml"],
)
def test_external_parameter_entity_never_fetched(
    path: Path, http_url: tuple[str, list[str]]
) -> None:
    url, hits = http_url
    data = path.read_bytes().replace(b"__URL__", url.encode())
    with pytest.raises(DocumentError) as caught:
        parse(data, doctype="cXML")
    time.sleep(0.1)
    assert hits == []
    assert "LEAKED" not in str(caught.value)


def test_entity_hidden_behind_utf16_bom_is_still_refused() -> None:
    data = (CXML_DATA / "xxe_file.xml").read_text(encoding="utf-8").replace("UTF-8", "UTF-16")
    with pytest.raises(DocumentError, match="internal subset refused"):
        parse(data.encode("utf-16"), doctype="cXML")


def test_utf16_with_bom_is_accepted() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    root = parse(text.encode("utf-16"), doctype="cXML")
    assert root.find("Header/From/Credential/Identity").text == "AN02000000123"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (CXML_DATA / "utf16_no_bom.xml", "UTF-16 document without a byte order mark"),
        (UBL_DATA / "utf16_no_bom.xml", "UTF-16 document without a byte order mark"),
        (CXML_DATA / "empty.xml", "empty document"),
        (CXML_DATA / "garbage.bin", "not well-formed XML"),
        (UBL_DATA / "garbage.bin", "not well-formed XML"),
    ],
)
def test_unreadable_bytes(path: Path, message: str) -> None:
    with pytest.raises(DocumentError, match=message) as caught:
        parse(path.read_bytes(), doctype="cXML")
    assert caught.value.document == "t.xml"
    assert caught.value.standard == "cxml"
    assert caught.value.position.xpath == "/"


def test_syntax_error_names_its_line() -> None:
    with pytest.raises(DocumentError) as caught:
        parse((CXML_DATA / "malformed.xml").read_bytes(), doctype="cXML")
    assert caught.value.position.line == 103
    assert "SupplierPartID" in caught.value.message
    assert str(caught.value).startswith("t.xml: / (line 103): not well-formed XML")


def test_size_limit() -> None:
    data = SAMPLE.read_bytes()
    with pytest.raises(DocumentError, match=f"{len(data)} bytes, over the limit of 1024 bytes"):
        parse(data, doctype="cXML", max_bytes=1024)
    assert parse(data, doctype="cXML", max_bytes=len(data)).tag == "cXML"


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    data = b"<a>" * 5000 + b"</a>" * 5000
    with pytest.raises(DocumentError):
        parse(data)


def test_xpath_of_counts_same_named_siblings_and_keeps_prefixes() -> None:
    root = parse(SAMPLE.read_bytes(), doctype="cXML")
    second = root.findall("Request/OrderRequest/ItemOut")[1]
    assert (
        xpath_of(second.find("ItemID/SupplierPartID"))
        == "/cXML/Request/OrderRequest/ItemOut[2]/ItemID/SupplierPartID"
    )
    assert xpath_of(second, "quantity") == "/cXML/Request/OrderRequest/ItemOut[2]/@quantity"
    assert xpath_of(root.find("Header/From")) == "/cXML/Header/From"
    ubl = parse((ROOT / "samples" / "ubl" / "order_stark.xml").read_bytes(), standard="ubl")
    ns = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}
    line = ubl.findall("cac:OrderLine", ns)[2]
    assert xpath_of(line) == "/Order/cac:OrderLine[3]"


def test_field_reader_collects_positioned_errors() -> None:
    root = parse(b'<r a="x"><d>2026-13-01</d><n>1e999999999999</n></r>')
    f = FieldReader("doc.xml", "ubl", "RULE")
    assert f.decimal(root.get("a"), root, attribute="a", what="quantity") is None
    assert f.date(root.findtext("d"), root.find("d"), date_only=True) is None
    assert f.decimal("-1", root, minimum=Decimal(0)) is None
    assert f.decimal("NaN", root) is None
    assert f.decimal(" 12.50 ", root) == Decimal("12.50")
    assert f.date("2026-03-02T10:00:00Z", root) is not None
    assert [e.position.xpath for e in f.errors] == ["/r/@a", "/r/d", "/r", "/r"]
    assert {e.code for e in f.errors} == {"RULE"}
    assert f.errors[0].position.line == 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_document_error(data: bytes) -> None:
    with contextlib.suppress(DocumentError):
        parse(data, doctype="cXML")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_arbitrary_text_raises_only_document_error(text: str) -> None:
    with contextlib.suppress(DocumentError):
        parse(("<?xml version='1.0'?>" + text).encode("utf-8"))
