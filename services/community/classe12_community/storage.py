"""Member repository over pymongo (database "community"): members, sessions, sign-in failures."""
from __future__ import annotations

from datetime import datetime, timedelta

from bson import ObjectId
from pymongo import ASCENDING, ReplaceOne, ReturnDocument
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


class CommunityStore(MemberStore):
    """Members (with their profiles and directory keys), schools, groups, memberships and the
    taxonomy kept from resources' events. Lists are served by one index each:
    an equality (a tag naming the filters, or one name prefix) and a sort key (docs/decisions.md 28)."""

    def __init__(self, db, session=None):
        super().__init__(db, session)
        self.schools = db["schools"]
        self.groups = db["groups"]
        self.memberships = db["memberships"]
        self.taxonomies = db["taxonomy"]

    def ensure_indexes(self) -> None:
        super().ensure_indexes()
        self.members.create_index([("dir_tags", ASCENDING), ("sort_key", ASCENDING)], name="directory")
        self.members.create_index([("name_prefixes", ASCENDING), ("sort_key", ASCENDING)], name="directory_by_name")
        self.members.create_index([("school_uai", ASCENDING)], name="school")
        self.schools.create_index([("tags", ASCENDING), ("sort_key", ASCENDING)], name="schools")
        self.schools.create_index([("name_prefixes", ASCENDING), ("sort_key", ASCENDING)], name="schools_by_name")
        self.groups.create_index([("key", ASCENDING)], unique=True, name="group_key")
        self.groups.create_index([("list_tags", ASCENDING), ("sort_key", ASCENDING)], name="groups")
        self.memberships.create_index([("member_id", ASCENDING), ("list_key", ASCENDING)], name="member_groups")
        self.memberships.create_index([("group_id", ASCENDING), ("state", ASCENDING), ("group_list_key", ASCENDING)],
                                      name="group_members")

    # --- members: profile and directory --------------------------------------------------------

    def update_member(self, member_id: str, changes: dict) -> dict | None:
        oid = object_id(member_id)
        if oid is None:
            return None
        return self.members.find_one_and_update({"_id": oid}, {"$set": changes}, return_document=ReturnDocument.AFTER,
                                                session=self.session)

    def get_members(self, member_ids) -> dict:
        oids = [oid for oid in (object_id(m) for m in member_ids) if oid is not None]
        return {str(doc["_id"]): doc for doc in self.members.find({"_id": {"$in": oids}}, session=self.session)}

    def search_members(self, tag: str, name_words: list[str], after: str | None, limit: int) -> list[dict]:
        """Members by sort key, on one index: the tag (filters) or, with a name, its longest word's
        prefix (the other words and the tag are checked on the documents the index gives)."""
        query: dict = {}
        if name_words:
            query["name_prefixes"] = name_words[0] if len(name_words) == 1 else {"$all": name_words}
            if tag != "all":
                query["dir_tags"] = tag
        else:
            query["dir_tags"] = tag
        if after is not None:
            query["sort_key"] = {"$gt": after}
        return list(self.members.find(query, session=self.session).sort("sort_key", ASCENDING).limit(limit))

    def members_of_school(self, uai: str) -> list[dict]:
        return list(self.members.find({"school_uai": uai}, session=self.session))

    # --- schools --------------------------------------------------------------------------------

    def get_school(self, uai: str) -> dict | None:
        return self.schools.find_one({"_id": uai}, session=self.session)

    def search_schools(self, tag: str, name_words: list[str], after: str | None, limit: int) -> list[dict]:
        query: dict = {}
        if name_words:
            query["name_prefixes"] = name_words[0] if len(name_words) == 1 else {"$all": name_words}
            if tag != "all":
                query["tags"] = tag
        else:
            query["tags"] = tag
        if after is not None:
            query["sort_key"] = {"$gt": after}
        return list(self.schools.find(query, session=self.session).sort("sort_key", ASCENDING).limit(limit))

    def put_school(self, doc: dict, keep_existing: bool = False) -> str:
        """Insert or replace a school (by UAI): "created", "updated" or "unchanged".
        `keep_existing`: never replace one that exists (seed data)."""
        current = self.schools.find_one({"_id": doc["_id"]}, session=self.session)
        if current is None:
            try:
                self.schools.insert_one(doc, session=self.session)
            except DuplicateKeyError:
                return "unchanged"
            return "created"
        if keep_existing or all(current.get(k) == v for k, v in doc.items() if k != "updated_at"):
            return "unchanged"
        self.schools.replace_one({"_id": doc["_id"]}, doc, session=self.session)
        return "updated"

    # --- groups ---------------------------------------------------------------------------------

    def get_group(self, group_id: str) -> dict | None:
        oid = object_id(group_id)
        return self.groups.find_one({"_id": oid}, session=self.session) if oid else None

    def groups_by_ids(self, group_ids) -> dict:
        oids = [oid for oid in (object_id(g) for g in group_ids) if oid is not None]
        return {str(doc["_id"]): doc for doc in self.groups.find({"_id": {"$in": oids}}, session=self.session)}

    def groups_by_keys(self, keys: list[str]) -> list[dict]:
        return list(self.groups.find({"key": {"$in": keys}}, session=self.session))

    def ensure_group(self, doc: dict) -> None:
        """Create the group of `doc["key"]` unless it exists (what exists is kept)."""
        self.groups.update_one({"key": doc["key"]}, {"$setOnInsert": doc}, upsert=True, session=self.session)

    def list_groups(self, tag: str, after: str | None, limit: int) -> list[dict]:
        query: dict = {"list_tags": tag}
        if after is not None:
            query["sort_key"] = {"$gt": after}
        return list(self.groups.find(query, session=self.session).sort("sort_key", ASCENDING).limit(limit))

    def add_to_member_count(self, group_id: str, delta: int) -> None:
        self.groups.update_one({"_id": object_id(group_id)}, {"$inc": {"member_count": delta}}, session=self.session)

    # --- memberships ----------------------------------------------------------------------------

    def membership(self, group_id: str, member_id: str) -> dict | None:
        return self.memberships.find_one({"_id": f"{group_id}:{member_id}"}, session=self.session)

    def memberships_of(self, member_id: str, group_ids) -> dict:
        ids = [f"{g}:{member_id}" for g in group_ids]
        return {doc["group_id"]: doc for doc in self.memberships.find({"_id": {"$in": ids}}, session=self.session)}

    def put_membership(self, doc: dict) -> None:
        self.memberships.replace_one({"_id": doc["_id"]}, doc, upsert=True, session=self.session)

    def delete_membership(self, group_id: str, member_id: str) -> None:
        self.memberships.delete_one({"_id": f"{group_id}:{member_id}"}, session=self.session)

    def count_owners(self, group_id: str) -> int:
        return self.memberships.count_documents({"group_id": group_id, "state": "member", "role": "owner"},
                                                session=self.session)

    def my_memberships(self, member_id: str, before: str | None, limit: int) -> list[dict]:
        query: dict = {"member_id": member_id}
        if before is not None:
            query["list_key"] = {"$lt": before}
        return list(self.memberships.find(query, session=self.session).sort("list_key", -1).limit(limit))

    def group_memberships(self, group_id: str, state: str, before: str | None, limit: int) -> list[dict]:
        query: dict = {"group_id": group_id, "state": state}
        if before is not None:
            query["group_list_key"] = {"$lt": before}
        return list(self.memberships.find(query, session=self.session).sort("group_list_key", -1).limit(limit))

    def group_ids_of(self, member_id: str) -> list[str]:
        """The groups a member belongs to (state member): a member is in a few dozen at most."""
        return [doc["group_id"] for doc in self.memberships.find({"member_id": member_id, "state": "member"},
                                                                 {"group_id": 1}, session=self.session)]

    def members_sharing_a_group(self, member_id: str, others) -> set[str]:
        """Which of `others` share a group (as members) with `member_id`."""
        mine = self.group_ids_of(member_id)
        if not mine or not others:
            return set()
        ids = [f"{g}:{o}" for g in mine for o in others]
        return {doc["member_id"] for doc in self.memberships.find({"_id": {"$in": ids}, "state": "member"},
                                                                   {"member_id": 1}, session=self.session)}

    # --- the taxonomy kept from resources.taxonomy_published ------------------------------------

    def taxonomy(self) -> dict | None:
        return self.taxonomies.find_one({"_id": "current"}, session=self.session)

    def keep_taxonomy(self, version: int, domains: list[dict], now: datetime) -> bool:
        """Keep this version unless a newer one is kept already; True when it was kept."""
        subdomains = {s["slug"]: s["label"] for d in domains for s in d.get("subdomains") or []}
        try:
            result = self.taxonomies.update_one(
                {"_id": "current", "version": {"$lte": version}},
                {"$set": {"version": version, "domains": domains, "subdomains": subdomains, "received_at": now}},
                upsert=True, session=self.session)
        except DuplicateKeyError:  # a newer version is kept
            return False
        return result.matched_count == 1 or result.upserted_id is not None

    def put_schools(self, docs: list[dict]) -> dict:
        """Insert or replace a batch of schools by UAI (one read, one bulk write):
        {"created": n, "updated": n, "unchanged": n, "changed": [the documents of those updated]}."""
        current = {doc["_id"]: doc for doc in self.schools.find({"_id": {"$in": [d["_id"] for d in docs]}},
                                                              session=self.session)}
        counts = {"created": 0, "updated": 0, "unchanged": 0, "changed": []}
        writes = []
        for doc in docs:
            before = current.get(doc["_id"])
            if before is not None and all(before.get(k) == v for k, v in doc.items() if k != "updated_at"):
                counts["unchanged"] += 1
                continue
            counts["updated" if before is not None else "created"] += 1
            if before is not None:
                counts["changed"].append(doc)
            writes.append(ReplaceOne({"_id": doc["_id"]}, doc, upsert=True))
        if writes:
            self.schools.bulk_write(writes, ordered=False, session=self.session)
        return counts
