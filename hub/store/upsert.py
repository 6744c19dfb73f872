"""The dialect's own INSERT, for ``ON CONFLICT`` clauses both SQLite and PostgreSQL know."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for(session: Session) -> Callable[[Any], Any]:
    """``insert`` with ``on_conflict_do_nothing`` / ``on_conflict_do_update`` for this database."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise NotImplementedError(f"the store supports SQLite and PostgreSQL, not {name}")
