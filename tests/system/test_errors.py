"""Every error answers problem+json with a French message; never a 500, never a hang."""
import json
import time

import jwt
import pytest

from ..conftest import JWT_SECRET

pytestmark = pytest.mark.system


def assert_problem(response, status, code=None):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["detail"] and body["title"]
    assert "Traceback" not in response.text
    if code:
        assert body["code"] == code
    return body


def test_malformed_json_is_400(api):
    assert_problem(api.post("/auth/register", data="{pas du json", headers={"Content-Type": "application/json"}),
                   400, "malformed_json")


def test_schema_violation_is_422_with_fields_in_french(api):
    body = assert_problem(api.post("/auth/register", json={"email": "pas-une-adresse", "password": "court",
                                                            "role": "admin", "levels": ["CM2"]}), 422, "invalid")
    assert body["errors"]["email"] == ["Adresse e-mail invalide."]
    assert body["errors"]["display_name"] == ["Ce champ est obligatoire."]
    assert "role" in body["errors"] and "levels.0" in body["errors"] and "password" in body["errors"]


def test_operator_values_are_rejected_not_passed_to_mongodb(api, platform):
    member = platform.member("teacher", ["CP"])
    body = assert_problem(api.post("/auth/login", json={"email": {"$gt": ""}, "password": {"$ne": None}}), 422)
    assert set(body["errors"]) == {"email", "password"}
    assert_problem(api.get("/resources", params={"level[$ne]": "CP"}), 422)
    assert_problem(api.get("/resources", params={"cursor": json.dumps({"$gt": ""})}), 422)
    assert_problem(api.post("/classes", member["access_token"],
                            json={"name": {"$where": "1"}, "level": "CP", "school_year": "2026-2027"}), 422)


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer pas.un.jeton", "Basic dXNlcjpwYXNz"])
def test_missing_or_invalid_token_is_401(api, header):
    body = assert_problem(api.get("/me", headers={"Authorization": header} if header else {}), 401)
    assert body["code"] == "invalid_token"


def test_expired_token_is_401(api, platform):
    member = platform.member("teacher", ["CP"])
    past = int(time.time()) - 3600
    expired = jwt.encode({"iss": "classe12", "sub": member["id"], "roles": ["teacher"], "typ": "access",
                          "iat": past - 900, "exp": past}, JWT_SECRET, algorithm="HS256")
    body = assert_problem(api.get("/me", expired), 401)
    assert "expiré" in body["detail"]
    forged = jwt.encode({"iss": "classe12", "sub": member["id"], "roles": ["admin"], "typ": "access",
                         "iat": int(time.time()), "exp": int(time.time()) + 600}, "not-the-secret", algorithm="HS256")
    assert_problem(api.get("/me", forged), 401)


def test_wrong_password_is_401(api, platform):
    member = platform.member("teacher", ["CP"])
    assert_problem(api.post("/auth/login", json={"email": member["email"], "password": "mauvais mot de passe"}), 401)


def test_not_allowed_is_403_and_hidden_things_are_404(api, platform):
    teacher = platform.member("teacher", ["CP"])
    other = platform.member("teacher", ["CP"])
    draft = api.post("/resources", teacher["access_token"], json={
        "title": "Mon brouillon", "summary": "Résumé.", "body": "Corps.", "kind": "article", "levels": ["CP"]}).json()
    assert_problem(api.post(f"/resources/{draft['id']}/publish", teacher["access_token"]), 403, "forbidden")
    assert_problem(api.get(f"/resources/{draft['id']}", other["access_token"]), 404)
    assert_problem(api.get(f"/resources/{draft['id']}"), 404)
    assert api.get(f"/resources/{draft['id']}", teacher["access_token"]).status_code == 200


def test_unknown_route_and_bad_ids_are_404(api):
    assert_problem(api.get("/nulle-part"), 404)
    assert_problem(api.get("/resources/pas-un-identifiant"), 404)
    assert_problem(api.get("/resources/" + "0" * 24), 404)


def test_an_address_too_long_is_414_in_the_documented_format(api):
    """gunicorn would answer an HTML page above 4 KiB; the gateway answers problem+json."""
    assert_problem(api.get("/resources", params={"topic": "é" * 2000}), 414)


def test_body_over_the_limit_is_413(api):
    assert_problem(api.post("/auth/register", data="x" * (1024 * 1024 + 1), headers={"Content-Type": "application/json"}), 413)


def test_an_idempotency_key_reused_for_another_request_is_422(api, platform):
    teacher = platform.member("teacher", ["CP"])
    key = {"Idempotency-Key": "fiche-" + teacher["id"]}
    sheet = {"title": "Fiche phonologie", "summary": "Résumé.", "body": "Corps.", "kind": "fiche", "levels": ["CP"]}
    first = api.post("/resources", teacher["access_token"], headers=key, json=sheet)
    assert first.status_code == 201, first.text
    again = api.post("/resources", teacher["access_token"], headers=key, json=sheet)
    assert again.status_code == 201 and again.json() == first.json()
    body = assert_problem(api.post("/resources", teacher["access_token"], headers=key,
                                   json={**sheet, "title": "Une autre fiche"}), 422, "invalid")
    assert list(body["errors"]) == ["Idempotency-Key"]


def test_conflict_is_409(api, platform):
    adviser = platform.member("coordinator", ["CP"], granted="adviser")
    draft = api.post("/resources", adviser["access_token"], json={
        "title": "Publiée deux fois", "summary": "R.", "body": "C.", "kind": "fiche", "levels": ["CP"]}).json()
    assert api.post(f"/resources/{draft['id']}/publish", adviser["access_token"]).status_code == 200
    body = assert_problem(api.post(f"/resources/{draft['id']}/publish", adviser["access_token"]), 409, "conflict")
    assert body["detail"] == "Cette ressource est déjà publiée."


def test_request_id_is_returned_and_reaches_the_service_logs(api, platform):
    request_id = "test-" + str(time.time_ns())
    response = api.post("/auth/login", json={"email": "personne@ac-test.fr", "password": "x"},
                        headers={"X-Request-ID": request_id})
    assert response.headers["X-Request-ID"] == request_id
    assert response.json()["request_id"] == request_id
    generated = api.get("/health").headers["X-Request-ID"]
    assert len(generated) >= 16

    log = platform.stack.logs / "community.log"
    api.wait_for(lambda: any(json.loads(line).get("request_id") == request_id
                             for line in log.read_text().splitlines() if line.startswith("{")))
