"""Member repository over pymongo (database "community")."""
from __future__ import annotations

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from classe12_contracts.errors import Conflict
from classe12_runtime.clock import utcnow
from classe12_runtime.mongo import object_id


class MemberStore:
    """The members collection, optionally inside a unit of work's transaction (`session`)."""

    def __init__(self, db, session=None):
        self.db = db
        self.session = session
        self.members = db["members"]

    def ensure_indexes(self) -> None:
        self.members.create_index([("email", ASCENDING)], unique=True, name="email_unique")

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
            raise Conflict("Un compte existe déjà avec cette adresse e-mail.",
                           {"email": ["Adresse déjà utilisée."]}) from None
        return doc

    def add_role(self, member_id: str, role: str) -> dict | None:
        oid = object_id(member_id)
        if oid is None:
            return None
        return self.members.find_one_and_update(
            {"_id": oid}, {"$addToSet": {"roles": role}, "$set": {"updated_at": utcnow()}},
            return_document=ReturnDocument.AFTER, session=self.session)

    def set_password_hash(self, member_id, password_hash: str) -> None:
        self.members.update_one({"_id": member_id}, {"$set": {"password_hash": password_hash}},
                                session=self.session)
