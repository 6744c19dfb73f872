"""EDIFACT codec throughput and streaming memory, each against a baseline from the same run.

- read: orders/s and MB/s of ``adapters.edifact.read`` (splitting, envelope checks,
  mapping to canonical Orders) vs bare ``pydifact.parser.Parser().parse`` (segments only)
  over the same text;
- render: ORDERS written per second, against the reader's rate;
- stream: peak RSS of ``iter_messages`` over a generated 100 MB interchange (quick: 10 MB)
  measured in a fresh subprocess, against the 300 MB budget (lower is better).
"""

from __future__ import annotations

import warnings
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from adapters.edifact import read
from adapters.edifact.writer import InterchangeWriter, write_many
from adapters.reading import Envelope
from benchmarks.codec import ITEMS, Codec, interchanges, measure
from benchmarks.result import BenchResult
from canonical import Address, Item, Order, OrderLine, Party, PartyId


def _order(i: int) -> Order:
    buyer = Party(
        ids=[PartyId(scheme="GLN", value="5412345000013")],
        name="ACME Retail GmbH",
        address=Address(
            street=["Hohenzollernring 57"], city="Köln", postal_code="50672", country="DE"
        ),
    )
    lines = [
        OrderLine(
            line_number=str(n + 1),
            item=Item(gtin=gtin, supplier_part=sku, description=text),
            quantity=Decimal(5 + (i + n) % 40),
            uom="H87",
            unit_price=Decimal("12.90") + n,
        )
        for n, (gtin, sku, text) in enumerate(ITEMS[: 2 + i % 3])
    ]
    return Order(
        po_number=f"PO-ACME-{i:07d}",
        po_date=date(2025, 1, 1) + timedelta(days=i % 300),
        requested_delivery_date=date(2025, 1, 8) + timedelta(days=i % 300),
        currency="EUR",
        buyer=buyer,
        seller=Party(
            ids=[PartyId(scheme="GLN", value="4012345000009")], name="Northwind Industrial Supply"
        ),
        lines=lines,
        notes=["Deliver to ramp 3: 07:00-15:00"],
    )


def _envelope(n: int) -> Envelope:
    return Envelope(
        sender="5412345000013",
        sender_qualifier="14",
        receiver="4012345000009",
        receiver_qualifier="14",
        interchange_control=n,
        created=datetime(2025, 3, 14, 9, 30),
    )


def _render(orders: list[Order]) -> list[bytes]:
    return interchanges(orders, write_many, _envelope)


def _write_big_file(path: Path, megabytes: int) -> int:
    writer = InterchangeWriter(_envelope(1))
    size, i = 0, 0
    with path.open("wb") as out:
        size += out.write(writer.header())
        while size < megabytes * 1024 * 1024:
            size += out.write(writer.message(_order(i)))
            i += 1
        out.write(writer.trailer())
    return i


_PEAK = """
import sys
from adapters.edifact import iter_messages, InterchangeResult
n = 0
with open(sys.argv[1], "rb") as f:
    for item in iter_messages(f, name="big"):
        if isinstance(item, InterchangeResult):
            assert not item.errors, item.errors[:1]
        elif item.document is not None:
            n += 1
"""


def _pydifact(texts: list[str]) -> None:
    from pydifact.parser import Parser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in texts:
            for _ in Parser().parse(text):
                pass


CODEC = Codec("edifact", _render, read, "latin-1", _pydifact, "pydifact Parser().parse", _write_big_file, _PEAK,
              "messages_written", baseline_repeats=1)  # fmt: skip


def run(quick: bool = False) -> list[BenchResult]:
    count = 1_000 if quick else 10_000
    return measure(CODEC, [_order(i) for i in range(count)], quick=quick)
