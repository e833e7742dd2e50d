"""Transactional outbox: an event is stored in the same transaction as the write it belongs to,
then relayed to RabbitMQ with publisher confirms. Nothing is lost if the broker is down at
write time or the process dies just after the write: pending entries are relayed later.

Two paths relay: right after a commit, the writing process publishes the events it just
wrote (`publish_now`); and one replica at a time, holding the lease `outbox-relay`, sweeps
whatever is still pending every second (`sweep`). Both may publish the same entry in a race;
delivery is at least once and consumers deduplicate.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone

import kombu
from pymongo import ASCENDING

from classe12_contracts.envelope import exchange_of, routing_key_of

from .lease import Lease
from .outage import DATABASE

log = logging.getLogger(__name__)

COLLECTION = "outbox"
RELAY_LEASE = "outbox-relay"


class Outbox:
    def __init__(self, db):
        self.collection = db[COLLECTION]

    def ensure_indexes(self) -> None:
        self.collection.create_index([("published_at", ASCENDING), ("created_at", ASCENDING)])

    def add(self, envelope: dict, session=None) -> None:
        self.collection.insert_one(
            {"_id": envelope["id"], "envelope": envelope, "created_at": datetime.now(timezone.utc),
             "published_at": None, "attempts": 0},
            session=session,
        )

    def pending(self, limit: int = 100, ids: list[str] | None = None) -> list[dict]:
        query: dict = {"published_at": None}
        if ids is not None:
            query["_id"] = {"$in": list(ids)}
        cursor = self.collection.find(query).sort("created_at", ASCENDING).limit(limit)
        return [doc["envelope"] for doc in cursor]

    def mark_published(self, envelope_id: str) -> None:
        self.collection.update_one({"_id": envelope_id, "published_at": None},
                                   {"$set": {"published_at": datetime.now(timezone.utc)}})

    def mark_failed(self, envelope_id: str) -> None:
        self.collection.update_one({"_id": envelope_id}, {"$inc": {"attempts": 1}})


def event_exchange(name: str) -> kombu.Exchange:
    # Same declaration as nameko's get_event_exchange, so both sides agree.
    return kombu.Exchange(name, type="topic", durable=True, auto_delete=False, delivery_mode=2)


class EventPublisher:
    """Publishes envelopes with publisher confirms over one kept-open connection.

    `transient=True`: neither persistent nor confirmed, for signals whose loss the receivers
    tolerate (live updates): thousands a second instead of one round trip each."""

    def __init__(self, amqp_uri: str, timeout: float = 5.0, transient: bool = False):
        self.amqp_uri = amqp_uri
        self.timeout = timeout
        self.transient = transient
        self._connection: kombu.Connection | None = None
        self._producer: kombu.Producer | None = None

    def _ensure_producer(self) -> kombu.Producer:
        if self._producer is None:
            self._connection = kombu.Connection(
                self.amqp_uri, connect_timeout=self.timeout,
                transport_options={"confirm_publish": not self.transient})
            self._connection.connect()
            self._producer = kombu.Producer(self._connection.channel())
        return self._producer

    def publish(self, envelope: dict) -> None:
        exchange = event_exchange(exchange_of(envelope["type"]))
        producer = self._ensure_producer()
        try:
            producer.publish(
                envelope,
                exchange=exchange,
                declare=[exchange],
                routing_key=routing_key_of(envelope["type"]),
                serializer="json",
                delivery_mode=1 if self.transient else 2,
                message_id=envelope["id"],
                headers={"nameko.request_id": envelope.get("request_id") or "",
                         "classe12.event_version": envelope["version"]},
                retry=False,
                timeout=self.timeout,
            )
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.release()
            except Exception:  # the connection is already gone
                pass
        self._connection = None
        self._producer = None


class OutboxRelay:
    """Moves pending outbox entries to the broker, oldest first; safe to call often."""

    def __init__(self, outbox: Outbox, publisher: EventPublisher, lease: Lease | None = None):
        self.outbox = outbox
        self.publisher = publisher
        self.lease = lease
        self._lock = threading.Lock()

    def publish_now(self, envelope_ids: list[str]) -> int:
        """Right after a commit: publish these entries (never raises; the sweep retries)."""
        return self._relay(ids=envelope_ids)

    def sweep(self, limit: int = 100) -> int:
        """What is still pending, if this replica holds the relay lease (never raises)."""
        try:
            if self.lease is not None and not self.lease.acquire():
                return 0
        except Exception as exc:  # database unreachable: try again at the next tick
            DATABASE.down(exc, where="outbox relay")
            return 0
        return self._relay(limit=limit)

    def flush(self, limit: int = 100) -> int:
        """Everything pending, lease or not (tests, shutdown)."""
        return self._relay(limit=limit)

    def _relay(self, limit: int = 100, ids: list[str] | None = None) -> int:
        # wait for a relay already running in this process: when it finishes, what this
        # caller just committed is published now rather than at the next sweep
        if not self._lock.acquire(timeout=self.publisher.timeout * 2):
            return 0
        sent = 0
        try:
            for envelope in self.outbox.pending(limit, ids):
                try:
                    self.publisher.publish(envelope)
                except Exception as exc:
                    self.outbox.mark_failed(envelope["id"])
                    log.warning("event relay failed, will retry", extra={
                        "event_id": envelope["id"], "event_type": envelope["type"], "error": repr(exc)})
                    break
                self.outbox.mark_published(envelope["id"])
                sent += 1
        except Exception as exc:  # database unreachable: try again at the next tick
            DATABASE.down(exc, where="outbox relay")
        finally:
            self._lock.release()
        return sent
