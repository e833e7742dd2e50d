"""Live updates: tell a member's open pages that their inbox changed.

After a change of someone's in-app inbox is written (a fan-out wrote notifications for them,
they read or deleted some), the service publishes `notifications.inbox_changed` v1 with their
unread count; the stream process (gateway `classe12_gateway.live`) pushes it to their open
pages. The signal is transient (no persistence, no publisher confirms: thousands a second):
losing one is harmless, the next one or a reconnection carries the current count.
"""
from __future__ import annotations

import logging
import threading

from classe12_contracts.envelope import make_envelope
from classe12_runtime.outbox import EventPublisher

log = logging.getLogger(__name__)

EVENT, VERSION = "notifications.inbox_changed", 1
#: members whose unread counts are read in one round trip
COUNT_BATCH = 500


def changes_of_fan_out(store, created: list[dict]) -> list[dict]:
    """One event payload per notification written ({member_id, id, kind, category} each), with
    its recipient's unread count once the whole fan-out is written."""
    members = sorted({item["member_id"] for item in created})
    counts: dict[str, int] = {}
    for start in range(0, len(members), COUNT_BATCH):
        counts.update(store.unread_counts(members[start:start + COUNT_BATCH]))
    return [{"member_id": item["member_id"], "unread_count": counts[item["member_id"]],
             "notification": {"id": item["id"], "kind": item["kind"], "category": item["category"]}}
            for item in created]


class InboxSignals:
    """Publishes inbox changes over one kept-open connection (never raises)."""

    def __init__(self, amqp_uri: str, timeout: float = 5.0):
        self.publisher = EventPublisher(amqp_uri, timeout=timeout, transient=True)
        self._lock = threading.Lock()  # one producer, shared by the worker greenlets

    def send(self, changes: list[dict], actor: dict | None = None, request_id: str | None = None) -> int:
        sent = 0
        with self._lock:
            for data in changes:
                try:
                    self.publisher.publish(make_envelope(EVENT, VERSION, data, actor=actor, request_id=request_id))
                except Exception as exc:  # the broker is away: live pages catch up when they reconnect
                    log.warning("inbox change not signalled", extra={"member_id": data["member_id"],
                                                                     "error": repr(exc)})
                    break
                sent += 1
        return sent

    def close(self) -> None:
        with self._lock:
            self.publisher.close()
