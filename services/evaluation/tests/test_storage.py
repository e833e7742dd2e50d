"""Storage tests against a real MongoDB-protocol server (SecantusDB, or TEST_MONGO_URI)."""
from datetime import datetime, timedelta, timezone

import pytest
from bson import ObjectId

from classe12_contracts.errors import Conflict, NotFound
from classe12_evaluation.domain.classes import Classes, new_class
from classe12_evaluation.domain.rules import alias_key
from classe12_evaluation.migrations import MIGRATIONS
from classe12_evaluation.storage import ClassStore
from classe12_runtime.clock import utcnow
from classe12_runtime.context import Caller
from classe12_runtime.migrations import migrate
from classe12_runtime.outbox import Outbox
from classe12_runtime.pagination import decode_cursor, encode_cursor, list_key
from classe12_runtime.uow import MongoUnitOfWork
from classe12_testing.concurrency import run_concurrently
from classe12_testing.paging import assert_deep_page_like_first, docs_examined, emptied_after, on_real_mongodb

TEACHER = "a" * 24
OTHER = "b" * 24


@pytest.fixture
def store(mongo_db):
    store = ClassStore(mongo_db)
    store.ensure_indexes()
    return store


def make_class(store, teacher=TEACHER, name="CP A", now=None):
    data = {"name": name, "level": "CP", "school_year": "2025-2026"}
    return store.insert_class(new_class(data, teacher, now or utcnow()))


def pupil(alias):
    return {"alias": alias, "alias_key": alias_key(alias), "added_at": utcnow()}


def audit(class_id, actor=TEACHER):
    return {"actor_id": actor, "action": "add_pupil", "class_id": class_id, "outcome": "ok",
            "at": utcnow(), "request_id": "r"}


def add(store, class_id, alias, teacher=TEACHER, max_pupils=30):
    return store.add_pupil(class_id, teacher, pupil(alias), max_pupils)


def test_class_round_trip_with_object_ids_and_utc_dates(store, mongo_db):
    saved = make_class(store)
    assert isinstance(saved["_id"], ObjectId)
    class_id = str(saved["_id"])
    loaded = store.get_for_teacher(class_id, TEACHER)
    assert loaded["created_at"] == saved["created_at"]  # millisecond precision survives
    assert loaded["created_at"].utcoffset() == timedelta(0)
    assert store.get_for_teacher(class_id, OTHER) is None
    assert store.get_for_teacher("f" * 24, TEACHER) is None
    assert store.get_for_teacher("not-an-id", TEACHER) is None
    names = {ix["name"] for ix in mongo_db.classes.list_indexes()} | {ix["name"] for ix in mongo_db.audit.list_indexes()}
    assert {"teacher_list", "class_at", "actor_at"} <= names


def test_conditional_add_and_its_audit_record(store, mongo_db):
    class_id = str(make_class(store)["_id"])
    doc = add(store, class_id, "Inès")
    assert doc["pupils_count"] == 1 and isinstance(doc["pupils"][0]["id"], ObjectId)
    assert doc["updated_at"] == doc["pupils"][0]["added_at"]
    assert add(store, class_id, "INES") is None  # same key
    assert add(store, class_id, "Léo", teacher=OTHER) is None  # not a teacher of the class
    assert add(store, "f" * 24, "Léo") is None
    assert [p["alias"] for p in store.get_for_teacher(class_id, TEACHER)["pupils"]] == ["Inès"]


class Relay:
    def publish_now(self, ids):
        pass


def add_in_unit_of_work(mongo_db, class_id, alias, teacher=TEACHER):
    caller = Caller(actor_id=teacher, roles=("teacher",), request_id="req-uow")
    uow = MongoUnitOfWork(mongo_db, ClassStore, Outbox(mongo_db), Relay(), caller)
    return uow.run(lambda repo: Classes().add_pupil(repo, caller, class_id, alias))


def test_a_pupil_and_its_audit_record_commit_together_and_refusals_are_audited(store, mongo_db):
    class_id = str(make_class(store)["_id"])
    assert add_in_unit_of_work(mongo_db, class_id, "Inès")["pupils_count"] == 1
    with pytest.raises(Conflict):
        add_in_unit_of_work(mongo_db, class_id, "INES")
    with pytest.raises(NotFound):
        add_in_unit_of_work(mongo_db, class_id, "Léo", teacher=OTHER)
    outcomes = [(a["actor_id"], a["outcome"]) for a in mongo_db.audit.find().sort("at", 1)]
    assert outcomes == [(TEACHER, "ok"), (TEACHER, "conflict"), (OTHER, "not_found")]
    assert all(a["class_id"] == ObjectId(class_id) and a["request_id"] == "req-uow" for a in mongo_db.audit.find())


def test_cap_is_respected(store):
    class_id = str(make_class(store)["_id"])
    for n in range(3):
        assert add(store, class_id, f"Élève {n}", max_pupils=3) is not None
    assert add(store, class_id, "Inès", max_pupils=3) is None
    assert store.get_for_teacher(class_id, TEACHER)["pupils_count"] == 3


def test_concurrent_adds_never_exceed_thirty(store, mongo_db):
    class_id = str(make_class(store)["_id"])
    results = run_concurrently(lambda n: add(store, class_id, f"Élève {n}"), 40)
    assert sum(r is not None for r in results) == 30
    doc = store.get_for_teacher(class_id, TEACHER)
    assert doc["pupils_count"] == len(doc["pupils"]) == 30
    assert len({p["alias_key"] for p in doc["pupils"]}) == 30


def test_concurrent_units_of_work_add_thirty_and_audit_every_attempt(store, mongo_db):
    class_id = str(make_class(store)["_id"])

    def attempt(n):
        try:
            return add_in_unit_of_work(mongo_db, class_id, f"Élève {n}")
        except Conflict:
            return None
    results = run_concurrently(attempt, 36)
    assert sum(r is not None for r in results) == 30
    assert store.get_for_teacher(class_id, TEACHER)["pupils_count"] == 30
    audit = list(mongo_db.audit.find({"class_id": ObjectId(class_id)}))
    assert sorted(a["outcome"] for a in audit).count("ok") == 30 and len(audit) == 36


def test_concurrent_adds_of_one_alias_keep_one(store):
    class_id = str(make_class(store)["_id"])
    spellings = ["Inès", "ines", "INÈS", "Ines", "inès"] * 3
    results = run_concurrently(lambda n: add(store, class_id, spellings[n]), len(spellings))
    assert sum(r is not None for r in results) == 1
    assert store.get_for_teacher(class_id, TEACHER)["pupils_count"] == 1


def test_list_newest_first_without_pupils_and_after_a_key(store):
    base = datetime(2025, 9, 1, tzinfo=timezone.utc)
    same_time = base + timedelta(days=1)
    docs = [make_class(store, name="old", now=base),
            make_class(store, name="tie 1", now=same_time),
            make_class(store, name="tie 2", now=same_time),
            make_class(store, name="new", now=base + timedelta(days=2))]
    make_class(store, teacher=OTHER, name="someone else's", now=base + timedelta(days=3))
    add(store, str(docs[0]["_id"]), "Inès")

    listed = store.list_for_teacher(TEACHER, 10)
    assert [d["name"] for d in listed] == ["new", "tie 2", "tie 1", "old"]
    assert all("pupils" not in d for d in listed) and listed[-1]["pupils_count"] == 1
    # resuming strictly after a key that shares its date with another class loses nothing
    after = (listed[1]["created_at"], str(listed[1]["_id"]))
    assert [d["name"] for d in store.list_for_teacher(TEACHER, 10, after)] == ["tie 1", "old"]
    assert [d["name"] for d in store.list_for_teacher(TEACHER, 1, after)] == ["tie 1"]
    assert store.list_for_teacher("c" * 24, 10) == []


def test_record_audit(store, mongo_db):
    store.record_audit({"actor_id": OTHER, "action": "get_class", "class_id": "f" * 24,
                        "outcome": "not_found", "at": utcnow(), "request_id": None})
    entry = mongo_db.audit.find_one({"class_id": ObjectId("f" * 24)})
    assert entry["actor_id"] == OTHER and entry["outcome"] == "not_found"


def test_a_deep_page_costs_what_the_first_does(store, mongo_db):
    """20,000 classes, 1,000 of them the teacher's: page 25 reads the index like page 1."""
    base = datetime(2025, 9, 1, tzinfo=timezone.utc)
    docs = []
    for n in range(20_000):
        teacher = TEACHER if n % 20 == 0 else f"{n % 997 + 1:024x}"
        doc = dict(new_class({"name": f"CP {n}", "level": "CP", "school_year": "2025-2026"}, teacher,
                             base + timedelta(seconds=n // 40)), _id=ObjectId())  # ties on created_at
        docs.append(dict(doc, list_key=list_key(doc["created_at"], doc["_id"])))
    mine = sorted((d for d in docs if d["teacher_ids"] == [TEACHER]), key=lambda d: d["list_key"], reverse=True)
    middle = len(mine) // 2
    cursor = encode_cursor(mine[middle]["created_at"], str(mine[middle]["_id"]))
    caller = Caller(actor_id=TEACHER, roles=("teacher",))
    with emptied_after(mongo_db.classes):
        mongo_db.classes.insert_many(docs)
        deep = Classes().list_own(store, caller, limit=20, cursor=cursor)
        assert [i["id"] for i in deep["items"]] == [str(d["_id"]) for d in mine[middle + 1:middle + 21]]
        assert_deep_page_like_first(lambda: Classes().list_own(store, caller, limit=20),
                                    lambda: Classes().list_own(store, caller, limit=20, cursor=cursor))
        if on_real_mongodb():
            assert docs_examined(store.page(TEACHER, 21)) <= 21
            assert docs_examined(store.page(TEACHER, 21, decode_cursor(cursor))) <= 21


def test_migration_gives_the_previous_release_classes_their_list_key(store, mongo_db):
    """Classes as release 1.0 wrote them (no list_key, index teacher_newest) are listed after it."""
    mongo_db.classes.create_index([("teacher_ids", 1), ("created_at", -1), ("_id", -1)], name="teacher_newest")
    at = datetime(2025, 9, 1, tzinfo=timezone.utc)
    old = [dict(new_class({"name": f"CP {n}", "level": "CP", "school_year": "2025-2026"}, TEACHER, at), _id=ObjectId())
           for n in range(3)]
    mongo_db.classes.insert_many(old)
    assert migrate(mongo_db, MIGRATIONS) == [1]
    listed = store.list_for_teacher(TEACHER, 10)
    assert [d["_id"] for d in listed] == sorted((d["_id"] for d in old), reverse=True)
    assert mongo_db.classes.find_one({"_id": old[0]["_id"]})["list_key"] == list_key(at, old[0]["_id"])
    assert "teacher_newest" not in mongo_db.classes.index_information()
    mongo_db.migrations.delete_many({})  # as if a replica died before recording it
    assert migrate(mongo_db, MIGRATIONS) == [1]
    assert mongo_db.classes.count_documents({"list_key": {"$exists": True}}) == 3


# -- positionings and repères ------------------------------------------------------------------

def test_grid_columns_are_one_document_per_class_and_item_read_by_an_equality_on_the_class(store):
    class_id = str(make_class(store)["_id"])
    other_id = str(make_class(store, name="CP B")["_id"])
    now = utcnow()
    entry = {"pupil_id": "c" * 24, "date": "2025-10-06", "level": "atteint", "comment": None,
             "framework_version": 1, "by": TEACHER, "at": now}
    for item in ("fr.oral.dire.reciter", "fr.oral.dire.raconter"):
        store.save_grid_column(class_id, item, [entry], now)
        store.save_grid_column(other_id, item, [dict(entry, level="depasse")], now)
    store.save_grid_column(class_id, "fr.oral.dire.reciter", [entry, dict(entry, date="2026-01-12")], now)
    columns = {c["item_id"]: c["entries"] for c in store.grid_columns(class_id)}
    assert set(columns) == {"fr.oral.dire.reciter", "fr.oral.dire.raconter"}
    assert [e["date"] for e in columns["fr.oral.dire.reciter"]] == ["2025-10-06", "2026-01-12"]
    assert [c["item_id"] for c in store.grid_columns(class_id, ["fr.oral.dire.raconter"])] == ["fr.oral.dire.raconter"]
    assert store.grids.count_documents({}) == 4  # upserts: one document per class and item
    cursor = store.grids.find({"class_id": ObjectId(class_id)})
    assert docs_examined(cursor) == 2  # the class's own documents only


def test_reperes_keep_the_version_they_were_first_entered_with(store):
    class_id = str(make_class(store)["_id"])
    store.save_reperes(class_id, "debut-cp", 1, {"c" * 24: {"manipuler-syllabes": 7}}, TEACHER, utcnow())
    store.save_reperes(class_id, "debut-cp", 2, {"c" * 24: {"manipuler-syllabes": 9}}, TEACHER, utcnow())
    assert store.get_reperes(class_id, "debut-cp") == {"framework_version": 1,
                                                      "scores": {"c" * 24: {"manipuler-syllabes": 9}}}
    assert store.get_reperes(class_id, "mi-cp") is None


def test_each_framework_version_is_recorded_once(store):
    assert store.record_framework(1, utcnow()) is True
    assert store.record_framework(1, utcnow()) is False


def test_an_invitation_code_is_spent_once_and_never_after_it_expires(store):
    class_id = str(make_class(store)["_id"])
    now = utcnow()
    store.insert_invitation({"_id": "h1", "class_id": class_id, "created_by": TEACHER, "created_at": now,
                             "expires_at": now + timedelta(days=7), "used_at": None, "used_by": None})
    store.insert_invitation({"_id": "h2", "class_id": class_id, "created_by": TEACHER, "created_at": now,
                             "expires_at": now - timedelta(seconds=1), "used_at": None, "used_by": None})
    assert store.find_invitation("h1")["class_id"] == class_id
    assert store.use_invitation("h1", OTHER, now) is True
    assert store.use_invitation("h1", OTHER, now) is False
    assert store.use_invitation("h2", OTHER, now) is False
    assert store.find_invitation("nothing") is None
    joined = store.add_teacher(class_id, OTHER, now)
    assert joined["teacher_ids"] == [TEACHER, OTHER]
    assert store.add_teacher(class_id, OTHER, now)["teacher_ids"] == [TEACHER, OTHER]
    assert store.get_for_teacher(class_id, OTHER) is not None


def test_concurrent_grids_on_one_class_and_item_keep_every_cell(store, mongo_db):
    """Teachers of one class entering grids at once (co-intervention): every transaction's cells
    end up written (write conflicts are retried), none is lost."""
    from classe12_evaluation.domain.positioning import Positioning
    from classe12_evaluation.schemas import PositionGridSchema
    from classe12_runtime.validation import load_or_invalid
    doc = make_class(store)
    class_id = str(doc["_id"])
    pupils = []
    for n in range(8):
        pupils = [str(p["id"]) for p in store.add_pupil(class_id, TEACHER, pupil(f"Élève {n}"), 30)["pupils"]]
    caller = Caller(actor_id=TEACHER, roles=("teacher",), request_id="req-grid")
    items = ["fr.oral.dire.reciter", "fr.oral.dire.raconter"]

    def grid(n):
        data = load_or_invalid(PositionGridSchema(), {"class_id": class_id, "date": "2025-10-06", "cells": [
            {"pupil_id": pupils[n], "item_id": item, "level": "atteint"} for item in items]})
        uow = MongoUnitOfWork(mongo_db, ClassStore, Outbox(mongo_db), Relay(), caller)
        return uow.run(lambda repo: Positioning().position_grid(repo, caller, class_id, data))

    results = run_concurrently(grid, len(pupils))
    assert sorted(r["written"] for r in results) == [2] * len(pupils)
    columns = store.grid_columns(class_id)
    assert sorted(c["item_id"] for c in columns) == sorted(items)
    assert all(sorted(e["pupil_id"] for e in c["entries"]) == sorted(pupils) for c in columns)
