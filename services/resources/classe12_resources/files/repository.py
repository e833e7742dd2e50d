"""The files of a resource document (its `files` list) and their contents, in one place.

A stored file entry (what `domain.model.file_view` shows, plus what stays inside):

    id (24-hex str), filename, content_type (sniffed), size, role, title, shows_pupils,
    image_rights_attested, uploaded_at, uploaded_by, storage_id (the GridFS id), sha256 (hex)

Adding or removing an entry also changes the resource's `updated_at` (and the sort key of its
author's list), its `layout.plan_file_id` when the file is its plan, and records the change
for search, in the caller's transaction. Removing an entry removes its GridFS contents in that
same transaction.
"""
from __future__ import annotations

from datetime import datetime

from pymongo import ReturnDocument

from ..storage import HIDDEN, ResourceStore, sort_keys
from .chunks import ChunkStore
from .grants import GrantStore

#: files a resource may hold
MAX_FILES = 20


def find_file(doc: dict, file_id: str) -> dict | None:
    return next((entry for entry in doc.get("files") or [] if entry.get("id") == file_id), None)


class FileRepository:
    """Resources (the lead's ResourceStore), grants and GridFS chunks, on one session."""

    def __init__(self, db, session=None):
        self.db = db
        self.session = session
        self.store = ResourceStore(db, session)
        self.grants = GrantStore(db, session)
        self.chunks = ChunkStore(db)

    def ensure_indexes(self) -> None:
        self.grants.ensure_indexes()
        self.chunks.ensure_indexes()

    def get(self, resource_id: str) -> dict | None:
        return self.store.get(resource_id)

    def _changed(self, doc: dict, now: datetime) -> dict:
        return {"updated_at": now, **sort_keys({**doc, "updated_at": now})}

    def add_file(self, doc: dict, entry: dict, now: datetime) -> dict | None:
        """Append `entry`; None when the resource has MAX_FILES files already (or is gone)."""
        changes = self._changed(doc, now)
        layout = doc.get("layout")
        if entry["role"] == "plan" and layout and not layout.get("plan_file_id"):
            changes["layout.plan_file_id"] = entry["id"]
        saved = self.store.resources.find_one_and_update(
            {"_id": doc["_id"], f"files.{MAX_FILES - 1}": {"$exists": False}},
            {"$push": {"files": entry}, "$set": changes},
            projection=HIDDEN, return_document=ReturnDocument.AFTER, session=self.session)
        if saved is not None:
            self.store.record_change(doc["_id"])
        return saved

    def remove_file(self, doc: dict, entry: dict, now: datetime) -> dict | None:
        """Remove `entry` and its contents; None when it was removed meanwhile."""
        changes = self._changed(doc, now)
        if (doc.get("layout") or {}).get("plan_file_id") == entry["id"]:
            changes["layout.plan_file_id"] = None
        saved = self.store.resources.find_one_and_update(
            {"_id": doc["_id"], "files.id": entry["id"]},
            {"$pull": {"files": {"id": entry["id"]}}, "$set": changes},
            projection=HIDDEN, return_document=ReturnDocument.AFTER, session=self.session)
        if saved is None:
            return None
        self.chunks.delete(entry["storage_id"], session=self.session)
        self.store.record_change(doc["_id"])
        return saved

    def names_storage(self, storage_id) -> bool:
        """Whether some resource holds the file stored under `storage_id`."""
        return self.store.resources.count_documents({"files.storage_id": storage_id}, limit=1,
                                                    session=self.session) > 0
