"""What every operator command needs: the Context, and the store with one-line errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
import sqlalchemy as sa

from canonical.errors import OrderhubError
from hub.context import Context

T = TypeVar("T")


@contextmanager
def opened() -> Iterator[Context]:
    """The command's Context; a bad configuration is a one-line error."""
    try:
        context = Context.open()
    except OrderhubError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        yield context
    finally:
        context.close()


def with_store(context: Context, work: Callable[[Any], T]) -> T:
    """Run ``work(session)`` in one transaction; an unreachable database is one line."""
    try:
        with context.store.session() as session:
            return work(session)
    except (OrderhubError, sa.exc.SQLAlchemyError) as exc:
        text = str(getattr(exc, "orig", None) or exc).strip()
        reason = (text.splitlines() or [type(exc).__name__])[0]
        raise click.ClickException(f"database unreachable: {reason}") from None
