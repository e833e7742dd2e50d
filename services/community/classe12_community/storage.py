"""Member repository over pymongo (database "community"): members, sessions, sign-in failures."""
from __future__ import annotations

from datetime import datetime, timedelta

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, ReplaceOne, ReturnDocument
from pymongo.errors import DuplicateKeyError

from classe12_contracts.errors import Conflict
from classe12_runtime.mongo import object_id
from classe12_runtime.pagination import list_key

from .storage_accounts import AccountStore


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


class CommunityStore(MemberStore, AccountStore):
    """Members (with their profiles and directory keys), schools, groups, memberships and the
    taxonomy kept from resources' events. Lists are served by one index each:
    an equality (a tag naming the filters, or one name prefix) and a sort key (docs/decisions.md 28)."""

    def __init__(self, db, session=None):
        super().__init__(db, session)
        self.schools = db["schools"]
        self.groups = db["groups"]
        self.memberships = db["memberships"]
        self.taxonomies = db["taxonomy"]
        self.threads = db["threads"]
        self.posts = db["posts"]
        self.reactions = db["reactions"]
        self.reads = db["reads"]
        self.follows = db["follows"]
        self.reports = db["reports"]
        self.items = db["moderation_items"]
        self.moderation_log = db["moderation_log"]
        self.account_mails = db["account_mails"]

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
        self.threads.create_index([("group_id", ASCENDING), ("listed", ASCENDING), ("list_key", DESCENDING)],
                                  name="group_threads")
        self.posts.create_index([("thread_id", ASCENDING), ("list_key", ASCENDING)], name="thread_posts")
        self.posts.create_index([("author_id", ASCENDING), ("created_at", DESCENDING)], name="author_posts")
        self.follows.create_index([("thread_id", ASCENDING)], name="thread_followers")
        self.follows.create_index([("member_id", ASCENDING), ("list_key", DESCENDING)], name="member_follows")
        self.items.create_index([("queues", ASCENDING), ("list_key", DESCENDING)], name="moderation_queues")
        self.moderation_log.create_index([("target_id", ASCENDING), ("at", DESCENDING)], name="log_by_target")
        self.moderation_log.create_index([("log_keys", ASCENDING), ("list_key", DESCENDING)], name="log_pages")
        self.ensure_account_indexes()

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

    # --- discussions (docs/decisions.md 29) -----------------------------------------------------

    def get_thread(self, thread_id: str) -> dict | None:
        oid = object_id(thread_id)
        return self.threads.find_one({"_id": oid}, session=self.session) if oid else None

    def get_post(self, post_id: str) -> dict | None:
        oid = object_id(post_id)
        return self.posts.find_one({"_id": oid}, session=self.session) if oid else None

    def posts_by_ids(self, post_ids) -> dict:
        oids = [oid for oid in (object_id(p) for p in post_ids) if oid is not None]
        if not oids:
            return {}
        return {str(doc["_id"]): doc for doc in self.posts.find({"_id": {"$in": oids}}, session=self.session)}

    def insert_thread(self, doc: dict) -> None:
        self.threads.insert_one(doc, session=self.session)

    def insert_post(self, doc: dict) -> None:
        self.posts.insert_one(doc, session=self.session)

    def update_thread(self, thread_id: str, changes: dict) -> dict | None:
        return self.threads.find_one_and_update({"_id": object_id(thread_id)}, {"$set": changes},
                                                return_document=ReturnDocument.AFTER, session=self.session)

    def update_post(self, post_id: str, changes: dict) -> dict | None:
        return self.posts.find_one_and_update({"_id": object_id(post_id)}, {"$set": changes},
                                              return_document=ReturnDocument.AFTER, session=self.session)

    def thread_activity(self, thread_id: str, delta: int, now: datetime | None, key: str | None) -> dict | None:
        """Count one visible reply more (or less); with `now`, the thread's latest activity."""
        update: dict = {"$inc": {"reply_count": delta}}
        if now is not None:
            update["$set"] = {"last_activity_at": now, "list_key": key}
        return self.threads.find_one_and_update({"_id": object_id(thread_id)}, update,
                                                return_document=ReturnDocument.AFTER, session=self.session)

    def list_threads(self, group_id: str, before: str | None, limit: int) -> list[dict]:
        query: dict = {"group_id": group_id, "listed": True}
        if before is not None:
            query["list_key"] = {"$lt": before}
        return list(self.threads.find(query, session=self.session).sort("list_key", DESCENDING).limit(limit))

    def list_replies(self, thread_id: str, after: str | None, limit: int) -> list[dict]:
        query: dict = {"thread_id": thread_id, "opening": False}
        if after is not None:
            query["list_key"] = {"$gt": after}
        return list(self.posts.find(query, session=self.session).sort("list_key", ASCENDING).limit(limit))

    def recent_posts(self, author_id: str, since: datetime) -> list[dict]:
        return list(self.posts.find({"author_id": author_id, "created_at": {"$gte": since}},
                                    {"created_at": 1, "body_hash": 1}, session=self.session)
                    .sort("created_at", DESCENDING).limit(200))

    def memberships_of_group(self, group_id: str, member_ids) -> set[str]:
        ids = [f"{group_id}:{m}" for m in member_ids]
        return {doc["member_id"] for doc in self.memberships.find({"_id": {"$in": ids}, "state": "member"},
                                                                   {"member_id": 1}, session=self.session)}

    def mark_read(self, thread_id: str, member_id: str, read_count: int, now: datetime) -> None:
        self.reads.update_one({"_id": f"{thread_id}:{member_id}"},
                              {"$set": {"read_count": read_count, "read_at": now}}, upsert=True, session=self.session)

    def reads_of(self, member_id: str, thread_ids) -> dict:
        ids = [f"{t}:{member_id}" for t in thread_ids]
        return {doc["_id"].split(":")[0]: doc for doc in self.reads.find({"_id": {"$in": ids}}, session=self.session)}

    def set_follow(self, thread_id: str, member_id: str, follow: bool, now: datetime) -> None:
        key = f"{thread_id}:{member_id}"
        if follow:
            self.follows.update_one({"_id": key}, {"$setOnInsert": {"thread_id": thread_id, "member_id": member_id,
                                                                    "created_at": now,
                                                                    "list_key": list_key(now, thread_id)}},
                                    upsert=True, session=self.session)
        else:
            self.follows.delete_one({"_id": key}, session=self.session)

    def my_follows(self, member_id: str, before: str | None, limit: int) -> list[dict]:
        """The member's follows, latest first (index member_follows)."""
        query: dict = {"member_id": member_id}
        if before is not None:
            query["list_key"] = {"$lt": before}
        return list(self.follows.find(query, session=self.session).sort("list_key", DESCENDING).limit(limit))

    def threads_by_ids(self, thread_ids) -> dict:
        oids = [oid for oid in (object_id(t) for t in thread_ids) if oid is not None]
        if not oids:
            return {}
        return {str(doc["_id"]): doc for doc in self.threads.find({"_id": {"$in": oids}}, session=self.session)}

    def follows_of(self, member_id: str, thread_ids) -> set[str]:
        ids = [f"{t}:{member_id}" for t in thread_ids]
        return {doc["thread_id"] for doc in self.follows.find({"_id": {"$in": ids}}, session=self.session)}

    def set_reaction(self, post_id: str, member_id: str, reaction: str, active: bool, now: datetime) -> bool:
        """True when it changed something (a reaction given twice counts once)."""
        key = f"{post_id}:{member_id}:{reaction}"
        if not active:
            return self.reactions.delete_one({"_id": key}, session=self.session).deleted_count == 1
        if self.reactions.find_one({"_id": key}, {"_id": 1}, session=self.session) is not None:
            return False
        self.reactions.insert_one({"_id": key, "at": now}, session=self.session)
        return True

    def add_reaction_count(self, post_id: str, reaction: str, delta: int) -> dict | None:
        return self.posts.find_one_and_update({"_id": object_id(post_id)}, {"$inc": {f"reactions.{reaction}": delta}},
                                              return_document=ReturnDocument.AFTER, session=self.session)

    def my_reactions(self, member_id: str, post_ids) -> set[str]:
        if not member_id:
            return set()
        ids = [f"{p}:{member_id}:{r}" for p in post_ids for r in ("merci", "utile", "bravo")]
        return {doc["_id"] for doc in self.reactions.find({"_id": {"$in": ids}}, {"_id": 1}, session=self.session)}

    # --- moderation -----------------------------------------------------------------------------

    def audit(self, record: dict) -> None:
        """One moderation action, listed in the platform's log and its group's (`log_keys`)."""
        oid = ObjectId()
        self.moderation_log.insert_one(dict(record, _id=oid, **log_listing(record, oid)), session=self.session)

    def moderation_log_page(self, key: str, before: str | None, limit: int) -> list[dict]:
        query: dict = {"log_keys": key}
        if before is not None:
            query["list_key"] = {"$lt": before}
        return list(self.moderation_log.find(query, session=self.session).sort("list_key", DESCENDING).limit(limit))

    def add_report(self, kind: str, target_id: str, member_id: str, reason: str, details, now: datetime) -> bool:
        """False when this member has already reported this content."""
        key = f"{kind}:{target_id}:{member_id}"
        if self.reports.find_one({"_id": key}, {"_id": 1}, session=self.session) is not None:
            return False
        self.reports.insert_one({"_id": key, "reason": reason, "details": details, "at": now}, session=self.session)
        return True

    def get_item(self, kind: str, target_id: str) -> dict | None:
        return self.items.find_one({"_id": f"{kind}:{target_id}"}, session=self.session)

    def _open_item(self, kind: str, target_id: str, group_id, thread_id, author_id, now: datetime,
                   update: dict) -> None:
        key = f"{kind}:{target_id}"
        update = dict(update)
        update.setdefault("$set", {}).update({
            "state": "open", "queues": [q for q in ("open", f"open|g:{group_id}" if group_id else None) if q],
            "updated_at": now, "list_key": list_key_of(now, key)})
        update["$setOnInsert"] = {"kind": kind, "target_id": target_id, "group_id": group_id, "thread_id": thread_id,
                                  "author_id": author_id, "created_at": now}
        self.items.update_one({"_id": key}, update, upsert=True, session=self.session)

    def put_item_report(self, kind: str, target_id: str, group_id, thread_id, author_id, report: dict,
                        now: datetime) -> None:
        self._open_item(kind, target_id, group_id, thread_id, author_id, now,
                        {"$inc": {"report_count": 1}, "$push": {"reports": {"$each": [report], "$slice": -20}}})

    def hold_for_moderation(self, kind: str, target_id: str, group_id, author_id, reason: str, now: datetime) -> None:
        post = self.get_post(target_id)
        self._open_item(kind, target_id, group_id, post["thread_id"] if post else None, author_id, now,
                        {"$set": {"automatic_reason": reason}})

    def resolve_item(self, kind: str, target_id: str, group_id, thread_id, author_id, decision: dict,
                     now: datetime) -> None:
        key = f"{kind}:{target_id}"
        self.items.update_one({"_id": key}, {
            "$set": {"state": "resolved", "decision": decision, "updated_at": now, "list_key": list_key_of(now, key),
                     "queues": [q for q in ("resolved", f"resolved|g:{group_id}" if group_id else None) if q]},
            "$setOnInsert": {"kind": kind, "target_id": target_id, "group_id": group_id, "thread_id": thread_id,
                             "author_id": author_id, "created_at": now, "report_count": 0}},
            upsert=True, session=self.session)

    def moderation_queue(self, queue: str, before: str | None, limit: int) -> list[dict]:
        query: dict = {"queues": queue}
        if before is not None:
            query["list_key"] = {"$lt": before}
        return list(self.items.find(query, session=self.session).sort("list_key", DESCENDING).limit(limit))


def log_listing(record: dict, oid) -> dict:
    """Where a moderation log record is listed: the platform's log, and its group's."""
    keys = ["all"] + ([f"g:{record['group_id']}"] if record.get("group_id") else [])
    return {"log_keys": keys, "list_key": list_key(record["at"], str(oid))}


def list_key_of(when: datetime, key: str) -> str:
    return list_key(when, key)
