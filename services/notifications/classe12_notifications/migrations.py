"""Data migrations of the notifications database, applied in order at start (runtime.migrations).

1. Deduplication keys named consumers after Python functions
   (`community.member_registered->NotificationsService.on_member_registered:<envelope id>`);
   they now use the consumers' declared names (`notifications.welcome_new_members:<id>`), so an
   envelope handled before the upgrade is still recognised when it is redelivered after it.
2. Notifications get their sort key `list_key` (created_at, id): the previous release paged
   with a `$or` on (created_at, _id) that scanned; its indexes `recipient_newest` and
   `recipient_unread` are dropped. Recipients get `joined_at`, which the previous release did
   not keep: they are taken as joined at the beginning (`EARLIEST`), so that an event still
   queued across the upgrade reaches them as the previous release would have sent it (never
   lost; at worst a resource published shortly before they joined). Their index `levels`
   becomes (levels, joined_at). No announcement is rebuilt: the previous release kept none.
3. Follows and the rules table: recipients' levels (and an editor's role) become follows from
   when they joined; announcements get `keys`, `type` and `data`; notifications a `category`.
"""
from __future__ import annotations

from datetime import datetime, timezone

from pymongo.errors import DuplicateKeyError

from classe12_runtime.idempotency import COLLECTION
from classe12_runtime.migrations import Migration, backfill, drop_indexes
from classe12_runtime.pagination import KEY_FIELD, list_key

from .domain.follows import OPEN

#: `joined_at` given to the recipients the previous release kept (it did not record when they joined)
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)

#: consumer name of the previous release -> declared name in the contract
RENAMED_CONSUMERS = {
    "community.member_registered->NotificationsService.on_member_registered": "notifications.welcome_new_members",
    "resources.resource_published->NotificationsService.on_resource_published": "notifications.announce_new_resources",
}


def name_consumers_as_declared(db) -> None:
    processed = db[COLLECTION]
    for old, new in RENAMED_CONSUMERS.items():
        for doc in processed.find({"consumer": old}):
            envelope_id = doc["_id"].rsplit(":", 1)[1]
            try:
                processed.insert_one(dict(doc, _id=f"{new}:{envelope_id}", consumer=new))
            except DuplicateKeyError:
                pass  # a previous, interrupted run got this far
            processed.delete_one({"_id": doc["_id"]})


def list_keys_and_joining_dates(db) -> None:
    backfill(db["notifications"], {KEY_FIELD: {"$exists": False}},
             lambda doc: {KEY_FIELD: list_key(doc["created_at"], doc["_id"])}, projection={"created_at": 1})
    drop_indexes(db["notifications"], "recipient_newest", "recipient_unread")
    db["recipients"].update_many({"joined_at": {"$exists": False}}, {"$set": {"joined_at": EARLIEST}})
    drop_indexes(db["recipients"], "levels")


def follows_and_announcement_keys(db) -> None:
    """Recipients' levels become follows (since they joined); announcements of the previous
    release (resource publications by levels) get the keys, type and data of the rules table."""
    for doc in db["recipients"].find({}, {"levels": 1, "joined_at": 1, "role": 1}):
        keys = [f"level:{level}" for level in doc.get("levels") or ()]
        if doc.get("role") in ("adviser", "admin"):
            keys.append("role:editor")
        since = doc.get("joined_at") or EARLIEST
        for key in keys:
            db["follows"].update_one({"_id": f"{doc['_id']}|{key}|{since.isoformat(timespec='milliseconds')}"},
                                     {"$setOnInsert": {"member_id": doc["_id"], "key": key, "since": since,
                                                       "until": OPEN, "origin": "profile"}}, upsert=True)
    backfill(db["announcements"], {"keys": {"$exists": False}}, lambda doc: {
        "keys": [f"level:{level}" for level in doc.get("levels") or ()] + [f"topic:{t}" for t in doc.get("topics") or ()],
        "type": "resources.resource_published", "direct": [], "excluded": [doc.get("published_by")],
        "event_id": doc["_id"],
        "data": {"resource_id": doc.get("resource_id"), "title": doc.get("title"), "kind": "",
                 "levels": doc.get("levels") or [], "topics": doc.get("topics") or [],
                 "published_by": doc.get("published_by")}})
    drop_indexes(db["recipients"], "levels_joined")
    drop_indexes(db["announcements"], "levels_occurred")
    db["notifications"].update_many({"category": {"$exists": False}, "kind": "welcome"}, {"$set": {"category": "account"}})
    db["notifications"].update_many({"category": {"$exists": False}}, {"$set": {"category": "resources"}})


MIGRATIONS = (
    Migration(1, "deduplication keys use the consumers' declared names", name_consumers_as_declared),
    Migration(2, "notifications get list_key; recipients get joined_at", list_keys_and_joining_dates),
    Migration(3, "levels become follows; announcements get keys; notifications get a category",
              follows_and_announcement_keys),
)
