"""Notifications and recipients repository over pymongo (database "notifications").

Collections:
- `recipients`: the projection of community members, `_id` = member id (24-hex string).
- `notifications`: one document per (event_id, recipient_id), enforced by a unique index.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterator

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, ReturnDocument, UpdateOne
from pymongo.errors import BulkWriteError

from classe12_runtime.mongo import object_id
from classe12_runtime.pagination import after_filter

DUPLICATE_KEY = 11000


class NotificationStore:
    """Notifications and recipients. Writes are idempotent upserts: no transaction needed."""

    def __init__(self, db, session=None):
        self.db = db
        self.session = session
        self.notifications = db["notifications"]
        self.recipients = db["recipients"]

    def ensure_indexes(self) -> None:
        self.notifications.create_index([("event_id", ASCENDING), ("recipient_id", ASCENDING)],
                                        unique=True, name="event_recipient_unique")
        # a member's list, newest first (with the id as tie-break, as in the cursor)
        self.notifications.create_index(
            [("recipient_id", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)],
            name="recipient_newest")
        # unread count (prefix) and the unread-only list
        self.notifications.create_index(
            [("recipient_id", ASCENDING), ("read_at", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)],
            name="recipient_unread")
        self.recipients.create_index([("levels", ASCENDING)], name="levels")

    # --- recipients ----------------------------------------------------------------------

    def upsert_recipient(self, recipient: dict) -> None:
        fields = {key: value for key, value in recipient.items() if key != "member_id"}
        self.recipients.update_one({"_id": recipient["member_id"]},
                                   {"$set": {"member_id": recipient["member_id"], **fields}}, upsert=True)

    def get_recipient(self, member_id: str) -> dict | None:
        return self.recipients.find_one({"_id": member_id})

    def recipients_with_levels(self, levels: list[str], batch_size: int = 1000) -> Iterator[dict]:
        """Every recipient teaching at least one of `levels` ({"member_id", "levels"}), streamed."""
        cursor = self.recipients.find({"levels": {"$in": list(levels)}}, {"_id": 0, "member_id": 1, "levels": 1},
                                      batch_size=batch_size)
        with cursor:
            yield from cursor

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
            ops.append(UpdateOne(key, {"$setOnInsert": {"_id": ObjectId(), **fields}}, upsert=True))
        try:
            return self.notifications.bulk_write(ops, ordered=False).upserted_count
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors") or []
            if errors and all(error.get("code") == DUPLICATE_KEY for error in errors):
                # a concurrent delivery of the same event inserted these first: nothing is missing
                return exc.details.get("nUpserted", 0)
            raise

    def list_for(self, recipient_id: str, limit: int, after: tuple[datetime, str] | None = None,
                 unread_only: bool = False) -> list[dict]:
        """A recipient's notifications, newest first, strictly after the sort key `after`."""
        query: dict = {"recipient_id": recipient_id}
        if unread_only:
            query["read_at"] = None
        if after is not None:
            query.update(after_filter("created_at", after))
        cursor = self.notifications.find(query).sort([("created_at", DESCENDING), ("_id", DESCENDING)]).limit(limit)
        return list(cursor)

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
