"""The main path through the gateway: register, login, publish, notify, classes."""
import uuid

import pytest

pytestmark = pytest.mark.system


def notifications(api, member):
    response = api.get("/notifications", member["access_token"])
    assert response.status_code == 200, response.text
    return response.json()


def test_register_login_publish_notify(platform, api):
    cp_teacher = platform.member("teacher", ["CP"])
    ce1_teacher = platform.member("teacher", ["CE1"])
    adviser = platform.member("coordinator", ["CP", "CE1"], granted="adviser")

    me = api.get("/me", cp_teacher["access_token"]).json()
    assert me["roles"] == ["teacher"] and me["levels"] == ["CP"]
    assert cp_teacher["token_type"] == "Bearer" and cp_teacher["expires_in"] > 0

    # everyone is welcomed once the registration event has gone through the broker (other
    # tests' events may arrive meanwhile: look for the welcome, never at "the newest")
    [welcome] = api.wait_for(lambda: [n for n in notifications(api, cp_teacher)["items"] if n["kind"] == "welcome"])
    assert "Test teacher" in welcome["title"]

    draft = api.post("/resources", adviser["access_token"], json={
        "title": "Lire à deux voix", "summary": "Lecture en binôme au CP.", "body": "# Séance\n\nTexte.",
        "kind": "sequence", "levels": ["CP"], "topics": ["lecture"]})
    assert draft.status_code == 201, draft.text
    resource = draft.json()
    assert resource["status"] == "draft"
    # a draft is not in the public catalogue
    assert resource["id"] not in [r["id"] for r in api.get("/resources?limit=100").json()["items"]]

    published = api.post(f"/resources/{resource['id']}/publish", adviser["access_token"])
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"

    def resource_notification(member):
        return [n for n in notifications(api, member)["items"] if n["link"] and resource["id"] in n["link"]]

    [note] = api.wait_for(lambda: resource_notification(cp_teacher))
    assert "Lire à deux voix" in note["title"] and note["read_at"] is None
    assert not resource_notification(ce1_teacher)  # not a CE1 resource

    unread = notifications(api, cp_teacher)["unread_count"]
    read = api.post(f"/notifications/{note['id']}/read", cp_teacher["access_token"])
    assert read.status_code == 200 and read.json()["read_at"]
    assert notifications(api, cp_teacher)["unread_count"] == unread - 1
    # somebody else's notification does not exist for them
    assert api.post(f"/notifications/{note['id']}/read", ce1_teacher["access_token"]).status_code == 404

    public = api.get(f"/resources/{resource['id']}")
    assert public.status_code == 200 and public.json()["body"].startswith("# Séance")
    assert resource["id"] in [r["id"] for r in api.get("/resources?level=CP&limit=100").json()["items"]]


def test_refresh_token_gives_new_tokens_with_current_roles(platform, api):
    member = platform.member("coordinator", ["CE1"])
    assert member["refresh_token"]
    platform.grant(member["email"], "adviser")
    refreshed = api.post("/auth/refresh", json={"refresh_token": member["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.text
    assert api.get("/me", refreshed.json()["access_token"]).json()["roles"] == ["coordinator", "adviser"]
    # an access token is not a refresh token
    assert api.post("/auth/refresh", json={"refresh_token": member["access_token"]}).status_code == 401


def test_only_admins_grant_privileged_roles_over_http(platform, api):
    admin = platform.member("director", [], granted="admin")
    teacher = platform.member("teacher", ["CP"])
    future_adviser = platform.member("coordinator", ["CE1"])
    path = f"/members/{future_adviser['id']}/roles"
    assert api.post(path, teacher["access_token"], json={"role": "adviser"}).status_code == 403
    assert api.post(path, admin["access_token"], json={"role": "parent"}).status_code == 422
    assert api.post(f"/members/{'0' * 24}/roles", admin["access_token"], json={"role": "adviser"}).status_code == 404
    granted = api.post(path, admin["access_token"], json={"role": "adviser"})
    assert granted.status_code == 200 and granted.json()["roles"] == ["coordinator", "adviser"]
    assert "password_hash" not in granted.json()


def test_classes_are_private_to_their_teacher(platform, api):
    teacher = platform.member("teacher", ["CP"])
    colleague = platform.member("teacher", ["CP"])
    admin = platform.member("director", [], granted="admin")
    parent = platform.member("parent", [])

    created = api.post("/classes", teacher["access_token"],
                       json={"name": "CP Les Tournesols", "level": "CP", "school_year": "2026-2027"})
    assert created.status_code == 201, created.text
    class_id = created.json()["id"]
    for alias in ("Inès", "Malik"):
        added = api.post(f"/classes/{class_id}/pupils", teacher["access_token"], json={"alias": alias})
        assert added.status_code == 201, added.text
    duplicate = api.post(f"/classes/{class_id}/pupils", teacher["access_token"], json={"alias": "ines"})
    assert duplicate.status_code == 409

    mine = api.get(f"/classes/{class_id}", teacher["access_token"]).json()
    assert [p["alias"] for p in mine["pupils"]] == ["Inès", "Malik"]
    assert class_id in [c["id"] for c in api.get("/classes", teacher["access_token"]).json()["items"]]

    for other in (colleague, admin):
        assert api.get(f"/classes/{class_id}", other["access_token"]).status_code == 404
        assert api.post(f"/classes/{class_id}/pupils", other["access_token"], json={"alias": "X"}).status_code == 404
        assert class_id not in [c["id"] for c in api.get("/classes", other["access_token"]).json()["items"]]
    forbidden = api.post("/classes", parent["access_token"],
                         json={"name": "Pas la mienne", "level": "CP", "school_year": "2026-2027"})
    assert forbidden.status_code == 403


def test_cursor_pagination_walks_the_whole_catalogue_once(platform, api):
    adviser = platform.member("coordinator", ["CE1"], granted="adviser")
    tag = f"pagination-{uuid.uuid4().hex[:8]}"
    ids = []
    for n in range(5):
        r = api.post("/resources", adviser["access_token"], json={
            "title": f"Fiche numéro {n}", "summary": "Résumé.", "body": "Corps.", "kind": "fiche",
            "levels": ["CE1"], "tags": [tag]}).json()
        api.post(f"/resources/{r['id']}/publish", adviser["access_token"])
        ids.append(r["id"])
    seen, cursor = [], None
    while True:
        page = api.get("/resources", params={"limit": 2, "tag": tag, "sort": "newest",
                                             **({"cursor": cursor} if cursor else {})}).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == list(reversed(ids))


def test_health_says_up_to_anybody_and_details_to_admins(api, platform):
    assert api.get("/health").json() == {"status": "ok"}
    admin = platform.member("director", [], granted="admin")
    response = api.get("/health", admin["access_token"])
    assert response.status_code == 200
    body = response.json()
    assert body["broker"]["status"] == "ok"
    assert set(body["services"]) == {"community", "resources", "evaluation", "notifications"}
    assert all(s["status"] == "ok" and s["database"]["ok"] for s in body["services"].values())


def test_openapi_and_docs_page(api):
    spec = api.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/v1/auth/login", "/api/v1/resources/{id}/publish", "/api/v1/classes/{id}/pupils",
                 "/api/v1/notifications", "/api/v1/health"):
        assert path in spec["paths"]
    assert "resources.Resource" in spec["components"]["schemas"]
    assert spec["paths"]["/api/v1/auth/register"]["post"]["operationId"] == "community.register"
    page = api.get("/docs")
    assert page.status_code == 200 and 'lang="fr"' in page.text and "/api/v1/auth/login" in page.text
