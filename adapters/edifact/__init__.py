"""UN/EDIFACT adapter: interchanges in (``read``, ``iter_messages``), canonical documents out
(``write``, ``write_many``, ``contrl_for``)."""

from adapters.edifact.interchange import InterchangeResult, MessageResult
from adapters.edifact.reader import iter_messages, read
from adapters.edifact.writer import contrl_for, write, write_many

__all__ = [
    "InterchangeResult",
    "MessageResult",
    "contrl_for",
    "iter_messages",
    "read",
    "write",
    "write_many",
]
