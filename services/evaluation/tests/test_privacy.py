"""Erasure, the retention purge (and its command) and the audit pages, against a real
MongoDB-protocol server (SecantusDB, or TEST_MONGO_URI). Dates are given, never today's."""
import io
import json
from datetime import datetime, timezone

import pytest

from classe12_evaluation.cli import main as cli
from classe12_evaluation.domain.classes import new_class
from classe12_evaluation.domain.privacy import ATTACHED, erase_class_data, purge_expired
from classe12_evaluation.domain.rules import alias_key
from classe12_evaluation.storage import ClassStore

pytestmark = pytest.mark.integration

TEACHER = "a" * 24
PARENT = "c" * 24
AT = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(mongo_db):
    store = ClassStore(mongo_db)
    store.ensure_indexes()
    return store


def full_class(store, school_year="2025-2026", aliases=("Inès", "Léo")):
    """A class with pupils and something in every attached collection."""
    doc = store.insert_class(new_class({"name": "CP A", "level": "CP", "school_year": school_year}, TEACHER, AT))
    class_id = str(doc["_id"])
    for alias in aliases:
        doc = store.add_pupil(class_id, TEACHER, {"alias": alias, "alias_key": alias_key(alias), "added_at": AT}, 30)
    pupils = [str(p["id"]) for p in doc["pupils"]]
    store.save_grid_column(class_id, "fr.oral.dire.reciter", [
        {"pupil_id": p, "date": "2025-11-03", "level": "atteint", "comment": None, "framework_version": 1,
         "by": TEACHER, "at": AT} for p in pupils], AT)
    store.save_reperes(class_id, "debut-cp", 1, {p: {"manipuler-syllabes": 5} for p in pupils}, TEACHER, AT)
    store.insert_invitation({"_id": f"hash-{class_id}", "kind": "parent", "class_id": class_id,
                             "pupil_id": pupils[0], "created_by": TEACHER, "created_at": AT, "expires_at": AT,
                             "used_at": None, "used_by": None})
    link = store.insert_link({"class_id": class_id, "pupil_id": pupils[0], "parent_id": PARENT, "linked_at": AT})
    store.insert_observation({"class_id": class_id, "pupil_id": pupils[0], "parent_id": PARENT,
                              "link_id": str(link["_id"]), "home_item_id": "maison.lit-petit-livre", "note": None,
                              "date": "2026-01-10", "at": AT})
    store.record_audit({"actor_id": TEACHER, "action": "get_class", "class_id": class_id, "outcome": "ok",
                        "at": AT, "request_id": "r", "pupil_id": pupils[0]})
    return class_id, pupils


def left(store, class_id):
    from classe12_runtime.mongo import object_id
    counts = {name: store.db[name].count_documents({"class_id": object_id(class_id)}) for name in ATTACHED}
    counts["classes"] = store.db["classes"].count_documents({"_id": object_id(class_id)})
    return counts


def test_erasing_a_pupil_removes_everything_about_them_but_keeps_the_audit_ids(store):
    class_id, (ines, leo) = full_class(store)
    counts = store.erase_pupil(class_id, ines, AT)
    assert counts == {"grids": 1, "reperes": 1, "invitations": 1, "parent_links": 1, "observations": 1, "pupils": 1}
    doc = store.get_for_teacher(class_id, TEACHER)
    assert [p["alias"] for p in doc["pupils"]] == ["Léo"] and doc["pupils_count"] == 1
    [column] = store.grid_columns(class_id)
    assert [e["pupil_id"] for e in column["entries"]] == [leo]
    assert list(store.get_reperes(class_id, "debut-cp")["scores"]) == [leo]
    assert store.observations_of_pupil(class_id, ines) == [] and store.links_of_pupil(class_id, ines) == []
    assert [a.get("pupil_id") for a in store.audit_page(class_id, 10)] == [ines]  # ids only, no alias
    assert store.erase_pupil(class_id, ines, AT)["pupils"] == 0  # again: nothing left


def test_erasing_a_class_removes_it_and_everything_attached(store):
    class_id, _ = full_class(store)
    other_id, _ = full_class(store, aliases=("Zoé",))
    counts = erase_class_data(store, class_id)
    assert counts == {"grids": 1, "reperes": 1, "invitations": 1, "parent_links": 1, "observations": 1, "audit": 1,
                      "classes": 1}
    assert set(left(store, class_id).values()) == {0}
    assert set(left(store, other_id).values()) == {1}


def test_the_purge_erases_classes_past_retain_until_only_and_logs_them(store):
    old_id, _ = full_class(store, school_year="2023-2024")      # retained until 2025-08-31
    kept_id, _ = full_class(store, school_year="2024-2025")     # retained until 2026-08-31
    report = purge_expired(store, datetime(2025, 9, 1, tzinfo=timezone.utc))
    mine = [p for p in report["purged"] if p["class_id"] == old_id]
    assert mine and mine[0]["counts"]["classes"] == 1 and mine[0]["counts"]["observations"] == 1
    assert kept_id not in [p["class_id"] for p in report["purged"]]
    assert set(left(store, old_id).values()) == {0} and left(store, kept_id)["classes"] == 1
    logged = store.db["purges"].find_one({"class_id": old_id})
    assert logged["counts"] == mine[0]["counts"] and "alias" not in json.dumps(logged, default=str)
    again = purge_expired(store, datetime(2025, 9, 1, tzinfo=timezone.utc))
    assert old_id not in [p["class_id"] for p in again["purged"]]


def test_the_purge_command_takes_the_moment_to_purge_at(store):
    class_id, _ = full_class(store, school_year="2022-2023")    # retained until 2024-08-31
    out = io.StringIO()
    assert cli(["purge", "--at", "2024-08-31"], db=store.db, out=out) == 0
    assert class_id not in out.getvalue() and left(store, class_id)["classes"] == 1   # not yet: until 23:59:59
    out = io.StringIO()
    assert cli(["purge", "--at", "2024-09-01T00:00:00Z"], db=store.db, out=out) == 0
    report = json.loads(out.getvalue())
    assert class_id in [p["class_id"] for p in report["purged"]] and report["at"].startswith("2024-09-01")
    assert set(left(store, class_id).values()) == {0}


def test_the_audit_is_paged_newest_first_on_the_class(store):
    class_id, _ = full_class(store)
    for i in range(5):
        store.record_audit({"actor_id": TEACHER, "action": f"a{i}", "class_id": class_id, "outcome": "ok",
                            "at": AT, "request_id": str(i)})
    first = store.audit_page(class_id, 3)
    assert [d["action"] for d in first] == ["a4", "a3", "a2"]
    rest = store.audit_page(class_id, 10, str(first[-1]["_id"]))
    assert [d["action"] for d in rest] == ["a1", "a0", "get_class"]
    assert store.audit_page(class_id, 10, "not-an-id") == []


# -- parent codes: expiry and kinds, with a given clock ---------------------------------------

def test_a_parent_code_expires_and_codes_of_one_kind_never_open_the_other(store):
    from datetime import timedelta

    from classe12_evaluation.domain.classes import BAD_CODE, Classes
    from classe12_evaluation.domain.parents import Parents
    from classe12_runtime.context import Caller

    teacher = Caller(actor_id=TEACHER, roles=("teacher",), request_id="t")
    parent = Caller(actor_id="d" * 24, roles=("parent",), request_id="p")  # not yet linked (PARENT is)
    colleague = Caller(actor_id="e" * 24, roles=("teacher",), request_id="c")
    class_id, (ines, _) = full_class(store)
    clock = [AT]
    parents, classes = Parents(clock=lambda: clock[0]), Classes(clock=lambda: clock[0])

    code = parents.invite_parent(store, teacher, class_id, ines).unwrap()["code"]
    colleague_code = classes.invite_coteacher(store, teacher, class_id).unwrap()["code"]
    for outcome in (classes.join(store, colleague, code), parents.join(store, parent, colleague_code)):
        assert outcome.error.fields == {"code": [BAD_CODE]}  # the same answer as an unknown code
    clock[0] = AT + timedelta(days=14, seconds=1)
    expired = parents.join(store, parent, code)
    unknown = parents.join(store, parent, "AAAA-BBBB-CCCC")
    assert expired.error.fields == unknown.error.fields == {"code": [BAD_CODE]}
    clock[0] = AT + timedelta(days=13)
    child = parents.join(store, parent, code).unwrap()
    assert (child["pupil_id"], child["alias"]) == (ines, "Inès")
    assert parents.join(store, Caller(actor_id="f" * 24, roles=("parent",)), code).error.fields == {"code": [BAD_CODE]}
