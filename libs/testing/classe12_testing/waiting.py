"""Waiting for a condition (never for a time) and for a consumer to finish with an envelope."""
from __future__ import annotations

import time

import pytest


def eventually(check, timeout: float = 15.0, interval: float = 0.05):
    """Poll `check` until it returns something truthy, and return it; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout}s: {check.__doc__ or check}")
        time.sleep(interval)


def handled(db, envelope: dict, consumer: str | None = None) -> bool:
    """The consumer (any of the service's, or `consumer`: "<service>.<name>") has finished with
    this envelope: the runtime's deduplication recorded it in `processed_events`."""
    suffix = ":" + envelope["id"]
    return any(doc["_id"].endswith(suffix) and (consumer is None or doc["_id"].startswith(consumer + ":"))
               for doc in db.processed_events.find({"type": envelope["type"]}, {"_id": 1}))


def member_deleted(member_id: str, deleted_at: str = "2026-06-01T10:00:00+00:00") -> dict:
    """A `community.member_deleted` v1 envelope, as community publishes it."""
    from classe12_contracts.envelope import make_envelope
    return make_envelope("community.member_deleted", 1, {"member_id": member_id, "deleted_at": deleted_at},
                         actor={"id": member_id, "roles": ["teacher"]}, request_id="req-delete-account")
