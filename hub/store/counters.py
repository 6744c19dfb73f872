"""Control-number counters per partner and kind, allocated in the database.

One atomic upsert per number (``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``; SQLite
runs it inside the store's ``BEGIN IMMEDIATE``), so concurrent replicas never get the
same number. After ``MAXIMUM`` the counter wraps to 1: within one wrap no number repeats.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hub.store.sql import PerDialect, run
from hub.store.tables import control_counters

#: ISA13 and GS06 are at most nine digits; EDIFACT references allow more, never need them.
MAXIMUM = 999_999_999
#: The usual kinds are "interchange", "group" and "message"; others (e.g. "sscc") are allowed.
KIND = re.compile(r"[a-z][a-z0-9_]{0,29}")


_LOCK = (
    sa.select(control_counters.c.value)
    .where(control_counters.c.partner.in_(sa.bindparam("partners", expanding=True)))
    .order_by(control_counters.c.partner, control_counters.c.kind)
    .with_for_update()
)


def lock_counters(session: Session, partners: Iterable[str]) -> None:
    """Lock these partners' counters now, in one fixed order, until the transaction ends.

    A transaction that renders for several partners would otherwise take their counters
    in whatever order its messages come, and two such transactions deadlock (PostgreSQL
    then stalls one of them for a second before it gives up). SQLite: no-op in effect,
    the write lock already serialises transactions.
    """
    wanted = sorted(set(partners))
    if wanted:
        run(session, _LOCK, {"partners": wanted}).all()


@functools.cache
def _next_many(count: int) -> sa.TextClause:
    """``count`` counters of one partner, each taken to its next number, in one upsert.

    Plain SQL that SQLite and PostgreSQL read alike: SQLAlchemy does not cache the
    compiled form of a multi-row ``insert().values([...])``, and compiling it for every
    envelope cost more than running it.
    """
    rows = ", ".join(f"(:b_partner, :b_kind_{i}, 1)" for i in range(count))
    return sa.text(
        f"INSERT INTO {control_counters.name} (partner, kind, value) VALUES {rows} "
        "ON CONFLICT (partner, kind) DO UPDATE SET value = CASE WHEN "
        f"{control_counters.name}.value >= {MAXIMUM} THEN 1 ELSE {control_counters.name}.value + 1 END "
        "RETURNING kind, value"
    ).columns(control_counters.c.kind, control_counters.c.value)


def next_control_numbers(session: Session, partner: str, kinds: Sequence[str]) -> dict[str, int]:
    """The next number of each kind for ``partner``, in one statement (an envelope's)."""
    wanted = sorted(set(kinds))  # the order lock_counters takes them in
    for kind in wanted:
        if not KIND.fullmatch(kind):
            raise ValueError(f"control number kind must be a lower-case name, not {kind!r}")
    params = {"b_partner": partner, **{f"b_kind_{i}": k for i, k in enumerate(wanted)}}
    rows = run(session, _next_many(len(wanted)), params).all()
    return {str(kind): int(value) for kind, value in rows}


def next_control_number(session: Session, partner: str, kind: str) -> int:
    """The next number for ``partner`` and ``kind`` (1, 2, ... MAXIMUM, 1, ...)."""
    return next_control_numbers(session, partner, [kind])[kind]


def peek_control_number(session: Session, partner: str, kind: str) -> int | None:
    """The last number handed out, or None if none yet (for status pages, not allocation)."""
    t = control_counters
    query = sa.select(t.c.value).where(t.c.partner == partner, t.c.kind == kind)
    return session.execute(query).scalar()


def _set(insert: Any) -> sa.Executable:
    statement = insert(control_counters)
    return statement.on_conflict_do_update(
        index_elements=["partner", "kind"], set_={"value": statement.excluded.value}
    )


_SET = PerDialect(_set)


def set_control_number(session: Session, partner: str, kind: str, last: int) -> None:
    """Continue a partner's numbering from ``last`` (onboarding from another system)."""
    if not 0 <= last <= MAXIMUM:
        raise ValueError(f"control number {last} is outside 0..{MAXIMUM}")
    run(session, _SET.of(session), {"partner": partner, "kind": kind, "value": last})
