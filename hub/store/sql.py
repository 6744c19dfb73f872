"""Statements built once, run on the session's connection.

Building a statement (``insert(...).values(...)``, ``select(...).where(...)``) and
computing its cache key costs SQLAlchemy around 100 µs a call; a module-level statement
with bound parameters is compiled once and then costs a third of that. The hot paths of
the consumers (inbox, outbox, orders, archive) run a few dozen statements per order, so
they use these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

Params = Mapping[str, Any] | Sequence[Mapping[str, Any]] | None
_CONNECTION = "orderhub.connection"


def run(session: Session, statement: sa.Executable, params: Params = None) -> sa.CursorResult[Any]:
    """Execute a prepared statement on the session's connection (one transaction).

    The connection is kept in ``session.info``: asking the session for it costs more than
    many a statement. It is asked again whenever the innermost savepoint changed, since
    the session emits a ``SAVEPOINT`` only when a connection is asked of it, and when the
    kept connection has ended.
    """
    savepoint = session.get_nested_transaction()
    kept = session.info.get(_CONNECTION)
    if kept is None or kept[0] is not savepoint or kept[1].closed or kept[1].invalidated:
        kept = session.info[_CONNECTION] = (savepoint, session.connection())
    return kept[1].execute(statement, params)  # type: ignore[arg-type]


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


class PerDialect:
    """A statement that needs the dialect's own INSERT (``ON CONFLICT``), built once for each."""

    def __init__(self, build: Callable[[Callable[[Any], Any]], sa.Executable]) -> None:
        self._built = {"sqlite": build(sqlite.insert), "postgresql": build(postgresql.insert)}

    def of(self, session: Session) -> sa.Executable:
        name = dialect_of(session)
        try:
            return self._built[name]
        except KeyError:
            raise NotImplementedError(
                f"the store supports SQLite and PostgreSQL, not {name}"
            ) from None
