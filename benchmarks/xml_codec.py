"""XML codec throughput: cXML and UBL orders read and rendered per second.

Reading is measured against bare ``lxml.etree.fromstring`` of the same bytes (the floor
any XML reader stands on: the ratio is what safety checks and mapping cost); rendering
is measured against the same adapter's reading rate.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

import adapters.cxml as cxml
import adapters.ubl as ubl
from adapters.reading import Envelope, Reading
from benchmarks.result import BenchResult, best_of
from canonical.base import Versioned

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CASES: tuple[tuple[str, Path, Callable[..., Reading], Callable[..., bytes]], ...] = (
    ("cxml", SAMPLES / "cxml" / "orderrequest_umbrella.xml", cxml.read, cxml.write),
    ("ubl", SAMPLES / "ubl" / "order_stark.xml", ubl.read, ubl.write),
)
ENVELOPE = Envelope(
    sender="NORTHWIND",
    receiver="PARTNER",
    interchange_control=1,
    created=datetime(2026, 3, 3, tzinfo=UTC),
)


def _rate(count: int, repeats: int, work: Callable[[], object]) -> float:
    """Documents per second of the fastest of ``repeats`` runs of ``count`` documents."""
    seconds = best_of(repeats, lambda: [work() for _ in range(count)])
    return count / seconds if seconds else float("inf")


def _document(read: Callable[..., Reading], data: bytes) -> Versioned:
    reading = read(data, name="bench")
    if reading.errors or not reading.documents:
        raise RuntimeError(f"benchmark sample does not read: {reading.errors}")
    return reading.documents[0]


def run(quick: bool = False) -> list[BenchResult]:
    count, repeats = (200, 3) if quick else (2000, 5)
    results: list[BenchResult] = []
    for standard, path, read, write in CASES:
        data = path.read_bytes()
        document = _document(read, data)
        base = _rate(count, repeats, lambda data=data: etree.fromstring(data))
        reading = _rate(count, repeats, lambda data=data, read=read: read(data, name="bench"))
        render = _rate(count, repeats, lambda doc=document, write=write: write(doc, ENVELOPE))
        extra = {"document": path.name, "bytes": len(data), "count": count}
        results.append(
            BenchResult(
                f"{standard}.read.orders_per_s",
                reading,
                "orders/s",
                base,
                "higher",
                "lxml.etree.fromstring",
                extra,
            )
        )
        results.append(
            BenchResult(
                f"{standard}.render.orders_per_s",
                render,
                "orders/s",
                reading,
                "higher",
                f"{standard}.read",
                extra,
            )
        )
    return results
