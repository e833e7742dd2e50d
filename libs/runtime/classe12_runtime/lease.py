"""Work that one replica at a time must do, and work that must run once per period.

A `Lease` is a document in the service's own database (`leases`): whoever holds an unexpired
lease does the work; a replica that dies stops renewing and another takes over after `ttl`.
`once_per_period` records each completed (job, period) in `periodic_runs`, so a purge or a
digest runs once per period however many replicas there are and however often they try.
"""
from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta, timezone
from typing import Callable

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

LEASES = "leases"
PERIODIC_RUNS = "periodic_runs"


def holder_id() -> str:
    """This process, as leases name it (host, pid and a random part)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Lease:
    def __init__(self, db, name: str, ttl: float, holder: str | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.collection = db[LEASES]
        self.name = name
        self.ttl = timedelta(seconds=ttl)
        self.holder = holder or holder_id()
        self.clock = clock

    def acquire(self) -> bool:
        """Take the lease if it is free or expired, or renew it if we hold it."""
        now = self.clock()
        taken = self.collection.find_one_and_update(
            {"_id": self.name, "$or": [{"holder": self.holder}, {"expires_at": {"$lt": now}}]},
            {"$set": {"holder": self.holder, "expires_at": now + self.ttl, "renewed_at": now}},
            return_document=ReturnDocument.AFTER)
        if taken is not None:
            return True
        try:
            self.collection.insert_one({"_id": self.name, "holder": self.holder,
                                        "expires_at": now + self.ttl, "renewed_at": now})
            return True
        except DuplicateKeyError:
            return False  # somebody else holds it

    def release(self) -> None:
        self.collection.delete_one({"_id": self.name, "holder": self.holder})


def once_per_period(db, job: str, period: str, work: Callable[[], object], ttl: float = 300,
                    holder: str | None = None) -> bool:
    """Run `work()` once for (job, period), e.g. ("digest-daily", "2026-12-01"), across replicas.

    Returns True when this call ran it. A run that fails is not recorded, so a later call
    retries it; a replica that dies mid-run lets another take over when its lease expires.
    """
    runs = db[PERIODIC_RUNS]
    key = f"{job}:{period}"
    if runs.count_documents({"_id": key}, limit=1):
        return False
    lease = Lease(db, f"periodic:{job}", ttl, holder)
    if not lease.acquire():
        return False
    try:
        if runs.count_documents({"_id": key}, limit=1):
            return False
        work()
        runs.insert_one({"_id": key, "job": job, "period": period, "done_at": datetime.now(timezone.utc),
                         "by": lease.holder})
        return True
    finally:
        lease.release()
