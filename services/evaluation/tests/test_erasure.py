"""A deleted member (`community.member_deleted` on the real bus) and a member's export, against
the real service: the deleted member's data goes, the others' stays, a redelivery changes nothing."""
import pytest
from bson import ObjectId

from classe12_evaluation.service import EvaluationService
from classe12_runtime.context import Caller
from classe12_runtime.outbox import EventPublisher
from classe12_testing.waiting import eventually, handled, member_deleted

GONE = Caller(actor_id=str(ObjectId()), roles=("teacher",), request_id="req-gone")
STAYS = Caller(actor_id=str(ObjectId()), roles=("teacher",), request_id="req-stays")
GONE_PARENT = Caller(actor_id=str(ObjectId()), roles=("parent",), request_id="req-gone-parent")
PARENT = Caller(actor_id=str(ObjectId()), roles=("parent",), request_id="req-parent")
ITEM = "fr.oral.dire.reciter"


@pytest.fixture
def evaluation(run_service):
    return run_service(EvaluationService)


@pytest.fixture
def db(service_env):
    from classe12_runtime import mongo
    return mongo.client()[service_env["databases"]["evaluation"]]


@pytest.fixture
def publisher(broker_uri):
    publisher = EventPublisher(broker_uri)
    yield publisher
    publisher.close()


def new_class(rpc_call, caller, name, alias):
    created = rpc_call(caller, "evaluation.create_class", name=name, level="CP", school_year="2025-2026")
    pupil = rpc_call(caller, "evaluation.add_pupil", class_id=created["id"], alias=alias)["pupils"][0]
    rpc_call(caller, "evaluation.position_grid", class_id=created["id"], date="2025-11-03",
             cells=[{"pupil_id": pupil["id"], "item_id": ITEM, "level": "atteint"}])
    return created["id"], pupil["id"]


def link_parent(rpc_call, teacher, parent, class_id, pupil_id, note):
    code = rpc_call(teacher, "evaluation.invite_parent", class_id=class_id, pupil_id=pupil_id)["code"]
    link = rpc_call(parent, "evaluation.join_as_parent", code=code)
    rpc_call(parent, "evaluation.add_observation", link_id=link["link_id"], date="2026-01-10", note=note)
    return link["link_id"]


@pytest.fixture
def seeded(evaluation, rpc_call):
    """GONE owns `alone` (no co-teacher) and `shared` (STAYS co-teaches it); STAYS owns `own`;
    GONE_PARENT and PARENT are both linked to the pupil of `shared`."""
    alone, _ = new_class(rpc_call, GONE, "CP Les Moineaux", "Inès")
    shared, pupil = new_class(rpc_call, GONE, "CP Les Hiboux", "Léo")
    code = rpc_call(GONE, "evaluation.invite_coteacher", class_id=shared)["code"]
    rpc_call(STAYS, "evaluation.join_class", code=code)
    own, _ = new_class(rpc_call, STAYS, "CE1 Les Castors", "Zoé")
    link_parent(rpc_call, GONE, GONE_PARENT, shared, pupil, "Il compte jusqu'à vingt.")
    link_parent(rpc_call, STAYS, PARENT, shared, pupil, "Il lit seul.")
    return {"alone": alone, "shared": shared, "own": own, "pupil": pupil}


def snapshot(db) -> dict:
    return {name: sorted(map(repr, db[name].find({}, sort=[("_id", 1)])))
            for name in ("classes", "grids", "audit", "invitations", "parent_links", "observations", "reperes")}


def test_a_deleted_member_is_forgotten_and_the_others_kept(seeded, db, publisher):
    gone, gone_parent = member_deleted(GONE.actor_id), member_deleted(GONE_PARENT.actor_id)
    publisher.publish(gone)
    publisher.publish(gone_parent)
    eventually(lambda: handled(db, gone) and handled(db, gone_parent))

    alone, shared, own = (ObjectId(seeded[k]) for k in ("alone", "shared", "own"))
    # a class without a co-teacher: erased with everything attached
    assert db.classes.find_one({"_id": alone}) is None
    for name in ("grids", "audit", "invitations", "parent_links", "observations"):
        assert db[name].count_documents({"class_id": alone}) == 0, name
    # the shared class goes to the co-teacher, with its pupil and its results
    kept = db.classes.find_one({"_id": shared})
    assert kept["teacher_ids"] == [STAYS.actor_id] and [p["alias"] for p in kept["pupils"]] == ["Léo"]
    [column] = db.grids.find({"class_id": shared})
    assert [e["level"] for e in column["entries"]] == ["atteint"]
    assert column["entries"][0]["by"].startswith("deleted:")
    # the deleted members' ids are nowhere any more; their actions stay under one pseudonym
    for member in (GONE.actor_id, GONE_PARENT.actor_id):
        assert db.audit.count_documents({"actor_id": member}) == 0
        assert db.invitations.count_documents({"$or": [{"created_by": member}, {"used_by": member}]}) == 0
        assert db.parent_links.count_documents({"parent_id": member}) == 0
        assert db.observations.count_documents({"parent_id": member}) == 0
    pseudonyms = {d["actor_id"] for d in db.audit.find({"class_id": shared, "actor_id": {"$regex": "^deleted:"}})}
    assert len(pseudonyms) == 2  # one per deleted member (the teacher and the parent)
    # the others' data is intact
    assert db.classes.find_one({"_id": own})["teacher_ids"] == [STAYS.actor_id]
    assert db.grids.count_documents({"class_id": own}) == 1
    assert [d["note"] for d in db.observations.find({"class_id": shared})] == ["Il lit seul."]
    assert db.parent_links.count_documents({"parent_id": PARENT.actor_id}) == 1
    assert db.audit.count_documents({"actor_id": STAYS.actor_id}) > 0

    # redelivery of the same envelope, and another deletion event for the same member: no change
    before = snapshot(db)
    again = member_deleted(GONE.actor_id, "2026-06-02T10:00:00+00:00")
    publisher.publish(gone)
    publisher.publish(again)
    eventually(lambda: handled(db, again))
    assert snapshot(db) == before


def test_export_holds_the_callers_data_only(seeded, rpc_call):
    mine = rpc_call(GONE, "evaluation.export_member_data")
    assert mine["service"] == "evaluation" and mine["format_version"] == 1
    classes = {c["id"]: c for c in mine["data"]["classes"]}
    assert set(classes) == {seeded["alone"], seeded["shared"]}
    assert {c["role"] for c in classes.values()} == {"owner"}
    assert "teacher_ids" not in classes[seeded["shared"]]
    assert STAYS.actor_id not in repr(mine) and PARENT.actor_id not in repr(mine)
    assert mine["data"]["children"] == [] and mine["data"]["observations"] == []
    assert {e["action"] for e in mine["data"]["audit"]} >= {"add_pupil", "invite_coteacher", "position_grid"}

    colleague = rpc_call(STAYS, "evaluation.export_member_data")
    roles = {c["id"]: c["role"] for c in colleague["data"]["classes"]}
    assert roles == {seeded["shared"]: "coteacher", seeded["own"]: "owner"}
    assert GONE.actor_id not in repr(colleague)

    family = rpc_call(GONE_PARENT, "evaluation.export_member_data")["data"]
    assert family["classes"] == []
    assert [(c["pupil_id"], c["alias"]) for c in family["children"]] == [(seeded["pupil"], "Léo")]
    assert [o["note"] for o in family["observations"]] == ["Il compte jusqu'à vingt."]
    assert PARENT.actor_id not in repr(family) and GONE.actor_id not in repr(family)
