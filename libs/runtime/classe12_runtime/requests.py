"""A write takes effect at most once per request, even when the request comes twice.

Two ways a request comes twice: the broker redelivers it (a connection was cut before the
service acknowledged it: same AMQP correlation id), or the client sends it again after a 503
with the same `Idempotency-Key` header. The unit of work records, in the same transaction as
the write, the outcome under a key: (operation, actor, correlation id) or (operation, actor,
client key); a request that finds its key answers the recorded outcome and writes nothing.
The same client key with other arguments is refused (invalid). Records are kept a day.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from pymongo import ASCENDING

from classe12_contracts.errors import Invalid, from_wire
from classe12_contracts.headers import IDEMPOTENCY_FIELD

COLLECTION = "requests"
KEEP = timedelta(days=1)
KEY_REUSED = Invalid(fields={IDEMPOTENCY_FIELD: ["Cette clé a déjà servi pour une autre demande : "
                                                 "utilisez une nouvelle clé pour une nouvelle demande."]})


@dataclass(frozen=True)
class RequestKey:
    """What makes two deliveries the same request."""

    key: str
    arguments_hash: str
    from_client: bool  # an Idempotency-Key: other arguments under it are an error

    @classmethod
    def of(cls, operation: str, actor_id: str | None, arguments: dict, delivery: str | None,
           client_key: str | None) -> "RequestKey | None":
        if not client_key and not delivery:
            return None
        digest = hashlib.sha256(json.dumps(arguments, sort_keys=True, default=str).encode()).hexdigest()
        if client_key:
            return cls(f"{operation}|{actor_id or ''}|client|{client_key}", digest, True)
        return cls(f"{operation}|{actor_id or ''}|delivery|{delivery}", digest, False)


class RequestLog:
    def __init__(self, db):
        self.collection = db[COLLECTION]

    def ensure_indexes(self) -> None:
        self.collection.create_index([("at", ASCENDING)], name="at")

    def replay(self, request: RequestKey, session=None):
        """(True, outcome) when this request already took effect: its result, or its error raised."""
        record = self.collection.find_one({"_id": request.key}, session=session)
        if record is None:
            return False, None
        if record["arguments_hash"] != request.arguments_hash:
            if request.from_client:
                raise Invalid(KEY_REUSED.message, KEY_REUSED.fields)
            return False, None  # not the same request after all (a reused correlation id)
        if record.get("error"):
            raise from_wire(record["error"])
        return True, record.get("result")

    def record(self, request: RequestKey, result, error: dict | None, now: datetime, session=None) -> None:
        self.collection.replace_one({"_id": request.key}, {
            "_id": request.key, "arguments_hash": request.arguments_hash, "result": result, "error": error,
            "at": now}, upsert=True, session=session)

    def forget_before(self, when: datetime) -> int:
        return self.collection.delete_many({"at": {"$lt": when}}).deleted_count
