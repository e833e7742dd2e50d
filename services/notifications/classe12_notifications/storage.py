"""Notifications, recipients and announcements repository over pymongo (database "notifications").

Collections:
- `recipients`: the projection of community members, `_id` = member id (24-hex string), with
  `joined_at` (when they registered), levels, roles, `profile_at` (the last profile change applied).
- `follows`: who follows which key from `since` to `until` (OPEN while it lasts), never deleted;
  index (key, since) finds an event's audience, (member_id, until) a member's follows.
- `announcements`: the events that told followers, `_id` = the event id, with their keys; index
  (keys, occurred_at) finds what a follow starting in the past must still hear of.
- `preferences` (`_id` = member id), `taxonomy` (the topics' slugs), `deliveries` (e-mails to
  send and their log), `digest_items` (what the next digest of a member holds).
- `notifications`: one document per (event_id, recipient_id), enforced by a unique index, with
  its sort key `list_key` (created_at, id); a member's list is one equality and one range on
  (recipient_id, list_key desc), or (recipient_id, read_at, list_key desc) for the unread ones.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterator

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import BulkWriteError, DuplicateKeyError

from classe12_runtime.clock import as_utc
from classe12_runtime.mongo import object_id
from classe12_runtime.pagination import KEY_FIELD, NEWEST_FIRST, list_key, strictly_after

from .domain.follows import OPEN

DUPLICATE_KEY = 11000
#: lists do not carry the sort key
WITHOUT_KEY = {KEY_FIELD: 0}


def _insert_missing(collection, docs: list[dict]) -> int:
    """Insert documents keyed by `_id`; those already there (a redelivery, another replica)
    stay. Returns how many were new."""
    try:
        return len(collection.insert_many(docs, ordered=False).inserted_ids)
    except BulkWriteError as exc:
        if any(error.get("code") != DUPLICATE_KEY for error in exc.details.get("writeErrors") or []):
            raise
        return exc.details.get("nInserted", 0)


class NotificationStore:
    """Notifications, recipients and announcements. Writes are idempotent upserts: no
    transaction needed."""

    def __init__(self, db, session=None):
        self.db = db
        self.session = session
        self.notifications = db["notifications"]
        self.recipients = db["recipients"]
        self.announcements = db["announcements"]
        self.follows = db["follows"]
        self.preferences = db["preferences"]
        self.taxonomy = db["taxonomy"]
        self.deliveries = db["deliveries"]
        #: the in-app notifications this repository wrote ({member_id, id, kind, category}): the
        #: service tells their recipients' open pages (live updates) once the fan-out is done
        self.created: list[dict] = []
        self.digest_items = db["digest_items"]
        self.push_subscriptions = db["push_subscriptions"]
        self.push_deliveries = db["push_deliveries"]

    def ensure_indexes(self) -> None:
        self.notifications.create_index([("event_id", ASCENDING), ("recipient_id", ASCENDING)],
                                        unique=True, name="event_recipient_unique")
        # a member's list, newest first
        self.notifications.create_index([("recipient_id", ASCENDING), *NEWEST_FIRST], name="recipient_list")
        # unread count (prefix) and the unread-only list
        self.notifications.create_index([("recipient_id", ASCENDING), ("read_at", ASCENDING), *NEWEST_FIRST],
                                        name="recipient_unread_list")
        # an event's audience: who followed a key at a time; a member's follows
        self.follows.create_index([("key", ASCENDING), ("until", ASCENDING)], name="key_until")
        self.follows.create_index([("member_id", ASCENDING), ("until", ASCENDING)], name="member_until")
        # what a follow starting in the past must still hear of
        self.announcements.create_index([("keys", ASCENDING), ("occurred_at", ASCENDING)], name="keys_occurred")
        # the mailer's queue; the admins' list of failures; a digest's items
        self.deliveries.create_index([("status", ASCENDING), ("next_attempt_at", ASCENDING)], name="status_due")
        self.deliveries.create_index([("status", ASCENDING), *NEWEST_FIRST], name="status_list")
        self.digest_items.create_index([("period", ASCENDING), ("occurred_at", ASCENDING)], name="period_occurred")
        # a member's own data: export and erasure (domain/export.py, domain/erasure.py)
        self.deliveries.create_index([("recipient_id", ASCENDING)], name="recipient")
        self.digest_items.create_index([("recipient_id", ASCENDING)], name="recipient")
        self.announcements.create_index([("direct", ASCENDING)], name="direct")
        self.announcements.create_index([("excluded", ASCENDING)], name="excluded")
        # web push: one subscription per endpoint (a device), a member's devices; the pusher's queue
        self.push_subscriptions.create_index([("endpoint", ASCENDING)], unique=True, name="endpoint_unique")
        self.push_subscriptions.create_index([("member_id", ASCENDING), ("created_at", ASCENDING)],
                                             name="member_created")
        self.push_deliveries.create_index([("status", ASCENDING), ("next_attempt_at", ASCENDING)], name="status_due")

    # --- recipients ----------------------------------------------------------------------

    def upsert_recipient(self, recipient: dict) -> None:
        fields = {key: value for key, value in recipient.items() if key != "member_id"}
        self.recipients.update_one({"_id": recipient["member_id"]},
                                   {"$set": {"member_id": recipient["member_id"], **fields}}, upsert=True)

    def update_recipient(self, member_id: str, fields: dict) -> None:
        self.recipients.update_one({"_id": member_id}, {"$set": {"member_id": member_id, **fields}}, upsert=True)

    def recipient(self, member_id: str) -> dict | None:
        return self.recipients.find_one({"_id": member_id})

    get_recipient = recipient

    # --- follows ---------------------------------------------------------------------------

    def add_follows(self, docs: list[dict]) -> None:
        """Insert follows not there yet (their `_id` names member, key and start)."""
        if docs:
            _insert_missing(self.follows, docs)

    def end_follows(self, member_id: str, keys, at: datetime, origin: str | None = None) -> None:
        keys = list(keys)
        if keys:
            query = {"member_id": member_id, "until": OPEN, "key": {"$in": keys}}
            if origin:
                query["origin"] = origin
            self.follows.update_many(query, {"$set": {"until": at}})

    def open_follows(self, member_id: str, origin: str | None = None) -> list[dict]:
        query = {"member_id": member_id, "until": OPEN}
        if origin:
            query["origin"] = origin
        return list(self.follows.find(query))

    def has_follows(self, member_id: str, origin: str) -> bool:
        return self.follows.count_documents({"member_id": member_id, "origin": origin}, limit=1) > 0

    def followers(self, key: str, at: datetime, batch_size: int = 1000) -> Iterator[str]:
        """Members who followed `key` at `at` (since <= at < until), streamed: one equality and one
        range on (key, until); `since` is checked here (nearly every follow still lasts)."""
        cursor = self.follows.find({"key": key, "until": {"$gt": at}}, {"_id": 0, "member_id": 1, "since": 1},
                                   batch_size=batch_size)
        with cursor:
            for doc in cursor:
                if as_utc(doc["since"]) <= at:
                    yield doc["member_id"]

    def follows_at(self, member_id: str, key: str, at: datetime) -> bool:
        return any(doc["key"] == key and as_utc(doc["since"]) <= at
                   for doc in self.follows.find({"member_id": member_id, "until": {"$gt": at}}, {"key": 1, "since": 1}))

    # --- announcements -------------------------------------------------------------------

    def add_announcement(self, announcement: dict) -> None:
        """Keep a handled event that tells followers (once per event id)."""
        fields = {key: value for key, value in announcement.items() if key != "_id"}
        self.announcements.update_one({"_id": announcement["event_id"]}, {"$setOnInsert": fields}, upsert=True)

    def announcements_for(self, key: str, since: datetime) -> Iterator[dict]:
        """The announcements of `key` that happened at `since` or later."""
        with self.announcements.find({"keys": key, "occurred_at": {"$gte": since}}) as cursor:
            for doc in cursor:
                yield dict(doc, event_id=doc["_id"])

    # --- preferences and the taxonomy ------------------------------------------------------------

    def preferences_of(self, member_ids: list[str]) -> dict[str, dict]:
        return {doc["_id"]: doc for doc in self.preferences.find({"_id": {"$in": list(member_ids)}})}

    def set_preferences(self, member_id: str, prefs: dict, now: datetime) -> None:
        self.preferences.update_one({"_id": member_id}, {"$set": {**prefs, "updated_at": now}}, upsert=True)

    def keep_taxonomy(self, version: int, topics: list[str]) -> None:
        """Keep the newest version announced (an older one handled late changes nothing)."""
        self.taxonomy.update_one({"_id": "current", "version": {"$lt": version}},
                                 {"$set": {"version": version, "topics": topics}}, upsert=False)
        try:
            self.taxonomy.insert_one({"_id": "current", "version": version, "topics": topics})
        except DuplicateKeyError:
            pass

    def has_taxonomy(self) -> bool:
        return self.taxonomy.count_documents({"_id": "current"}, limit=1) > 0

    def taxonomy_topics(self) -> set[str]:
        doc = self.taxonomy.find_one({"_id": "current"})
        return set(doc["topics"]) if doc else set()

    # --- e-mail: deliveries and digest items -------------------------------------------------

    def add_deliveries(self, docs: list[dict]) -> int:
        return _insert_missing(self.deliveries, docs)

    def add_digest_items(self, docs: list[dict]) -> int:
        return _insert_missing(self.digest_items, docs)

    def failures(self, limit: int, position: tuple[datetime, str] | None = None) -> list[dict]:
        """Failed deliveries, newest first (one equality and one range on status_list)."""
        query: dict = {"status": "failed"}
        if position is not None:
            query.update(strictly_after(position))
        return list(self.deliveries.find(query).sort(NEWEST_FIRST).limit(limit))

    # --- web push: subscriptions and deliveries -----------------------------------------------

    def save_push_subscription(self, member_id: str, endpoint: str, p256dh: str, auth: str, now: datetime) -> dict:
        """One subscription per endpoint: subscribing it again replaces its keys and owner (two
        subscribing at once: the upsert that loses the unique index's race updates instead)."""
        for attempt in (1, 2):
            try:
                return self.push_subscriptions.find_one_and_update(
                    {"endpoint": endpoint},
                    {"$set": {"member_id": member_id, "p256dh": p256dh, "auth": auth, "updated_at": now},
                     "$setOnInsert": {"_id": ObjectId(), "created_at": now, "last_success_at": None}},
                    upsert=True, return_document=ReturnDocument.AFTER)
            except DuplicateKeyError:
                if attempt == 2:
                    raise

    def push_subscriptions_of(self, member_ids: list[str]) -> list[dict]:
        """The subscriptions of these members, oldest first (index member_created)."""
        return list(self.push_subscriptions.find({"member_id": {"$in": list(member_ids)}}).sort("created_at", 1))

    def count_push_subscriptions(self, member_id: str) -> int:
        return self.push_subscriptions.count_documents({"member_id": member_id})

    def push_subscription(self, subscription_id: str) -> dict | None:
        return self.push_subscriptions.find_one({"_id": ObjectId(subscription_id)})

    def delete_push_subscription(self, subscription_id: str, member_id: str | None = None) -> bool:
        query: dict = {"_id": ObjectId(subscription_id)}
        if member_id is not None:
            query["member_id"] = member_id
        return self.push_subscriptions.delete_one(query).deleted_count == 1

    def push_succeeded(self, subscription_id: str, now: datetime) -> None:
        self.push_subscriptions.update_one({"_id": ObjectId(subscription_id)}, {"$set": {"last_success_at": now}})

    def add_push_deliveries(self, docs: list[dict]) -> int:
        return _insert_missing(self.push_deliveries, docs)

    # --- notifications -------------------------------------------------------------------

    def add_notifications(self, docs: list[dict]) -> int:
        """Insert the notifications not there yet (one unordered bulk insert); returns how many
        were new.

        The unique index on the natural key (event_id, recipient_id) refuses a notification
        already written (a redelivery, another replica): that one is left untouched (its read_at
        in particular). Plain inserts, not upserts: a fan-out to 10,000 members is one pass.
        """
        if not docs:
            return 0
        rows = []
        for doc in docs:
            oid = ObjectId()
            rows.append({"_id": oid, KEY_FIELD: list_key(doc["created_at"], oid), **doc})
        refused: set[int] = set()
        try:
            self.notifications.insert_many(rows, ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors") or []
            if not errors or any(error.get("code") != DUPLICATE_KEY for error in errors):
                raise
            refused = {error["index"] for error in errors}
        for index, row in enumerate(rows):
            if index not in refused:
                self.created.append({"member_id": row["recipient_id"], "id": str(row["_id"]), "kind": row["kind"],
                                     "category": row.get("category") or "account"})
        return len(rows) - len(refused)

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

    def unread_counts(self, recipient_ids: list[str]) -> dict[str, int]:
        """The unread count of each of these members, in one round trip (a fan-out's batch)."""
        counts = dict.fromkeys(recipient_ids, 0)
        if recipient_ids:
            for row in self.notifications.aggregate([
                    {"$match": {"recipient_id": {"$in": list(recipient_ids)}, "read_at": None}},
                    {"$group": {"_id": "$recipient_id", "n": {"$sum": 1}}}]):
                counts[row["_id"]] = row["n"]
        return counts

    def mark_read(self, recipient_id: str, notification_id: str, now: datetime) -> dict | None:
        """The notification after marking it read (first read_at kept); None if not theirs."""
        oid = object_id(notification_id)
        if oid is None:
            return None
        doc = self.notifications.find_one_and_update(
            {"_id": oid, "recipient_id": recipient_id, "read_at": None}, {"$set": {"read_at": now}},
            return_document=ReturnDocument.AFTER)
        return doc or self.notifications.find_one({"_id": oid, "recipient_id": recipient_id})

    def mark_all_read(self, recipient_id: str, now: datetime) -> int:
        return self.notifications.update_many({"recipient_id": recipient_id, "read_at": None},
                                              {"$set": {"read_at": now}}).modified_count

    def delete_notification(self, recipient_id: str, notification_id: str) -> bool:
        oid = object_id(notification_id)
        if oid is None:
            return False
        return self.notifications.delete_one({"_id": oid, "recipient_id": recipient_id}).deleted_count == 1

    # --- a member's own data: export and erasure (domain/export.py, domain/erasure.py) ----------

    def follows_of(self, member_id: str) -> list[dict]:
        """Every follow record of a member, open or ended (index member_until)."""
        return list(self.follows.find({"member_id": member_id}).sort("since", ASCENDING))

    def deliveries_of(self, member_id: str) -> list[dict]:
        return list(self.deliveries.find({"recipient_id": member_id}).sort("created_at", ASCENDING))

    def digest_items_of(self, member_id: str) -> list[dict]:
        return list(self.digest_items.find({"recipient_id": member_id}).sort("occurred_at", ASCENDING))

    def announcements_naming(self, member_id: str) -> list[dict]:
        """Announcements whose audience names the member (told directly, or excluded as who acted):
        two equalities on multikey indexes, no `$or`."""
        found = {doc["_id"]: doc for doc in self.announcements.find({"direct": member_id})}
        found.update((doc["_id"], doc) for doc in self.announcements.find({"excluded": member_id}))
        return list(found.values())

    def replace_announcement(self, doc: dict) -> None:
        self.announcements.replace_one({"_id": doc["_id"]}, doc)

    def copy_id_of(self, delivery_id: str, new_id: str) -> str:
        """The id of the anonymised copy of a delivery: `new_id`, unless an earlier run that
        stopped half-way chose one already (kept on the original)."""
        doc = self.deliveries.find_one_and_update({"_id": delivery_id, "copy_id": None},
                                                  {"$set": {"copy_id": new_id}}, return_document=ReturnDocument.AFTER)
        return (doc or self.deliveries.find_one({"_id": delivery_id}, {"copy_id": 1}) or {}).get("copy_id", new_id)

    def replace_delivery(self, old_id: str, doc: dict) -> None:
        """A delivery under a new `_id` (its old one names the member): the copy first (keyed:
        written once), then the original goes; a run that stops in between is finished by the next."""
        self.deliveries.update_one({"_id": doc["_id"]}, {"$setOnInsert": doc}, upsert=True)
        self.deliveries.delete_one({"_id": old_id})

    def forget_member(self, member_id: str) -> dict:
        """Delete what is the member's alone; {what: documents deleted}. Follows of the member by
        others (key `member:<id>`) go too; deliveries still pending are dropped (nobody to send to)."""
        return {
            "recipients": self.recipients.delete_one({"_id": member_id}).deleted_count,
            "preferences": self.preferences.delete_one({"_id": member_id}).deleted_count,
            "follows": self.follows.delete_many({"member_id": member_id}).deleted_count,
            "followed_by_others": self.follows.delete_many({"key": f"member:{member_id}"}).deleted_count,
            "notifications": self.notifications.delete_many({"recipient_id": member_id}).deleted_count,
            "digest_items": self.digest_items.delete_many({"recipient_id": member_id}).deleted_count,
            "pending_deliveries": self.deliveries.delete_many({"recipient_id": member_id,
                                                               "status": "pending"}).deleted_count,
            "push_devices": self.push_subscriptions.delete_many({"member_id": member_id}).deleted_count,
            "push_deliveries": self.push_deliveries.delete_many({"recipient_id": member_id}).deleted_count,
        }
