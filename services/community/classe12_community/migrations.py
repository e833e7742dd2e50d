"""Data migrations of the community database, applied in order at start (runtime.migrations).

1. Addresses were stored stripped and lowercased only; they are now normalised (NFKC, IDNA
   domain), so that `a@école.fr` and `a@xn--cole-9oa.fr` are one account. An address whose
   normalised form another account already has is left as it was (and logged): an admin
   decides which account keeps it.
"""
from __future__ import annotations

import logging

from pymongo.errors import DuplicateKeyError

from classe12_contracts.errors import Invalid
from classe12_runtime.migrations import Migration

from .domain.emails import normalise_email

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


MIGRATIONS = (Migration(1, "e-mail addresses normalised (NFKC, IDNA domains)", normalise_addresses),)
