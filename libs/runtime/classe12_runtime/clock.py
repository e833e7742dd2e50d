"""Time as every service stores and shows it: aware UTC, at the millisecond (what MongoDB keeps,
so a value returned after a write is exactly what a later read gives back)."""
from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def as_utc(value: datetime) -> datetime:
    """A stored datetime as an aware UTC datetime (naive values are taken as UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC at the millisecond, e.g. 2026-09-01T08:30:00.000+00:00."""
    return None if value is None else as_utc(value).isoformat(timespec="milliseconds")
