"""Use cases: turn events into notifications, list a member's notifications, mark one read.

Events may arrive in any order (a consumer was down, a queue is behind the other): a member
hears of every resource published from their registration on, exactly once, and of nothing
published before it. A resource event notifies the recipients who had joined when it happened
and keeps an announcement; a registration event welcomes the member and catches up on the
announcements kept since they joined. Each handler writes its own record (announcement,
recipient) *before* reading the other's, so when both run at once at least one sees the other;
notifications are upserts on (event id, recipient), so seeing each other twice makes one.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable, Iterable

from classe12_contracts.errors import NotFound
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.pagination import decode_cursor, page_of

from .audience import concerned_by_resource
from .documents import announcement_from, new_notification, recipient_from_member
from .messages import resource_message, welcome_message

log = logging.getLogger(__name__)

#: Notifications written per round trip to the database during a fan-out.
FANOUT_BATCH = 500


def public_view(doc: dict) -> dict:
    """A notification as the RPC returns it."""
    read_at = doc.get("read_at")
    return {"id": str(doc["_id"]), "kind": doc["kind"], "title": doc["title"], "body": doc["body"],
            "link": doc.get("link"), "created_at": iso(doc["created_at"]), "read_at": iso(read_at)}


def resource_notification(recipient: dict, announcement: dict) -> dict | None:
    """The notification telling `recipient` of a published resource, or None if not for them."""
    common = concerned_by_resource(recipient, announcement)
    if not common:
        return None
    return new_notification(recipient["member_id"], announcement["event_id"],
                            resource_message(announcement, common), announcement["occurred_at"])


class Notifications:
    """Use cases over a repository offering upsert_recipient, add_announcement, audience,
    announcements_since, add_notifications, list_for, count_unread and mark_read (see
    storage.NotificationStore)."""

    def __init__(self, clock: Callable[[], datetime] = utcnow, batch_size: int = FANOUT_BATCH):
        self.clock = clock
        self.batch_size = batch_size

    # --- events -------------------------------------------------------------------------

    def on_member_registered(self, store, envelope: dict) -> int:
        """Keep the new member as a recipient, welcome them, and tell them of the resources
        published since they joined that were handled before them. Idempotent; returns how
        many notifications were new."""
        recipient = recipient_from_member(envelope, self.clock())
        store.upsert_recipient(recipient)  # first: a resource handled from now on finds them
        member_id, joined_at = recipient["member_id"], recipient["joined_at"]
        welcome = new_notification(member_id, envelope["id"],
                                   welcome_message(recipient["display_name"], recipient["levels"]), joined_at)
        missed = (resource_notification(recipient, announcement)
                  for announcement in store.announcements_since(recipient["levels"], joined_at))
        return self._write(store, [welcome, *filter(None, missed)])

    def on_resource_published(self, store, envelope: dict) -> int:
        """Tell every recipient who had joined when the resource was published and teaches one
        of its levels (never its publisher); returns how many notifications were new.

        Written in batches of upserts keyed on (event id, recipient): a redelivery, or a retry
        after a crash half-way, only adds what is missing.
        """
        announcement = announcement_from(envelope)
        if not announcement["levels"]:
            return 0
        store.add_announcement(announcement)  # first: a member handled from now on finds it
        notices = (resource_notification(recipient, announcement)
                   for recipient in store.audience(announcement["levels"], announcement["occurred_at"]))
        created = self._write(store, filter(None, notices))
        log.info("resource announced", extra={"event_id": envelope["id"], "resource_id": announcement["resource_id"],
                                              "notifications_created": created})
        return created

    def _write(self, store, docs: Iterable[dict]) -> int:
        created, batch = 0, []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= self.batch_size:
                created += store.add_notifications(batch)
                batch = []
        if batch:
            created += store.add_notifications(batch)
        return created

    # --- RPC use cases ---------------------------------------------------------------------

    def list(self, store, caller: Caller, limit: int = 20, cursor: str | None = None, unread_only: bool = False) -> dict:
        """The caller's own notifications, newest first, with their unread count."""
        recipient_id = caller.require_member()
        position = decode_cursor(cursor) if cursor else None
        docs = store.list_for(recipient_id, limit + 1, position, unread_only)
        return {**page_of(docs, limit, "created_at", public_view),
                "unread_count": store.count_unread(recipient_id)}

    def mark_read(self, store, caller: Caller, notification_id: str) -> dict:
        """Mark one of the caller's notifications read; the first read_at is kept."""
        recipient_id = caller.require_member()
        doc = store.mark_read(recipient_id, notification_id, self.clock())
        if doc is None:
            raise NotFound("Cette notification n'existe pas.")
        return public_view(doc)
