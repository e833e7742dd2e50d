"""Grants: short-lived permissions to upload or read one file over the HTTP endpoint.

A grant is a random token (256 bits) handed to the gateway in an RPC reply; the database keeps
only its SHA-256 (collection `file_grants`), so that any replica can check it and a copy of the
database gives nobody a usable grant. It carries what the RPC decided (resource, member and
roles, and for an upload the file's role, name, title and image-rights answers; for a read the
file), expires after FILE_GRANT_TTL_SECONDS, and is kept a day after (an upload repeated with
the same grant answers its first outcome), then purged.

An upload grant is used once: `claim` moves it from `unused` to `uploading` (one upload at a
time), then `done` with the file's id and the answer given (a repeat gets that answer again,
even if the file was removed since, as any repeated request); an upload that fails gives it
back (`unused`) while it is still valid. An upload still `uploading` past its `abandon_at` belongs to a process that
died or stalled: the housekeeping removes its chunks (and its file, unless a resource names it).
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument

GRANTS = "file_grants"
UPLOAD, DOWNLOAD = "upload", "download"
UNUSED, UPLOADING, DONE, ABANDONED = "unused", "uploading", "done", "abandoned"
#: how long a used or expired grant stays (to answer a repeated upload), before it is purged
KEPT = timedelta(days=1)
#: an abandoned upload is cleaned this long after its deadline (the uploader gives up first)
CLEANUP_MARGIN = timedelta(minutes=5)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def upload_grant(token: str, resource_id: str, member_id: str, roles, data: dict, now: datetime,
                 ttl: float) -> dict:
    return {"_id": token_hash(token), "kind": UPLOAD, "resource_id": resource_id, "member_id": member_id,
            "roles": list(roles), "role": data["role"], "filename": data["filename"], "title": data.get("title"),
            "shows_pupils": bool(data.get("shows_pupils")),
            "image_rights_attested": bool(data.get("image_rights_attested")),
            "state": UNUSED, "created_at": now, "expires_at": now + timedelta(seconds=ttl), "purge_at": now + KEPT}


def download_grant(token: str, resource_id: str, file_id: str, member_id: str | None, roles, now: datetime,
                   ttl: float) -> dict:
    return {"_id": token_hash(token), "kind": DOWNLOAD, "resource_id": resource_id, "file_id": file_id,
            "member_id": member_id, "roles": list(roles), "created_at": now,
            "expires_at": now + timedelta(seconds=ttl), "purge_at": now + KEPT}


class GrantStore:
    def __init__(self, db, session=None):
        self.grants = db[GRANTS]
        self.session = session

    def ensure_indexes(self) -> None:
        self.grants.create_index([("purge_at", ASCENDING)], name="purge")
        self.grants.create_index([("state", ASCENDING), ("abandon_at", ASCENDING)], name="abandoned_uploads",
                                 partialFilterExpression={"state": UPLOADING})

    def insert(self, grant: dict) -> None:
        self.grants.insert_one(grant, session=self.session)

    def get(self, token: str, kind: str) -> dict | None:
        grant = self.grants.find_one({"_id": token_hash(token)}, session=self.session)
        return grant if grant is not None and grant["kind"] == kind else None

    def claim(self, token: str, now: datetime, storage_id: ObjectId, abandon_at: datetime) -> dict | None:
        """Take an unused, valid upload grant for one upload; None when it cannot be used now."""
        return self.grants.find_one_and_update(
            {"_id": token_hash(token), "kind": UPLOAD, "state": UNUSED, "expires_at": {"$gt": now}},
            {"$set": {"state": UPLOADING, "storage_id": storage_id, "started_at": now, "abandon_at": abandon_at}},
            return_document=ReturnDocument.AFTER, session=self.session)

    def give_back(self, token: str, storage_id: ObjectId) -> None:
        """The upload failed: the grant may be used again while it is valid."""
        self.grants.update_one({"_id": token_hash(token), "state": UPLOADING, "storage_id": storage_id},
                               {"$set": {"state": UNUSED}, "$unset": {"storage_id": "", "abandon_at": ""}},
                               session=self.session)

    def complete(self, token: str, storage_id: ObjectId, file_view: dict) -> bool:
        """The upload is done; `file_view` is its answer, given again to a repeat of it."""
        result = self.grants.update_one(
            {"_id": token_hash(token), "state": UPLOADING, "storage_id": storage_id},
            {"$set": {"state": DONE, "file_id": file_view["id"], "answer": file_view}, "$unset": {"abandon_at": ""}},
            session=self.session)
        return result.modified_count == 1

    def abandoned(self, now: datetime, limit: int = 100) -> list[dict]:
        return list(self.grants.find({"state": UPLOADING, "abandon_at": {"$lt": now - CLEANUP_MARGIN}},
                                     session=self.session).limit(limit))

    def mark_abandoned(self, grant: dict) -> None:
        self.grants.update_one({"_id": grant["_id"], "state": UPLOADING, "storage_id": grant["storage_id"]},
                               {"$set": {"state": ABANDONED}}, session=self.session)

    def purge(self, now: datetime) -> int:
        return self.grants.delete_many({"purge_at": {"$lt": now}, "state": {"$ne": UPLOADING}},
                                       session=self.session).deleted_count
