"""Member repository over pymongo (database "community"): members, sessions, sign-in failures."""
from __future__ import annotations

from datetime import datetime, timedelta

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from classe12_contracts.errors import Conflict
from classe12_runtime.mongo import object_id


class MemberStore:
    """Optionally inside a unit of work's transaction (`session`)."""

    def __init__(self, db, session=None):
        self.db = db
        self.session = session
        self.members = db["members"]
        self.sessions = db["sessions"]
        self.attempts = db["login_attempts"]

    def ensure_indexes(self) -> None:
        self.members.create_index([("email", ASCENDING)], unique=True, name="email_unique")
        self.members.create_index([("roles_changed_at", ASCENDING)], name="roles_changed")
        self.members.create_index([("sessions_revoked_at", ASCENDING)], name="sessions_revoked")
        self.sessions.create_index([("member_id", ASCENDING), ("revoked_at", ASCENDING)], name="member_open")
        self.sessions.create_index([("revoked_at", ASCENDING)], name="revoked")

    # --- members ------------------------------------------------------------------------------

    def find_by_email(self, email: str) -> dict | None:
        return self.members.find_one({"email": email}, session=self.session)

    def get(self, member_id: str) -> dict | None:
        oid = object_id(member_id)
        return self.members.find_one({"_id": oid}, session=self.session) if oid else None

    def insert(self, member: dict) -> dict:
        doc = dict(member, _id=ObjectId())
        try:
            self.members.insert_one(doc, session=self.session)
        except DuplicateKeyError:
            raise Conflict("Un compte existe déjà avec cette adresse e-mail.") from None
        return doc

    def set_roles(self, member_id: str, roles: list[str], now: datetime) -> dict | None:
        oid = object_id(member_id)
        if oid is None:
            return None
        return self.members.find_one_and_update(
            {"_id": oid}, {"$set": {"roles": roles, "roles_changed_at": now, "updated_at": now}},
            return_document=ReturnDocument.AFTER, session=self.session)

    def set_password_hash(self, member_id, password_hash: str) -> None:
        self.members.update_one({"_id": member_id}, {"$set": {"password_hash": password_hash}},
                                session=self.session)

    # --- sign-in failures ---------------------------------------------------------------------

    def failures(self, key: str) -> dict | None:
        return self.attempts.find_one({"_id": key}, session=self.session)

    def add_failure(self, key: str, now: datetime, window: float) -> None:
        """One more failure; the count starts again when the last one is older than `window`."""
        stale = now - timedelta(seconds=window)
        self.attempts.update_one({"_id": key, "last_failure_at": {"$lt": stale}},
                                 {"$set": {"failures": 0}}, session=self.session)
        self.attempts.update_one({"_id": key}, {"$inc": {"failures": 1}, "$set": {"last_failure_at": now}},
                                 upsert=True, session=self.session)

    def forget_failures(self, key: str) -> None:
        self.attempts.delete_one({"_id": key}, session=self.session)

    # --- sessions -----------------------------------------------------------------------------

    def insert_session(self, doc: dict) -> None:
        self.sessions.insert_one(doc, session=self.session)

    def get_session(self, session_id: str) -> dict | None:
        return self.sessions.find_one({"_id": session_id}, session=self.session)

    def rotate_token(self, session_id: str, token_id: str, new_token_id: str, now: datetime) -> dict | None:
        """Replace the current token id; None when `token_id` is not the current one (the update
        is conditional, so two refreshes with the same token rotate once)."""
        return self.sessions.find_one_and_update(
            {"_id": session_id, "token_id": token_id, "revoked_at": None},
            {"$set": {"token_id": new_token_id, "refreshed_at": now}},
            return_document=ReturnDocument.AFTER, session=self.session)

    def revoke_session(self, session_id: str, now: datetime) -> bool:
        result = self.sessions.update_one({"_id": session_id, "revoked_at": None}, {"$set": {"revoked_at": now}},
                                          session=self.session)
        return result.modified_count == 1

    def revoke_sessions(self, member_id: str, now: datetime) -> int:
        result = self.sessions.update_many({"member_id": member_id, "revoked_at": None},
                                           {"$set": {"revoked_at": now}}, session=self.session)
        oid = object_id(member_id)
        if oid is not None:
            self.members.update_one({"_id": oid}, {"$set": {"sessions_revoked_at": now}}, session=self.session)
        return result.modified_count

    def changes_since(self, since: datetime) -> tuple[list[dict], list[dict]]:
        members = {}
        for field in ("roles_changed_at", "sessions_revoked_at"):
            for doc in self.members.find({field: {"$gte": since}}, {"roles": 1, "roles_changed_at": 1,
                                                                    "sessions_revoked_at": 1}, session=self.session):
                members[doc["_id"]] = doc
        sessions = list(self.sessions.find({"revoked_at": {"$gte": since}}, {"member_id": 1, "revoked_at": 1},
                                           session=self.session))
        return list(members.values()), sessions
