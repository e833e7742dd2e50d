"""What e-mail and web push deliveries share: a queue in one collection, claimed one document
at a time, with the log of every attempt, retries with back-off and permanent failures.

A delivery is claimed before it is sent (its `next_attempt_at` moved `CLAIM` ahead in one
atomic update), so two replicas never send the same one; a replica that dies between sending
and recording may let it go once more after the claim (at least once, never lost).
Retries follow domain/mailing.py `RETRY_DELAYS` (1, 5, 15, 60, 180, 360 minutes).
"""
from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta
from typing import Callable

from pymongo import ReturnDocument

from classe12_runtime.clock import utcnow
from classe12_runtime.pagination import list_key

from .domain.mailing import next_attempt

log = logging.getLogger(__name__)

CLAIM = timedelta(seconds=120)


def failure_list_id(delivery_id: str) -> str:
    """A 24-hex id for the admins' list of failures (its cursors carry ids of that form)."""
    return hashlib.sha256(delivery_id.encode()).hexdigest()[:24]


class DeliveryQueue:
    """The deliveries of one channel (`collection`), counted in `counts` {"sent", "retried", "failed"}."""

    def __init__(self, collection, channel: str, clock: Callable[[], datetime] = utcnow):
        self.collection = collection
        self.channel = channel
        self.clock = clock

    def claim(self, limit: int, only: dict | None = None) -> list[dict]:
        """Up to `limit` due deliveries (matching `only` too, when given), each held for CLAIM."""
        now, claimed = self.clock(), []
        while len(claimed) < limit:
            doc = self.collection.find_one_and_update(
                {"status": "pending", "next_attempt_at": {"$lte": now}, **(only or {})},
                {"$set": {"next_attempt_at": now + CLAIM}},
                sort=[("next_attempt_at", 1)], return_document=ReturnDocument.AFTER)
            if doc is None:
                break
            claimed.append(doc)
        return claimed

    def _log(self, outcome: str, detail: str, code: int | None = None) -> dict:
        return {"at": self.clock(), "outcome": outcome, "code": code, "detail": detail[:500]}

    def sent(self, delivery: dict, detail: str, counts: dict, code: int | None = None) -> None:
        now = self.clock()
        self.collection.update_one({"_id": delivery["_id"]}, {
            "$set": {"status": "sent", "sent_at": now}, "$inc": {"attempts": 1},
            "$push": {"log": self._log("sent", detail, code)}})
        counts["sent"] += 1

    def attempt_failed(self, delivery: dict, temporary: bool, detail: str, counts: dict, code: int | None = None,
                       not_before: datetime | None = None) -> None:
        """A temporary failure is retried with back-off (not before `not_before`, e.g. a
        Retry-After); a permanent one, or the last retry, makes the delivery `failed`."""
        attempts = delivery["attempts"] + 1
        retry_at = next_attempt(attempts, self.clock()) if temporary else None
        if retry_at is None:
            self.failed(delivery, "temporary_exhausted" if temporary else "permanent", detail, counts, code)
            return
        if not_before is not None and not_before > retry_at:
            retry_at = not_before
        self.collection.update_one({"_id": delivery["_id"]}, {
            "$set": {"next_attempt_at": retry_at}, "$inc": {"attempts": 1},
            "$push": {"log": self._log("retry", detail, code)}})
        counts["retried"] += 1

    def dropped(self, delivery: dict, detail: str, counts: dict) -> None:
        """Nothing to send any more (e.g. an account e-mail whose link was used meanwhile)."""
        self.collection.update_one({"_id": delivery["_id"]}, {
            "$set": {"status": "dropped", "dropped_at": self.clock()}, "$push": {"log": self._log("dropped", detail)}})
        counts["dropped"] = counts.get("dropped", 0) + 1

    def failed(self, delivery: dict, reason: str, detail: str, counts: dict, code: int | None = None) -> None:
        now = self.clock()
        list_id = failure_list_id(delivery["_id"])
        self.collection.update_one({"_id": delivery["_id"]}, {
            "$set": {"status": "failed", "failed_at": now, "error": reason, "list_id": list_id,
                     "list_key": list_key(now, list_id)},
            "$inc": {"attempts": 1}, "$push": {"log": self._log("failed", detail, code)}})
        counts["failed"] += 1
        log.error(f"{self.channel} delivery failed", extra={"delivery": delivery["_id"], "reason": reason})
