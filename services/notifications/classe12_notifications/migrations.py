"""Data migrations of the notifications database, applied in order at start (runtime.migrations).

1. Deduplication keys named consumers after Python functions
   (`community.member_registered->NotificationsService.on_member_registered:<envelope id>`);
   they now use the consumers' declared names (`notifications.welcome_new_members:<id>`), so an
   envelope handled before the upgrade is still recognised when it is redelivered after it.
"""
from __future__ import annotations

from pymongo.errors import DuplicateKeyError

from classe12_runtime.idempotency import COLLECTION
from classe12_runtime.migrations import Migration

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


MIGRATIONS = (
    Migration(1, "deduplication keys use the consumers' declared names", name_consumers_as_declared),
)
