"""What the consumer base does with a failure: the next delay tier or the parking lot.

Pure functions: the decision depends on the error's class and the attempt count only,
so every service fails the same way and an operator can predict it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from canonical.errors import TransientError
from hub.bus.incoming import ATTEMPTS, ORIGINAL_EXCHANGE, ORIGINAL_ROUTING_KEY, Incoming
from hub.bus.message import Message
from hub.bus.topology import DEAD, RETRY, retry_routing_key

ERROR = "x-error"
ERROR_CLASS = "x-error-class"
SERVICE = "x-service"
MAX_ERROR_CHARS = 500


def one_line(error: BaseException) -> str:
    """The error as one short line: no traceback, no newlines (those go to the log)."""
    text = re.sub(r"\s+", " ", str(error)).strip() or type(error).__name__
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


def next_delay(
    error: BaseException, attempts: int, tiers: Sequence[float], max_attempts: int
) -> float | None:
    """The delay before the next attempt, or None when the message must be parked."""
    if not isinstance(error, TransientError) or attempts >= max_attempts or not tiers:
        return None
    return tiers[min(attempts - 1, len(tiers) - 1)]


def _carried(message: Incoming) -> dict[str, object]:
    headers = dict(message.headers)
    headers[ORIGINAL_EXCHANGE] = message.exchange
    headers[ORIGINAL_ROUTING_KEY] = message.routing_key
    return headers


def retry_message(message: Incoming, service: str, delay: float, error: BaseException) -> Message:
    """The same message (same id) for the delay tier, back to ``service`` only."""
    headers = _carried(message)
    headers[ATTEMPTS] = message.attempts + 1
    headers[ERROR] = one_line(error)
    headers[ERROR_CLASS] = type(error).__name__
    headers[SERVICE] = service
    return Message(
        message.message_id,
        RETRY,
        retry_routing_key(delay, service),
        message.body,
        headers,
        message.content_type,
    )


def park_message(message: Incoming, service: str, error: BaseException) -> Message:
    """The same message (same id) for the parking lot, with why it is there."""
    headers = _carried(message)
    headers[ATTEMPTS] = message.attempts
    headers[ERROR] = one_line(error)
    headers[ERROR_CLASS] = type(error).__name__
    headers[SERVICE] = service
    return Message(message.message_id, DEAD, service, message.body, headers, message.content_type)
