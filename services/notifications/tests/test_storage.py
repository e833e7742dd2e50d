"""Storage tests against a real MongoDB-protocol server (SecantusDB, or TEST_MONGO_URI)."""
import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from functools import partial

import pytest
from bson import ObjectId

from classe12_contracts.envelope import make_envelope
from classe12_notifications.domain.follows import OPEN
from classe12_notifications.domain.notifications import Notifications
from classe12_notifications.migrations import EARLIEST, MIGRATIONS
from classe12_notifications.storage import NotificationStore
from classe12_runtime.clock import utcnow
from classe12_runtime.context import Caller
from classe12_runtime.migrations import migrate
from classe12_runtime.pagination import decode_cursor, encode_cursor, list_key
from classe12_testing.concurrency import run_concurrently
from classe12_testing.fakes import Bound
from classe12_testing.paging import assert_deep_page_like_first, docs_examined, emptied_after, on_real_mongodb


@pytest.fixture
def store(mongo_db):
    store = NotificationStore(mongo_db)
    store.ensure_indexes()
    return store


def member_id(n):
    return f"{n:024x}"


def registration(n, levels, at=None):
    return make_envelope("community.member_registered", 1, {
        "member_id": member_id(n), "display_name": f"Prof {n}", "role": "teacher", "levels": levels},
        occurred_at=at)


def register(notifications, n, levels, at=None):
    notifications.handle(registration(n, levels, at))


def published(levels, title="Compter jusqu'à 100", at=None, published_by="e" * 24):
    return make_envelope("resources.resource_published", 1, {
        "resource_id": "f" * 24, "title": title, "kind": "sequence", "levels": levels,
        "published_by": published_by}, occurred_at=at)


def test_indexes_serve_the_queries(store, mongo_db):
    names = set(mongo_db.notifications.index_information())
    assert {"event_recipient_unique", "recipient_list", "recipient_unread_list"} <= names
    assert mongo_db.notifications.index_information()["event_recipient_unique"].get("unique")
    assert "key_until" in mongo_db.follows.index_information()
    assert "keys_occurred" in mongo_db.announcements.index_information()
    at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    for query in (store.follows.find({"key": "level:CP", "until": {"$gt": at}}),
                  store.follows.find({"member_id": member_id(1), "until": OPEN}),
                  store.announcements.find({"keys": "level:CP", "occurred_at": {"$gte": at}}),
                  store.deliveries.find({"status": "pending", "next_attempt_at": {"$lte": at}}),
                  store.digest_items.find({"period": "daily", "occurred_at": {"$gte": at, "$lt": at}}),
                  store.page(member_id(1), 21, (at, "a" * 24)), store.page(member_id(1), 21, (at, "a" * 24), True)):
        plan = query.explain()
        assert "COLLSCAN" not in str(plan) and "$or" not in str(plan["queryPlanner"]["parsedQuery"])


def test_same_fan_out_twice_yields_one_notification_per_recipient(store, mongo_db):
    notifications = Bound(Notifications(batch_size=50), store)
    levels = [["CP"], ["CE1"], ["CP", "CE1"], []]
    for n in range(120):
        register(notifications, n, levels[n % 4])
    event = published(["CP"])
    assert notifications.handle(event) == 60  # CP (30) + CP/CE1 (30)
    assert notifications.handle(event) == 0
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
    assert notifications.handle(event) == 8
    assert mongo_db.notifications.count_documents({"event_id": event["id"]}) == 10
    kept = mongo_db.notifications.find_one({"event_id": event["id"], "recipient_id": member_id(2)})
    assert kept["read_at"] is not None and kept["title"] == "t"  # existing one untouched


def test_concurrent_deliveries_of_one_event_never_duplicate(store, mongo_db):
    notifications = Bound(Notifications(batch_size=20), store)
    for n in range(60):
        register(notifications, n, ["CP"])
    event = published(["CP"])
    run_concurrently(lambda _: notifications.handle(event), 3)
    assert mongo_db.notifications.count_documents({"event_id": event["id"]}) == 60


def test_recipient_upsert_is_idempotent(store, mongo_db):
    notifications = Bound(Notifications(), store)
    envelope = make_envelope("community.member_registered", 1, {
        "member_id": member_id(1), "display_name": "Anne", "role": "teacher", "levels": ["CE1", "CP"],
        "school_uai": "0590001A"})
    notifications.handle(envelope)
    notifications.handle(envelope)
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
        notifications.handle(published(["CP"], title=f"R{n}"))
    anne, bruno = Caller(actor_id=member_id(1)), Caller(actor_id=member_id(2))
    listing = notifications.list(anne)
    assert listing["unread_count"] == 4 and len(listing["items"]) == 4
    newest = listing["items"][0]
    read = notifications.mark_read(anne, newest["id"])
    assert read["read_at"] is not None
    assert notifications.mark_read(anne, newest["id"])["read_at"] == read["read_at"]  # first read_at kept
    assert store.count_unread(member_id(1)) == 3
    assert store.count_unread(member_id(2)) == 4
    assert store.mark_read(member_id(2), newest["id"], utcnow()) is None  # not Bruno's
    assert store.mark_read(member_id(1), "pas-un-id", utcnow()) is None
    unread = notifications.list(anne, unread_only=True)
    assert newest["id"] not in [i["id"] for i in unread["items"]] and len(unread["items"]) == 3
    assert notifications.list(bruno)["unread_count"] == 4
    marked = notifications.mark_all_read(bruno)
    assert marked == {"marked": 4, "unread_count": 0} and store.count_unread(member_id(1)) == 3
    assert notifications.delete(anne, newest["id"]) == {"deleted": True, "unread_count": 3}
    assert store.delete_notification(member_id(1), newest["id"]) is False
    assert store.delete_notification(member_id(2), "pas-un-id") is False


def test_pagination_walks_everything_once_newest_first(store):
    same_instant = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)
    notifications = Bound(Notifications(), store)
    register(notifications, 1, ["CP"], at=same_instant)
    for n in range(11):  # all at the same instant: ties broken by id
        notifications.handle(published(["CP"], title=f"R{n}", at=same_instant))
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

    later = notifications
    for n in range(3):
        later.handle(published(["CP"], title=f"Plus récente {n}",
                                              at=same_instant + timedelta(seconds=n + 1)))
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
    from classe12_runtime.idempotency import ProcessedEvents

    old = "community.member_registered->NotificationsService.on_member_registered"
    envelope_id = "0b4f8e4a-6a83-4b7e-8e1c-2f9f0d3c1a77"
    mongo_db.processed_events.insert_one({"_id": f"{old}:{envelope_id}", "consumer": old,
                                          "type": "community.member_registered",
                                          "processed_at": datetime(2026, 9, 1, tzinfo=timezone.utc)})
    assert migrate(mongo_db, MIGRATIONS) == [1, 2, 3]
    assert migrate(mongo_db, MIGRATIONS) == []  # recorded: never applied twice
    assert ProcessedEvents(mongo_db, "notifications.welcome_new_members").seen(envelope_id)
    assert mongo_db.processed_events.count_documents({"consumer": old}) == 0
    # idempotent even if the record of it was lost (a replica died before writing it)
    mongo_db.migrations.delete_many({})
    assert migrate(mongo_db, MIGRATIONS) == [1, 2, 3]
    assert mongo_db.processed_events.count_documents({}) == 1


def test_a_deep_page_costs_what_the_first_does(store, mongo_db):
    """20,000 notifications, 1,000 of them one member's: page 25 reads the index like page 1."""
    base = datetime(2025, 9, 1, tzinfo=timezone.utc)
    docs = []
    for n in range(20_000):
        oid, at = ObjectId(), base + timedelta(seconds=n // 40)  # ties on created_at
        docs.append({"_id": oid, "recipient_id": member_id(n % 20), "event_id": f"event-{n}",
                     "kind": "resource_published", "title": f"Ressource {n}", "body": "Une ressource pour le CP.",
                     "link": f"/ressources/{oid}", "created_at": at, "read_at": at if n % 3 == 0 else None,
                     "list_key": list_key(at, oid)})
    anne = Caller(actor_id=member_id(0))
    with emptied_after(mongo_db.notifications):
        mongo_db.notifications.insert_many(docs)
        for unread_only in (False, True):
            listed = sorted((d for d in docs if d["recipient_id"] == member_id(0)
                             and not (unread_only and d["read_at"])), key=lambda d: d["list_key"], reverse=True)
            middle = len(listed) // 2
            cursor = encode_cursor(listed[middle]["created_at"], str(listed[middle]["_id"]))
            first_page, deep_page = (partial(Notifications().list, store, anne, 20, at, unread_only)
                                     for at in (None, cursor))
            assert [i["id"] for i in deep_page()["items"]] == [str(d["_id"]) for d in listed[middle + 1:middle + 21]]
            assert_deep_page_like_first(first_page, deep_page)
            if on_real_mongodb():
                assert docs_examined(store.page(member_id(0), 21, None, unread_only)) <= 21
                assert docs_examined(store.page(member_id(0), 21, decode_cursor(cursor), unread_only)) <= 21


def test_migration_lists_what_the_previous_release_wrote_and_keeps_its_members_in_the_audience(store, mongo_db):
    """Notifications and recipients as release 1.0 wrote them: no list_key, no joined_at."""
    at = datetime(2026, 9, 1, 8, 0, tzinfo=timezone.utc)
    for name, keys in (("recipient_newest", [("recipient_id", 1), ("created_at", -1), ("_id", -1)]),
                       ("recipient_unread", [("recipient_id", 1), ("read_at", 1), ("created_at", -1), ("_id", -1)])):
        mongo_db.notifications.create_index(keys, name=name)
    mongo_db.recipients.create_index("levels", name="levels")
    mongo_db.recipients.insert_one({"_id": member_id(1), "member_id": member_id(1), "display_name": "Anne",
                                    "role": "teacher", "levels": ["CP"], "school_uai": None, "updated_at": at})
    old = [{"_id": ObjectId(), "recipient_id": member_id(1), "event_id": str(uuid.uuid4()), "kind": "welcome",
            "title": f"Ancienne {n}", "body": "b", "link": None, "created_at": at + timedelta(seconds=n // 2),
            "read_at": None} for n in range(5)]
    mongo_db.notifications.insert_many(old)
    assert migrate(mongo_db, MIGRATIONS) == [1, 2, 3]

    anne = Caller(actor_id=member_id(1))
    first = Notifications().list(store, anne, limit=3)
    rest = Notifications().list(store, anne, limit=3, cursor=first["next_cursor"])
    expected = [str(d["_id"]) for d in sorted(old, key=lambda d: (d["created_at"], d["_id"]), reverse=True)]
    assert [i["id"] for i in first["items"] + rest["items"]] == expected and rest["next_cursor"] is None
    assert store.get_recipient(member_id(1))["joined_at"] == EARLIEST
    # a resource event queued across the upgrade, older than her projection, still reaches her
    late = published(["CP"], at=at - timedelta(days=1))
    assert Notifications().handle(store, late) == 1
    assert not {"recipient_newest", "recipient_unread"} & set(mongo_db.notifications.index_information())
    assert "levels" not in mongo_db.recipients.index_information()
    assert [f["key"] for f in store.open_follows(member_id(1))] == ["level:CP"]  # migration 3

    mongo_db.migrations.delete_many({})  # as if a replica died before recording it
    assert migrate(mongo_db, MIGRATIONS) == [1, 2, 3]
    assert store.get_recipient(member_id(1))["joined_at"] == EARLIEST
    assert mongo_db.notifications.count_documents({"list_key": {"$exists": False}}) == 0


def test_events_handled_concurrently_in_any_order_notify_exactly_who_had_joined(store, mongo_db):
    """40 registrations and 12 publications, interleaved in time, handled at once by 8 threads
    in a shuffled order: each member gets exactly the resources published since they joined."""
    base = datetime(2026, 9, 1, 8, 0, tzinfo=timezone.utc)
    levels = [["CP"], ["CE1"], ["CP", "CE1"]]
    members = [registration(n, levels[n % 3], at=base + timedelta(minutes=3 * n)) for n in range(40)]
    resources = [published(levels[n % 3], title=f"R{n}", at=base + timedelta(minutes=10 * n + 1),
                           published_by=member_id(n)) for n in range(12)]
    expected = {m["data"]["member_id"]: {r["id"] for r in resources
                                         if r["occurred_at"] >= m["occurred_at"]
                                         and set(r["data"]["levels"]) & set(m["data"]["levels"])
                                         and r["data"]["published_by"] != m["data"]["member_id"]}
                for m in members}
    events = members + resources
    random.Random(7).shuffle(events)
    notifications = Notifications(batch_size=7)

    def handle(envelope):
        return notifications.handle(store, envelope)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(handle, events))
    got = {}
    for doc in mongo_db.notifications.find({"kind": "resource_published"}):
        got.setdefault(doc["recipient_id"], []).append(doc["event_id"])
    assert all(len(ids) == len(set(ids)) for ids in got.values())
    assert {m: set(ids) for m, ids in got.items()} == {m: ids for m, ids in expected.items() if ids}
    assert sum(map(len, expected.values())) > 100  # the story is not trivial
