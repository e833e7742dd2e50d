"""The account lifecycle's part of the community repository: account e-mail requests, address
and password changes, and what erasing or exporting a member reads and writes (a mixin of
storage.CommunityStore, inside the unit of work's transaction like the rest)."""
from __future__ import annotations

from datetime import datetime

from bson import ObjectId
from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from classe12_contracts.errors import Conflict
from classe12_runtime.mongo import object_id

ADDRESS_TAKEN = "Cette adresse e-mail est déjà celle d'un autre compte."


class AccountStore:
    def ensure_account_indexes(self) -> None:
        self.account_mails.create_index([("member_id", ASCENDING)], name="member_mails")
        self.threads.create_index([("author_id", ASCENDING)], name="author_threads")
        self.memberships.create_index([("group_id", ASCENDING), ("role", ASCENDING)], name="group_roles")

    # --- account e-mail requests --------------------------------------------------------------

    def insert_account_mail(self, doc: dict) -> None:
        self.account_mails.insert_one(doc, session=self.session)

    def get_account_mail(self, mail_id: str) -> dict | None:
        oid = object_id(mail_id)
        return self.account_mails.find_one({"_id": oid}, session=self.session) if oid else None

    def use_account_mail(self, mail_id: str, now: datetime) -> bool:
        result = self.account_mails.update_one({"_id": ObjectId(mail_id), "used_at": None}, {"$set": {"used_at": now}},
                                               session=self.session)
        return result.modified_count == 1

    # --- the account ----------------------------------------------------------------------------

    def set_email(self, member_id: str, email: str, now: datetime) -> dict | None:
        try:
            return self.members.find_one_and_update(
                {"_id": object_id(member_id)}, {"$set": {"email": email, "email_verified_at": now, "updated_at": now}},
                return_document=ReturnDocument.AFTER, session=self.session)
        except DuplicateKeyError:
            raise Conflict(ADDRESS_TAKEN) from None

    def revoke_other_sessions(self, member_id: str, keep_session_id: str | None, now: datetime) -> list[str]:
        """Revoke the member's open sessions but one; the ids revoked."""
        query = {"member_id": member_id, "revoked_at": None, "_id": {"$ne": keep_session_id}}
        ids = [doc["_id"] for doc in self.sessions.find(query, {"_id": 1}, session=self.session)]
        if ids:
            self.sessions.update_many({"_id": {"$in": ids}}, {"$set": {"revoked_at": now}}, session=self.session)
        return ids

    # --- what a member's erasure and export read ------------------------------------------------

    def sessions_of(self, member_id: str) -> list[dict]:
        return list(self.sessions.find({"member_id": member_id}, session=self.session))

    def memberships_of_member(self, member_id: str) -> list[dict]:
        return list(self.memberships.find({"member_id": member_id}, session=self.session))

    def threads_by(self, member_id: str) -> list[dict]:
        return list(self.threads.find({"author_id": member_id}, session=self.session))

    def posts_by(self, member_id: str) -> list[dict]:
        return list(self.posts.find({"author_id": member_id}, session=self.session))

    def keyed_by_member(self, collection: str, member_id: str) -> list[dict]:
        """Documents keyed `<thing>:<member>[:<more>]` (reads, follows, reactions, reports)."""
        position = {"reads": 1, "follows": 1, "reactions": 1, "reports": 2}[collection]
        pattern = "^" + "[^:]+:" * position + member_id + "(:|$)"
        return list(self.db[collection].find({"_id": {"$regex": pattern}}, session=self.session))

    def successor_in(self, group_id: str, member_id: str) -> dict | None:
        """Who takes a group over from a leaving owner: another owner, else the longest-standing
        moderator, else the longest-standing member."""
        for role in ("owner", "moderator", "member"):
            found = list(self.memberships.find({"group_id": group_id, "state": "member", "role": role,
                                                "member_id": {"$ne": member_id}}, session=self.session)
                         .sort("created_at", ASCENDING).limit(1))
            if found:
                return found[0]
        return None

    def erase(self, member_id: str, deleted_id: str, now: datetime) -> None:
        """Erase what is the member's alone; anonymise what others' discussions need."""
        s = self.session
        for membership in self.memberships_of_member(member_id):
            if membership["state"] == "member":
                self.groups.update_one({"_id": object_id(membership["group_id"])}, {"$inc": {"member_count": -1}},
                                       session=s)
        self.memberships.delete_many({"member_id": member_id}, session=s)
        self.sessions.delete_many({"member_id": member_id}, session=s)
        self.account_mails.delete_many({"member_id": member_id}, session=s)
        for reaction in self.keyed_by_member("reactions", member_id):
            post_id, _, kind = reaction["_id"].split(":")
            self.posts.update_one({"_id": object_id(post_id)}, {"$inc": {f"reactions.{kind}": -1}}, session=s)
        for collection in ("reads", "follows", "reactions", "reports"):
            ids = [doc["_id"] for doc in self.keyed_by_member(collection, member_id)]
            if ids:
                self.db[collection].delete_many({"_id": {"$in": ids}}, session=s)
        anonymous = {"author_id": deleted_id}
        self.threads.update_many({"author_id": member_id}, {"$set": anonymous}, session=s)
        self.posts.update_many({"author_id": member_id}, {"$set": {**anonymous, "history": []}}, session=s)
        self.posts.update_many({"mentions": member_id}, {"$pull": {"mentions": member_id}}, session=s)
        self.items.update_many({"author_id": member_id}, {"$set": anonymous}, session=s)
        self.items.delete_many({"kind": "profile", "target_id": member_id}, session=s)
        self.moderation_log.update_many({"by": member_id}, {"$set": {"by": deleted_id}}, session=s)
        self.moderation_log.update_many({"target_id": member_id}, {"$set": {"target_id": deleted_id}}, session=s)
        self.members.delete_one({"_id": object_id(member_id)}, session=s)

    def archive_group(self, group_id: str, now: datetime) -> None:
        self.groups.update_one({"_id": object_id(group_id)}, {"$set": {"archived_at": now, "list_tags": []}},
                               session=self.session)

    def set_membership_role(self, group_id: str, member_id: str, role: str) -> None:
        self.memberships.update_one({"_id": f"{group_id}:{member_id}"}, {"$set": {"role": role}}, session=self.session)
