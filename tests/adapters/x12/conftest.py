"""Fixtures for the X12 adapter tests: sample and broken files, envelopes, a pyx12 validator."""

from __future__ import annotations

import io
import logging
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from adapters.reading import Envelope

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples" / "x12"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def sample() -> Callable[[str], bytes]:
    return lambda name: (SAMPLES / name).read_bytes()


@pytest.fixture
def broken() -> Callable[[str], bytes]:
    return lambda name: (DATA / name).read_bytes()


@pytest.fixture
def envelope() -> Envelope:
    return Envelope(
        sender="NORTHWIND", receiver="GLOBEX", interchange_control=4711, group_control=812,
        created=datetime(2026, 11, 2, 9, 30),
    )  # fmt: skip


class Pyx12Result:
    def __init__(self, valid: bool, messages: list[str]) -> None:
        self.valid = valid
        self.messages = messages


@pytest.fixture(scope="session")
def pyx12_maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pyx12's maps with the HIPAA-only code lists of AK101/AK201 widened.

    pyx12 ships the health-care implementation guides: their 997/999 maps accept only
    functional ids HC/HS/... and sets 270..837 in AK101/AK201, and they require a GS loop
    where X12 allows an interchange of TA1s alone (IEA01 = 0). Those two restrictions are
    lifted; everything else (segment order, usage, element syntax, other code lists) is
    validated as shipped.
    """
    import pyx12

    target = tmp_path_factory.mktemp("pyx12maps")
    shutil.copytree(Path(pyx12.__file__).parent / "map", target, dirs_exist_ok=True)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for name in ("997.4010.xml", "999.5010X231.A1.xml", "x12.control.00401.xml",
                 "x12.control.00501.xml"):  # fmt: skip
        path = target / name
        tree = etree.parse(str(path), parser)
        for element in tree.iter("element"):
            if element.get("xid") in ("AK101", "AK201"):
                for codes in element.findall("valid_codes"):
                    element.remove(codes)
        for loop in tree.iter("loop"):
            if loop.get("xid") == "GS_LOOP":
                loop.find("usage").text = "S"
        tree.write(str(path))
    return target


@pytest.fixture
def pyx12_validate(pyx12_maps: Path) -> Callable[[bytes], Pyx12Result]:
    import pyx12.params
    import pyx12.x12n_document

    def validate(data: bytes) -> Pyx12Result:
        records: list[str] = []

        class Collect(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                if record.levelno >= logging.ERROR:
                    records.append(record.getMessage())

        handler = Collect()
        logger = logging.getLogger("pyx12")
        logger.addHandler(handler)
        try:
            valid = pyx12.x12n_document.x12n_document(
                pyx12.params.params(), io.StringIO(data.decode()), None, None,
                map_path=str(pyx12_maps),
            )  # fmt: skip
        finally:
            logger.removeHandler(handler)
        return Pyx12Result(bool(valid) and not records, records)

    return validate
