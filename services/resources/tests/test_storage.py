"""Storage tests against a real MongoDB-protocol server (SecantusDB, or TEST_MONGO_URI)."""
from datetime import datetime, timedelta, timezone
from functools import partial

import pytest
from bson import ObjectId
from pymongo.errors import DuplicateKeyError

from classe12_resources.domain.resources import Resources
from classe12_resources.migrations import MIGRATIONS
from classe12_resources.storage import INDEXES, ResourceStore, list_tag, list_tags
from classe12_runtime.context import Caller
from classe12_runtime.migrations import migrate
from classe12_runtime.outbox import Outbox
from classe12_runtime.pagination import decode_cursor, encode_cursor, list_key
from classe12_runtime.uow import MongoUnitOfWork
from classe12_testing.paging import assert_deep_page_like_first, docs_examined, emptied_after, on_real_mongodb

T0 = datetime(2025, 9, 1, 8, 30, tzinfo=timezone.utc)
EDITOR = "c" * 24
EDITOR_CALLER = Caller(actor_id=EDITOR, roles=("adviser",))


def draft(title="Le coin lecture", levels=("CP",), kind="fiche", topics=("lecture",), at=T0):
    return {"title": title, "summary": "Résumé", "body": "# Corps\n" * 50, "kind": kind,
            "levels": list(levels), "topics": list(topics), "status": "draft", "author_id": "a" * 24,
            "created_at": at, "updated_at": at, "published_at": None, "published_by": None}


@pytest.fixture
def store(mongo_db):
    store = ResourceStore(mongo_db)
    store.ensure_indexes()
    Outbox(mongo_db).ensure_indexes()
    return store


def publish(store, doc, at):
    saved = store.insert(doc)
    return store.mark_published(str(saved["_id"]), at, EDITOR)


class Relay:
    def __init__(self):
        self.woken = []

    def publish_now(self, ids):
        self.woken.append(ids)


def unit_of_work(mongo_db, relay=None):
    return MongoUnitOfWork(mongo_db, ResourceStore, Outbox(mongo_db), relay or Relay(),
                           Caller(actor_id=EDITOR, roles=("adviser",), request_id="req-storage"))


def test_indexes_for_the_catalogue_exist(store):
    info = store.resources.index_information()
    for name, keys in INDEXES.items():
        assert [tuple(k) for k in info[name]["key"]] == [(f, int(d)) for f, d in keys]
    store.ensure_indexes()  # idempotent at every start


def test_insert_and_get_round_trip_with_utc_datetimes(store):
    saved = store.insert(draft())
    loaded = store.get(str(saved["_id"]))
    assert loaded["title"] == "Le coin lecture" and loaded["status"] == "draft"
    assert loaded["created_at"] == T0 and loaded["created_at"].utcoffset() == timedelta(0)
    assert store.get("f" * 24) is None
    assert store.get("pas-un-id") is None


def test_publication_and_its_event_commit_together(store, mongo_db):
    relay = Relay()
    saved = store.insert(draft())
    published = unit_of_work(mongo_db, relay).run(
        lambda repo: Resources(clock=lambda: T0 + timedelta(hours=1)).publish(repo, EDITOR_CALLER, str(saved["_id"])))
    assert published["status"] == "published" and published["published_by"] == EDITOR
    assert store.get(str(saved["_id"]))["published_at"] == T0 + timedelta(hours=1)
    [entry] = list(mongo_db.outbox.find())
    assert entry["envelope"]["type"] == "resources.resource_published"
    assert entry["envelope"]["data"]["resource_id"] == str(saved["_id"])
    assert entry["envelope"]["request_id"] == "req-storage" and entry["published_at"] is None
    assert relay.woken == [[entry["_id"]]]  # the relay is told once the transaction committed


def test_an_aborted_unit_of_work_leaves_neither_publication_nor_event(store, mongo_db):
    saved = store.insert(draft())

    def publish_then_crash(repo):
        Resources(clock=lambda: T0).publish(repo, EDITOR_CALLER, str(saved["_id"]))
        raise RuntimeError("crash before commit")
    with pytest.raises(RuntimeError):
        unit_of_work(mongo_db).run(publish_then_crash)
    assert mongo_db.outbox.count_documents({}) == 0
    assert store.get(str(saved["_id"]))["status"] == "draft"


def test_a_failing_outbox_write_rolls_the_publication_back(store, mongo_db, monkeypatch):
    saved = store.insert(draft())
    uow = unit_of_work(mongo_db)
    monkeypatch.setattr(uow.outbox, "add", lambda envelope, session=None: (_ for _ in ()).throw(
        DuplicateKeyError("the envelope id is taken")))
    with pytest.raises(DuplicateKeyError):
        uow.run(lambda repo: Resources(clock=lambda: T0).publish(repo, EDITOR_CALLER, str(saved["_id"])))
    assert store.get(str(saved["_id"]))["status"] == "draft"
    assert store.get(str(saved["_id"]))["published_at"] is None


def test_publishing_twice_publishes_once(store, mongo_db):
    saved = store.insert(draft())
    assert store.mark_published(str(saved["_id"]), T0, EDITOR)
    assert store.mark_published(str(saved["_id"]), T0, "d" * 24) is None
    assert store.mark_published("f" * 24, T0, EDITOR) is None
    assert store.mark_published("nope", T0, EDITOR) is None
    assert store.get(str(saved["_id"]))["published_by"] == EDITOR


def test_list_order_published_only_and_no_body(store, mongo_db):
    ids = [str(publish(store, draft(title=f"R{n}"), T0 + timedelta(minutes=n))["_id"])
           for n in range(3)]
    store.insert(draft(title="Brouillon"))
    docs = store.list_published(10)
    assert [str(d["_id"]) for d in docs] == ids[::-1]
    assert all("body" not in d for d in docs)
    assert store.list_published(2, after=(docs[0]["published_at"], str(docs[0]["_id"]))) == docs[1:]


def test_after_breaks_ties_on_id(store, mongo_db):
    same = T0 + timedelta(days=1)
    tied = sorted((str(publish(store, draft(title=f"T{n}"), same)["_id"]) for n in range(4)), reverse=True)
    older = str(publish(store, draft(title="old"), T0)["_id"])
    docs = store.list_published(10, after=(same, tied[1]))
    assert [str(d["_id"]) for d in docs] == tied[2:] + [older]


def test_pages_through_equal_timestamps_with_the_domain_cursor(store, mongo_db):
    """Seven resources sharing one published_at (ms precision), three per page: each exactly once."""
    same = datetime(2025, 9, 2, 10, 0, 0, 123000, tzinfo=timezone.utc)
    ids = {str(publish(store, draft(title=f"S{n}"), same)["_id"]) for n in range(7)}
    newest = str(publish(store, draft(title="newest"), same + timedelta(milliseconds=1))["_id"])
    seen, cursor, pages = [], None, 0
    while True:
        page = Resources().list_published(store, Caller(), limit=3, cursor=cursor)
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert decode_cursor(cursor)[0] == same
    assert pages == 3
    assert seen == [newest] + sorted(ids, reverse=True)


def test_filters_on_level_kind_and_topic(store, mongo_db):
    at = iter(T0 + timedelta(minutes=n) for n in range(100))
    publish(store, draft(levels=["CP"], kind="video", topics=["lecture", "co-intervention"]), next(at))
    publish(store, draft(levels=["CP", "CE1"], kind="fiche", topics=["numeration"]), next(at))
    publish(store, draft(levels=["CE1"], kind="video", topics=[]), next(at))
    store.insert(draft(levels=["CE1"], kind="video", topics=["lecture"]))  # draft: never listed

    def titles_count(**filters):
        return len(store.list_published(10, **filters))
    assert titles_count() == 3
    assert titles_count(level="CP") == 2
    assert titles_count(level="CE1") == 2
    assert titles_count(kind="video") == 2
    assert titles_count(topic="lecture") == 1
    assert titles_count(topic="co-intervention") == 1
    assert titles_count(level="CE1", kind="video") == 1
    assert titles_count(level="CE1", topic="numeration", kind="fiche") == 1
    assert titles_count(topic="absent") == 0
    first = store.list_published(1, level="CE1")
    rest = store.list_published(10, level="CE1", after=(first[0]["published_at"], str(first[0]["_id"])))
    assert len(rest) == 1 and rest[0]["_id"] != first[0]["_id"]


def index_names(plan):
    """Every index named anywhere in an explain() output (SecantusDB's or MongoDB's shape)."""
    if isinstance(plan, dict):
        found = [plan["indexName"]] if "indexName" in plan else []
        return found + [n for v in plan.values() for n in index_names(v)]
    if isinstance(plan, list):
        return [n for v in plan for n in index_names(v)]
    return []


def test_list_tags_name_every_filter_a_resource_answers():
    tags = list_tags({"levels": ["CP", "CE1"], "kind": "video", "topics": ["lecture"]})
    assert len(tags) == len(set(tags)) == 3 * 2 * 2
    assert {"*", "level=CP", "level=CE1", "kind=video", "topic=lecture", "level=CP&kind=video",
            "level=CE1&topic=lecture", "kind=video&topic=lecture", "level=CP&kind=video&topic=lecture"} <= set(tags)
    assert list_tag() == "*" and list_tag(topic="lecture", level="CP") == "level=CP&topic=lecture"
    assert list_tags({"levels": [], "kind": "fiche", "topics": []}) == ["*", "kind=fiche"]


@pytest.mark.parametrize("filters", [{}, {"level": "CP"}, {"kind": "video"}, {"topic": "lecture", "level": "CP"},
                                     {"level": "CP", "kind": "video", "topic": "lecture"}])
def test_catalogue_pages_scan_an_index_not_the_collection(store, mongo_db, filters):
    for n in range(5):
        publish(store, draft(levels=["CP"], kind="video", topics=["lecture"]), T0 + timedelta(minutes=n))
    last = store.list_published(2, **filters)[-1]
    for position in (None, (last["published_at"], str(last["_id"]))):  # first and next pages
        query = store.feed(2, position, **filters)
        plan = query.explain()
        assert "published_list" in index_names(plan)
        assert "COLLSCAN" not in str(plan)
        assert "$or" not in str(plan["queryPlanner"]["parsedQuery"])
        assert len(list(query.clone())) == 2


def test_a_deep_page_costs_what_the_first_does(store, mongo_db):
    """20,000 resources, 2,000 published: page 50 of a catalogue reads the index like page 1."""
    kinds, topics = ["video", "fiche", "article", "audio"], ["lecture", "numeration", "phonologie", "ecriture"]
    docs = []
    for n in range(20_000):
        doc = dict(draft(title=f"R{n}", levels=[["CP"], ["CE1"], ["CP", "CE1"]][n % 3], kind=kinds[n % 4],
                         topics=[topics[n % 4], topics[(n + 1) % 4]]), _id=ObjectId())
        if n % 10 == 0:
            at = T0 + timedelta(seconds=n // 40)  # ties on published_at
            doc.update(status="published", published_at=at, published_by=EDITOR, list_key=list_key(at, doc["_id"]),
                       list_tags=list_tags(doc))
        docs.append(doc)
    with emptied_after(store.resources):
        store.resources.insert_many(docs)
        for filters, tag in (({}, "*"), ({"level": "CP", "topic": "lecture"}, "level=CP&topic=lecture")):
            listed = sorted((d for d in docs if tag in d.get("list_tags", [])), key=lambda d: d["list_key"],
                            reverse=True)
            middle = len(listed) // 2
            cursor = encode_cursor(listed[middle]["published_at"], str(listed[middle]["_id"]))
            first_page, deep_page = (partial(Resources().list_published, store, Caller(), 20, at, **filters)
                                     for at in (None, cursor))
            assert [i["id"] for i in deep_page()["items"]] == [str(d["_id"]) for d in listed[middle + 1:middle + 21]]
            assert_deep_page_like_first(first_page, deep_page)
            if on_real_mongodb():
                assert docs_examined(store.feed(21, None, **filters)) <= 21
                assert docs_examined(store.feed(21, decode_cursor(cursor), **filters)) <= 21


def test_migration_lists_the_resources_the_previous_release_published(store, mongo_db):
    """Written as release 1.0 wrote them: published without list_key nor list_tags."""
    at = T0 + timedelta(days=3)
    old = [dict(draft(title=f"Ancienne {n}", kind="video", topics=["lecture"]), _id=ObjectId(), status="published",
                published_at=at, published_by=EDITOR) for n in range(3)]
    old_draft = dict(draft(title="Brouillon"), _id=ObjectId())
    mongo_db.resources.insert_many([*old, old_draft])
    for name, fields in (("published_feed", []), ("published_by_level", [("levels", 1)]),
                         ("published_by_kind", [("kind", 1)]), ("published_by_topic", [("topics", 1)])):
        mongo_db.resources.create_index([("status", 1), *fields, ("published_at", -1), ("_id", -1)], name=name)
    assert migrate(mongo_db, MIGRATIONS) == [1]
    assert set(mongo_db.resources.index_information()) == {"_id_", *INDEXES}
    expected = sorted((d["_id"] for d in old), reverse=True)
    assert [d["_id"] for d in store.list_published(10)] == expected
    assert [d["_id"] for d in store.list_published(10, level="CP", kind="video", topic="lecture")] == expected
    stored = mongo_db.resources.find_one({"_id": old[0]["_id"]})
    assert stored["list_key"] == list_key(at, old[0]["_id"]) and "level=CP&topic=lecture" in stored["list_tags"]
    assert "list_key" not in mongo_db.resources.find_one({"_id": old_draft["_id"]})
    mongo_db.migrations.delete_many({})  # as if a replica died before recording it
    assert migrate(mongo_db, MIGRATIONS) == [1]
    assert len(store.list_published(10)) == 3
