"""Working-day arithmetic: when a node can ship, given its calendar, cut-off and lead time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from routing.network import Calendar, Node


def next_working(calendar: Calendar, day: date) -> date:
    """The first working day on or after ``day`` (a calendar with no working day is refused)."""
    for _ in range(400):
        if calendar.is_working(day):
            return day
        day += timedelta(days=1)
    raise ValueError("calendar has no working day within a year")


def add_working_days(calendar: Calendar, day: date, days: int) -> date:
    day = next_working(calendar, day)
    for _ in range(days):
        day = next_working(calendar, day + timedelta(days=1))
    return day


def start_day(node: Node, today: date, now: datetime | None) -> date:
    """Today if the order arrives before the node's local cut-off on a working day, else later.

    An aware ``now`` is moved to the node's local time with its UTC offset; a naive one is
    taken as the node's local time already."""
    if now is not None:
        local = now
        if now.tzinfo is not None:
            utc = now.astimezone(UTC).replace(tzinfo=None)
            local = utc + timedelta(hours=node.utc_offset_hours)
        if local.date() == today and local.time() > node.cutoff:
            return next_working(node.calendar, today + timedelta(days=1))
    return next_working(node.calendar, today)


def ship_date(node: Node, today: date, now: datetime | None = None) -> date:
    return add_working_days(node.calendar, start_day(node, today, now), node.lead_time_days)


def ready_after(node: Node, arrival: date, work_days: int) -> date:
    """Work that can start on ``arrival`` (e.g. assembly) and takes ``work_days`` working days."""
    return add_working_days(node.calendar, arrival, work_days)
