"""Data migrations of the resources database, applied in order at start (runtime.migrations).

Each keeps the code it needs (the rest of the service moves on; a database from any earlier
release must still reach the current shape).

1. Published resources get `list_key` and `list_tags`, what release 1.1 paged the catalogue
   on; release 1.0's indexes (`published_feed`, `published_by_{level,kind,topic}`) are dropped.
2. Release 2.0 (contract 2.0.0): every resource gets the new fields (tags, competences,
   duration, authors, licence, source, link, layout, files, version 1, workflow dates, review,
   counters) and its list keys; its topics that are not subdomains of the taxonomy become tags;
   each published resource's current content is kept as its version 1; the catalogue is
   searched, so `list_key`, `list_tags` and the index `published_list` go.
"""
from __future__ import annotations

from itertools import product

from classe12_runtime.migrations import Migration, backfill, drop_indexes
from classe12_runtime.pagination import list_key

from .domain.model import DEFAULT_LICENCE, PUBLISHED, version_document
from .domain.taxonomy import current_taxonomy
from .storage import sort_keys


def list_published_resources(db) -> None:
    def list_tag(level=None, kind=None, topic=None):
        parts = [f"{n}={v}" for n, v in (("level", level), ("kind", kind), ("topic", topic)) if v is not None]
        return "&".join(parts) or "*"

    def listing_fields(doc):
        tags = [list_tag(level, kind, topic) for level, kind, topic in
                product([None, *doc.get("levels", [])], [None, doc["kind"]], [None, *doc.get("topics", [])])]
        return {"list_key": list_key(doc["published_at"], doc["_id"]), "list_tags": tags}

    backfill(db["resources"], {"status": PUBLISHED, "list_key": {"$exists": False}}, listing_fields,
             projection={"published_at": 1, "kind": 1, "levels": 1, "topics": 1})
    drop_indexes(db["resources"], "published_feed", "published_by_level", "published_by_kind", "published_by_topic")


def resources_of_release_2(db) -> None:
    subdomains = set(current_taxonomy().subdomains)

    def release_2_fields(doc):
        topics = list(doc.get("topics") or [])
        fields = {
            "topics": [t for t in topics if t in subdomains],
            "tags": [t for t in topics if t not in subdomains],
            "competences": [], "duration_minutes": None, "authors": None, "licence": DEFAULT_LICENCE,
            "source": None, "external_url": None, "layout": None, "files": [], "version": 1,
            "submitted_at": None, "archived_at": None, "review": None,
            "stats": {"views": 0, "bookmarks": 0, "ratings": 0, "rating_sum": 0},
        }
        fields.update(sort_keys({**doc, **fields}))
        if doc["status"] == PUBLISHED:
            version = version_document({**doc, **fields}, doc.get("published_by") or doc["author_id"],
                                       doc.get("published_at") or doc["updated_at"], None)
            db["versions"].update_one({"resource_id": version["resource_id"], "version": 1},
                                      {"$setOnInsert": version}, upsert=True)
        return fields

    backfill(db["resources"], {"version": {"$exists": False}}, release_2_fields)
    db["resources"].update_many({"list_key": {"$exists": True}}, {"$unset": {"list_key": "", "list_tags": ""}})
    drop_indexes(db["resources"], "published_list")


MIGRATIONS = (
    Migration(1, "published resources get list_key and list_tags, what the catalogue pages read",
              list_published_resources),
    Migration(2, "resources get the fields, versions and list keys of release 2.0; the catalogue is searched",
              resources_of_release_2),
)
