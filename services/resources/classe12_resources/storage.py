"""Resource repository over pymongo (database "resources").

The public catalogue is read in the order (published_at desc, _id desc) with optional equality
filters on level, kind and topic; each shape has an index that serves both the filter and the
sort, so a page costs `limit` index entries whatever the depth (cursor, never skip).
"""
from __future__ import annotations

from datetime import datetime

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, ReturnDocument

from classe12_kernel.mongo import object_id, run_in_transaction
from classe12_kernel.pagination import after_filter

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
    def __init__(self, db):
        self.db = db
        self.resources = db["resources"]

    def ensure_indexes(self) -> None:
        for name, keys in INDEXES.items():
            self.resources.create_index(keys, name=name)

    def insert(self, doc: dict) -> dict:
        saved = dict(doc, _id=ObjectId())
        self.resources.insert_one(saved)
        return saved

    def get(self, resource_id: str) -> dict | None:
        oid = object_id(resource_id)
        return self.resources.find_one({"_id": oid}) if oid else None

    def publish_with_event(self, resource_id: str, published_at: datetime, published_by: str,
                           make_envelope, record) -> dict | None:
        """Publish the draft and store its event in the outbox in one transaction.

        Returns the published document, or None (and records nothing) when no draft has this
        id: the conditional update makes a concurrent double publish emit one event only.
        """
        oid = object_id(resource_id)
        if oid is None:
            return None

        def work(session):
            doc = self.resources.find_one_and_update(
                {"_id": oid, "status": DRAFT},
                {"$set": {"status": PUBLISHED, "published_at": published_at,
                          "published_by": published_by, "updated_at": published_at}},
                return_document=ReturnDocument.AFTER, session=session)
            if doc is not None:
                record(make_envelope(doc), session)
            return doc
        return run_in_transaction(self.db, work)

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
        return (self.resources.find(query, WITHOUT_BODY).sort(_FEED).limit(limit)
                .hint(feed_index(level=level, kind=kind, topic=topic)))
