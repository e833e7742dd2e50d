"""Storage tests against a real MongoDB-protocol server (SecantusDB, or TEST_MONGO_URI)."""
import threading
from datetime import datetime, timedelta, timezone

import pytest

from classe12_contracts.envelope import make_envelope
from classe12_notifications.domain.notifications import Notifications
from classe12_notifications.storage import NotificationStore
from classe12_runtime.clock import utcnow
from classe12_runtime.context import Caller
from classe12_testing.fakes import Bound


@pytest.fixture
def store(mongo_db):
    store = NotificationStore(mongo_db)
    store.ensure_indexes()
    return store


def member_id(n):
    return f"{n:024x}"


def register(notifications, n, levels):
    notifications.on_member_registered(make_envelope("community.member_registered", 1, {
        "member_id": member_id(n), "display_name": f"Prof {n}", "role": "teacher", "levels": levels}))


def published(levels, title="Compter jusqu'à 100"):
    return make_envelope("resources.resource_published", 1, {
        "resource_id": "f" * 24, "title": title, "kind": "sequence", "levels": levels,
        "published_by": "e" * 24})


def test_indexes_serve_the_queries(store, mongo_db):
    names = set(mongo_db.notifications.index_information())
    assert {"event_recipient_unique", "recipient_newest", "recipient_unread"} <= names
    assert mongo_db.notifications.index_information()["event_recipient_unique"].get("unique")
    assert "levels" in mongo_db.recipients.index_information()


def test_same_fan_out_twice_yields_one_notification_per_recipient(store, mongo_db):
    notifications = Bound(Notifications(batch_size=50), store)
    levels = [["CP"], ["CE1"], ["CP", "CE1"], []]
    for n in range(120):
        register(notifications, n, levels[n % 4])
    event = published(["CP"])
    assert notifications.on_resource_published(event) == 60  # CP (30) + CP/CE1 (30)
    assert notifications.on_resource_published(event) == 0
    received = list(mongo_db.notifications.find({"event_id": event["id"]}))
    assert len(received) == 60
    assert {d["recipient_id"] for d in received} == {member_id(n) for n in range(120) if n % 4 in (0, 2)}


def test_resume_after_partial_write_and_keep_read_state(store, mongo_db):
    notifications = Bound(Notifications(batch_size=3), store)
    for n in range(10):
        register(notifications, n, ["CE1"])
    event = published(["CE1"])
    # as if the handler had died after writing part of the fan-out and one had been read since
    partial = [{"recipient_id": member_id(n), "event_id": event["id"], "kind": "resource_published",
                "title": "t", "body": "b", "link": None, "created_at": utcnow(), "read_at": None} for n in (2, 7)]
    assert store.add_notifications(partial) == 2
    first = store.list_for(member_id(2), 1)[0]
    store.mark_read(member_id(2), str(first["_id"]), utcnow())
    assert notifications.on_resource_published(event) == 8
    assert mongo_db.notifications.count_documents({"event_id": event["id"]}) == 10
    kept = mongo_db.notifications.find_one({"event_id": event["id"], "recipient_id": member_id(2)})
    assert kept["read_at"] is not None and kept["title"] == "t"  # existing one untouched


def test_concurrent_deliveries_of_one_event_never_duplicate(store, mongo_db):
    notifications = Bound(Notifications(batch_size=20), store)
    for n in range(60):
        register(notifications, n, ["CP"])
    event = published(["CP"])
    errors = []

    def deliver():
        try:
            notifications.on_resource_published(event)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert mongo_db.notifications.count_documents({"event_id": event["id"]}) == 60


def test_recipient_upsert_is_idempotent(store, mongo_db):
    notifications = Bound(Notifications(), store)
    envelope = make_envelope("community.member_registered", 1, {
        "member_id": member_id(1), "display_name": "Anne", "role": "teacher", "levels": ["CE1", "CP"],
        "school_uai": "0590001A"})
    notifications.on_member_registered(envelope)
    notifications.on_member_registered(envelope)
    assert mongo_db.recipients.count_documents({}) == 1
    recipient = store.get_recipient(member_id(1))
    assert recipient["levels"] == ["CP", "CE1"] and recipient["school_uai"] == "0590001A"
    assert mongo_db.notifications.count_documents({"recipient_id": member_id(1), "kind": "welcome"}) == 1


def test_unread_count_and_mark_read(store):
    ticks = iter(datetime(2025, 9, 1, tzinfo=timezone.utc) + timedelta(minutes=n) for n in range(100))
    notifications = Bound(Notifications(clock=lambda: next(ticks)), store)
    register(notifications, 1, ["CP"])
    register(notifications, 2, ["CP"])
    for n in range(3):
        notifications.on_resource_published(published(["CP"], title=f"R{n}"))
    anne, bruno = Caller(actor_id=member_id(1)), Caller(actor_id=member_id(2))
    listing = notifications.list(anne)
    assert listing["unread_count"] == 4 and len(listing["items"]) == 4
    newest = listing["items"][0]
    read = notifications.mark_read(anne, newest["id"])
    assert read["read_at"] == "2025-09-01T00:05:00.000+00:00"
    assert notifications.mark_read(anne, newest["id"])["read_at"] == read["read_at"]  # first read_at kept
    assert store.count_unread(member_id(1)) == 3
    assert store.count_unread(member_id(2)) == 4
    assert store.mark_read(member_id(2), newest["id"], utcnow()) is None  # not Bruno's
    assert store.mark_read(member_id(1), "pas-un-id", utcnow()) is None
    unread = notifications.list(anne, unread_only=True)
    assert newest["id"] not in [i["id"] for i in unread["items"]] and len(unread["items"]) == 3
    assert notifications.list(bruno)["unread_count"] == 4


def test_pagination_walks_everything_once_newest_first(store):
    same_instant = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)
    notifications = Bound(Notifications(clock=lambda: same_instant), store)  # ties broken by id
    register(notifications, 1, ["CP"])
    for n in range(11):
        notifications.on_resource_published(published(["CP"], title=f"R{n}"))
    anne = Caller(actor_id=member_id(1))
    seen, cursor, pages = [], None, 0
    while True:
        page = notifications.list(anne, limit=5, cursor=cursor)
        seen += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3 and len(seen) == 12 and len({i["id"] for i in seen}) == 12
    keys = [(i["created_at"], i["id"]) for i in seen]
    assert keys == sorted(keys, reverse=True)

    ticks = iter(same_instant + timedelta(seconds=n) for n in range(1, 100))
    later = Bound(Notifications(clock=lambda: next(ticks)), store)
    for n in range(3):
        later.on_resource_published(published(["CP"], title=f"Plus récente {n}"))
    [first, second] = later.list(anne, limit=2)["items"]
    assert first["title"].endswith("Plus récente 2") and second["title"].endswith("Plus récente 1")
    # unread_only paginates the same way
    store.mark_read(member_id(1), first["id"], utcnow())
    page = later.list(anne, limit=2, unread_only=True)
    assert [i["title"][-1] for i in page["items"]] == ["1", "0"]
    rest = later.list(anne, limit=100, unread_only=True, cursor=page["next_cursor"])
    assert len(rest["items"]) == 12 and rest["next_cursor"] is None and rest["unread_count"] == 14


def test_migration_renames_the_deduplication_keys_the_previous_release_wrote(mongo_db):
    """Written as release 0.1 wrote them; after the migration a redelivered envelope is still seen."""
    from datetime import datetime, timezone

    from classe12_notifications.migrations import MIGRATIONS
    from classe12_runtime.idempotency import ProcessedEvents
    from classe12_runtime.migrations import migrate

    old = "community.member_registered->NotificationsService.on_member_registered"
    envelope_id = "0b4f8e4a-6a83-4b7e-8e1c-2f9f0d3c1a77"
    mongo_db.processed_events.insert_one({"_id": f"{old}:{envelope_id}", "consumer": old,
                                          "type": "community.member_registered",
                                          "processed_at": datetime(2026, 9, 1, tzinfo=timezone.utc)})
    assert migrate(mongo_db, MIGRATIONS) == [1]
    assert migrate(mongo_db, MIGRATIONS) == []  # recorded: never applied twice
    assert ProcessedEvents(mongo_db, "notifications.welcome_new_members").seen(envelope_id)
    assert mongo_db.processed_events.count_documents({"consumer": old}) == 0
    # idempotent even if the record of it was lost (a replica died before writing it)
    mongo_db.migrations.delete_many({})
    assert migrate(mongo_db, MIGRATIONS) == [1]
    assert mongo_db.processed_events.count_documents({}) == 1
