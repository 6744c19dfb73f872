"""``write`` and ``ack_for``: canonical documents -> X12 interchanges (pure: same input, same bytes)."""

from __future__ import annotations

from adapters.reading import Envelope, Reading
from adapters.x12.codes import ACK_CODE, FUNCTIONAL_ID
from adapters.x12.render import FIXED_CLOCK, SegmentBuffer, bare_interchange, interchange
from adapters.x12.syntax import Delimiters
from adapters.x12.write_ack import IMPLEMENTATION_999, render_functional_ack
from adapters.x12.write_documents import render_846, render_855, render_856, render_945
from adapters.x12.write_order import render_850, render_940
from adapters.x12.write_receipt import render_861
from canonical import (
    DocumentError,
    FunctionalAck,
    InventoryReport,
    Order,
    OrderResponse,
    ReceiptAdvice,
    ShipNotice,
)
from canonical.base import Versioned

DEFAULT_DELIMITERS = Delimiters(element="*", component=">", segment="~", suffix="\n")


def write(
    document: Versioned,
    envelope: Envelope,
    *,
    message_type: str | None = None,
    delimiters: Delimiters | None = None,
) -> bytes:
    """One interchange with one group holding the document's transaction set."""
    version = envelope.version or "004010"
    delims = delimiters or _default(version)
    if isinstance(document, FunctionalAck):
        return _write_ack(document, envelope, message_type, delims)
    w = SegmentBuffer(delims)
    try:
        set_type = _render(document, w, message_type)
    except (KeyError, ValueError) as exc:
        raise DocumentError(f"cannot render {type(document).__name__} as X12: {exc}",
                            standard="x12", code="7") from None  # fmt: skip
    return interchange(envelope, FUNCTIONAL_ID[set_type], version, [(set_type, w.segments)], delims)


def write_many(
    documents: list[Versioned],
    envelope: Envelope,
    *,
    message_type: str | None = None,
    delimiters: Delimiters | None = None,
) -> bytes:
    """Several documents of one kind as sets of one group (ST02 counts up from message_control)."""
    version = envelope.version or "004010"
    delims = delimiters or _default(version)
    sets: list[tuple[str, list[str]]] = []
    for document in documents:
        w = SegmentBuffer(delims)
        try:
            set_type = _render(document, w, message_type)
        except (KeyError, ValueError) as exc:
            raise DocumentError(f"cannot render {type(document).__name__} as X12: {exc}",
                                standard="x12", code="7") from None  # fmt: skip
        sets.append((set_type, w.segments))
    kinds = {kind for kind, _ in sets}
    if len(kinds) != 1:
        raise DocumentError(f"one group holds one kind of set, got {sorted(kinds)}", standard="x12")
    return interchange(envelope, FUNCTIONAL_ID[sets[0][0]], version, sets, delims)


def _default(version: str) -> Delimiters:
    rep = "^" if version[:6] >= "005010" else None
    return Delimiters(element="*", component=">", segment="~", repetition=rep, suffix="\n")


def _render(document: Versioned, w: SegmentBuffer, message_type: str | None) -> str:
    if isinstance(document, Order):
        if message_type == "940":
            return render_940(document, w)
        change = document.purpose != "original" and message_type != "850"
        return render_850(document, w, change=change or message_type == "860")
    if isinstance(document, OrderResponse):
        return render_855(document, w)
    if isinstance(document, ShipNotice):
        return render_945(document, w) if message_type == "945" else render_856(document, w)
    if isinstance(document, InventoryReport):
        return render_846(document, w)
    if isinstance(document, ReceiptAdvice):
        return render_861(document, w)
    raise DocumentError(f"X12 has no writer for {type(document).__name__}", standard="x12")


def _write_ack(
    ack: FunctionalAck, envelope: Envelope, message_type: str | None, delims: Delimiters
) -> bytes:
    kind = message_type or ack.ack_type or "997"
    if kind == "TA1":
        return _ta1(ack, envelope, delims)
    if kind not in ("997", "999"):
        raise DocumentError(f"{kind!r} is not an X12 acknowledgement", standard="x12")
    w = SegmentBuffer(delims)
    render_functional_ack(ack, w, kind)
    if kind == "999":
        if delims.repetition is None:
            delims = Delimiters(
                delims.element, delims.component, delims.segment, "^", delims.suffix
            )
        return interchange(envelope, "FA", "005010", [("999", w.segments)], delims,
                           implementation=IMPLEMENTATION_999)  # fmt: skip
    return interchange(envelope, "FA", "004010", [("997", w.segments)], delims)


def _ta1(ack: FunctionalAck, envelope: Envelope, delims: Delimiters) -> bytes:
    created = envelope.created or FIXED_CLOCK
    code = ack.errors[0].code if ack.errors else "000"
    status = "R" if ack.status == "rejected" else ("E" if ack.errors else "A")
    control = (ack.interchange_control or "0").zfill(9)[-9:]
    if not control.isdigit():
        control = "000000000"
    date = ack.interchange_date if _digits(ack.interchange_date, 6) else created.strftime("%y%m%d")
    time = ack.interchange_time if _digits(ack.interchange_time, 4) else created.strftime("%H%M")
    ta1 = delims.element.join(["TA1", control, date or "", time or "", status, code])
    version = "005010" if (ack.version or "")[:6] >= "005010" else "004010"
    return bare_interchange(envelope, delims, version, [ta1])


def _digits(value: str | None, n: int) -> bool:
    return value is not None and len(value) == n and value.isdigit()


def ack_for(reading: Reading, envelope: Envelope) -> bytes:
    """The acknowledgement the hub sends back: TA1 for a broken envelope, else 997 or 999."""
    ack = reading.ack
    if ack is None:
        raise DocumentError("the reading carries no X12 acknowledgement", standard="x12")
    if ack.errors:
        return write(ack, envelope, message_type="TA1")
    return write(ack, envelope, message_type=ack.ack_type or "997")


__all__ = ["ACK_CODE", "ack_for", "write", "write_many"]
