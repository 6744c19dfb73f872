"""X12 unit of measure codes (element 355) <-> UN/ECE Recommendation 20, in one table."""

from __future__ import annotations

X12_TO_REC20: dict[str, str] = {
    "EA": "EA", "CA": "CS", "BX": "BX", "PK": "PK", "DZ": "DZN", "LB": "LBR", "KG": "KGM",
    "PR": "PR", "PC": "H87", "CT": "CT", "PL": "PF", "RL": "RO", "FT": "FOT", "IN": "INH",
    "MR": "MTR", "LT": "LTR", "GA": "GLL", "ST": "SET", "KT": "KT", "BG": "BG", "DR": "DR",
    "GR": "GRM", "OZ": "ONZ", "SF": "FTK", "SM": "MTK", "HR": "HUR", "TH": "MIL", "UN": "C62",
}  # fmt: skip
REC20_TO_X12: dict[str, str] = {v: k for k, v in X12_TO_REC20.items()}


def to_rec20(x12_unit: str) -> str | None:
    """None when the code is not one this hub knows: the reader reports it (AK403 7)."""
    return X12_TO_REC20.get(x12_unit)


def to_x12(rec20_unit: str) -> str:
    """Rec 20 codes without an X12 equivalent fall back to EA... only when they are EA-like."""
    try:
        return REC20_TO_X12[rec20_unit]
    except KeyError:
        if len(rec20_unit) == 2 and rec20_unit.isalnum():
            return rec20_unit  # a code both lists share, e.g. pass-through of partner units
        raise ValueError(f"unit {rec20_unit!r} has no X12 equivalent") from None
