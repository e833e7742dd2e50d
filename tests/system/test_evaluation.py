"""Evaluation through the gateway: the framework, whole-class grids, the class view, a pupil's
history, the repères; nobody but the class's teachers sees any of it; bad input is a French
problem+json naming the offending field."""
import json
import subprocess
import sys

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
        ("GET", f"/classes/{class_id}/grid?competence_id=fr.oral.dire", None),
        ("GET", f"/classes/{class_id}/pupils/{ines}/positionings", None),
        ("PUT", f"/classes/{class_id}/reperes/debut-cp", scores),
        ("GET", f"/classes/{class_id}/reperes/debut-cp", None),
        ("GET", f"/classes/{class_id}", None),
        ("POST", f"/classes/{class_id}/pupils", {"alias": "Intrus"}),
        ("POST", f"/classes/{class_id}/invitations", None),
        ("POST", f"/classes/{class_id}/pupils/{ines}/parent-invitations", None),
        ("GET", f"/classes/{class_id}/pupils/{ines}/parents", None),
        ("GET", f"/classes/{class_id}/audit", None),
        ("GET", f"/classes/{class_id}/export", None),
        ("GET", f"/classes/{class_id}/export.csv", None),
        ("GET", f"/classes/{class_id}/reports.pdf", None),
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
    # a parent linked to Inès sees her and nothing else; the others see nothing of her
    invitation = ok(api.post(f"/classes/{class_id}/pupils/{ines}/parent-invitations", teacher["access_token"]), 201)
    linked = platform.member("parent", [])
    link = ok(api.post("/children/join", linked["access_token"], json={"code": invitation["code"]}))["link_id"]
    observation = {"date": "2025-12-01", "home_item_id": "maison.compte-jusqua-20"}
    child_endpoints = [("GET", f"/children/{link}", None), ("POST", f"/children/{link}/observations", observation)]
    for method, path, body in child_endpoints:
        assert api.request(method, path, None, json=body).status_code == 401, path
        for role, member in dict(others, teacher=teacher).items():
            answer = api.request(method, path, member["access_token"], json=body)
            assert answer.status_code == 404, (role, method, path, answer.text)
        expected = 201 if method == "POST" else 200
        assert api.request(method, path, linked["access_token"], json=body).status_code == expected, path
    for method, path, body in endpoints:  # the linked parent sees the child through /children only
        answer = api.request(method, path, linked["access_token"], json=body)
        assert answer.status_code == 404, (method, path, answer.text)
    for role, member in others.items():
        assert ok(api.get("/children", member["access_token"]))["items"] == [], role
    assert problem(api.post("/children/join", teacher["access_token"], json={"code": "AAAA-BBBB-CCCC"}), 403)
    # erasure last: nobody else erases, the owner does
    for method, path in (("DELETE", f"/classes/{class_id}/pupils/{ines}"), ("DELETE", f"/classes/{class_id}")):
        assert api.request(method, path, None).status_code == 401
        for role, member in dict(others, parent=linked).items():
            assert api.request(method, path, member["access_token"]).status_code == 404, (role, path)
    assert ok(api.request("DELETE", f"/classes/{class_id}/pupils/{ines}", teacher["access_token"]))
    assert ok(api.request("DELETE", f"/classes/{class_id}", teacher["access_token"]))["erased"]["classes"] == 1


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


def test_a_parent_joins_with_a_code_sees_only_their_child_and_adds_an_observation_the_teacher_sees(platform, api):
    teacher = platform.member("teacher", ["CP"])
    token = teacher["access_token"]
    class_id, (ines, leo, _) = new_class(api, teacher)
    grid = {"date": "2025-10-06", "cells": [
        {"pupil_id": ines, "item_id": SYLLABES, "level": "partiellement_atteint", "comment": "Confond b et d."},
        {"pupil_id": leo, "item_id": SYLLABES, "level": "depasse"}]}
    ok(put(api, f"/classes/{class_id}/grid", token, grid))
    invitation = ok(api.post(f"/classes/{class_id}/pupils/{ines}/parent-invitations", token), 201)
    parent, stranger = platform.member("parent", []), platform.member("parent", [])

    child = ok(api.post("/children/join", parent["access_token"], json={"code": invitation["code"].lower()}))
    assert (child["alias"], child["class_id"], child["pupil_id"]) == ("Inès", class_id, ines)
    reused = problem(api.post("/children/join", stranger["access_token"], json={"code": invitation["code"]}), 422)
    unknown = problem(api.post("/children/join", stranger["access_token"], json={"code": "AAAA-BBBB-CCCC"}), 422)
    assert reused["errors"] == unknown["errors"] and reused["detail"] == unknown["detail"]  # no oracle
    assert [c["alias"] for c in ok(api.get("/children", parent["access_token"]))["items"]] == ["Inès"]

    seen = ok(api.get(f"/children/{child['link_id']}", parent["access_token"]))
    [progress] = seen["progress"]
    assert progress["status"] == "partiellement_atteint" and "bonne voie" in progress["message"]
    text = str(seen)
    assert "Léo" not in text and leo not in text and "Confond" not in text  # no other pupil, no teacher's comment
    assert not {"counts", "rank", "needs_help", "pupils_count"} & set(seen)
    assert "maison.lit-petit-livre" in [i["id"] for i in seen["home_items"]]

    added = ok(api.post(f"/children/{child['link_id']}/observations", parent["access_token"],
                        json={"date": "2025-11-15", "home_item_id": "maison.lit-petit-livre",
                              "note": "Elle a lu un album à son petit frère."}), 201)
    assert added["home_item_label"] == "Lit seul un petit livre"
    bad = problem(api.post(f"/children/{child['link_id']}/observations", parent["access_token"],
                           json={"date": "2025-11-15", "home_item_id": "maison.inconnue"}), 422)
    assert "home_item_id" in bad["errors"]
    assert problem(api.post(f"/children/{child['link_id']}/observations", stranger["access_token"],
                            json={"date": "2025-11-15", "note": "Intrus"}), 404)

    history = ok(api.get(f"/classes/{class_id}/pupils/{ines}/positionings", token))
    [home] = history["home_observations"]
    assert (home["home_item_id"], home["note"], home["parent_id"]) == (
        "maison.lit-petit-livre", "Elle a lu un album à son petit frère.", parent["id"])
    assert ok(api.get(f"/classes/{class_id}/pupils/{leo}/positionings", token))["home_observations"] == []

    [link] = ok(api.get(f"/classes/{class_id}/pupils/{ines}/parents", token))["items"]
    assert link["parent_id"] == parent["id"]
    ok(api.request("DELETE", f"/classes/{class_id}/pupils/{ines}/parents/{link['id']}", token))
    assert problem(api.get(f"/children/{child['link_id']}", parent["access_token"]), 404)
    assert ok(api.get("/children", parent["access_token"]))["items"] == []

    audit = ok(api.get(f"/classes/{class_id}/audit?limit=100", token))["items"]
    actions = {(a["action"], a["actor_id"]) for a in audit}
    assert {("join_as_parent", parent["id"]), ("get_child", parent["id"]), ("add_observation", parent["id"]),
            ("revoke_parent", teacher["id"])} <= actions
    assert ("get_child", stranger["id"]) not in actions  # a probe of an unknown link names no class
    assert all("alias" not in a for a in audit)


def test_export_erasure_and_the_retention_purge(platform, api):
    teacher = platform.member("teacher", ["CP"])
    token = teacher["access_token"]
    class_id, (ines, leo, zoe) = new_class(api, teacher)
    ok(put(api, f"/classes/{class_id}/grid", token, {"date": "2025-10-06", "cells": [
        {"pupil_id": p, "item_id": RECITER, "level": "atteint"} for p in (ines, leo, zoe)]}))

    csv_file = api.get(f"/classes/{class_id}/export.csv", token)
    assert csv_file.status_code == 200 and csv_file.headers["Content-Type"].startswith("text/csv")
    lines = csv_file.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("élève;type;identifiant") and len(lines) == 4
    assert any(line.startswith("Inès;positionnement;" + RECITER) for line in lines)
    pdf = api.get(f"/classes/{class_id}/reports.pdf", token)
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "attachment" in pdf.headers["Content-Disposition"]
    assert len(ok(api.get(f"/classes/{class_id}/export", token))["reports"]) == 3

    erased = ok(api.request("DELETE", f"/classes/{class_id}/pupils/{leo}", token))
    assert erased["erased"]["pupils"] == 1 and erased["erased"]["grids"] == 1
    assert [p["alias"] for p in ok(api.get(f"/classes/{class_id}", token))["pupils"]] == ["Inès", "Zoé"]
    assert "Léo" not in api.get(f"/classes/{class_id}/export.csv", token).content.decode("utf-8-sig")
    assert problem(api.get(f"/classes/{class_id}/pupils/{leo}/positionings", token), 404)

    # the retention purge, from the operator's command, at given moments, on a class of 2018-2019
    # (kept until 31 August 2020): only classes as old as that can be touched
    old = ok(api.post("/classes", token, json={"name": "CP 2018", "level": "CP", "school_year": "2018-2019"}), 201)
    pupils = ok(api.post(f"/classes/{old['id']}/pupils", token, json={"alias": "Nour"}), 201)["pupils"]
    ok(put(api, f"/classes/{old['id']}/grid", token, {"date": "2019-03-04", "cells": [
        {"pupil_id": pupils[0]["id"], "item_id": RECITER, "level": "atteint"}]}))

    def purge(at):
        done = subprocess.run([sys.executable, "-m", "classe12_evaluation.cli", "purge", "--at", at],
                              env=platform.stack.config.env(), check=True, capture_output=True, text=True)
        return [p["class_id"] for p in json.loads(done.stdout)["purged"]]

    assert old["id"] not in purge("2020-08-31T12:00:00Z")
    assert ok(api.get(f"/classes/{old['id']}", token))["pupils_count"] == 1
    assert old["id"] in purge("2020-09-01T00:00:00Z")
    assert problem(api.get(f"/classes/{old['id']}", token), 404)
    assert problem(api.get(f"/classes/{old['id']}/pupils/{pupils[0]['id']}/positionings", token), 404)
    assert old["id"] not in [c["id"] for c in ok(api.get("/classes", token))["items"]]
    assert ok(api.get(f"/classes/{class_id}", token))["pupils_count"] == 2  # a class of this year stays


def test_the_owner_archives_the_class_at_year_end_and_next_years_class_gets_its_pupils(platform, api):
    teacher = platform.member("teacher", ["CP"])
    token = teacher["access_token"]
    others = {"colleague": platform.member("teacher", ["CP"]), "parent": platform.member("parent", []),
              "admin": platform.member("director", [], granted="admin")}
    last_year = ok(api.post("/classes", token, json={"name": "CP 2024", "level": "CP", "school_year": "2024-2025"}),
                   201)
    for alias in ("Inès", "Léo"):
        pupils = ok(api.post(f"/classes/{last_year['id']}/pupils", token, json={"alias": alias}), 201)["pupils"]
    ok(put(api, f"/classes/{last_year['id']}/grid", token, {"date": "2025-03-03", "cells": [
        {"pupil_id": pupils[0]["id"], "item_id": RECITER, "level": "atteint"}]}))
    for role, member in others.items():
        assert api.post(f"/classes/{last_year['id']}/archive", member["access_token"]).status_code == 404, role
    archived = ok(api.post(f"/classes/{last_year['id']}/archive", token))
    assert archived["archived_at"] and archived["pupils_count"] == 2
    refused = problem(api.post(f"/classes/{last_year['id']}/pupils", token, json={"alias": "Zoé"}), 409)
    assert "archivée" in refused["detail"]
    assert problem(put(api, f"/classes/{last_year['id']}/grid", token, {"date": "2025-03-10", "cells": [
        {"pupil_id": pupils[0]["id"], "item_id": RECITER, "level": "depasse"}]}), 409)
    history = ok(api.get(f"/classes/{last_year['id']}/pupils/{pupils[0]['id']}/positionings", token))
    assert history["items"][0]["latest"] == "atteint"  # still read
    assert api.get(f"/classes/{last_year['id']}/export.csv", token).status_code == 200  # still exported

    next_year = ok(api.post("/classes", token, json={"name": "CE1 2025", "level": "CE1", "school_year": "2025-2026"}),
                   201)
    body = {"from_class_id": last_year["id"]}
    for role, member in others.items():
        answer = api.post(f"/classes/{next_year['id']}/pupils/copy", member["access_token"], json=body)
        assert answer.status_code == 404, role
    copied = ok(api.post(f"/classes/{next_year['id']}/pupils/copy", token, json=body))
    assert (copied["copied"], copied["skipped"], copied["pupils_count"]) == (2, 0, 2)
    again = ok(api.post(f"/classes/{next_year['id']}/pupils/copy", token, json=body))
    assert (again["copied"], again["skipped"]) == (0, 2)
    moved = ok(api.get(f"/classes/{next_year['id']}", token))
    assert [p["alias"] for p in moved["pupils"]] == ["Inès", "Léo"] and moved["archived_at"] is None
    new_ines = moved["pupils"][0]["id"]
    assert ok(api.get(f"/classes/{next_year['id']}/pupils/{new_ines}/positionings", token))["items"] == []
    wrong = problem(api.post(f"/classes/{last_year['id']}/pupils/copy", token,
                             json={"from_class_id": next_year["id"]}), 409)  # archived: nothing changes
    assert wrong["status"] == 409
