"""Every segment ID this adapter knows of, to tell "unrecognized" (AK304 1) from "unexpected" (2)."""

from __future__ import annotations

from collections.abc import Iterator

from adapters.x12.elements import Segment, SetReader

# The segments each transaction set may hold (the readers check against these).
KNOWN_850 = frozenset(  # 850 purchase order and 860 change order
    ["ST", "BEG", "BCH", "CUR", "REF", "PER", "TAX", "FOB", "CTP", "PAM", "CSH", "TC2", "SAC", "ITD", "DIS", "INC", "DTM", "LDT", "LIN", "SI", "PID", "MEA", "PWK", "PKG", "TD1", "TD5", "TD3", "TD4", "MAN", "PCT", "CTB", "TXI", "AMT", "N9", "MSG", "MTX", "N1", "N2", "N3", "N4", "NX2", "SPI", "PO1", "POC", "PO3", "SCH", "LS", "LE", "PO4", "QTY", "SLN", "NTE", "CTT", "SE", "G53", "CN1", "IT8", "FST", "ADV"]
)  # fmt: skip
KNOWN_855 = frozenset(  # 855 order acknowledgement
    ["ST", "BAK", "CUR", "REF", "PER", "TAX", "FOB", "CTP", "PAM", "CSH", "SAC", "ITD", "DIS", "DTM", "LDT", "LIN", "SI", "PID", "MEA", "PWK", "PKG", "TD1", "TD5", "TD3", "TD4", "MAN", "N9", "MSG", "N1", "N2", "N3", "N4", "PO1", "PO3", "PO4", "ACK", "SCH", "SLN", "NTE", "CTT", "AMT", "SE"]
)  # fmt: skip
KNOWN_856 = frozenset(  # 856 ship notice
    ["ST", "BSN", "DTM", "HL", "LIN", "SN1", "SLN", "PRF", "PO4", "PID", "MEA", "PWK", "PKG", "TD1", "TD5", "TD3", "TD4", "REF", "PER", "MAN", "N1", "N2", "N3", "N4", "FOB", "CUR", "SAC", "TSD", "CLD", "CTT", "SE"]
)  # fmt: skip
KNOWN_945 = frozenset(  # 945 warehouse shipping advice
    ["ST", "W06", "N1", "N2", "N3", "N4", "PER", "N9", "G62", "W27", "W10", "LX", "MAN", "PAL", "W12", "G69", "W03", "AMT", "SE"]
)  # fmt: skip
KNOWN_940 = frozenset(  # 940 warehouse shipping order
    ["ST", "W05", "N1", "N2", "N3", "N4", "PER", "G61", "N9", "G62", "NTE", "W66", "LX", "W01", "G69", "W20", "AT8", "W76", "SE"]
)  # fmt: skip
KNOWN_846 = frozenset(  # 846 inventory advice
    ["ST", "BIA", "CUR", "REF", "PER", "MEA", "DTM", "N1", "N2", "N3", "N4", "LIN", "SLN", "PID", "PO4", "SAC", "AMT", "QTY", "SCH", "LDT", "LM", "LQ", "CTT", "SDQ", "SE"]
)  # fmt: skip
KNOWN_861 = frozenset(  # 861 receiving advice / acceptance certificate (NTE from 3010-3060)
    ["ST", "BRA", "NTE", "CUR", "REF", "PER", "DTM", "PRF", "TD1", "TD5", "TD3", "TD4", "N1", "N2", "N3", "N4", "RCD", "SN1", "PO4", "LIN", "PID", "MEA", "PWK", "PKG", "FOB", "CTT", "SE"]
)  # fmt: skip
KNOWN_ACK = frozenset(  # 997 and 999
    ["ST", "AK1", "AK2", "AK3", "AK4", "AK5", "AK9", "IK3", "IK4", "IK5", "CTX", "SE"]
)  # fmt: skip

# Every segment ID this adapter knows of: the sets' own, plus envelopes and others X12 defines.
ALL_SEGMENTS = (
    KNOWN_850 | KNOWN_855 | KNOWN_856 | KNOWN_945 | KNOWN_940 | KNOWN_846 | KNOWN_861 | KNOWN_ACK
    | frozenset(["BCD", "BHT", "BPR", "CLM", "DTP", "GE", "GS", "HI", "IEA", "ISA", "IT1", "NM1", "SN2", "SV1", "TA1", "TRN", "UIT", "W79"])
)  # fmt: skip


def unknown_segment(r: SetReader, pos: int, tag: str) -> None:
    """A segment this set does not define: AK304 2 if X12 knows the tag, else 1."""
    if tag in ALL_SEGMENTS:
        r.segment_error(pos, tag, "2", f"segment {tag} does not belong in this transaction set")
    else:
        r.segment_error(pos, tag, "1", f"unrecognized segment ID {tag!r}")


def body(
    r: SetReader, known: frozenset[str], skip: tuple[str, ...] = ("ST", "SE")
) -> Iterator[tuple[int, Segment, str]]:
    """The set's own segments with their position; one it does not define is reported and skipped."""
    for pos, seg in enumerate(r.segments, 1):
        tag = seg[0]
        if tag in skip:
            continue
        if tag not in known:
            unknown_segment(r, pos, tag)
            continue
        yield pos, seg, tag
