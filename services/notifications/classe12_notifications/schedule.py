"""When digests are built: each day from DIGEST_HOUR (Europe/Paris, default 7) for the day
before, each Monday from that hour for the week before."""
from __future__ import annotations

import os
from datetime import date, datetime, timezone

from .domain.preferences import PARIS


def due_digests(now: datetime | None = None) -> list[tuple[str, date]]:
    local = (now or datetime.now(timezone.utc)).astimezone(PARIS)
    hour = int(os.environ.get("DIGEST_HOUR", "").strip() or 7)
    if local.hour < hour:
        return []
    due = [("daily", local.date())]
    if local.weekday() == 0:
        due.append(("weekly", local.date()))
    return due
