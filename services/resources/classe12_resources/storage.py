"""Resource repository over pymongo (database "resources").

The public catalogue is read newest publication first on each published resource's
`list_key` (published_at, id). Every filter shape (none, level, kind, topic and their
combinations) is one equality on `list_tags`, the tags of the lists a resource belongs to
(see `list_tags`), so one index (status, list_tags, list_key desc) serves every catalogue page
with one equality and one range, whatever its depth (cursor, never skip; no `$or`, no hint).
Drafts have neither key nor tags: they get them when published.
"""
from __future__ import annotations

from datetime import datetime
from itertools import product

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument

from classe12_runtime.mongo import object_id
from classe12_runtime.pagination import KEY_FIELD, NEWEST_FIRST, list_key, strictly_after

from .domain.model import DRAFT, PUBLISHED

TAGS_FIELD = "list_tags"
#: name -> keys; levels and topics are arrays, and no index may hold two arrays: the tags are one
INDEXES = {"published_list": [("status", ASCENDING), (TAGS_FIELD, ASCENDING), *NEWEST_FIRST]}
#: lists carry neither the body (up to 100,000 characters each) nor the listing fields
SUMMARY = {"body": 0, TAGS_FIELD: 0, KEY_FIELD: 0}


def list_tag(level: str | None = None, kind: str | None = None, topic: str | None = None) -> str:
    """The tag of one catalogue filter: "*" (none), "level=CP", "level=CP&kind=video&topic=lecture"..."""
    parts = [f"{name}={value}" for name, value in (("level", level), ("kind", kind), ("topic", topic))
             if value is not None]
    return "&".join(parts) or "*"


def list_tags(doc: dict) -> list[str]:
    """The tags of every catalogue filter a resource answers: (levels + 1) x 2 x (topics + 1).

    Levels, kinds and topics are slugs (no "=" nor "&"), so a tag names one filter exactly.
    """
    return [list_tag(level, kind, topic) for level, kind, topic in
            product([None, *doc.get("levels", [])], [None, doc["kind"]], [None, *doc.get("topics", [])])]


def listing_fields(doc: dict) -> dict:
    """What a published resource stores to be listed: its sort key and its tags."""
    return {KEY_FIELD: list_key(doc["published_at"], doc["_id"]), TAGS_FIELD: list_tags(doc)}


class ResourceStore:
    """The resources collection, optionally inside a unit of work's transaction (`session`)."""

    def __init__(self, db, session=None):
        self.db = db
        self.session = session
        self.resources = db["resources"]

    def ensure_indexes(self) -> None:
        for name, keys in INDEXES.items():
            self.resources.create_index(keys, name=name)

    def insert(self, doc: dict) -> dict:
        saved = dict(doc, _id=ObjectId())
        self.resources.insert_one(saved, session=self.session)
        return saved

    def get(self, resource_id: str) -> dict | None:
        oid = object_id(resource_id)
        return self.resources.find_one({"_id": oid}, session=self.session) if oid else None

    def mark_published(self, resource_id: str, published_at: datetime, published_by: str) -> dict | None:
        """Publish the draft; None when no *draft* has this id (the update is conditional, so
        two editors publishing at once publish it once)."""
        oid = object_id(resource_id)
        draft = self.resources.find_one({"_id": oid, "status": DRAFT}, {"kind": 1, "levels": 1, "topics": 1},
                                        session=self.session) if oid else None
        if draft is None:
            return None
        return self.resources.find_one_and_update(
            {"_id": oid, "status": DRAFT},
            {"$set": {"status": PUBLISHED, "published_at": published_at, "published_by": published_by,
                      "updated_at": published_at, **listing_fields(dict(draft, published_at=published_at))}},
            projection={TAGS_FIELD: 0, KEY_FIELD: 0}, return_document=ReturnDocument.AFTER, session=self.session)

    def list_published(self, limit: int, after: tuple[datetime, str] | None = None,
                       level: str | None = None, kind: str | None = None,
                       topic: str | None = None) -> list[dict]:
        return list(self.feed(limit, after, level=level, kind=kind, topic=topic))

    def feed(self, limit: int, position: tuple[datetime, str] | None = None,
             level: str | None = None, kind: str | None = None, topic: str | None = None):
        """The pymongo cursor of one catalogue page, strictly after `position` (a decoded
        cursor); exposed so tests can explain() it."""
        query: dict = {"status": PUBLISHED, TAGS_FIELD: list_tag(level, kind, topic)}
        if position is not None:
            query.update(strictly_after(position))
        return self.resources.find(query, SUMMARY, session=self.session).sort(NEWEST_FIRST).limit(limit)
