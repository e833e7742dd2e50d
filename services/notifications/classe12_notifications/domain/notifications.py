"""Use cases: turn events into notifications, list a member's notifications, mark one read."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable

from classe12_contracts.errors import NotFound
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.pagination import decode_cursor, page_of

from .audience import concerned_by_resource, ordered_levels
from .messages import resource_message, welcome_message

log = logging.getLogger(__name__)

#: Notifications written per round trip to the database during a fan-out.
FANOUT_BATCH = 500


def new_notification(recipient_id: str, event_id: str, message: dict, now: datetime) -> dict:
    """A notification document; (event_id, recipient_id) is its natural key."""
    return {"recipient_id": recipient_id, "event_id": event_id, "kind": message["kind"],
            "title": message["title"], "body": message["body"], "link": message["link"],
            "created_at": now, "read_at": None}


def recipient_from_member(member: dict, now: datetime) -> dict:
    """The projection kept of a registered member (payload of community.member_registered)."""
    return {"member_id": member["member_id"], "display_name": member["display_name"],
            "role": member["role"], "levels": ordered_levels(member.get("levels")),
            "school_uai": member.get("school_uai"), "updated_at": now}


def public_view(doc: dict) -> dict:
    """A notification as the RPC returns it."""
    read_at = doc.get("read_at")
    return {"id": str(doc["_id"]), "kind": doc["kind"], "title": doc["title"], "body": doc["body"],
            "link": doc.get("link"), "created_at": iso(doc["created_at"]), "read_at": iso(read_at)}


class Notifications:
    """Use cases over a repository offering upsert_recipient, recipients_with_levels,
    add_notifications, list_for, count_unread and mark_read (see storage.NotificationStore)."""

    def __init__(self, clock: Callable[[], datetime] = utcnow, batch_size: int = FANOUT_BATCH):
        self.clock = clock
        self.batch_size = batch_size

    # --- events -------------------------------------------------------------------------

    def on_member_registered(self, store, envelope: dict) -> int:
        """Remember the new member as a recipient and welcome them. Idempotent."""
        member = envelope["data"]
        now = self.clock()
        store.upsert_recipient(recipient_from_member(member, now))
        welcome = new_notification(member["member_id"], envelope["id"],
                                   welcome_message(member["display_name"], member.get("levels")), now)
        return store.add_notifications([welcome])

    def on_resource_published(self, store, envelope: dict) -> int:
        """Tell every recipient teaching one of the resource's levels; returns how many were new.

        Written in batches of upserts keyed on (event id, recipient): a redelivery, or a retry
        after a crash half-way, only adds what is missing.
        """
        resource = envelope["data"]
        levels = ordered_levels(resource["levels"])
        if not levels:
            return 0
        now = self.clock()
        created, batch = 0, []
        for recipient in store.recipients_with_levels(levels):
            common = concerned_by_resource(recipient, resource)
            if not common:
                continue
            batch.append(new_notification(recipient["member_id"], envelope["id"],
                                          resource_message(resource, common), now))
            if len(batch) >= self.batch_size:
                created += store.add_notifications(batch)
                batch = []
        if batch:
            created += store.add_notifications(batch)
        log.info("resource announced", extra={"event_id": envelope["id"], "resource_id": resource["resource_id"],
                                              "notifications_created": created})
        return created

    # --- RPC use cases ---------------------------------------------------------------------

    def list(self, store, caller: Caller, limit: int = 20, cursor: str | None = None, unread_only: bool = False) -> dict:
        """The caller's own notifications, newest first, with their unread count."""
        recipient_id = caller.require_member()
        after = decode_cursor(cursor) if cursor else None
        docs = store.list_for(recipient_id, limit + 1, after, unread_only)
        return {**page_of(docs, limit, "created_at", public_view),
                "unread_count": store.count_unread(recipient_id)}

    def mark_read(self, store, caller: Caller, notification_id: str) -> dict:
        """Mark one of the caller's notifications read; the first read_at is kept."""
        recipient_id = caller.require_member()
        doc = store.mark_read(recipient_id, notification_id, self.clock())
        if doc is None:
            raise NotFound("Cette notification n'existe pas.")
        return public_view(doc)
