"""The change feed on a real database (SecantusDB, or MongoDB with TEST_MONGO_URI): every replica's
index sees a change as soon as the call that made it has answered."""
from datetime import datetime, timedelta, timezone

import pytest
from bson import ObjectId

from classe12_resources.domain.taxonomy import current_taxonomy
from classe12_resources.search import SearchIndex, ensure_feed, record_change, search_resources
from classe12_resources.search import feed as change_feed
from classe12_resources.search.keeper import TRIM_JOB, IndexKeeper
from classe12_runtime.mongo import run_in_transaction
from classe12_testing.concurrency import run_concurrently

pytestmark = pytest.mark.integration

TAXONOMY = current_taxonomy()
T0 = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)


def resource(title, status="published", days=0, **extra):
    when = T0 + timedelta(days=days)
    doc = {"_id": ObjectId(), "title": title, "summary": "Une ressource.", "body": "Un texte de la ressource.",
           "kind": "fiche", "levels": ["CP"], "topics": [], "tags": [], "competences": [], "duration_minutes": None,
           "licence": "cc-by-4.0", "layout": None, "status": status, "version": 1, "author_id": "a" * 24,
           "created_at": when, "updated_at": when, "submitted_at": None,
           "published_at": when if status == "published" else None, "published_by": None, "archived_at": None,
           "review": None, "stats": {"views": 0, "bookmarks": 0, "ratings": 0, "rating_sum": 0}}
    doc.update(extra)
    return doc


def write(db, change):
    """One call of the service: `change(session)` and its feed entry, in one transaction."""
    run_in_transaction(db, change)


def insert(db, doc):
    def change(session):
        db.resources.insert_one(doc, session=session)
        record_change(db, session, str(doc["_id"]))
    write(db, change)
    return doc


def update(db, doc_id, **fields):
    def change(session):
        db.resources.update_one({"_id": doc_id}, {"$set": fields}, session=session)
        record_change(db, session, str(doc_id))
    write(db, change)


def found(index, **data):
    def load(ids):
        return list(index.db.resources.find({"_id": {"$in": [ObjectId(i) for i in ids]}}, {"body": 0}))
    return [item["title"] for item in search_resources(index, TAXONOMY, {"limit": 100, **data}, load)["items"]]


@pytest.fixture
def db(mongo_db):
    ensure_feed(mongo_db)
    return mongo_db


@pytest.fixture
def replicas(db):
    return SearchIndex(TAXONOMY, db).load_all(), SearchIndex(TAXONOMY, db).load_all()


def test_a_change_made_through_one_replica_is_found_by_the_other(db, replicas):
    one, two = replicas
    insert(db, resource("Le furet des nombres"))
    assert found(two, q="furet") == ["Le furet des nombres"]
    assert found(one, q="nombres") == ["Le furet des nombres"]


def test_changes_of_text_status_and_stats_reach_every_replica(db, replicas):
    one, two = replicas
    first = insert(db, resource("Lire à deux voix", days=1))
    second = insert(db, resource("Lire en silence", days=2))
    assert found(two, q="lire") == ["Lire en silence", "Lire à deux voix"]

    update(db, first["_id"], title="Lire à voix haute")
    assert found(two, q="voix") == ["Lire à voix haute"]
    update(db, first["_id"], **{"stats.bookmarks": 3})
    assert found(one, sort="bookmarks") == ["Lire à voix haute", "Lire en silence"]

    update(db, second["_id"], status="archived")
    assert found(two, q="lire") == ["Lire à voix haute"]
    write(db, lambda session: (db.resources.delete_one({"_id": first["_id"]}, session=session),
                               record_change(db, session, str(first["_id"]))))
    assert found(one) == found(two) == []


def test_a_draft_is_not_indexed_until_published(db, replicas):
    _, two = replicas
    draft = insert(db, resource("Un brouillon sur les îlots", status="draft"))
    assert found(two, q="ilots") == []
    update(db, draft["_id"], status="published", published_at=T0)
    assert found(two, q="ilots") == ["Un brouillon sur les îlots"]


def test_an_aborted_transaction_leaves_no_entry_and_no_gap(db, replicas):
    _, two = replicas

    def change(session):
        db.resources.insert_one(resource("Jamais publié"), session=session)
        record_change(db, session, "x")
        raise RuntimeError("the use case failed")

    with pytest.raises(RuntimeError):
        write(db, change)
    assert change_feed.head(db) == 0
    insert(db, resource("Publié"))
    assert [seq for seq, _ in change_feed.changes(db, 0, 1)] == [1]
    assert found(two) == ["Publié"]


def test_record_change_outside_a_transaction_runs_one_of_its_own(db, replicas):
    _, two = replicas
    doc = resource("Écrit sans transaction")
    db.resources.insert_one(doc)
    record_change(db, None, str(doc["_id"]))
    with db.client.start_session() as session:  # a session without a transaction
        record_change(db, session, str(doc["_id"]))
    assert change_feed.head(db) == 2
    assert found(two) == ["Écrit sans transaction"]


def test_concurrent_writers_lose_no_change(db, replicas):
    one, two = replicas
    writers, per_writer = 4, 6

    def work(n):
        for i in range(per_writer):
            insert(db, resource(f"Fiche {n}-{i}", days=n * per_writer + i))

    run_concurrently(work, writers)
    total = writers * per_writer
    assert change_feed.head(db) == total
    assert [seq for seq, _ in change_feed.changes(db, 0, total)] == list(range(1, total + 1))
    assert len(found(one)) == len(found(two)) == total
    assert found(one) == found(two)


def test_a_replica_behind_the_trimmed_feed_reloads_everything(db, replicas):
    one, two = replicas
    insert(db, resource("Avant"))
    assert found(two) == ["Avant"]
    insert(db, resource("Pendant", days=1))
    kept = insert(db, resource("Après", days=2))
    assert change_feed.trim(db, datetime.now(timezone.utc) + change_feed.KEEP + timedelta(minutes=1)) == 3
    update(db, kept["_id"], title="Après, modifié")
    assert found(two) == ["Après, modifié", "Pendant", "Avant"]  # entries 2 and 3 are gone: reloaded
    assert two.seen == change_feed.head(db) == 4
    assert found(one) == found(two)


def test_the_keeper_loads_at_start_refreshes_and_trims_once_an_hour(mongo_db):
    doc = resource("Déjà là")
    mongo_db.resources.insert_one(doc)
    keeper = IndexKeeper(mongo_db, TAXONOMY)
    keeper.start()
    assert keeper.index.loaded and found(keeper.index) == ["Déjà là"]
    mongo_db.resources.insert_one(resource("Arrivé ensuite", days=1))
    record_change(mongo_db, None, "unknown")  # a change of something not published: harmless
    keeper.tick()
    assert keeper.index.seen == 1
    assert mongo_db.periodic_runs.count_documents({"job": TRIM_JOB}) == 1
    keeper.tick()
    assert mongo_db.periodic_runs.count_documents({"job": TRIM_JOB}) == 1


def test_record_change_works_before_the_feed_is_prepared(mongo_db):
    doc = insert(mongo_db, resource("Premier"))
    assert change_feed.changes(mongo_db, 0, 1) == [(1, str(doc["_id"]))]
    assert found(SearchIndex(TAXONOMY, mongo_db)) == ["Premier"]


def test_ensure_feed_is_idempotent(db):
    ensure_feed(db)
    ensure_feed(db)
    assert change_feed.head(db) == 0
    assert db[change_feed.HEAD].count_documents({}) == 1


def test_the_provider_gives_workers_the_process_index(mongo_db, monkeypatch):
    from classe12_resources.search import SearchIndexProvider
    from classe12_resources.search import provider as provider_module

    monkeypatch.setattr(provider_module, "database", lambda service: mongo_db)
    mongo_db.resources.insert_one(resource("Déjà publiée"))
    provider = SearchIndexProvider()
    provider.setup()
    index = provider.get_dependency(worker_ctx=None)
    assert index is provider.get_dependency(worker_ctx=None)  # one per process
    assert index.loaded and found(index) == ["Déjà publiée"]
    assert mongo_db[change_feed.HEAD].count_documents({}) == 1  # the feed was prepared
