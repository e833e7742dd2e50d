"""Data migrations of the evaluation database, applied in order at start (runtime.migrations).

1. Classes get their sort key `list_key` (created_at, id): the previous release paged with a
   `$or` on (created_at, _id) that scanned; its index `teacher_newest` is dropped.
"""
from __future__ import annotations

from classe12_runtime.migrations import Migration, backfill, drop_indexes
from classe12_runtime.pagination import KEY_FIELD, list_key


def add_list_keys(db) -> None:
    backfill(db["classes"], {KEY_FIELD: {"$exists": False}},
             lambda doc: {KEY_FIELD: list_key(doc["created_at"], doc["_id"])}, projection={"created_at": 1})
    drop_indexes(db["classes"], "teacher_newest")


MIGRATIONS = (
    Migration(1, "classes get list_key, the one sort key of a teacher's list", add_list_keys),
)
