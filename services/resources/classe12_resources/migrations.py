"""Data migrations of the resources database, applied in order at start (runtime.migrations).

1. Published resources get their sort key `list_key` (published_at, id) and their catalogue
   tags `list_tags`: the previous release paged with a `$or` on (published_at, _id) and a
   hint, which scanned. Its indexes (`published_feed`, `published_by_{level,kind,topic}`) are
   dropped (its replicas, which hint them, are stopped before these start: see the README).
"""
from __future__ import annotations

from classe12_runtime.migrations import Migration, backfill, drop_indexes

from .domain.model import PUBLISHED
from .storage import KEY_FIELD, listing_fields


def list_published_resources(db) -> None:
    backfill(db["resources"], {"status": PUBLISHED, KEY_FIELD: {"$exists": False}}, listing_fields,
             projection={"published_at": 1, "kind": 1, "levels": 1, "topics": 1})
    drop_indexes(db["resources"], "published_feed", "published_by_level", "published_by_kind", "published_by_topic")


MIGRATIONS = (
    Migration(1, "published resources get list_key and list_tags, what the catalogue pages read",
              list_published_resources),
)
