"""X12 codec throughput and streaming memory, each against a baseline from the same run.

- read: orders/s and MB/s of ``adapters.x12.read`` (separators, envelope and control
  checks, element checks, mapping to canonical Orders) vs the syntax floor over the same
  text: ``text.split(terminator)`` then ``split(element separator)`` per segment;
- render: 850s written per second, against the reader's rate;
- stream: peak RSS of ``iter_transactions`` over a generated 100 MB interchange (quick:
  10 MB) measured in a fresh subprocess, against the 300 MB budget (lower is better).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from adapters.reading import Envelope
from adapters.x12 import read, write_many
from adapters.x12.render import SegmentBuffer, isa_segment
from adapters.x12.write_order import render_850
from adapters.x12.writer import DEFAULT_DELIMITERS
from benchmarks.codec import ITEMS, Codec, interchanges, measure
from benchmarks.result import BenchResult
from canonical import Address, Contact, Item, Order, OrderLine, Party, PartyId


def _order(i: int) -> Order:
    buyer = Party(
        ids=[PartyId(scheme="BUYER", value="GLOBEX-HQ")], name="Globex Corporation",
        address=Address(street=["1 Globex Plaza"], city="Springfield", region="IL",
                        postal_code="62701", country="US"),
        contact=Contact(name="Marge Simpson", phone="+1 217 555 0142"),
    )  # fmt: skip
    lines = [
        OrderLine(
            line_number=str(n + 1),
            item=Item(gtin=gtin, supplier_part=sku, description=text),
            quantity=Decimal(5 + (i + n) % 40),
            uom="PR" if "PR" in sku else "EA",
            unit_price=Decimal("12.90") + n,
        )  # fmt: skip
        for n, (gtin, sku, text) in enumerate(ITEMS[: 2 + i % 3])
    ]
    return Order(
        po_number=f"GX-{i:010d}", po_date=date(2026, 1, 1) + timedelta(days=i % 300),
        requested_delivery_date=date(2026, 1, 8) + timedelta(days=i % 300), currency="USD",
        buyer=buyer, ship_to=Party(ids=[PartyId(scheme="GLN", value="0614141000036")],
                                   name="Globex Distribution Center"),
        seller=Party(ids=[PartyId(scheme="ZZ", value="NORTHWIND")], name="Northwind Industrial Supply"),
        lines=lines, notes=["Deliver to dock 7, 07:00-15:00"],
    )  # fmt: skip


def _envelope(n: int) -> Envelope:
    return Envelope(sender="GLOBEX", receiver="NORTHWIND", interchange_control=n,
                    created=datetime(2026, 3, 14, 9, 30))  # fmt: skip


def _render(orders: list[Order]) -> list[bytes]:
    return interchanges(orders, write_many, _envelope)


def _write_big_file(path: Path, megabytes: int) -> int:
    """One interchange, one group, as many 850s as fit: written set by set."""
    delims = DEFAULT_DELIMITERS
    end = delims.segment + delims.suffix
    envelope = _envelope(1)
    count = 0
    with path.open("wb") as out:
        size = out.write((isa_segment(envelope, delims, "004010") + end).encode())
        size += out.write(f"GS*PO*GLOBEX*NORTHWIND*20260314*0930*1*X*004010{end}".encode())
        while size < megabytes * 1024 * 1024:
            count += 1
            w = SegmentBuffer(delims)
            render_850(_order(count), w, change=False)
            ref = f"{count:09d}"
            segs = [f"ST*850*{ref}", *w.segments, f"SE*{len(w.segments) + 2}*{ref}"]
            size += out.write((end.join(segs) + end).encode())
        out.write(f"GE*{count}*1{end}IEA*1*000000001{end}".encode())
    return count


_PEAK = """
import sys
from adapters.x12 import iter_transactions
n = 0
with open(sys.argv[1], "rb") as f:
    for item in iter_transactions(f, name="big"):
        assert not item.errors, item.errors[:1]
        n += item.document is not None
"""


def _split_floor(texts: list[str]) -> None:
    for text in texts:
        element, terminator = text[3], text[105]
        for segment in text.split(terminator):
            segment.split(element)


CODEC = Codec("x12", _render, read, "utf-8", _split_floor, "str.split syntax floor", _write_big_file, _PEAK,
              "sets_written")  # fmt: skip


def run(quick: bool = False) -> list[BenchResult]:
    count = 1_000 if quick else 10_000
    return measure(CODEC, [_order(i) for i in range(count)], quick=quick)
