"""Service tests: the real nameko container on a private RabbitMQ vhost and real SecantusDB."""
import pytest
from bson import ObjectId

from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from classe12_evaluation.service import EvaluationService
from classe12_runtime.context import Caller

TEACHER = Caller(actor_id="a" * 24, roles=("teacher",), request_id="req-teacher")
COLLEAGUE = Caller(actor_id="b" * 24, roles=("teacher",), request_id="req-colleague")
ADMIN = Caller(actor_id="c" * 24, roles=("admin",), request_id="req-admin")
PARENT = Caller(actor_id="d" * 24, roles=("parent",))
ANON = Caller(request_id="req-anon")


@pytest.fixture
def evaluation(run_service):
    return run_service(EvaluationService)


@pytest.fixture
def audit(service_env):
    from classe12_runtime import mongo
    return mongo.client()[service_env["databases"]["evaluation"]]["audit"]


def create(rpc_call, caller=TEACHER, **overrides):
    data = {"name": "CP Les Hirondelles", "level": "CP", "school_year": "2025-2026"}
    data.update(overrides)
    return rpc_call(caller, "evaluation.create_class", **data)


def test_class_and_pupils_flow(evaluation, rpc_call):
    created = create(rpc_call)
    assert created["pupils"] == [] and created["teacher_ids"] == [TEACHER.actor_id]
    class_id = created["id"]
    rpc_call(TEACHER, "evaluation.add_pupil", class_id=class_id, alias="Inès")
    updated = rpc_call(TEACHER, "evaluation.add_pupil", class_id=class_id, alias="Léo")
    assert [p["alias"] for p in updated["pupils"]] == ["Inès", "Léo"]
    assert rpc_call(TEACHER, "evaluation.get_class", class_id=class_id) == updated

    with pytest.raises(Conflict) as err:
        rpc_call(TEACHER, "evaluation.add_pupil", class_id=class_id, alias="ines")
    assert list(err.value.fields) == ["alias"]

    listed = rpc_call(TEACHER, "evaluation.list_classes")
    assert listed["next_cursor"] is None
    [item] = listed["items"]
    assert item["id"] == class_id and item["pupils_count"] == 2 and "pupils" not in item


def test_pagination_through_rpc(evaluation, rpc_call):
    ids = [create(rpc_call, name=f"Classe {n}")["id"] for n in range(3)]
    first = rpc_call(TEACHER, "evaluation.list_classes", limit=2)
    second = rpc_call(TEACHER, "evaluation.list_classes", limit=2, cursor=first["next_cursor"])
    assert [c["id"] for c in first["items"] + second["items"]] == ids[::-1]
    assert second["next_cursor"] is None
    with pytest.raises(Invalid) as err:
        rpc_call(TEACHER, "evaluation.list_classes", cursor="pas-un-curseur")
    assert list(err.value.fields) == ["cursor"]


def test_other_teachers_and_admins_get_not_found(evaluation, rpc_call):
    class_id = create(rpc_call)["id"]
    rpc_call(TEACHER, "evaluation.add_pupil", class_id=class_id, alias="Inès")
    for caller in (COLLEAGUE, ADMIN):
        with pytest.raises(NotFound):
            rpc_call(caller, "evaluation.get_class", class_id=class_id)
        with pytest.raises(NotFound):
            rpc_call(caller, "evaluation.add_pupil", class_id=class_id, alias="Léo")
        assert rpc_call(caller, "evaluation.list_classes")["items"] == []
    with pytest.raises(NotFound):
        rpc_call(TEACHER, "evaluation.get_class", class_id=str(ObjectId()))
    with pytest.raises(Unauthorized):
        rpc_call(ANON, "evaluation.get_class", class_id=class_id)
    assert rpc_call(TEACHER, "evaluation.get_class", class_id=class_id)["pupils_count"] == 1


def test_roles_and_validation(evaluation, rpc_call):
    with pytest.raises(Forbidden):
        create(rpc_call, caller=PARENT)
    with pytest.raises(Unauthorized):
        create(rpc_call, caller=ANON)
    with pytest.raises(Invalid) as err:
        create(rpc_call, school_year="2025-2027", level="CE2")
    assert set(err.value.fields) == {"school_year", "level"}
    assert "seconde année" in err.value.fields["school_year"][0]
    class_id = create(rpc_call)["id"]
    with pytest.raises(Invalid) as err:
        rpc_call(TEACHER, "evaluation.add_pupil", class_id=class_id, alias={"$gt": ""})
    assert err.value.fields == {"alias": ["Une chaîne de caractères est attendue."]}
    with pytest.raises(Invalid) as err:
        rpc_call(TEACHER, "evaluation.add_pupil", class_id={"$ne": None}, alias="Inès 12/03/2018")
    assert set(err.value.fields) == {"class_id", "alias"}


def test_thirty_pupils_at_most(evaluation, rpc_call):
    class_id = create(rpc_call, level="CE1")["id"]
    for n in range(30):
        rpc_call(TEACHER, "evaluation.add_pupil", class_id=class_id, alias=f"Élève {n + 1}")
    with pytest.raises(Conflict) as err:
        rpc_call(TEACHER, "evaluation.add_pupil", class_id=class_id, alias="Inès")
    assert "30" in err.value.message


def test_access_to_pupil_data_is_audited(evaluation, rpc_call, audit):
    class_id = create(rpc_call)["id"]
    rpc_call(TEACHER, "evaluation.add_pupil", class_id=class_id, alias="Inès")
    rpc_call(TEACHER, "evaluation.get_class", class_id=class_id)
    with pytest.raises(NotFound):
        rpc_call(ADMIN, "evaluation.get_class", class_id=class_id)
    entries = list(audit.find({"class_id": ObjectId(class_id)}).sort("at", 1))
    assert [(e["actor_id"], e["action"], e["outcome"], e["request_id"]) for e in entries] == [
        (TEACHER.actor_id, "add_pupil", "ok", "req-teacher"),
        (TEACHER.actor_id, "get_class", "ok", "req-teacher"),
        (ADMIN.actor_id, "get_class", "not_found", "req-admin")]
    assert all(e["at"].tzinfo is not None for e in entries)


def test_health(evaluation, rpc_call):
    assert rpc_call(ANON, "evaluation.health")["status"] == "ok"


def test_the_framework_is_announced_once_whichever_replica_starts(run_service, rpc_call, service_env):
    from classe12_runtime import mongo
    run_service(EvaluationService)
    run_service(EvaluationService)  # a second replica on the same database
    outbox = mongo.client()[service_env["databases"]["evaluation"]]["outbox"]
    [entry] = list(outbox.find({"envelope.type": "evaluation.framework_published"}))
    framework = rpc_call(ANON, "evaluation.get_framework")
    data = entry["envelope"]["data"]
    assert data["version"] == framework["version"] and data["scale"] == [s["id"] for s in framework["scale"]]
    assert [d["id"] for d in data["domains"]] == [d["id"] for d in framework["domains"]]


def test_a_grid_is_written_whole_and_audited_and_reads_are_audited(evaluation, rpc_call, audit, service_env):
    from classe12_runtime import mongo
    class_id = create(rpc_call)["id"]
    pupils = [rpc_call(TEACHER, "evaluation.add_pupil", class_id=class_id, alias=a)["pupils"][-1]["id"]
              for a in ("Inès", "Léo")]
    cells = [{"pupil_id": p, "item_id": "fr.oral.dire.reciter", "level": "atteint"} for p in pupils]
    result = rpc_call(TEACHER, "evaluation.position_grid", class_id=class_id, date="2025-10-06", cells=cells)
    assert result["written"] == 2
    with pytest.raises(Invalid) as err:
        rpc_call(TEACHER, "evaluation.position_grid", class_id=class_id, date="2025-10-06",
                 cells=[{"pupil_id": pupils[0], "item_id": "fr.oral.dire.raconter", "level": "atteint"},
                        {"pupil_id": "f" * 24, "item_id": "fr.oral.dire.raconter", "level": "atteint"}])
    assert list(err.value.fields) == ["cells.1.pupil_id"]
    grids = mongo.client()[service_env["databases"]["evaluation"]]["grids"]
    assert [g["item_id"] for g in grids.find({"class_id": ObjectId(class_id)})] == ["fr.oral.dire.reciter"]
    rpc_call(TEACHER, "evaluation.get_class_view", class_id=class_id)
    grid = rpc_call(TEACHER, "evaluation.get_grid", class_id=class_id, competence_id="fr.oral.dire")
    assert [(p["pupil_id"], c["level"], c["date"]) for p in grid["pupils"] for c in p["cells"]
            if c["item_id"] == "fr.oral.dire.reciter"] == [(p, "atteint", "2025-10-06") for p in pupils]
    rpc_call(TEACHER, "evaluation.get_pupil_history", class_id=class_id, pupil_id=pupils[1])
    with pytest.raises(NotFound):
        rpc_call(ADMIN, "evaluation.get_pupil_history", class_id=class_id, pupil_id=pupils[1])
    entries = [(e["actor_id"], e["action"], e["outcome"], e["request_id"])
               for e in audit.find({"class_id": ObjectId(class_id), "action": {"$ne": "add_pupil"}}).sort("at", 1)]
    assert entries == [(TEACHER.actor_id, "position_grid", "ok", "req-teacher"),
                       (TEACHER.actor_id, "position_grid", "invalid", "req-teacher"),
                       (TEACHER.actor_id, "get_class_view", "ok", "req-teacher"),
                       (TEACHER.actor_id, "get_grid", "ok", "req-teacher"),
                       (TEACHER.actor_id, "get_pupil_history", "ok", "req-teacher"),
                       (ADMIN.actor_id, "get_pupil_history", "not_found", "req-admin")]
    outbox = mongo.client()[service_env["databases"]["evaluation"]]["outbox"]
    assert outbox.count_documents({"envelope.type": {"$ne": "evaluation.framework_published"}}) == 0
