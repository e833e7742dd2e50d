"""The documents the service keeps: recipients, announcements, notifications (plain dicts).

Times come from the envelopes (`occurred_at`), never from when an event happens to be handled,
so the same events give the same documents whatever order they arrive in.
"""
from __future__ import annotations

from datetime import datetime

from classe12_runtime.clock import as_utc

from .audience import ordered_levels


def happened_at(envelope: dict) -> datetime:
    """When the event happened (its envelope's `occurred_at`), aware UTC at the millisecond."""
    when = as_utc(datetime.fromisoformat(envelope["occurred_at"]))
    return when.replace(microsecond=when.microsecond // 1000 * 1000)


def recipient_from_member(envelope: dict, now: datetime) -> dict:
    """The projection kept of a registered member (community.member_registered): `joined_at`
    is when they registered; they hear of what happens from then on."""
    member = envelope["data"]
    return {"member_id": member["member_id"], "display_name": member["display_name"],
            "role": member["role"], "levels": ordered_levels(member.get("levels")),
            "school_uai": member.get("school_uai"), "joined_at": happened_at(envelope), "updated_at": now}


def announcement_from(envelope: dict) -> dict:
    """What is kept of a published resource (resources.resource_published), to announce it to
    members whose registration is handled after it."""
    resource = envelope["data"]
    return {"event_id": envelope["id"], "resource_id": resource["resource_id"], "title": resource["title"],
            "topics": list(resource.get("topics") or []), "levels": ordered_levels(resource["levels"]),
            "published_by": resource["published_by"], "occurred_at": happened_at(envelope)}


def new_notification(recipient_id: str, event_id: str, message: dict, created_at: datetime) -> dict:
    """A notification document; (event_id, recipient_id) is its natural key, `created_at` when
    the event happened (so both ways of creating it give the same document)."""
    return {"recipient_id": recipient_id, "event_id": event_id, "kind": message["kind"],
            "title": message["title"], "body": message["body"], "link": message["link"],
            "created_at": created_at, "read_at": None}
