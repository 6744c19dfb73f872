"""Statements built once, run on the session's connection.

Building a statement (``insert(...).values(...)``, ``select(...).where(...)``) and
computing its cache key costs SQLAlchemy around 100 µs a call; a module-level statement
with bound parameters is compiled once and then costs a third of that. The hot paths of
the consumers (inbox, outbox, orders, archive) run a few dozen statements per order, so
they use these.

On SQLite, where the database itself answers in a few microseconds, even that third was
most of the store's time: there ``run`` compiles each statement once per set of
parameter names with SQLAlchemy (so the SQL and the type conversions are SQLAlchemy's
own) and hands it straight to the driver's cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine.result import IteratorResult, SimpleResultMetaData
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
        connection = session.connection()
        kept = session.info[_CONNECTION] = (savepoint, connection, _driver(connection))
    if kept[2] is not None and params is not None:
        rows = [params] if isinstance(params, Mapping) else list(params)
        if rows:
            plan = _plan(statement, kept[1].dialect, rows[0])
            if plan is not None:
                return plan.execute(kept[2], rows)  # type: ignore[return-value]
    return kept[1].execute(statement, params)  # type: ignore[arg-type]


def _driver(connection: sa.Connection) -> Any:
    """The sqlite3 connection under SQLAlchemy's, for the direct path (None elsewhere)."""
    if connection.dialect.name != "sqlite":
        return None
    return connection.connection.driver_connection


@dataclass(frozen=True, slots=True)
class _Plan:
    """One statement compiled by SQLAlchemy for one set of parameter names."""

    statement: sa.Executable  # kept so that its id stays its own
    dialect: sa.Dialect
    sql: str
    # per positional parameter: the row's key (None: a constant of the statement), the
    # constant, and SQLAlchemy's conversion for its type
    params: tuple[tuple[str | None, Any, Callable[[Any], Any] | None], ...]
    keys: tuple[str, ...] | None  # result columns; None: the statement returns no rows
    results: tuple[Callable[[Any], Any] | None, ...]
    metadata: SimpleResultMetaData

    def execute(self, driver: Any, rows: list[Mapping[str, Any]]) -> sa.Result[Any]:
        args = [self._args(row) for row in rows]
        fetched: list[Any] = []
        try:
            if len(args) == 1 or self.keys is not None:  # rows returned: one by one
                count = 0
                for one in args:
                    cursor = driver.execute(self.sql, one)
                    if self.keys is not None:
                        fetched += cursor.fetchall()
                    count += max(cursor.rowcount, 0)
            else:
                cursor = driver.executemany(self.sql, args)
                count = cursor.rowcount
        except self.dialect.loaded_dbapi.Error as error:
            raise sa.exc.DBAPIError.instance(
                self.sql, args, error, self.dialect.loaded_dbapi.Error, dialect=self.dialect
            ) from error
        if fetched and any(self.results):
            fetched = [
                tuple(f(v) if f else v for f, v in zip(self.results, row, strict=True))
                for row in fetched
            ]
        result = IteratorResult(self.metadata, iter(fetched))
        result.rowcount = count  # type: ignore[attr-defined]
        return result

    def _args(self, row: Mapping[str, Any]) -> list[Any]:
        out = []
        for key, constant, convert in self.params:
            value = constant if key is None else row[key]
            out.append(convert(value) if convert is not None and value is not None else value)
        return out


_PLANS: dict[tuple[int, frozenset[str]], _Plan | None] = {}
_MAX_PLANS = 2000
_UNKNOWN: Any = object()


def _plan(statement: sa.Executable, dialect: sa.Dialect, row: Mapping[str, Any]) -> _Plan | None:
    """The direct plan, or None where SQLAlchemy must run the statement itself (expanding
    ``IN`` lists, anything it renders per execution)."""
    key = (id(statement), frozenset(row))
    found = _PLANS.get(key, _UNKNOWN)
    if found is _UNKNOWN or (found is not None and found.statement is not statement):
        if len(_PLANS) >= _MAX_PLANS:  # statements built per call were passed: start over
            _PLANS.clear()
        found = _PLANS[key] = _compile(statement, dialect, sorted(row))
    return found  # type: ignore[return-value]


def _compile(statement: sa.Executable, dialect: sa.Dialect, names: list[str]) -> _Plan | None:
    if not isinstance(statement, sa.sql.ClauseElement):
        return None
    compiled: Any = statement.compile(dialect=dialect, column_keys=names)
    if (
        compiled.positiontup is None
        or compiled.post_compile_params
        or compiled.literal_execute_params
        or compiled.escaped_bind_names
    ):
        return None
    processors = compiled._bind_processors
    params = []
    for name in compiled.positiontup:
        bind = compiled.binds[name]
        if name in names:
            params.append((name, None, processors.get(name)))
        elif bind.callable is None and (bind.value is not None or not bind.required):
            params.append((None, bind.value, processors.get(name)))
        else:  # a value only SQLAlchemy can find, or none: let it say so
            return None
    columns = list(compiled._result_columns)
    returns = bool(columns) or isinstance(statement, sa.Select | sa.TextClause)
    keys = tuple(c.keyname for c in columns)
    return _Plan(
        statement=statement,
        dialect=dialect,
        sql=compiled.string,
        params=tuple(params),
        keys=keys if returns else None,
        results=tuple(c.type._cached_result_processor(dialect, None) for c in columns),
        metadata=SimpleResultMetaData(keys),
    )


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
