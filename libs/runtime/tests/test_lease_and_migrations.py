"""Leases, once-per-period work and data migrations against a real MongoDB-protocol server."""
from datetime import datetime, timedelta, timezone

import pytest

from classe12_runtime.lease import Lease, once_per_period
from classe12_runtime.migrations import Migration, backfill, drop_indexes, migrate


class Clock:
    def __init__(self):
        self.now = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)

    def __call__(self):
        return self.now


def test_one_holder_at_a_time_and_a_dead_holder_is_replaced(mongo_db):
    clock = Clock()
    first = Lease(mongo_db, "outbox-relay", ttl=10, holder="replica-1", clock=clock)
    second = Lease(mongo_db, "outbox-relay", ttl=10, holder="replica-2", clock=clock)
    assert first.acquire() and not second.acquire()
    clock.now += timedelta(seconds=5)
    assert first.acquire()  # renewed: expires 10 s from now
    clock.now += timedelta(seconds=9)
    assert not second.acquire()
    clock.now += timedelta(seconds=2)  # replica-1 stopped renewing
    assert second.acquire() and not first.acquire()
    second.release()
    assert first.acquire()


def test_work_runs_once_per_period_whatever_the_replicas(mongo_db):
    runs = []
    for replica in ("a", "b", "c"):
        once_per_period(mongo_db, "digest-daily", "2026-12-01", lambda: runs.append(1), holder=replica)
    assert runs == [1]
    assert once_per_period(mongo_db, "digest-daily", "2026-12-02", lambda: runs.append(2))
    assert runs == [1, 2]


def test_a_failed_run_is_retried_later(mongo_db):
    def fail():
        raise RuntimeError("SMTP down")
    with pytest.raises(RuntimeError):
        once_per_period(mongo_db, "purge", "2026-12", fail)
    assert once_per_period(mongo_db, "purge", "2026-12", lambda: None)


def test_migrations_apply_in_order_once(mongo_db):
    applied = []
    migrations = [Migration(1, "first", lambda db: applied.append(1)),
                  Migration(2, "second", lambda db: applied.append(2))]
    assert migrate(mongo_db, migrations) == [1, 2]
    assert migrate(mongo_db, migrations + [Migration(3, "third", lambda db: applied.append(3))]) == [3]
    assert applied == [1, 2, 3]
    assert [d["_id"] for d in mongo_db.migrations.find().sort("_id", 1)] == [1, 2, 3]


def test_a_migration_that_fails_is_not_recorded(mongo_db):
    def broken(db):
        raise RuntimeError("bad data")
    with pytest.raises(RuntimeError):
        migrate(mongo_db, [Migration(1, "broken", broken)])
    assert mongo_db.migrations.count_documents({}) == 0
    assert Lease(mongo_db, "migrations", ttl=600).acquire()  # the lease was released


def test_versions_must_be_increasing(mongo_db):
    with pytest.raises(ValueError):
        migrate(mongo_db, [Migration(2, "b", lambda db: None), Migration(1, "a", lambda db: None)])


def test_backfill_sets_what_is_missing_in_batches_and_only_once(mongo_db):
    mongo_db.items.insert_many([{"_id": n, "at": n * 10} for n in range(7)] + [{"_id": 99, "at": 0, "key": "kept"}])
    missing = {"key": {"$exists": False}}
    assert backfill(mongo_db.items, missing, lambda doc: {"key": f"k{doc['at']}"}, batch_size=3) == 7
    assert backfill(mongo_db.items, missing, lambda doc: {"key": "again"}) == 0
    assert {d["_id"]: d["key"] for d in mongo_db.items.find()} == {**{n: f"k{n * 10}" for n in range(7)}, 99: "kept"}


def test_drop_indexes_ignores_those_already_gone(mongo_db):
    mongo_db.items.create_index("a", name="old_a")
    drop_indexes(mongo_db.items, "old_a", "never_created")
    drop_indexes(mongo_db.items, "old_a")
    drop_indexes(mongo_db.absent, "old_a")
    assert "old_a" not in mongo_db.items.index_information()
