"""The measurement every EDI codec benchmark shares: read, render and stream one corpus.

Read rate against a bare baseline over the same text, render rate against our own read
rate, and the peak memory of streaming a large interchange in a child process against
the 300 MB budget; the codec modules supply the corpus and the baseline.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.memory import child_peak_mb
from benchmarks.result import BenchResult, best_of

# The sample world's catalogue, from which both EDI corpora build their order lines.
ITEMS = [
    ("04012345000016", "NW-HB-M8X40", "Hex bolt M8x40 zinc plated, box of 100"),
    ("04012345000023", "NW-WS-M8", "Flat washer M8, box of 200"),
    ("04012345000030", "NW-GL-L", "Safety gloves size L, pair"),
    ("04012345000047", "NW-LED-30", "LED work light 30 W"),
    ("04012345000085", "NW-DR-18V", "Cordless drill 18 V"),
]
PER_INTERCHANGE = 1000


def interchanges(
    orders: Sequence[Any], write_many: Callable[..., bytes], envelope: Callable[[int], Any]
) -> list[bytes]:
    """The corpus as interchanges of ``PER_INTERCHANGE`` orders, numbered from 1."""
    return [
        write_many(orders[start : start + PER_INTERCHANGE], envelope(start // PER_INTERCHANGE + 1))
        for start in range(0, len(orders), PER_INTERCHANGE)
    ]


@dataclass(frozen=True)
class Codec:
    standard: str  # result name prefix: edifact, x12
    render: Callable[[Sequence[Any]], list[bytes]]  # orders -> one interchange each
    read: Callable[[bytes], Any]  # bytes -> Reading
    encoding: str  # to hand the baseline text
    baseline: Callable[[list[str]], None]
    baseline_name: str
    write_big: Callable[[Path, int], int]  # (path, megabytes) -> units written
    peak_script: str  # child script for benchmarks.memory.child_peak_mb
    written_key: str  # how the big file's units are called in the result
    baseline_repeats: int | None = None  # None: as many as ours


def measure(codec: Codec, orders: Sequence[Any], *, quick: bool) -> list[BenchResult]:
    count = len(orders)
    start = time.perf_counter()
    blobs = codec.render(orders)
    render_s = time.perf_counter() - start
    texts = [b.decode(codec.encoding) for b in blobs]
    megabytes = sum(len(b) for b in blobs) / 1e6

    def ours() -> None:
        for blob in blobs:
            reading = codec.read(blob)
            assert reading.ok, reading.errors[:1]

    repeats = 1 if quick else 2
    read_s = best_of(repeats, ours)
    base_s = best_of(codec.baseline_repeats or repeats, lambda: codec.baseline(texts))
    render_s = min(render_s, best_of(repeats, lambda: codec.render(orders)))

    big_mb = 10 if quick else 100
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"big.{codec.standard}"
        written = codec.write_big(path, big_mb)
        peak_mb, read_back = child_peak_mb(codec.peak_script, path)
    extra = {"orders": count, "megabytes": round(megabytes, 2)}
    name, base = codec.standard, codec.baseline_name
    return [
        BenchResult(f"{name}.read.orders_per_s", count / read_s, "orders/s", count / base_s, "higher", base, extra),
        BenchResult(f"{name}.read.mb_per_s", megabytes / read_s, "MB/s", megabytes / base_s, "higher", base, extra),
        BenchResult(f"{name}.render.orders_per_s", count / render_s, "orders/s", count / read_s, "higher",
                    f"{name} read", extra),
        BenchResult(f"{name}.stream.peak_rss", peak_mb, "MB", 300.0, "lower", "300 MB budget",
                    {"interchange_mb": big_mb, codec.written_key: written, "orders_read": read_back}),
    ]  # fmt: skip
