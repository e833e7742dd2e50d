"""Member repository over pymongo (database "community")."""
from __future__ import annotations

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from classe12_kernel.clock import utcnow
from classe12_kernel.errors import Conflict
from classe12_kernel.mongo import object_id, run_in_transaction


class MemberStore:
    def __init__(self, db):
        self.db = db
        self.members = db["members"]

    def ensure_indexes(self) -> None:
        self.members.create_index([("email", ASCENDING)], unique=True, name="email_unique")

    def find_by_email(self, email: str) -> dict | None:
        return self.members.find_one({"email": email})

    def get(self, member_id: str) -> dict | None:
        oid = object_id(member_id)
        return self.members.find_one({"_id": oid}) if oid else None

    def insert_with_event(self, member: dict, make_envelope, record) -> dict:
        """Insert the member and its event in one transaction (outbox)."""
        def work(session):
            doc = dict(member, _id=ObjectId())
            self.members.insert_one(doc, session=session)
            record(make_envelope(doc), session)
            return doc
        try:
            return run_in_transaction(self.db, work)
        except DuplicateKeyError:
            raise Conflict("Un compte existe déjà avec cette adresse e-mail.",
                           {"email": ["Adresse déjà utilisée."]}) from None

    def add_role(self, member_id: str, role: str) -> dict | None:
        oid = object_id(member_id)
        if oid is None:
            return None
        return self.members.find_one_and_update(
            {"_id": oid}, {"$addToSet": {"roles": role}, "$set": {"updated_at": utcnow()}},
            return_document=ReturnDocument.AFTER)

    def set_password_hash(self, member_id, password_hash: str) -> None:
        self.members.update_one({"_id": member_id}, {"$set": {"password_hash": password_hash}})
