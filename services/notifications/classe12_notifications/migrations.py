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
"""
from __future__ import annotations

from datetime import datetime, timezone

from pymongo.errors import DuplicateKeyError

from classe12_runtime.idempotency import COLLECTION
from classe12_runtime.migrations import Migration, backfill, drop_indexes
from classe12_runtime.pagination import KEY_FIELD, list_key

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


MIGRATIONS = (
    Migration(1, "deduplication keys use the consumers' declared names", name_consumers_as_declared),
    Migration(2, "notifications get list_key; recipients get joined_at", list_keys_and_joining_dates),
)
