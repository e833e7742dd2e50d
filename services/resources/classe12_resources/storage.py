"""Resource repository over pymongo (database "resources").

The public catalogue is read in the order (published_at desc, _id desc) with optional equality
filters on level, kind and topic; each shape has an index that serves both the filter and the
sort, so a page costs `limit` index entries whatever the depth (cursor, never skip).
"""
from __future__ import annotations

from datetime import datetime

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, ReturnDocument

from classe12_runtime.mongo import object_id
from classe12_runtime.pagination import after_filter

from .domain.model import DRAFT, PUBLISHED

_FEED = [("published_at", DESCENDING), ("_id", DESCENDING)]
#: name -> keys; levels and topics are arrays, so they never share one (multikey) index
INDEXES = {
    "published_feed": [("status", ASCENDING), *_FEED],
    "published_by_level": [("status", ASCENDING), ("levels", ASCENDING), *_FEED],
    "published_by_kind": [("status", ASCENDING), ("kind", ASCENDING), *_FEED],
    "published_by_topic": [("status", ASCENDING), ("topics", ASCENDING), *_FEED],
}
#: lists never carry the body (up to 100,000 characters each)
WITHOUT_BODY = {"body": 0}


def feed_index(level=None, kind=None, topic=None) -> str:
    """The index a catalogue page uses, the most selective filter first (topic, kind, level).

    Hinted because a planner may otherwise scan the collection for the cursor's `$or`
    (SecantusDB does); the hint is plain MongoDB and means the same there.
    """
    if topic is not None:
        return "published_by_topic"
    if kind is not None:
        return "published_by_kind"
    if level is not None:
        return "published_by_level"
    return "published_feed"


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
        if oid is None:
            return None
        return self.resources.find_one_and_update(
            {"_id": oid, "status": DRAFT},
            {"$set": {"status": PUBLISHED, "published_at": published_at,
                      "published_by": published_by, "updated_at": published_at}},
            return_document=ReturnDocument.AFTER, session=self.session)

    def list_published(self, limit: int, after: tuple[datetime, str] | None = None,
                       level: str | None = None, kind: str | None = None,
                       topic: str | None = None) -> list[dict]:
        return list(self.feed(limit, after, level=level, kind=kind, topic=topic))

    def feed(self, limit: int, after: tuple[datetime, str] | None = None,
             level: str | None = None, kind: str | None = None, topic: str | None = None):
        """The pymongo cursor of one catalogue page (exposed so tests can explain() it)."""
        query: dict = {"status": PUBLISHED}
        if level is not None:
            query["levels"] = level
        if kind is not None:
            query["kind"] = kind
        if topic is not None:
            query["topics"] = topic
        if after is not None:
            query.update(after_filter("published_at", after))
        return (self.resources.find(query, WITHOUT_BODY, session=self.session).sort(_FEED).limit(limit)
                .hint(feed_index(level=level, kind=kind, topic=topic)))
