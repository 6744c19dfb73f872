"""What a failed publish looks like to the caller: transient or permanent, by class."""

from __future__ import annotations

from canonical.errors import OrderhubError, PermanentError, TransientError


class PublishError(OrderhubError):
    """A message the broker did not take responsibility for."""


class PublishFailed(PublishError, TransientError):
    """Nacked, unconfirmed in time, or the connection was lost: publishing again may work."""


class Unroutable(PublishError, PermanentError):
    """Returned by the broker (no queue bound) or refused (unknown exchange): a topology bug."""
