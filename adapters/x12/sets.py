"""One transaction set -> one canonical document (or its errors), by ST01."""

from __future__ import annotations

from collections.abc import Callable

from adapters.x12.elements import SetReader
from adapters.x12.envelope import Interchange, TxSet
from adapters.x12.errors import X12Error
from adapters.x12.read_ack import read_functional_ack
from adapters.x12.read_inventory import read_inventory
from adapters.x12.read_order import read_order
from adapters.x12.read_receipt import read_861
from adapters.x12.read_response import read_response
from adapters.x12.read_shipment import read_856, read_945
from adapters.x12.read_warehouse import read_940
from adapters.x12.syntax import Delimiters
from canonical import Source
from canonical.base import Versioned

Mapper = Callable[[SetReader, Source], Versioned | None]
MAPPERS: dict[str, Mapper] = {
    "850": read_order,
    "860": read_order,
    "855": read_response,
    "856": read_856,
    "945": read_945,
    "940": read_940,
    "846": read_inventory,
    "861": read_861,
    "997": read_functional_ack,
    "999": read_functional_ack,
}


def source_of(interchange: Interchange, tx: TxSet | None) -> Source:
    isa = interchange.isa
    group = tx.group if tx is not None else None
    return Source(
        standard="x12",
        version=(group.version if group else None) or isa.get(12) or None,
        message_type=tx.type if tx is not None else "TA1",
        sender=isa.get(6) or None,
        sender_qualifier=isa.get(5) or None,
        receiver=isa.get(8) or None,
        receiver_qualifier=isa.get(7) or None,
        interchange_control=isa.get(13) or None,
        group_control=(group.control or None) if group else None,
        message_ref=(tx.control or None) if tx is not None else None,
        test=isa.get(15) == "T",
    )


def map_set(
    tx: TxSet, interchange: Interchange, delims: Delimiters, name: str
) -> tuple[Versioned | None, list[X12Error]]:
    """The set's document, or None and every error that rejects it."""
    if tx.errors:
        return None, list(tx.errors)
    mapper = MAPPERS.get(tx.type)
    if mapper is None:
        error = X12Error(f"transaction set {tx.type!r} is not supported", document=name, code="1",
                         kind="set", tag="ST", segment=1)  # fmt: skip
        return None, [error]
    reader = SetReader(tx.segments, delims, name)
    try:
        document = mapper(reader, source_of(interchange, tx))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        # a value the element checks let through but the canonical model refuses
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if hasattr(exc, "errors") and callable(exc.errors):
            first = exc.errors()[0]
            message = f"{'.'.join(str(p) for p in first.get('loc', ()))}: {first.get('msg')}"
        reader.errors.append(
            X12Error(
                f"set {tx.control} cannot be mapped: {message}",
                document=name,
                code="5",
                kind="set",
                tag="SE",
                segment=len(tx.segments),
            )  # fmt: skip
        )
        document = None
    if reader.errors:
        return None, reader.errors
    return document, []
