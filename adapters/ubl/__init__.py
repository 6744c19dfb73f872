"""UBL 2.1 / Peppol BIS 3: Order, OrderChange, OrderCancellation, OrderResponse, DespatchAdvice
and ReceiptAdvice in and out."""

from adapters.ubl.reader import read
from adapters.ubl.writer import write

__all__ = ["read", "write"]
