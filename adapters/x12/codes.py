"""The X12 code lists the mappings use (purpose, order type, party and product qualifiers)."""

from __future__ import annotations

# BEG01 / BCH01 transaction set purpose (353)
PURPOSE: dict[str, str] = {
    "00": "original", "01": "cancel", "04": "change", "05": "change", "06": "original",
    "07": "original", "22": "original",
}  # fmt: skip
PURPOSE_OUT: dict[str, str] = {"original": "00", "cancel": "01", "change": "04"}

# BEG02 purchase order type (92)
ORDER_TYPE: dict[str, str] = {
    "SA": "standalone", "DS": "dropship", "BK": "blanket", "RL": "release", "NE": "new",
    "RO": "rush", "KN": "purchase", "OS": "special", "CN": "consigned", "CF": "confirmation",
}  # fmt: skip
ORDER_TYPE_OUT: dict[str, str] = {v: k for k, v in ORDER_TYPE.items()}

# N103 identification code qualifier (66) -> canonical PartyId.scheme
PARTY_ID: dict[str, str] = {
    "1": "DUNS", "9": "DUNS4", "UL": "GLN", "92": "BUYER", "91": "SUPPLIER", "ZZ": "ZZ",
}  # fmt: skip
PARTY_ID_OUT: dict[str, str] = {v: k for k, v in PARTY_ID.items()}

# N101 entity identifier (98)
ENTITY_ROLE: dict[str, str] = {
    "BY": "buyer", "ST": "ship_to", "BT": "bill_to", "SE": "seller", "SU": "seller",
    "VN": "seller", "SF": "ship_from", "WH": "ship_from", "RI": "recipient", "MA": "reporter",
}  # fmt: skip

# product/service id qualifiers (235) that fill Item's named fields
GTIN_QUALIFIERS = frozenset({"UP", "UK", "EN", "EO", "UA", "UD"})
SUPPLIER_PART = frozenset({"VP", "VN", "VA"})
BUYER_PART = frozenset({"BP", "IN"})

# AK501 / IK5 / AK901 <-> canonical AckStatus
ACK_CODE: dict[str, str] = {
    "accepted": "A",
    "accepted_with_errors": "E",
    "partially_accepted": "P",
    "rejected": "R",
}
ACK_STATUS: dict[str, str] = {"A": "accepted", "E": "accepted_with_errors", "P": "partially_accepted",
                              "R": "rejected", "M": "rejected", "W": "rejected", "X": "rejected"}  # fmt: skip

# GS01 functional identifier per transaction set
FUNCTIONAL_ID: dict[str, str] = {
    "850": "PO", "855": "PR", "856": "SH", "846": "IB", "997": "FA", "999": "FA", "940": "OW",
    "945": "SW", "860": "PC", "861": "RC",
}  # fmt: skip

# ACK01 line item status (668) <-> canonical LineStatus
LINE_STATUS: dict[str, str] = {
    "IA": "accepted", "AC": "accepted", "IR": "rejected", "R2": "rejected", "IC": "changed",
    "IQ": "changed", "IP": "changed", "DR": "changed", "IB": "backordered", "BP": "backordered",
    "ID": "rejected", "IS": "changed",
}  # fmt: skip
LINE_STATUS_OUT: dict[str, str] = {
    "accepted": "IA",
    "rejected": "IR",
    "changed": "IC",
    "backordered": "IB",
}
# BAK02 acknowledgment type (587)
RESPONSE_STATUS: dict[str, str] = {
    "AD": "accepted", "AK": "accepted", "AT": "accepted", "AC": "accepted_with_changes",
    "RJ": "rejected", "RD": "rejected",
}  # fmt: skip
RESPONSE_STATUS_OUT: dict[str, str] = {
    "accepted": "AD",
    "accepted_with_changes": "AC",
    "rejected": "RJ",
}

# RCD08/11/14/17/20 and BRA06 receiving condition code (412) <-> canonical ReceiptCondition;
# codes read but not mapped (06 non-standard container, 09 hold, 11, 13, 14, 16) keep the
# condition the quantities give.
RECEIVING_CONDITION_CODES = frozenset(
    {"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "16"}
)
RECEIVING_CONDITION: dict[str, str] = {
    "01": "damaged", "02": "short", "03": "over", "04": "rejected", "05": "rejected",
    "07": "accepted", "08": "rejected", "10": "damaged", "12": "over",
}  # fmt: skip
RECEIVING_CONDITION_OUT: dict[str, str] = {
    "damaged": "01", "short": "02", "over": "03", "rejected": "08",
}  # fmt: skip
