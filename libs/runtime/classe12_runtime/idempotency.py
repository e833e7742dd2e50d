"""At-least-once delivery made harmless: remember which envelope each consumer has processed.

Keys are `<consumer>:<envelope id>` where the consumer is its declared name in the contract
(`<service>.<name>`, e.g. `notifications.welcome_new_members`), never a Python function name,
so renaming code never replays history.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

from pymongo.errors import DuplicateKeyError

COLLECTION = "processed_events"


class ProcessedEvents:
    """Dedupe store kept in the consuming service's own database."""

    def __init__(self, db, consumer: str):
        self.collection = db[COLLECTION]
        self.consumer = consumer

    def _key(self, envelope_id: str) -> str:
        return f"{self.consumer}:{envelope_id}"

    def seen(self, envelope_id: str) -> bool:
        return self.collection.count_documents({"_id": self._key(envelope_id)}, limit=1) > 0

    def remember(self, envelope: dict) -> None:
        try:
            self.collection.insert_one({
                "_id": self._key(envelope["id"]), "consumer": self.consumer, "type": envelope["type"],
                "version": envelope.get("version"), "processed_at": datetime.now(timezone.utc)})
        except DuplicateKeyError:
            pass

    def run_once(self, envelope: dict, effect: Callable[[dict], None]) -> bool:
        """Apply effect(envelope) unless already done; returns whether it ran.

        The effect itself must be idempotent too (e.g. upserts on a natural key): a crash
        between the effect and `remember` makes the next delivery apply it again, and two
        concurrent deliveries of the same envelope may both pass the `seen` check.
        """
        if self.seen(envelope["id"]):
            return False
        effect(envelope)
        self.remember(envelope)
        return True
