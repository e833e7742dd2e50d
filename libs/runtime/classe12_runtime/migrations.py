"""Versioned, idempotent data migrations of one service's database, run at start.

A service lists its migrations in order (`Migration(version, description, apply)`); at start
the runtime applies, under a lease, those whose version is not yet recorded in the
`migrations` collection. Each `apply(db)` must be idempotent: a replica that dies half-way
leaves the version unrecorded, and the next start runs it again from the beginning.
`backfill` and `drop_indexes` are the usual steps of such a migration.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from pymongo import UpdateOne
from pymongo.errors import OperationFailure

from .lease import Lease

log = logging.getLogger(__name__)

COLLECTION = "migrations"


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable


def applied_versions(db) -> set[int]:
    return {doc["_id"] for doc in db[COLLECTION].find({}, {"_id": 1})}


def migrate(db, migrations, lease_ttl: float = 600) -> list[int]:
    """Apply what is missing, in version order; returns the versions applied by this call.

    Returns [] without waiting when another replica is migrating (it holds the lease).
    """
    versions = [m.version for m in migrations]
    if versions != sorted(set(versions)):
        raise ValueError("migration versions must be unique and in increasing order")
    pending = [m for m in migrations if m.version not in applied_versions(db)]
    if not pending:
        return []
    lease = Lease(db, "migrations", lease_ttl)
    if not lease.acquire():
        return []
    done = []
    try:
        for migration in migrations:
            if migration.version in applied_versions(db):
                continue
            log.info("applying migration", extra={"version": migration.version, "description": migration.description})
            migration.apply(db)
            db[COLLECTION].insert_one({"_id": migration.version, "description": migration.description,
                                       "applied_at": datetime.now(timezone.utc)})
            done.append(migration.version)
    finally:
        lease.release()
    return done


#: IndexNotFound, NamespaceNotFound: nothing to drop
NOTHING_TO_DROP = (27, 26)


def backfill(collection, missing: dict, fields_of: Callable[[dict], dict], projection=None,
             batch_size: int = 500) -> int:
    """Set `fields_of(doc)` on every document matching `missing`, in batches; returns how many.

    Idempotent when `missing` no longer matches a document once its fields are set (e.g.
    `{"list_key": {"$exists": False}}`): a run interrupted half-way resumes where it stopped.
    """
    updated, batch = 0, []
    with collection.find(missing, projection, batch_size=batch_size) as cursor:
        for doc in cursor:
            batch.append(UpdateOne({"_id": doc["_id"], **missing}, {"$set": fields_of(doc)}))
            if len(batch) >= batch_size:
                updated += collection.bulk_write(batch, ordered=False).modified_count
                batch = []
    if batch:
        updated += collection.bulk_write(batch, ordered=False).modified_count
    return updated


def drop_indexes(collection, *names: str) -> None:
    """Drop indexes a previous release created, if they (and their collection) are still there."""
    for name in names:
        try:
            collection.drop_index(name)
        except OperationFailure as exc:
            if exc.code not in NOTHING_TO_DROP:
                raise
