"""Which database failures are worth retrying, as the hub's own error classes.

The consumer base decides retry-or-park from the class alone, so a lost connection, a
serialization failure, a deadlock or a locked SQLite file must arrive as a
``TransientError``; constraint violations and SQL mistakes stay what they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy.exc as sa_exc

from canonical.errors import TransientError

# SQLSTATE codes (PostgreSQL appendix A) that a retry can cure.
_TRANSIENT_SQLSTATES = {
    "40001",  # serialization_failure
    "40P01",  # deadlock_detected
    "55P03",  # lock_not_available
    "53300",  # too_many_connections
    "57P01",  # admin_shutdown
    "57P02",  # crash_shutdown
    "57P03",  # cannot_connect_now
    "57014",  # query_canceled (statement timeout)
}
# sqlite3 error names (Python 3.11+) that a retry can cure.
_TRANSIENT_SQLITE = ("SQLITE_BUSY", "SQLITE_LOCKED")


class StoreUnavailable(TransientError):
    """The database cannot be reached or is busy right now; try again later."""


class StoreConflict(TransientError):
    """Concurrent transactions collided (serialization failure, deadlock); try again."""


def is_transient(error: BaseException) -> bool:
    """True when ``error`` is a database failure that a later attempt may not meet."""
    if isinstance(error, sa_exc.TimeoutError | sa_exc.DisconnectionError):
        return True
    if not isinstance(error, sa_exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    orig = error.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate:
        return sqlstate in _TRANSIENT_SQLSTATES or sqlstate.startswith("08")
    errorname = getattr(orig, "sqlite_errorname", None)
    if errorname:
        return errorname.startswith(_TRANSIENT_SQLITE)
    # psycopg raises OperationalError without a SQLSTATE when it cannot connect at all.
    return isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError) and (
        getattr(orig, "__module__", "").startswith("psycopg")
    )


def _reason(error: BaseException) -> str:
    orig = getattr(error, "orig", None) or error
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__


@contextmanager
def transient_errors(where: str) -> Iterator[None]:
    """Re-raise retryable database failures as ``StoreUnavailable`` / ``StoreConflict``."""
    try:
        yield
    except (sa_exc.DBAPIError, sa_exc.TimeoutError, sa_exc.DisconnectionError) as error:
        if not is_transient(error):
            raise
        sqlstate = getattr(getattr(error, "orig", None), "sqlstate", None)
        cls = StoreConflict if sqlstate in ("40001", "40P01") else StoreUnavailable
        raise cls(f"database {where}: {_reason(error)}") from error
