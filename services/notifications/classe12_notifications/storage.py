"""Notifications, recipients and announcements repository over pymongo (database "notifications").

Collections:
- `recipients`: the projection of community members, `_id` = member id (24-hex string), with
  `joined_at` (when they registered); index (levels, joined_at) finds a resource's audience.
- `announcements`: the published resources already handled, `_id` = the event id; index
  (levels, occurred_at) finds what a member registering late must still hear of.
- `notifications`: one document per (event_id, recipient_id), enforced by a unique index, with
  its sort key `list_key` (created_at, id); a member's list is one equality and one range on
  (recipient_id, list_key desc), or (recipient_id, read_at, list_key desc) for the unread ones.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterator

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument, UpdateOne
from pymongo.errors import BulkWriteError

from classe12_runtime.mongo import object_id
from classe12_runtime.pagination import KEY_FIELD, NEWEST_FIRST, list_key, strictly_after

DUPLICATE_KEY = 11000
#: lists do not carry the sort key
WITHOUT_KEY = {KEY_FIELD: 0}


def each_once(levels: list[str], find) -> Iterator[dict]:
    """Documents of any of `levels`, one query per level (an equality and a range an index
    serves), each document once: one found again for a later level was yielded already."""
    for n, level in enumerate(levels):
        earlier = set(levels[:n])
        for doc in find(level):
            if not earlier & set(doc.get("levels") or ()):
                yield doc


class NotificationStore:
    """Notifications, recipients and announcements. Writes are idempotent upserts: no
    transaction needed."""

    def __init__(self, db, session=None):
        self.db = db
        self.session = session
        self.notifications = db["notifications"]
        self.recipients = db["recipients"]
        self.announcements = db["announcements"]

    def ensure_indexes(self) -> None:
        self.notifications.create_index([("event_id", ASCENDING), ("recipient_id", ASCENDING)],
                                        unique=True, name="event_recipient_unique")
        # a member's list, newest first
        self.notifications.create_index([("recipient_id", ASCENDING), *NEWEST_FIRST], name="recipient_list")
        # unread count (prefix) and the unread-only list
        self.notifications.create_index([("recipient_id", ASCENDING), ("read_at", ASCENDING), *NEWEST_FIRST],
                                        name="recipient_unread_list")
        self.recipients.create_index([("levels", ASCENDING), ("joined_at", ASCENDING)], name="levels_joined")
        self.announcements.create_index([("levels", ASCENDING), ("occurred_at", ASCENDING)],
                                        name="levels_occurred")

    # --- recipients ----------------------------------------------------------------------

    def upsert_recipient(self, recipient: dict) -> None:
        fields = {key: value for key, value in recipient.items() if key != "member_id"}
        self.recipients.update_one({"_id": recipient["member_id"]},
                                   {"$set": {"member_id": recipient["member_id"], **fields}}, upsert=True)

    def get_recipient(self, member_id: str) -> dict | None:
        return self.recipients.find_one({"_id": member_id})

    def audience(self, levels: list[str], joined_by: datetime, batch_size: int = 1000) -> Iterator[dict]:
        """Every recipient teaching one of `levels` who had joined by `joined_by`
        ({"member_id", "levels"}), streamed, each once."""
        def find(level):
            cursor = self.recipients.find({"levels": level, "joined_at": {"$lte": joined_by}},
                                          {"_id": 0, "member_id": 1, "levels": 1}, batch_size=batch_size)
            with cursor:
                yield from cursor
        return each_once(list(levels), find)

    # --- announcements -------------------------------------------------------------------

    def add_announcement(self, announcement: dict) -> None:
        """Keep a handled resource announcement (once per event id)."""
        fields = {key: value for key, value in announcement.items() if key != "event_id"}
        self.announcements.update_one({"_id": announcement["event_id"]}, {"$setOnInsert": fields}, upsert=True)

    def announcements_since(self, levels: list[str], since: datetime) -> Iterator[dict]:
        """The announcements of any of `levels` that happened at `since` or later, each once."""
        def find(level):
            with self.announcements.find({"levels": level, "occurred_at": {"$gte": since}}) as cursor:
                for doc in cursor:
                    yield dict(doc, event_id=doc["_id"])
        return each_once(list(levels), find)

    # --- notifications -------------------------------------------------------------------

    def add_notifications(self, docs: list[dict]) -> int:
        """Insert the notifications not there yet (one round trip); returns how many were new.

        Upserts on the natural key (event_id, recipient_id) with $setOnInsert: an existing
        notification is left untouched (its read_at in particular).
        """
        if not docs:
            return 0
        ops = []
        for doc in docs:
            key = {"event_id": doc["event_id"], "recipient_id": doc["recipient_id"]}
            fields = {k: v for k, v in doc.items() if k not in key}
            oid = ObjectId()
            ops.append(UpdateOne(key, {"$setOnInsert": {"_id": oid, KEY_FIELD: list_key(doc["created_at"], oid),
                                                        **fields}}, upsert=True))
        try:
            return self.notifications.bulk_write(ops, ordered=False).upserted_count
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors") or []
            if errors and all(error.get("code") == DUPLICATE_KEY for error in errors):
                # a concurrent delivery of the same event inserted these first: nothing is missing
                return exc.details.get("nUpserted", 0)
            raise

    def list_for(self, recipient_id: str, limit: int, position: tuple[datetime, str] | None = None,
                 unread_only: bool = False) -> list[dict]:
        """A recipient's notifications, newest first, strictly after `position` (a decoded cursor)."""
        return list(self.page(recipient_id, limit, position, unread_only))

    def page(self, recipient_id: str, limit: int, position: tuple[datetime, str] | None = None,
             unread_only: bool = False):
        """The pymongo cursor of one page of a recipient's list (tests explain() it)."""
        query: dict = {"recipient_id": recipient_id}
        if unread_only:
            query["read_at"] = None
        if position is not None:
            query.update(strictly_after(position))
        return self.notifications.find(query, WITHOUT_KEY).sort(NEWEST_FIRST).limit(limit)

    def count_unread(self, recipient_id: str) -> int:
        return self.notifications.count_documents({"recipient_id": recipient_id, "read_at": None})

    def mark_read(self, recipient_id: str, notification_id: str, now: datetime) -> dict | None:
        """The notification after marking it read (first read_at kept); None if not theirs."""
        oid = object_id(notification_id)
        if oid is None:
            return None
        doc = self.notifications.find_one_and_update(
            {"_id": oid, "recipient_id": recipient_id, "read_at": None}, {"$set": {"read_at": now}},
            return_document=ReturnDocument.AFTER)
        return doc or self.notifications.find_one({"_id": oid, "recipient_id": recipient_id})
