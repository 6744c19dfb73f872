"""Shared secrets out of the bytes the hub keeps: archives, traces and the dashboard.

The raw archive keeps every byte a partner sent except this one: a cXML SharedSecret
(and a CredentialMac) is replaced by asterisks before the bytes are stored, so that
`orderhub trace --raw` can never show it. Authentication happens on the message itself.
"""

from __future__ import annotations

import re

_SECRET = re.compile(rb"(<(SharedSecret|CredentialMac)\b[^>]*>)(.*?)(</\2\s*>)", re.S | re.I)


def redact(data: bytes) -> bytes:
    """The same bytes with every shared secret's content replaced by ``***``."""
    if b"SharedSecret" not in data and b"CredentialMac" not in data:
        return data
    return _SECRET.sub(lambda m: m.group(1) + b"***" + m.group(4), data)
