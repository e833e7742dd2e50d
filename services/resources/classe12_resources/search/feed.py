"""The change feed: every change of a resource, numbered, in the transaction that makes it.

Collections of the resources database:

- `search_feed_head`: one document `{_id: "head", seq}`, the number of the last change;
- `search_feed`: `{_id: seq, resource_id, at}`, one per change, kept a day (`trim`).

`record_change` increments the head and inserts the entry in the writer's transaction. Two
transactions that both increment the head conflict: MongoDB (and SecantusDB) aborts the second
with a TransientTransactionError and `with_transaction` runs it again after the first has
committed. So numbers are given in commit order, without gaps (an aborted transaction gives its
number back): when a reader sees head = N, changes 1..N are all committed and readable. A
reader that has applied changes up to `seen` reads the head, then the entries (seen, head]; if
some are missing they were trimmed, and it must reload everything.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import CollectionInvalid, DuplicateKeyError

from classe12_runtime.mongo import run_in_transaction

FEED, HEAD = "search_feed", "search_feed_head"
HEAD_ID = "head"
#: how long entries are kept: a replica further behind than this reloads everything
KEEP = timedelta(days=1)


def ensure_feed(db) -> None:
    """Collections, the head document and the index `trim` uses (idempotent, at start)."""
    for name in (FEED, HEAD):
        try:
            db.create_collection(name)
        except CollectionInvalid:
            pass  # exists
    try:
        db[HEAD].insert_one({"_id": HEAD_ID, "seq": 0})
    except DuplicateKeyError:
        pass
    db[FEED].create_index([("at", ASCENDING)], name="at")


def record_change(db, session, resource_id: str) -> None:
    """Record that `resource_id` changed, in `session`'s transaction (or in one of its own)."""
    def write(in_transaction):
        head = db[HEAD].find_one_and_update({"_id": HEAD_ID}, {"$inc": {"seq": 1}}, upsert=True,
                                            return_document=ReturnDocument.AFTER, session=in_transaction)
        db[FEED].insert_one({"_id": head["seq"], "resource_id": str(resource_id), "at": datetime.now(timezone.utc)},
                            session=in_transaction)

    if session is None:
        run_in_transaction(db, write)
    elif not session.in_transaction:
        session.with_transaction(write)
    else:
        write(session)


def head(db) -> int:
    """The number of the last recorded change (0: none)."""
    doc = db[HEAD].find_one({"_id": HEAD_ID})
    return int(doc["seq"]) if doc else 0


def changes(db, after: int, upto: int) -> list[tuple[int, str]] | None:
    """[(seq, resource_id)] of changes after..upto, in order; None when some were trimmed."""
    entries = [(int(doc["_id"]), doc["resource_id"]) for doc in
               db[FEED].find({"_id": {"$gt": after, "$lte": upto}}, {"resource_id": 1}).sort("_id", ASCENDING)]
    if len(entries) != upto - after:
        return None
    return entries


def trim(db, now: datetime | None = None) -> int:
    """Forget entries older than KEEP; the number forgotten."""
    before = (now or datetime.now(timezone.utc)) - KEEP
    return db[FEED].delete_many({"at": {"$lt": before}}).deleted_count
