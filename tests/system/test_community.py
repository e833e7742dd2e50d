"""Profiles, the school and member directories and groups, through the gateway."""
import uuid

import pytest

pytestmark = pytest.mark.system


def patch(api, path, token, body):
    return api.request("PATCH", path, token, json=body)


def test_a_teacher_fills_in_a_profile_that_others_see_as_she_chose(api, platform):
    anne, bruno = platform.member("teacher", ["CP"]), platform.member("teacher", ["CE1"])
    name = f"Anne Sys{uuid.uuid4().hex[:8]}"
    # interests are checked against the taxonomy resources announced at start: wait for it to arrive
    response = api.wait_for(lambda: (r := patch(api, "/me/profile", anne["access_token"], {
        "display_name": name, "school_uai": "0591001T", "interests": ["lecture", "co-intervention"],
        "bio": "Douze élèves, deux voix.", "visibility": {"bio": "nobody"}})).status_code == 200 and r)
    profile = response.json()
    assert profile["school"]["network"] == "REP+" and profile["avatar"]["initials"] == "AS"
    assert [i["slug"] for i in profile["interests"]] == ["lecture", "co-intervention"]
    assert api.get("/me/profile", anne["access_token"]).json() == profile

    seen = api.get(f"/members/{anne['id']}", bruno["access_token"]).json()
    assert seen["display_name"] == name and seen["bio"] is None and seen["hidden"] == ["bio"]
    assert seen["school"]["uai"] == "0591001T" and "email" not in seen

    found = api.get("/members", bruno["access_token"], params={"name": name, "departement": "59",
                                                                "network": "REP+"}).json()
    assert [item["id"] for item in found["items"]] == [anne["id"]]
    assert api.get("/members", bruno["access_token"], params={"name": name, "departement": "93"}).json()["items"] == []
    adviser = patch(api, "/me/profile", bruno["access_token"], {"departement": "2A"})
    assert adviser.status_code == 200 and adviser.json()["academie"] == "Corse"


def test_bad_profile_values_are_422_in_french_naming_the_field(api, platform):
    anne = platform.member("teacher", ["CP"])
    wrong_letter = patch(api, "/me/profile", anne["access_token"], {"school_uai": "0591001A"})
    assert wrong_letter.status_code == 422
    assert wrong_letter.headers["Content-Type"].startswith("application/problem+json")
    assert "contrôle" in wrong_letter.json()["errors"]["school_uai"][0]
    unknown = patch(api, "/me/profile", anne["access_token"], {"school_uai": "0591003V"})
    assert unknown.status_code == 422 and "annuaire" in unknown.json()["errors"]["school_uai"][0]
    hidden_to = patch(api, "/me/profile", anne["access_token"], {"visibility": {"bio": "tout le monde"}})
    assert hidden_to.status_code == 422 and "visibility.bio" in hidden_to.json()["errors"]
    assert api.get(f"/members/{'f' * 24}", anne["access_token"]).status_code == 404
    assert api.get("/me/profile").status_code == 401


def test_the_school_directory_is_public_and_searchable(api):
    page = api.get("/schools", params={"departement": "93", "network": "REP+"}).json()
    assert "0932001V" in [school["uai"] for school in page["items"]]
    assert api.get("/schools", params={"name": "canuts vaulx"}).json()["items"][0]["uai"] == "0691001N"
    assert api.get("/schools/9741001V").json()["departement_label"] == "La Réunion"
    assert api.get("/schools/0591000A").status_code == 404
    assert api.get("/schools/pas-un-uai").status_code == 404
    assert api.get("/schools", params={"departement": "100"}).status_code == 422


def test_a_member_finds_and_joins_the_local_group_of_her_network(api, platform):
    chloe = platform.member("teacher", ["CP"])
    assert patch(api, "/me/profile", chloe["access_token"], {"school_uai": "0932002W"}).status_code == 200
    suggestions = api.get("/me/group-suggestions", chloe["access_token"]).json()["items"]
    network = next(g for g in suggestions if g["scope"] == "local" and g["network"] == "REP")
    assert network["departement"] == "93" and "Lecture au CP" in [g["name"] for g in suggestions]
    joined = api.post(f"/groups/{network['id']}/join", chloe["access_token"])
    assert joined.status_code == 200 and joined.json()["state"] == "member"
    again = api.post(f"/groups/{network['id']}/join", chloe["access_token"])
    assert again.status_code == 409 and again.headers["Content-Type"].startswith("application/problem+json")
    mine = api.get("/me/groups", chloe["access_token"]).json()["items"]
    assert [g["id"] for g in mine] == [network["id"]] and mine[0]["membership"]["role"] == "member"
    local = api.get("/groups", chloe["access_token"], params={"scope": "local", "departement": "93"}).json()
    assert network["id"] in [g["id"] for g in local["items"]]


def test_requests_invitations_and_private_groups(api, platform):
    olga, marc, paul = (platform.member(r, ["CP"]) for r in ("coordinator", "teacher", "teacher"))
    created = api.post("/groups", olga["access_token"], json={"name": f"Ateliers {uuid.uuid4().hex[:6]}",
                                                              "access": "on_request", "topics": ["ateliers"]})
    assert created.status_code == 201, created.text
    group = created.json()
    assert group["membership"]["role"] == "owner" and group["member_count"] == 1
    assert api.post(f"/groups/{group['id']}/join", marc["access_token"], json={"message": "Bonjour"}).json()[
        "state"] == "requested"
    assert api.get(f"/groups/{group['id']}/members", marc["access_token"],
                   params={"state": "requested"}).status_code == 403
    accepted = api.post(f"/groups/{group['id']}/requests/{marc['id']}", olga["access_token"], json={"accept": True})
    assert accepted.status_code == 200 and accepted.json()["state"] == "member"
    last_owner = api.post(f"/groups/{group['id']}/leave", olga["access_token"])
    assert last_owner.status_code == 409 and "propriétaire" in last_owner.json()["detail"]

    private = api.post("/groups", olga["access_token"], json={"name": "Équipe de l'école", "access": "private"}).json()
    assert api.get(f"/groups/{private['id']}", paul["access_token"]).status_code == 404
    assert api.post(f"/groups/{private['id']}/join", paul["access_token"]).status_code == 404
    invited = api.post(f"/groups/{private['id']}/invitations", olga["access_token"], json={"member_id": paul["id"]})
    assert invited.status_code == 200 and invited.json()["state"] == "invited"
    assert api.post(f"/groups/{private['id']}/join", paul["access_token"]).json()["state"] == "member"
    role = api.request("PUT", f"/groups/{private['id']}/members/{paul['id']}/role", olga["access_token"],
                       json={"role": "moderator"})
    assert role.status_code == 200 and role.json()["role"] == "moderator"
