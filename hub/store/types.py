"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, so comparisons never mix naive and aware values.

    SQLite has no time zones: values are stored as naive UTC text, which still sorts and
    compares correctly because every value goes through the same conversion.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store only takes aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: JSON documents; JSONB on PostgreSQL so they can be indexed and queried later.
Json: sa.types.TypeEngine[Any] = sa.JSON().with_variant(JSONB(), "postgresql")

#: Quantities: Decimal in and out (NUMERIC on PostgreSQL; SQLite keeps a numeric affinity).
Quantity = sa.Numeric(18, 4, asdecimal=True)


def utcnow() -> datetime:
    """The one clock the store uses when a caller does not pass ``now``."""
    return datetime.now(UTC)
