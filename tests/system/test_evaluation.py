"""Evaluation through the gateway: the framework, whole-class grids, the class view, a pupil's
history, the repères; nobody but the class's teachers sees any of it; bad input is a French
problem+json naming the offending field."""
import pytest

pytestmark = pytest.mark.system

SYLLABES = "fr.lecture.identifier-mots.syllabes"
REGULIERS = "fr.lecture.identifier-mots.mots-reguliers"
RECITER = "fr.oral.dire.reciter"


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    return response.json()


def new_class(api, teacher, aliases=("Inès", "Léo", "Zoé"), level="CP"):
    created = ok(api.post("/classes", teacher["access_token"],
                          json={"name": "CP Les Écureuils", "level": level, "school_year": "2025-2026"}), 201)
    pupils = []
    for alias in aliases:
        pupils = ok(api.post(f"/classes/{created['id']}/pupils", teacher["access_token"], json={"alias": alias}),
                    201)["pupils"]
    return created["id"], [p["id"] for p in pupils]


def put(api, path, token, body):
    return api.request("PUT", path, token, json=body)


def test_the_framework_is_public_and_versioned(api):
    framework = ok(api.get("/framework"))
    assert [s["label"] for s in framework["scale"]] == ["Non atteint", "Partiellement atteint", "Atteint", "Dépassé"]
    items = [i for d in framework["domains"] for c in d["competences"] for i in c["items"]]
    assert 40 <= len(items) <= 80 and SYLLABES in [i["id"] for i in items]
    exercise = framework["reperes"]["periods"][0]["exercises"][0]
    assert exercise["source_label"] == "valeurs de démonstration" and len(exercise["thresholds"]) == 2
    assert ok(api.get(f"/framework/{framework['version']}")) == framework
    missing = problem(api.get("/framework/999"), 404)
    assert "référentiel" in missing["detail"]


def test_a_teacher_positions_the_class_sees_the_class_view_and_a_pupils_progress(platform, api):
    teacher = platform.member("teacher", ["CP"])
    token = teacher["access_token"]
    class_id, (ines, leo, zoe) = new_class(api, teacher)
    grid = {"date": "2025-10-06", "cells": [
        {"pupil_id": p, "item_id": item, "level": level}
        for p, levels in ((ines, ("atteint", "depasse")), (leo, ("non_atteint", "partiellement_atteint")),
                          (zoe, ("atteint", "atteint")))
        for item, level in zip((SYLLABES, REGULIERS), levels, strict=True)]}
    first = ok(put(api, f"/classes/{class_id}/grid", token, grid))
    assert (first["cells"], first["written"], first["unchanged"]) == (6, 6, 0)
    again = ok(put(api, f"/classes/{class_id}/grid", token, grid))  # idempotent
    assert (again["written"], again["unchanged"]) == (0, 6)
    later = {"date": "2026-01-12", "cells": [{"pupil_id": leo, "item_id": SYLLABES, "level": "atteint",
                                               "comment": "Beaux progrès depuis la rentrée."}]}
    assert ok(put(api, f"/classes/{class_id}/grid", token, later))["written"] == 1

    view = ok(api.get(f"/classes/{class_id}/competences?competence_id=fr.lecture.identifier-mots", token))
    [competence] = view["competences"]
    assert competence["positioned"] == 3
    assert competence["counts"] == {"non_atteint": 0, "partiellement_atteint": 1, "atteint": 2, "depasse": 0}
    assert [(p["alias"], p["level"]) for p in competence["needs_help"]] == [("Léo", "partiellement_atteint")]
    whole = ok(api.get(f"/classes/{class_id}/competences", token))
    assert len(whole["competences"]) > 20

    history = ok(api.get(f"/classes/{class_id}/pupils/{leo}/positionings", token))
    assert history["pupil"] == {"id": leo, "alias": "Léo"}
    [syllabes] = [i for i in history["items"] if i["item_id"] == SYLLABES]
    assert [(h["date"], h["level_label"]) for h in syllabes["history"]] == [
        ("2025-10-06", "Non atteint"), ("2026-01-12", "Atteint")]
    assert syllabes["progress"] == "en_progres" and syllabes["history"][1]["comment"].startswith("Beaux progrès")
    assert [(t["date"], t["counts"]["atteint"]) for t in history["timeline"]] == [("2025-10-06", 0), ("2026-01-12", 1)]


def test_a_teacher_enters_reperes_and_sees_the_class_profile(platform, api):
    teacher = platform.member("teacher", ["CP"])
    token = teacher["access_token"]
    class_id, (ines, leo, zoe) = new_class(api, teacher)
    scores = [{"pupil_id": p, "exercise_id": "manipuler-phonemes", "score": s} for p, s in ((ines, 9), (leo, 5), (zoe, 1))]
    profile = ok(put(api, f"/classes/{class_id}/reperes/debut-cp", token, {"scores": scores}))
    [phonemes] = [e for e in profile["exercises"] if e["id"] == "manipuler-phonemes"]
    assert phonemes["thresholds"] == [4, 7] and phonemes["source_label"] == "valeurs de démonstration"
    assert phonemes["counts"] == {"besoin": 1, "fragile": 1, "satisfaisant": 1}
    assert [p["alias"] for p in phonemes["pupils"]] == ["Zoé", "Léo", "Inès"]
    assert ok(api.get(f"/classes/{class_id}/reperes/debut-cp", token)) == profile
    wrong_period = problem(put(api, f"/classes/{class_id}/reperes/debut-ce1", token, {"scores": scores}), 422)
    assert "CP" in wrong_period["errors"]["period"][0]
    assert problem(api.get(f"/classes/{class_id}/reperes/fin-cp", token), 404)


def test_bad_input_is_refused_whole_in_french_naming_each_bad_cell(platform, api):
    teacher = platform.member("teacher", ["CP"])
    token = teacher["access_token"]
    class_id, (ines, leo, _) = new_class(api, teacher)
    _, (stranger, *_) = new_class(api, teacher, aliases=("Hugo",))
    path = f"/classes/{class_id}/grid"
    mixed = problem(put(api, path, token, {"date": "2025-10-06", "cells": [
        {"pupil_id": ines, "item_id": RECITER, "level": "atteint"},
        {"pupil_id": stranger, "item_id": RECITER, "level": "atteint"},
        {"pupil_id": leo, "item_id": "fr.oral.dire.chanter", "level": "atteint"}]}), 422)
    assert set(mixed["errors"]) == {"cells.1.pupil_id", "cells.2.item_id"}
    assert "n'est pas dans la classe" in mixed["errors"]["cells.1.pupil_id"][0]
    assert "Item inconnu" in mixed["errors"]["cells.2.item_id"][0]
    scale = problem(put(api, path, token, {"date": "2025-10-06", "cells": [
        {"pupil_id": ines, "item_id": RECITER, "level": "bien"},
        {"pupil_id": leo, "item_id": RECITER, "level": "atteint"},
        {"pupil_id": leo, "item_id": SYLLABES, "level": "A"}]}), 422)
    assert set(scale["errors"]) == {"cells.0.level", "cells.2.level"}
    version = problem(put(api, path, token, {"date": "2025-10-06", "framework_version": 42, "cells": [
        {"pupil_id": ines, "item_id": RECITER, "level": "atteint"}]}), 422)
    assert "Version du référentiel inconnue" in version["errors"]["framework_version"][0]
    future = problem(put(api, path, token, {"date": "2099-10-06", "cells": [
        {"pupil_id": ines, "item_id": RECITER, "level": "atteint"}]}), 422)
    assert list(future["errors"]) == ["date"]
    # nothing of it was written
    history = ok(api.get(f"/classes/{class_id}/pupils/{ines}/positionings", token))
    assert history["items"] == []
    unknown = problem(api.get(f"/classes/{class_id}/competences?competence_id=fr.oral.chanter", token), 422)
    assert list(unknown["errors"]) == ["competence_id"]
    assert problem(api.get(f"/classes/{class_id}/pupils/{stranger}/positionings", token), 404)
    score = problem(put(api, f"/classes/{class_id}/reperes/mi-cp", token, {"scores": [
        {"pupil_id": ines, "exercise_id": "additionner", "score": 11}]}), 422)
    assert "entre 0 et 10" in score["errors"]["scores.0.score"][0]


def test_authorisation_matrix_every_role_on_every_evaluation_endpoint(platform, api):
    """Only the class's teacher reads or writes its results: anybody else signed in, admins
    included, gets 404 (never 403); anonymous callers 401; the framework is public."""
    teacher = platform.member("teacher", ["CP"])
    class_id, (ines, *_) = new_class(api, teacher)
    others = {"colleague": platform.member("teacher", ["CP"]), "parent": platform.member("parent", []),
              "adviser": platform.member("coordinator", ["CP"], granted="adviser"),
              "admin": platform.member("director", [], granted="admin")}
    grid = {"date": "2025-10-06", "cells": [{"pupil_id": ines, "item_id": RECITER, "level": "atteint"}]}
    scores = {"scores": [{"pupil_id": ines, "exercise_id": "manipuler-syllabes", "score": 3}]}
    endpoints = [
        ("PUT", f"/classes/{class_id}/grid", grid),
        ("GET", f"/classes/{class_id}/competences", None),
        ("GET", f"/classes/{class_id}/pupils/{ines}/positionings", None),
        ("PUT", f"/classes/{class_id}/reperes/debut-cp", scores),
        ("GET", f"/classes/{class_id}/reperes/debut-cp", None),
        ("GET", f"/classes/{class_id}", None),
        ("POST", f"/classes/{class_id}/pupils", {"alias": "Intrus"}),
        ("POST", f"/classes/{class_id}/invitations", None),
    ]
    for method, path, body in endpoints:
        assert api.request(method, path, None, json=body).status_code == 401, path
        for role, member in others.items():
            answer = api.request(method, path, member["access_token"], json=body)
            assert answer.status_code == 404, (role, method, path, answer.text)
        expected = 201 if method == "POST" else 200
        assert api.request(method, path, teacher["access_token"], json=body).status_code == expected, path
    for member in (None, *others.values()):
        token = member["access_token"] if member else None
        assert api.get("/framework", token).status_code == 200
        assert api.get("/framework/1", token).status_code == 200


def test_the_owner_invites_a_co_teacher_who_then_has_the_same_access(platform, api):
    owner = platform.member("teacher", ["CP"])
    colleague = platform.member("teacher", ["CP"])
    parent = platform.member("parent", [])
    class_id, (ines, *_) = new_class(api, owner)
    invitation = ok(api.post(f"/classes/{class_id}/invitations", owner["access_token"]), 201)
    assert problem(api.get(f"/classes/{class_id}/competences", colleague["access_token"]), 404)
    joined = ok(api.post("/classes/join", colleague["access_token"], json={"code": invitation["code"]}))
    assert joined["teacher_ids"] == [owner["id"], colleague["id"]]
    grid = {"date": "2025-11-03", "cells": [{"pupil_id": ines, "item_id": RECITER, "level": "depasse"}]}
    assert ok(put(api, f"/classes/{class_id}/grid", colleague["access_token"], grid))["written"] == 1
    history = ok(api.get(f"/classes/{class_id}/pupils/{ines}/positionings", owner["access_token"]))
    assert history["items"][0]["latest"] == "depasse"
    reused = problem(api.post("/classes/join", platform.member("teacher", ["CP"])["access_token"],
                              json={"code": invitation["code"]}), 422)
    unknown = problem(api.post("/classes/join", parent["access_token"], json={"code": "AAAA-BBBB-CCCC"}), 403)
    assert "code" in reused["errors"] and unknown["status"] == 403
    assert problem(api.post(f"/classes/{class_id}/invitations", colleague["access_token"]), 403)
    assert problem(api.post(f"/classes/{class_id}/invitations", parent["access_token"]), 404)
