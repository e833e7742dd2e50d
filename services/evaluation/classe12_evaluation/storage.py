"""Class repository over pymongo (database "evaluation").

Collections: `classes` (pupils embedded), `audit`, `grids` (one document per class and item:
every positioning of the class's pupils on that item, with its date and framework version),
`reperes` (one document per class and period: the scores), `framework_versions` (the versions
announced). A teacher's list is read newest first on each class's `list_key` (created_at, id),
with the index (teacher_ids, list_key desc): a page is one equality and one range, whatever its
depth. Results are read by an equality on the class (`grids`: class_id + item_id), never with
`hint()`, `$or` or `$text`: the class view reads at most one document per item of the framework.
"""
from __future__ import annotations

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, ReturnDocument

from classe12_runtime.mongo import object_id
from classe12_runtime.pagination import KEY_FIELD, NEWEST_FIRST, list_key, strictly_after

LIST_INDEX = "teacher_list"
#: lists carry neither pupils nor the sort key
SUMMARY = {"pupils": False, KEY_FIELD: False}


def _audit_doc(entry: dict) -> dict:
    return dict(entry, class_id=object_id(entry["class_id"]) or entry["class_id"])


class ClassStore:
    """Classes and the audit trail, optionally inside a unit of work's transaction (`session`)."""

    def __init__(self, db, session=None):
        self.db = db
        self.session = session
        self.classes = db["classes"]
        self.audit = db["audit"]
        self.grids = db["grids"]
        self.reperes = db["reperes"]
        self.invitations = db["invitations"]

    def ensure_indexes(self) -> None:
        self.classes.create_index([("teacher_ids", ASCENDING), *NEWEST_FIRST], name=LIST_INDEX)
        self.audit.create_index([("class_id", ASCENDING), ("at", DESCENDING)], name="class_at")
        self.audit.create_index([("actor_id", ASCENDING), ("at", DESCENDING)], name="actor_at")
        self.grids.create_index([("class_id", ASCENDING), ("item_id", ASCENDING)], name="class_item", unique=True)
        self.reperes.create_index([("class_id", ASCENDING), ("period", ASCENDING)], name="class_period", unique=True)
        self.invitations.create_index([("class_id", ASCENDING)], name="class")

    def insert_class(self, doc: dict) -> dict:
        oid = ObjectId()
        doc = dict(doc, _id=oid)
        self.classes.insert_one(dict(doc, **{KEY_FIELD: list_key(doc["created_at"], oid)}), session=self.session)
        return doc

    def insert_classes(self, docs: list[dict]) -> list[dict]:
        """Bulk load (bench, imports): like insert_class for many classes at once, pupils included."""
        docs = [dict(doc, _id=ObjectId()) for doc in docs]
        self.classes.insert_many([dict(doc, **{KEY_FIELD: list_key(doc["created_at"], doc["_id"])}) for doc in docs],
                                 ordered=False, session=self.session)
        return docs

    def get_for_teacher(self, class_id: str, teacher_id: str) -> dict | None:
        oid = object_id(class_id)
        return self.classes.find_one({"_id": oid, "teacher_ids": teacher_id}, session=self.session) if oid else None

    def add_pupil(self, class_id: str, teacher_id: str, pupil: dict, max_pupils: int) -> dict | None:
        """Push the pupil if the class has room and no pupil with the same alias key: one
        conditional update, so concurrent additions can neither exceed max_pupils nor
        duplicate an alias."""
        oid = object_id(class_id)
        if oid is None:
            return None
        return self.classes.find_one_and_update(
            {"_id": oid, "teacher_ids": teacher_id,
             "pupils_count": {"$lt": max_pupils},
             "pupils.alias_key": {"$ne": pupil["alias_key"]}},
            {"$push": {"pupils": dict(pupil, id=ObjectId())},
             "$inc": {"pupils_count": 1},
             "$set": {"updated_at": pupil["added_at"]}},
            return_document=ReturnDocument.AFTER, session=self.session)

    def list_for_teacher(self, teacher_id: str, limit: int, position=None) -> list[dict]:
        """The teacher's classes newest first, strictly after `position` (a decoded cursor)."""
        return list(self.page(teacher_id, limit, position))

    def page(self, teacher_id: str, limit: int, position=None):
        """The pymongo cursor of one page of a teacher's list (tests explain() it)."""
        query: dict = {"teacher_ids": teacher_id}
        if position is not None:
            query.update(strictly_after(position))
        return self.classes.find(query, projection=SUMMARY, session=self.session).sort(NEWEST_FIRST).limit(limit)

    def get_class(self, class_id: str) -> dict | None:
        """A class whoever asks (joining with a code only: the code is the right to see it)."""
        oid = object_id(class_id)
        return self.classes.find_one({"_id": oid}, session=self.session) if oid else None

    def add_teacher(self, class_id: str, teacher_id: str, now) -> dict | None:
        return self.classes.find_one_and_update({"_id": object_id(class_id)},
                                                {"$addToSet": {"teacher_ids": teacher_id}, "$set": {"updated_at": now}},
                                                return_document=ReturnDocument.AFTER, session=self.session)

    # -- co-teacher invitations (the code's hash is the id) ------------------------------------

    def insert_invitation(self, doc: dict) -> None:
        self.invitations.insert_one(dict(doc, class_id=object_id(doc["class_id"])), session=self.session)

    def find_invitation(self, code_hash: str) -> dict | None:
        doc = self.invitations.find_one({"_id": code_hash}, session=self.session)
        return dict(doc, class_id=str(doc["class_id"])) if doc else None

    def use_invitation(self, code_hash: str, teacher_id: str, now) -> bool:
        """Spend the code: True once, for an unused and unexpired code."""
        result = self.invitations.update_one({"_id": code_hash, "used_at": None, "expires_at": {"$gt": now}},
                                             {"$set": {"used_at": now, "used_by": teacher_id}}, session=self.session)
        return result.modified_count == 1

    def record_audit(self, entry: dict) -> None:
        self.audit.insert_one(_audit_doc(entry), session=self.session)

    # -- positionings (one document per class and item) ----------------------------------------

    def grid_columns(self, class_id: str, item_ids: list[str] | None = None) -> list[dict]:
        """The class's grid documents (of `item_ids` only when given): equality on the class."""
        query: dict = {"class_id": object_id(class_id)}
        if item_ids is not None:
            query["item_id"] = {"$in": list(item_ids)}
        return list(self.grids.find(query, {"_id": 0, "item_id": 1, "entries": 1}, session=self.session))

    def save_grid_column(self, class_id: str, item_id: str, entries: list[dict], now) -> None:
        self.grids.update_one({"class_id": object_id(class_id), "item_id": item_id},
                              {"$set": {"entries": entries, "updated_at": now}},
                              upsert=True, session=self.session)

    def insert_grid_columns(self, columns: list[dict]) -> None:
        """Bulk load (bench, imports): {"class_id", "item_id", "entries", "updated_at"} documents
        of (class, item) pairs that have none yet."""
        self.grids.insert_many([dict(c, class_id=object_id(c["class_id"])) for c in columns], ordered=False,
                               session=self.session)

    # -- repères (one document per class and period) -------------------------------------------

    def get_reperes(self, class_id: str, period: str) -> dict | None:
        return self.reperes.find_one({"class_id": object_id(class_id), "period": period},
                                     {"_id": 0, "framework_version": 1, "scores": 1}, session=self.session)

    def save_reperes(self, class_id: str, period: str, framework_version: int, scores: dict, actor_id: str,
                     now) -> None:
        self.reperes.update_one({"class_id": object_id(class_id), "period": period},
                                {"$set": {"scores": scores, "updated_by": actor_id, "updated_at": now},
                                 "$setOnInsert": {"framework_version": framework_version}},
                                upsert=True, session=self.session)

    # -- the framework ---------------------------------------------------------------------------

    def record_framework(self, version: int, at) -> bool:
        """Remember that this framework version was announced; False when it already was."""
        versions = self.db["framework_versions"]
        if versions.find_one({"_id": version}, session=self.session) is not None:
            return False
        versions.insert_one({"_id": version, "announced_at": at}, session=self.session)
        return True
