"""cXML 1.2.0xx: OrderRequest, ConfirmationRequest, ShipNoticeRequest, ReceiptRequest in and out."""

from adapters.cxml.reader import credentials, read
from adapters.cxml.redact import redact
from adapters.cxml.response import response
from adapters.cxml.writer import payload_id, write

__all__ = ["credentials", "payload_id", "read", "redact", "response", "write"]
