"""Code lists the adapter needs: 0085 syntax errors, 0083 actions, agencies, units.

Only the codes the hub reads or writes are listed; the 0085 texts follow the
UN/EDIFACT syntax service directory so a person reading an error sees the standard's
own words.
"""

from __future__ import annotations

# 0085 Syntax error, coded (syntax version 4 / later directories numbering).
SYNTAX_ERRORS: dict[str, str] = {
    "2": "Syntax version or level not supported",
    "7": "Interchange recipient not actual recipient",
    "12": "Invalid value",
    "13": "Missing",
    "14": "Value not supported in this position",
    "15": "Not supported in this position",
    "16": "Too many constituents",
    "17": "No agreement",
    "18": "Unspecified error",
    "19": "Invalid decimal notation",
    "20": "Character invalid as service character",
    "21": "Invalid character(s)",
    "22": "Invalid service character(s)",
    "23": "Unknown interchange sender",
    "24": "Too old",
    "25": "Test indicator not supported",
    "26": "Duplicate detected",
    "27": "Security function not supported",
    "28": "References do not match",
    "29": "Control count does not match number of instances received",
    "30": "Functional groups and messages mixed",
    "31": "More than one message type in group",
    "32": "Lower level empty",
    "33": "Invalid occurrence outside message, package or group",
    "35": "Too many segment repetitions",
    "36": "Too many segment group repetitions",
    "37": "Invalid type of character(s)",
    "38": "Missing digit in front of decimal sign",
    "39": "Data element too long",
    "40": "Data element too short",
}

INVALID = "12"
MISSING = "13"
NOT_SUPPORTED_VALUE = "14"
NOT_SUPPORTED_HERE = "15"
TOO_MANY = "16"
DECIMAL = "19"
BAD_CHARACTER = "21"
REFS_DIFFER = "28"
COUNT_DIFFERS = "29"
MIXED = "30"
OUTSIDE = "33"
BAD_TYPE = "37"
NO_LEADING_DIGIT = "38"
TOO_LONG = "39"
SYNTAX_UNSUPPORTED = "2"

# 0083 Action, coded.
ACTION_REJECTED = "4"
ACTION_ACCEPTED = "7"
ACTION_RECEIVED = "8"

# 3055 code list responsible agency -> canonical id scheme, and back.
AGENCY_TO_SCHEME = {
    "9": "GLN",
    "16": "DUNS",
    "91": "SUPPLIER",
    "92": "BUYER",
    "ZZZ": "ZZ",
    "ZZ": "ZZ",
}
SCHEME_TO_AGENCY = {"GLN": "9", "DUNS": "16", "SUPPLIER": "91", "BUYER": "92", "ZZ": "ZZZ"}

# UNB 0007 partner identification code qualifier is copied as given (14 = GS1/EAN).

# Units that are not UN/ECE Rec 20 codes but are common in EANCOM, mapped to Rec 20.
UNIT_ALIASES = {"PCE": "H87", "PCS": "H87", "PC": "H87", "EAN": "EA"}

# 3035 party function qualifiers: mapped ones first, then ones accepted and ignored.
PARTY_ROLES = {
    "BY": "buyer",
    "SU": "seller",
    "SE": "seller",
    "DP": "ship_to",
    "ST": "ship_to",
    "IV": "bill_to",
    "BT": "bill_to",
    "SF": "ship_from",
    "SH": "ship_from",
    "CZ": "ship_from",
    "WH": "reporter",
    "MS": "reporter",
    "MR": "recipient",
}
KNOWN_PARTIES = set(PARTY_ROLES) | {
    "CA", "CN", "CO", "DL", "FW", "II", "LC", "MF", "OB", "OP", "PE", "PR", "UC", "UD",
    "AB", "BCO", "CS", "FH", "GM", "IP", "LP", "PW", "RE", "SN", "SR", "TC", "UP",
}  # fmt: skip

# 7143 item type identification codes that carry a GTIN.
GTIN_TYPES = {"SRV", "EN", "UP", "EU", "UA"}
BUYER_PART_TYPES = {"IN", "BP"}
SUPPLIER_PART_TYPES = {"SA", "VN", "VP"}


def unit(code: str) -> str:
    """UN/ECE Rec 20 unit: the sender's code when it is one, EANCOM aliases mapped."""
    code = code.strip().upper()
    return UNIT_ALIASES.get(code, code)
