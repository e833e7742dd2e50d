"""Storage tests against a real MongoDB-protocol server (SecantusDB, or TEST_MONGO_URI)."""
from datetime import datetime, timezone

import pytest
from bson import ObjectId

from classe12_contracts.errors import Conflict
from classe12_resources.domain.marks import Marks
from classe12_resources.domain.resources import Resources
from classe12_resources.migrations import MIGRATIONS
from classe12_resources.storage import INDEXES, MINE, REVIEW, ResourceStore
from classe12_runtime.context import Caller
from classe12_runtime.migrations import migrate
from classe12_runtime.outbox import Outbox
from classe12_runtime.uow import MongoUnitOfWork
from classe12_testing.fakes import TickingClock
from classe12_testing.paging import docs_examined, on_real_mongodb

pytestmark = pytest.mark.integration

T0 = datetime(2025, 9, 1, 8, 30, tzinfo=timezone.utc)
AUTHOR = Caller(actor_id="a" * 24, roles=("teacher",), request_id="req-author")
EDITOR = Caller(actor_id="c" * 24, roles=("adviser",), request_id="req-editor")
READER = Caller(actor_id="e" * 24, roles=("teacher",), request_id="req-reader")


def content(title="Le coin lecture", **extra):
    return {"title": title, "summary": "Résumé.", "body": "Corps.", "kind": "fiche", "levels": ["CP"],
            "topics": ["lecture"], **extra}



@pytest.fixture
def store(mongo_db):
    store = ResourceStore(mongo_db)
    store.ensure_indexes()
    Outbox(mongo_db).ensure_indexes()
    return store


class Relay:
    def publish_now(self, ids):
        pass


def unit_of_work(mongo_db, caller=EDITOR):
    return MongoUnitOfWork(mongo_db, ResourceStore, Outbox(mongo_db), Relay(), caller)


def test_indexes_exist_and_creating_them_again_changes_nothing(store, mongo_db):
    for collection, indexes in INDEXES.items():
        info = mongo_db[collection].index_information()
        for name, spec in indexes.items():
            keys = spec[0] if isinstance(spec, tuple) else spec
            assert [tuple(k) for k in info[name]["key"]] == [(f, int(d)) for f, d in keys], name
    store.ensure_indexes()


def test_a_change_and_its_event_commit_together_or_not_at_all(store, mongo_db):
    resources = Resources(TickingClock())
    draft = unit_of_work(mongo_db, AUTHOR).run(lambda s: resources.create(s, AUTHOR, content()))
    unit_of_work(mongo_db, AUTHOR).run(lambda s: resources.submit(s, AUTHOR, draft["id"]))
    assert [e["envelope"]["type"] for e in mongo_db["outbox"].find()] == ["resources.resource_submitted"]

    def publish_then_fail(s):
        resources.publish(s, EDITOR, draft["id"])
        raise RuntimeError("crash before commit")
    with pytest.raises(RuntimeError):
        unit_of_work(mongo_db).run(publish_then_fail)
    assert store.get(draft["id"])["status"] == "submitted"
    assert mongo_db["outbox"].count_documents({}) == 1 and mongo_db["versions"].count_documents({}) == 0


def test_two_concurrent_changes_never_overwrite_each_other(store):
    resources = Resources(TickingClock())
    draft = resources.create(store, AUTHOR, content())
    stale = store.get(draft["id"])
    resources.update(store, AUTHOR, {"resource_id": draft["id"], "title": "Première modification"})
    assert store.replace_if_version({**stale, "title": "Écrasée ?"}, stale["version"]) is None
    assert store.get(draft["id"])["title"] == "Première modification"


def test_an_author_lists_their_own_last_changed_first_by_pages(store):
    resources = Resources(TickingClock())
    ids = [resources.create(store, AUTHOR, content(f"Fiche {n}"))["id"] for n in range(5)]
    resources.update(store, AUTHOR, {"resource_id": ids[1], "summary": "Changée en dernier."})
    seen, cursor = [], None
    while True:
        page = resources.mine(store, AUTHOR, 2, cursor)
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [ids[1], ids[4], ids[3], ids[2], ids[0]]
    assert resources.mine(store, READER, 10)["items"] == []


def test_the_review_queue_is_oldest_submission_first_and_leaves_the_queue_when_published(store):
    resources = Resources(TickingClock())
    ids = [resources.create(store, AUTHOR, content(f"Fiche {n}"))["id"] for n in range(3)]
    for resource_id in (ids[2], ids[0], ids[1]):
        resources.submit(store, AUTHOR, resource_id)
    page = resources.review_queue(store, EDITOR, 2)
    assert [i["id"] for i in page["items"]] == [ids[2], ids[0]]
    assert [i["id"] for i in resources.review_queue(store, EDITOR, 2, page["next_cursor"])["items"]] == [ids[1]]
    resources.publish(store, EDITOR, ids[0])
    assert [i["id"] for i in resources.review_queue(store, EDITOR, 10)["items"]] == [ids[2], ids[1]]
    assert store.resources.find_one({"_id": ObjectId(ids[0])})[REVIEW] is None


def test_ratings_and_bookmarks_keep_the_counters_exact(store):
    resources, marks = Resources(TickingClock()), Marks(TickingClock())
    resource = resources.create(store, AUTHOR, content())
    resources.publish(store, EDITOR, resource["id"])
    readers = [Caller(actor_id=f"{n:024x}", roles=("teacher",)) for n in range(1, 4)]
    for reader, stars in zip(readers, (5, 4, 2), strict=True):
        marks.rate(store, reader, resource["id"], stars, None)
    marks.rate(store, readers[2], resource["id"], 3, "Mieux à la relecture.")
    assert marks.remove_rating(store, readers[0], resource["id"]) == {
        "views": 0, "bookmarks": 0, "ratings": 2, "rating_average": 3.5}
    for reader in readers + readers[:1]:
        marks.bookmark(store, reader, resource["id"])
    marks.unbookmark(store, readers[1], resource["id"])
    stats = store.get(resource["id"])["stats"]
    assert (stats["ratings"], stats["rating_sum"], stats["bookmarks"]) == (2, 7, 2)
    assert store.ratings.count_documents({}) == 2 and store.bookmarks.count_documents({}) == 2
    with pytest.raises(Conflict):
        marks.rate(store, AUTHOR, resource["id"], 5, None)


def test_lists_read_an_index_not_the_collection(store):
    resources = Resources(TickingClock())
    for n in range(30):
        resources.create(store, READER if n % 2 else AUTHOR, content(f"Fiche {n}"))
    plans = [store.resources.find({"author_id": AUTHOR.actor_id}).sort(MINE, -1).limit(5).explain(),
             store.resources.find({"status": "submitted"}).sort(REVIEW, 1).limit(5).explain()]
    for plan in plans:
        assert "COLLSCAN" not in str(plan)
    if on_real_mongodb():
        assert docs_examined(store.resources.find({"author_id": AUTHOR.actor_id}).sort(MINE, -1).limit(5)) <= 5


def release_1_document(title, status, at):
    """A resource as release 1.x stored it."""
    doc = {"_id": ObjectId(), "title": title, "summary": "Résumé.", "body": "Corps.", "kind": "fiche",
           "levels": ["CP"], "topics": ["lecture", "pagination-test"], "status": status, "author_id": "a" * 24,
           "created_at": at, "updated_at": at, "published_at": at if status == "published" else None,
           "published_by": "c" * 24 if status == "published" else None}
    if status == "published":
        doc.update(list_key=f"{at:%Y-%m-%dT%H:%M:%S}.000|{doc['_id']}", list_tags=["*"])
    return doc


def test_migration_brings_release_1_resources_to_release_2(mongo_db):
    resources = mongo_db["resources"]
    published = release_1_document("Publiée en 1.x", "published", T0)
    draft = release_1_document("Brouillon en 1.x", "draft", T0)
    resources.insert_many([published, draft])
    resources.create_index([("status", 1), ("list_tags", 1), ("list_key", -1)], name="published_list")
    mongo_db["migrations"].insert_one({"_id": 1, "description": "déjà passée"})
    migrate(mongo_db, MIGRATIONS)
    migrate(mongo_db, MIGRATIONS)  # idempotent
    store = ResourceStore(mongo_db)
    after = store.get(str(published["_id"]))
    assert after["topics"] == ["lecture"] and after["tags"] == ["pagination-test"]
    assert (after["version"], after["licence"], after["files"], after["layout"]) == (1, "cc-by-4.0", [], None)
    assert after["stats"] == {"views": 0, "bookmarks": 0, "ratings": 0, "rating_sum": 0}
    assert "list_key" not in resources.find_one({"_id": published["_id"]})
    assert "published_list" not in resources.index_information()
    assert [v["version"] for v in store.list_versions(str(published["_id"]))] == [1]
    assert store.list_versions(str(draft["_id"])) == []
    assert Resources(TickingClock()).mine(store, AUTHOR, 10)["items"][0]["title"] in ("Publiée en 1.x", "Brouillon en 1.x")
