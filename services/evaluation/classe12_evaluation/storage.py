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
        self.parent_links = db["parent_links"]
        self.observations = db["observations"]
        self.purges = db["purges"]

    def ensure_indexes(self) -> None:
        self.classes.create_index([("teacher_ids", ASCENDING), *NEWEST_FIRST], name=LIST_INDEX)
        self.audit.create_index([("class_id", ASCENDING), ("at", DESCENDING)], name="class_at")
        self.audit.create_index([("actor_id", ASCENDING), ("at", DESCENDING)], name="actor_at")
        self.grids.create_index([("class_id", ASCENDING), ("item_id", ASCENDING)], name="class_item", unique=True)
        self.reperes.create_index([("class_id", ASCENDING), ("period", ASCENDING)], name="class_period", unique=True)
        self.invitations.create_index([("class_id", ASCENDING)], name="class")
        self.audit.create_index([("class_id", ASCENDING), ("_id", DESCENDING)], name="class_newest")
        self.classes.create_index([("retain_until", ASCENDING)], name="retain_until")
        self.parent_links.create_index([("class_id", ASCENDING), ("pupil_id", ASCENDING), ("parent_id", ASCENDING)],
                                       name="class_pupil_parent", unique=True)
        self.parent_links.create_index([("parent_id", ASCENDING)], name="parent")
        self.observations.create_index([("class_id", ASCENDING), ("pupil_id", ASCENDING)], name="class_pupil")
        self.observations.create_index([("parent_id", ASCENDING)], name="parent")

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
            {"_id": oid, "teacher_ids": teacher_id, "archived_at": None,
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

    def archive_class(self, class_id: str, now) -> dict | None:
        return self.classes.find_one_and_update({"_id": object_id(class_id)},
                                                {"$set": {"archived_at": now, "updated_at": now}},
                                                return_document=ReturnDocument.AFTER, session=self.session)

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

    # -- parents: links and observations from home -------------------------------------------

    def insert_link(self, doc: dict) -> dict:
        doc = dict(doc, _id=ObjectId(), class_id=object_id(doc["class_id"]))
        self.parent_links.insert_one(doc, session=self.session)
        return doc

    def links_of_pupil(self, class_id: str, pupil_id: str) -> list[dict]:
        return list(self.parent_links.find({"class_id": object_id(class_id), "pupil_id": pupil_id},
                                           session=self.session).sort("linked_at", ASCENDING))

    def links_of_parent(self, parent_id: str) -> list[dict]:
        return list(self.parent_links.find({"parent_id": parent_id}, session=self.session)
                    .sort("linked_at", ASCENDING).limit(50))

    def get_link(self, link_id: str, parent_id: str) -> dict | None:
        oid = object_id(link_id)
        return self.parent_links.find_one({"_id": oid, "parent_id": parent_id}, session=self.session) if oid else None

    def delete_link(self, class_id: str, pupil_id: str, link_id: str) -> bool:
        oid = object_id(link_id)
        if oid is None:
            return False
        result = self.parent_links.delete_one({"_id": oid, "class_id": object_id(class_id), "pupil_id": pupil_id},
                                              session=self.session)
        return result.deleted_count == 1

    def insert_observation(self, doc: dict) -> dict:
        doc = dict(doc, _id=ObjectId(), class_id=object_id(doc["class_id"]))
        self.observations.insert_one(doc, session=self.session)
        return doc

    def observations_of_pupil(self, class_id: str, pupil_id: str) -> list[dict]:
        found = self.observations.find({"class_id": object_id(class_id), "pupil_id": pupil_id}, session=self.session)
        return sorted(found, key=lambda d: (d["date"], d["at"]), reverse=True)

    # -- privacy: the audit, erasure, the retention purge --------------------------------------

    def audit_page(self, class_id: str, limit: int, before: str | None = None) -> list[dict]:
        """The class's audit newest first (by id), strictly before the id `before`: one equality
        and one range on the index class_newest."""
        query: dict = {"class_id": object_id(class_id)}
        if before is not None:
            query["_id"] = {"$lt": object_id(before) or ObjectId("0" * 24)}
        return list(self.audit.find(query, session=self.session).sort("_id", DESCENDING).limit(limit))

    def delete_attached(self, collection: str, class_id: str) -> int:
        return self.db[collection].delete_many({"class_id": object_id(class_id)}, session=self.session).deleted_count

    def delete_class(self, class_id: str) -> int:
        return self.classes.delete_one({"_id": object_id(class_id)}, session=self.session).deleted_count

    def erase_pupil(self, class_id: str, pupil_id: str, now) -> dict:
        """Remove a pupil and everything about them but the audit (ids only); {what: count}."""
        oid, pupil_oid = object_id(class_id), object_id(pupil_id)
        grids = self.grids.update_many({"class_id": oid, "entries.pupil_id": pupil_id},
                                       {"$pull": {"entries": {"pupil_id": pupil_id}}}, session=self.session)
        reperes = self.reperes.update_many({"class_id": oid, f"scores.{pupil_id}": {"$exists": True}},
                                           {"$unset": {f"scores.{pupil_id}": ""}}, session=self.session)
        counts = {
            "grids": grids.modified_count,
            "reperes": reperes.modified_count,
            "invitations": self.invitations.delete_many({"class_id": oid, "pupil_id": pupil_id},
                                                        session=self.session).deleted_count,
            "parent_links": self.parent_links.delete_many({"class_id": oid, "pupil_id": pupil_id},
                                                          session=self.session).deleted_count,
            "observations": self.observations.delete_many({"class_id": oid, "pupil_id": pupil_id},
                                                          session=self.session).deleted_count,
        }
        pulled = self.classes.update_one({"_id": oid, "pupils.id": pupil_oid},
                                         {"$pull": {"pupils": {"id": pupil_oid}}, "$inc": {"pupils_count": -1},
                                          "$set": {"updated_at": now}}, session=self.session)
        counts["pupils"] = pulled.modified_count
        return counts

    def expired_class_ids(self, at, limit: int) -> list[str]:
        """Classes whose retention ended before `at` (index retain_until: a range, timer only)."""
        found = self.classes.find({"retain_until": {"$lt": at}}, {"_id": 1}, session=self.session).limit(limit)
        return [str(d["_id"]) for d in found]

    def record_purge(self, entry: dict) -> None:
        self.purges.insert_one(dict(entry), session=self.session)

    # -- a member's own data: export and erasure (domain/export.py, domain/erasure.py) --------

    def remove_teacher(self, class_id: str, teacher_id: str, now) -> bool:
        """Take a teacher off a class; the next one in `teacher_ids` becomes its owner."""
        result = self.classes.update_one({"_id": object_id(class_id), "teacher_ids": teacher_id},
                                         {"$pull": {"teacher_ids": teacher_id}, "$set": {"updated_at": now}},
                                         session=self.session)
        return result.modified_count == 1

    def audit_of_actor(self, actor_id: str) -> list[dict]:
        """What `actor_id` did, newest first (index actor_at: one equality)."""
        return list(self.audit.find({"actor_id": actor_id}, session=self.session).sort("at", DESCENDING))

    def observations_of_parent(self, parent_id: str) -> list[dict]:
        return list(self.observations.find({"parent_id": parent_id}, session=self.session).sort("at", ASCENDING))

    def delete_observations_of_parent(self, parent_id: str) -> int:
        return self.observations.delete_many({"parent_id": parent_id}, session=self.session).deleted_count

    def pseudonymise_actor(self, actor_id: str, pseudonym: str, class_ids: list[str]) -> dict:
        """Replace `actor_id` by `pseudonym` in the audit (index actor_at) and, in the classes
        given, in the repères' `updated_by` and the codes' `created_by`/`used_by` (equality on
        the class); {what: documents changed}."""
        oids = [object_id(c) for c in class_ids]
        changed = {"audit": self.audit.update_many({"actor_id": actor_id}, {"$set": {"actor_id": pseudonym}},
                                                   session=self.session).modified_count,
                   "reperes": 0, "invitations": 0}
        for oid in oids:
            changed["reperes"] += self.reperes.update_many(
                {"class_id": oid, "updated_by": actor_id}, {"$set": {"updated_by": pseudonym}},
                session=self.session).modified_count
            for field in ("created_by", "used_by"):
                changed["invitations"] += self.invitations.update_many(
                    {"class_id": oid, field: actor_id}, {"$set": {field: pseudonym}},
                    session=self.session).modified_count
        return changed

    # -- the framework ---------------------------------------------------------------------------

    def record_framework(self, version: int, at) -> bool:
        """Remember that this framework version was announced; False when it already was."""
        versions = self.db["framework_versions"]
        if versions.find_one({"_id": version}, session=self.session) is not None:
            return False
        versions.insert_one({"_id": version, "announced_at": at}, session=self.session)
        return True
