"""Data migrations of the community database, applied in order at start (runtime.migrations).

1. Addresses were stored stripped and lowercased only; they are now normalised (NFKC, IDNA
   domain), so that `a@école.fr` and `a@xn--cole-9oa.fr` are one account. An address whose
   normalised form another account already has is left as it was (and logged): an admin
   decides which account keeps it.
2. Profiles and the member directory: every member gets its directory keys (`dir_tags`,
   `name_prefixes`, `sort_key`), computed from what it shows to every member.
3. The moderation log is listed (`list_moderation_log`): every record gets `log_keys` ("all",
   "g:<group>") and `list_key`.
4. Followed threads are listed (`list_followed_threads`): every follow gets `list_key` (when it
   started, the thread's id).
"""
from __future__ import annotations

import logging

from pymongo.errors import DuplicateKeyError

from classe12_contracts.errors import Invalid
from classe12_runtime.migrations import Migration
from classe12_runtime.pagination import list_key

from .domain.emails import normalise_email
from .domain.profiles import directory_fields
from .storage import log_listing

log = logging.getLogger(__name__)


def normalise_addresses(db) -> None:
    for member in db.members.find({}, {"email": 1}):
        try:
            normalised = normalise_email(member["email"])
        except Invalid:
            log.warning("address left as it is: not a valid address", extra={"member_id": str(member["_id"])})
            continue
        if normalised == member["email"]:
            continue
        try:
            db.members.update_one({"_id": member["_id"]}, {"$set": {"email": normalised}})
        except DuplicateKeyError:
            log.warning("address left as it is: another account has its normalised form",
                        extra={"member_id": str(member["_id"])})


def index_members(db) -> None:
    for member in db.members.find({}, {"display_name": 1, "roles": 1, "levels": 1, "school": 1,
                                        "departement": 1, "visibility": 1}):
        db.members.update_one({"_id": member["_id"]}, {"$set": directory_fields(member)})


def list_follows(db) -> None:
    for follow in db.follows.find({"list_key": {"$exists": False}}):
        db.follows.update_one({"_id": follow["_id"]},
                              {"$set": {"list_key": list_key(follow["created_at"], follow["thread_id"])}})


def list_moderation_log(db) -> None:
    for record in db.moderation_log.find({"list_key": {"$exists": False}}):
        db.moderation_log.update_one({"_id": record["_id"]}, {"$set": log_listing(record, record["_id"])})


MIGRATIONS = (Migration(1, "e-mail addresses normalised (NFKC, IDNA domains)", normalise_addresses),
              Migration(2, "directory keys of every member (profiles, member directory)", index_members),
              Migration(3, "the moderation log listed by group and for the platform (log_keys, list_key)",
                        list_moderation_log),
              Migration(4, "the follows of threads listed by member (list_key)", list_follows))
