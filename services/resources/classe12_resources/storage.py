"""Repositories of the resources database, over pymongo (inside the unit of work's transaction).

Every list is read on one sort key and one equality, served by an index, at any depth (cursor,
never skip; no `$or`, no hint): see classe12_runtime.pagination.

| collection | list | key (`<time>|<id>`) | index |
|---|---|---|---|
| resources | an author's own, last changed first | `mine_key` (updated_at) | (author_id, mine_key), (author_id, status, mine_key) |
| resources | review queue, oldest submission first | `review_key` (submitted_at) | (status, review_key) |
| versions | a resource's published versions | version number | (resource_id, version) unique |
| ratings | reviews of a resource, newest first | `list_key` (updated_at) | (resource_id, has_review, list_key); (resource_id, member_id) unique |
| bookmarks | a member's, last bookmarked first | `list_key` | (member_id, list_key); (member_id, resource_id) unique |
| collections | a member's, last changed first | `list_key` (updated_at) | (owner_id, list_key); share_token unique |

The catalogue itself is searched, not listed: search/ keeps its index in memory, fed by the
change feed every write of a resource records here (`record_change`), in the same transaction.
"""
from __future__ import annotations

from datetime import datetime

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, ReturnDocument

from classe12_runtime.mongo import object_id
from classe12_runtime.pagination import KEY_FIELD, list_key, strictly_after, strictly_later

from .domain.model import PUBLISHED, SUBMITTED

#: the fields of a resource that may name a member (domain/erasure.py, domain/export.py)
NAMING = {"author_id": 1, "authors.member_id": 1, "published_by": 1, "review.by": 1, "files.uploaded_by": 1}

MINE, REVIEW = "mine_key", "review_key"
#: what lists of resources never carry: the body, the files and the sort keys
SUMMARY = {"body": 0, "files": 0, "authors": 0, MINE: 0, REVIEW: 0}
HIDDEN = {MINE: 0, REVIEW: 0}

INDEXES = {
    "resources": {
        "mine": [("author_id", ASCENDING), (MINE, DESCENDING)],
        "mine_by_status": [("author_id", ASCENDING), ("status", ASCENDING), (MINE, DESCENDING)],
        "review_queue": [("status", ASCENDING), (REVIEW, ASCENDING)],
        "import_slug": ([("import_slug", ASCENDING)], {"unique": True,
                                                        "partialFilterExpression": {"import_slug": {"$type": "string"}}}),
    },
    "versions": {"resource_version": ([("resource_id", ASCENDING), ("version", DESCENDING)], {"unique": True})},
    "ratings": {
        "one_per_member": ([("resource_id", ASCENDING), ("member_id", ASCENDING)], {"unique": True}),
        "reviews": [("resource_id", ASCENDING), ("has_review", ASCENDING), (KEY_FIELD, DESCENDING)],
        "by_member": [("member_id", ASCENDING)],
    },
    "bookmarks": {
        "one_per_member": ([("member_id", ASCENDING), ("resource_id", ASCENDING)], {"unique": True}),
        "members_bookmarks": [("member_id", ASCENDING), (KEY_FIELD, DESCENDING)],
    },
    "collections": {
        "members_collections": [("owner_id", ASCENDING), (KEY_FIELD, DESCENDING)],
        "share_token": ([("share_token", ASCENDING)], {"unique": True,
                                                        "partialFilterExpression": {"share_token": {"$type": "string"}}}),
    },
}


def sort_keys(doc: dict) -> dict:
    """The sort keys a resource document stores for the lists it is in."""
    keys = {MINE: list_key(doc["updated_at"], doc["_id"])}
    keys[REVIEW] = list_key(doc["submitted_at"], doc["_id"]) if doc.get("status") == SUBMITTED else None
    return keys


class ResourceStore:
    """The resources database, optionally inside a unit of work's transaction (`session`)."""

    def __init__(self, db, session=None):
        self.db = db
        self.session = session
        self.resources = db["resources"]
        self.versions = db["versions"]
        self.ratings = db["ratings"]
        self.bookmarks = db["bookmarks"]
        self.collections = db["collections"]

    def ensure_indexes(self) -> None:
        for collection, indexes in INDEXES.items():
            for name, spec in indexes.items():
                keys, options = spec if isinstance(spec, tuple) else (spec, {})
                self.db[collection].create_index(keys, name=name, **options)

    # -- resources -------------------------------------------------------------------------

    def record_change(self, resource_id) -> None:
        """Tell every replica's search index that this resource changed (same transaction)."""
        from .search import record_change
        record_change(self.db, self.session, str(resource_id))

    def insert(self, doc: dict) -> dict:
        saved = dict(doc, _id=ObjectId())
        saved.update(sort_keys(saved))
        self.resources.insert_one(saved, session=self.session)
        self.record_change(saved["_id"])
        return saved

    def get(self, resource_id: str) -> dict | None:
        oid = object_id(resource_id)
        return self.resources.find_one({"_id": oid}, HIDDEN, session=self.session) if oid else None

    def get_many(self, resource_ids) -> list[dict]:
        """Summaries of these resources (any order; unknown ids left out)."""
        oids = [oid for oid in (object_id(i) for i in resource_ids) if oid is not None]
        return list(self.resources.find({"_id": {"$in": oids}}, SUMMARY, session=self.session)) if oids else []

    def replace_if_version(self, doc: dict, version: int) -> dict | None:
        """Save `doc` (whole) if the stored one is still at `version`; None when somebody
        changed it meanwhile (two concurrent changes never overwrite each other)."""
        saved = dict(doc)
        saved.update(sort_keys(saved))
        updated = self.resources.find_one_and_replace(
            {"_id": doc["_id"], "version": version}, saved, projection=HIDDEN,
            return_document=ReturnDocument.AFTER, session=self.session)
        if updated is not None:
            self.record_change(doc["_id"])
        return updated

    def count_view(self, resource_id) -> None:
        """One more view (outside any transaction: a lost view is no harm, a slow read is)."""
        self.resources.update_one({"_id": resource_id, "status": PUBLISHED}, {"$inc": {"stats.views": 1}})

    def add_to_stats(self, resource_id, **increments) -> dict | None:
        """Add to the resource's counters (bookmarks, ratings, rating_sum); the document after."""
        doc = self.resources.find_one_and_update(
            {"_id": object_id(str(resource_id))}, {"$inc": {f"stats.{k}": v for k, v in increments.items()}},
            projection=HIDDEN, return_document=ReturnDocument.AFTER, session=self.session)
        if doc is not None:
            self.record_change(resource_id)
        return doc

    def list_mine(self, author_id: str, limit: int, position=None, status: str | None = None) -> list[dict]:
        query: dict = {"author_id": author_id}
        if status is not None:
            query["status"] = status
        if position is not None:
            query.update(strictly_after(position, MINE))
        return list(self.resources.find(query, SUMMARY, session=self.session).sort(MINE, DESCENDING).limit(limit))

    def list_submitted(self, limit: int, position=None) -> list[dict]:
        query: dict = {"status": SUBMITTED}
        if position is not None:
            query.update(strictly_later(position, REVIEW))
        return list(self.resources.find(query, SUMMARY, session=self.session).sort(REVIEW, ASCENDING).limit(limit))

    def find_imported(self, slug: str) -> dict | None:
        return self.resources.find_one({"import_slug": slug}, HIDDEN, session=self.session)

    def set_import_slug(self, resource_id: str, slug: str) -> None:
        self.resources.update_one({"_id": object_id(resource_id)}, {"$set": {"import_slug": slug}},
                                  session=self.session)

    def record_taxonomy(self, version: int, at: datetime) -> bool:
        """Remember that this taxonomy version was announced; False when it already was."""
        taxonomies = self.db["taxonomy_versions"]
        if taxonomies.find_one({"_id": version}, session=self.session) is not None:
            return False
        taxonomies.insert_one({"_id": version, "announced_at": at}, session=self.session)
        return True

    # -- versions --------------------------------------------------------------------------

    def add_version(self, version: dict) -> None:
        self.versions.insert_one(dict(version), session=self.session)

    def list_versions(self, resource_id: str) -> list[dict]:
        return list(self.versions.find({"resource_id": resource_id}, {"body": 0}, session=self.session)
                    .sort("version", DESCENDING))

    def get_version(self, resource_id: str, version: int) -> dict | None:
        return self.versions.find_one({"resource_id": resource_id, "version": version}, session=self.session)

    # -- ratings ---------------------------------------------------------------------------

    def get_rating(self, resource_id: str, member_id: str) -> dict | None:
        return self.ratings.find_one({"resource_id": resource_id, "member_id": member_id}, session=self.session)

    def save_rating(self, rating: dict) -> None:
        """Insert or replace the member's rating (`_id` kept: the domain passes the stored one)."""
        rating = dict(rating, has_review=bool(rating.get("review")) and not rating.get("hidden"))
        rating.setdefault("_id", ObjectId())
        rating[KEY_FIELD] = list_key(rating["updated_at"], rating["_id"])
        self.ratings.replace_one({"resource_id": rating["resource_id"], "member_id": rating["member_id"]}, rating,
                                 upsert=True, session=self.session)

    def delete_rating(self, resource_id: str, member_id: str) -> dict | None:
        return self.ratings.find_one_and_delete({"resource_id": resource_id, "member_id": member_id},
                                                session=self.session)

    def list_reviews(self, resource_id: str, limit: int, position=None) -> list[dict]:
        query: dict = {"resource_id": resource_id, "has_review": True}
        if position is not None:
            query.update(strictly_after(position))
        return list(self.ratings.find(query, session=self.session).sort(KEY_FIELD, DESCENDING).limit(limit))

    # -- bookmarks -------------------------------------------------------------------------

    def add_bookmark(self, member_id: str, resource_id: str, at: datetime) -> bool:
        """True when it was not bookmarked yet."""
        new_id = ObjectId()
        result = self.bookmarks.update_one(
            {"member_id": member_id, "resource_id": resource_id},
            {"$setOnInsert": {"_id": new_id, "created_at": at, KEY_FIELD: list_key(at, new_id)}},
            upsert=True, session=self.session)
        return result.upserted_id is not None

    def remove_bookmark(self, member_id: str, resource_id: str) -> bool:
        return self.bookmarks.delete_one({"member_id": member_id, "resource_id": resource_id},
                                         session=self.session).deleted_count == 1

    def is_bookmarked(self, member_id: str, resource_id: str) -> bool:
        return self.bookmarks.count_documents({"member_id": member_id, "resource_id": resource_id}, limit=1,
                                              session=self.session) == 1

    def list_bookmarks(self, member_id: str, limit: int, position=None) -> list[dict]:
        query: dict = {"member_id": member_id}
        if position is not None:
            query.update(strictly_after(position))
        return list(self.bookmarks.find(query, session=self.session).sort(KEY_FIELD, DESCENDING).limit(limit))

    # -- collections -----------------------------------------------------------------------

    def count_collections(self, owner_id: str) -> int:
        return self.collections.count_documents({"owner_id": owner_id}, session=self.session)

    def insert_collection(self, doc: dict) -> dict:
        saved = dict(doc, _id=ObjectId())
        saved[KEY_FIELD] = list_key(saved["updated_at"], saved["_id"])
        self.collections.insert_one(saved, session=self.session)
        return saved

    def get_collection(self, collection_id: str) -> dict | None:
        oid = object_id(collection_id)
        return self.collections.find_one({"_id": oid}, session=self.session) if oid else None

    def get_shared_collection(self, share_token: str) -> dict | None:
        return self.collections.find_one({"share_token": share_token}, session=self.session)

    def save_collection(self, doc: dict) -> dict:
        saved = dict(doc, **{KEY_FIELD: list_key(doc["updated_at"], doc["_id"])})
        self.collections.replace_one({"_id": doc["_id"]}, saved, session=self.session)
        return saved

    def delete_collection(self, collection_id) -> None:
        self.collections.delete_one({"_id": collection_id}, session=self.session)

    def list_collections(self, owner_id: str, limit: int, position=None) -> list[dict]:
        query: dict = {"owner_id": owner_id}
        if position is not None:
            query.update(strictly_after(position))
        return list(self.collections.find(query, session=self.session).sort(KEY_FIELD, DESCENDING).limit(limit))

    # -- a member's own data: export and erasure (domain/export.py, domain/erasure.py) ----------

    def resources_naming(self, member_id: str) -> list[str]:
        """Ids of the resources that name the member anywhere (author, co-author, publisher,
        editor's comment, uploader): one pass over the catalogue, on a projection (an erasure or
        an export is rare; five more indexes on every write would not be)."""
        def names(doc: dict) -> bool:
            return member_id in (doc.get("author_id"), doc.get("published_by"), (doc.get("review") or {}).get("by")) \
                or any(a.get("member_id") == member_id for a in doc.get("authors") or ()) \
                or any(f.get("uploaded_by") == member_id for f in doc.get("files") or ())
        return [str(doc["_id"]) for doc in self.resources.find({}, NAMING, session=self.session) if names(doc)]

    def delete_resource(self, resource_id: str) -> bool:
        deleted = self.resources.delete_one({"_id": object_id(resource_id)}, session=self.session).deleted_count
        if deleted:
            self.record_change(resource_id)
        return deleted == 1

    def versions_naming(self, member_id: str) -> list[dict]:
        """The versions the member edited or is a co-author of."""
        found = {doc["_id"]: doc for doc in self.versions.find({"edited_by": member_id}, session=self.session)}
        found.update((doc["_id"], doc) for doc in self.versions.find({"authors.member_id": member_id},
                                                                      session=self.session))
        return list(found.values())

    def replace_version(self, doc: dict) -> None:
        self.versions.replace_one({"_id": doc["_id"]}, doc, session=self.session)

    def ratings_of(self, member_id: str) -> list[dict]:
        """The member's ratings, newest first (index by_member)."""
        found = self.ratings.find({"member_id": member_id}, session=self.session)
        return sorted(found, key=lambda r: r["updated_at"], reverse=True)

    def delete_bookmarks_of(self, member_id: str) -> int:
        return self.bookmarks.delete_many({"member_id": member_id}, session=self.session).deleted_count

    def delete_collections_of(self, owner_id: str) -> int:
        return self.collections.delete_many({"owner_id": owner_id}, session=self.session).deleted_count

    def rename_moderator(self, member_id: str, pseudonym: str) -> int:
        """The moderator who hid reviews is deleted: their id becomes `pseudonym` (a scan: rare)."""
        return self.ratings.update_many({"hidden.by": member_id}, {"$set": {"hidden.by": pseudonym}},
                                        session=self.session).modified_count

    def hide_review(self, resource_id: str, member_id: str, hidden: dict) -> bool:
        """A moderator hid the member's review: out of every list of reviews (`has_review` false),
        its text kept for the member and the moderators; True when it changed something."""
        result = self.ratings.update_one({"resource_id": resource_id, "member_id": member_id, "hidden": None},
                                         {"$set": {"has_review": False, "hidden": hidden}}, session=self.session)
        return result.modified_count == 1
