"""Preferences: per category, in-app on or off, e-mail immediate / daily / weekly / off (push
reserved for a later slice), and quiet hours in Europe/Paris during which immediate e-mails wait."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from classe12_contracts.errors import Invalid

from .rules import CATEGORIES

PARIS = ZoneInfo("Europe/Paris")
TIMEZONE = "Europe/Paris"


def defaults() -> dict:
    return {"categories": {name: dict(channels) for name, (_, channels) in CATEGORIES.items()},
            "quiet_hours": None}


def effective(stored: dict | None) -> dict:
    """The stored choices over the defaults (a category added later gets its defaults)."""
    prefs = defaults()
    stored = stored or {}
    for name, channels in (stored.get("categories") or {}).items():
        if name in prefs["categories"]:
            prefs["categories"][name].update(channels)
    prefs["quiet_hours"] = stored.get("quiet_hours")
    return prefs


def view(stored: dict | None) -> dict:
    prefs = effective(stored)
    return {"categories": [{"category": name, "label": CATEGORIES[name][0], **channels}
                           for name, channels in prefs["categories"].items()],
            "quiet_hours": prefs["quiet_hours"], "timezone": TIMEZONE}


def merged(stored: dict | None, change: dict) -> dict:
    """`change` (validated by the schema) applied over what is stored: categories not named keep
    their choices; `quiet_hours` given (null clears them) replaces the previous ones."""
    prefs = effective(stored)
    for item in change.get("categories") or ():
        name = item["category"]
        if name not in prefs["categories"]:
            raise Invalid(fields={"categories": [f"Catégorie inconnue : {name}."]})
        prefs["categories"][name].update({k: v for k, v in item.items() if k != "category"})
    if "quiet_hours" in change:
        quiet = change["quiet_hours"]
        if quiet is not None and quiet["start"] == quiet["end"]:
            raise Invalid(fields={"quiet_hours": ["Le début et la fin des heures calmes doivent différer."]})
        prefs["quiet_hours"] = quiet
    return prefs


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def not_before(prefs: dict, now: datetime) -> datetime:
    """When an immediate e-mail may leave: now, or the end of the quiet hours (Paris time)."""
    quiet = (prefs or {}).get("quiet_hours")
    if not quiet:
        return now
    start, end = _clock(quiet["start"]), _clock(quiet["end"])
    local = now.astimezone(PARIS)
    t = local.time().replace(second=0, microsecond=0)
    inside = (start <= t < end) if start < end else (t >= start or t < end)
    if not inside:
        return now
    day = local.date() if (start < end or t < end) else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=PARIS).astimezone(now.tzinfo)
