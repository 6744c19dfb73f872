from pathlib import Path

import pytest

from adapters.detect import detect
from canonical.errors import DocumentError

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.parametrize(
    ("file", "standard"),
    [
        ("una.edi", "edifact"),
        ("unb_no_una.edi", "edifact"),
        ("isa.x12", "x12"),
        ("cxml.xml", "cxml"),
        ("ubl.xml", "ubl"),
        ("ubl_utf16.xml", "ubl"),
        ("mail.eml", "email"),
        ("misleading-name.x12", "edifact"),
    ],
)
def test_detects_from_content(file: str, standard: str) -> None:
    assert detect((DATA / file).read_bytes(), document=file) == standard


@pytest.mark.parametrize(
    ("file", "standard"),
    [
        ("edifact/recadv_acme.edi", "edifact"),
        ("x12/861_globex.x12", "x12"),
        ("cxml/receipt_umbrella.xml", "cxml"),  # a cXML root, whatever the request
        ("ubl/receiptadvice_stark.xml", "ubl"),  # the ReceiptAdvice-2 namespace
    ],
)
def test_detects_receipt_advices(file: str, standard: str) -> None:
    assert detect((SAMPLES / file).read_bytes(), document=file) == standard


@pytest.mark.parametrize("file", ["empty.txt", "html.xml", "garbage.bin"])
def test_refuses_what_it_cannot_read_with_a_reason(file: str) -> None:
    with pytest.raises(DocumentError) as caught:
        detect((DATA / file).read_bytes(), document=file)
    assert file in caught.value.one_line()
