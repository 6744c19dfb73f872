"""ANSI X12: 850/860/855/856/945/846/861/997/999/TA1 read into canonical, and written back out."""

from adapters.x12.errors import X12Error
from adapters.x12.reader import read
from adapters.x12.stream import SetOutcome, iter_transactions
from adapters.x12.writer import ack_for, write, write_many

__all__ = ["SetOutcome", "X12Error", "ack_for", "iter_transactions", "read", "write", "write_many"]
