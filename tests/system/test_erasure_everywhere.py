"""One member's data in every service, through the gateway (issue 8, item 1): `GET /api/v1/me/export`
gathers what the four services hold about them; `DELETE /api/v1/me` erases the account and
`community.member_deleted` makes resources, evaluation and notifications forget or anonymise the
rest (docs/privacy.md, "Account deletion"). Another member's data stays as it was."""
import uuid

import pymongo
import pytest

from ..conftest import PASSWORD

pytestmark = pytest.mark.system

BODY = ("## Pourquoi\n\nUn rituel court pour un groupe de douze élèves.\n\n"
        "## Déroulement\n\n1. Présenter l'activité.\n2. Chercher par deux.\n3. Mettre en commun.")


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def seed(api, person, marker):
    """Something of `person` in each service; returns the ids to look for."""
    token = person["access_token"]
    draft = ok(api.post("/resources", token, json={
        "title": f"Rituel du matin {marker}", "summary": "Un rituel pour bien commencer.", "body": BODY,
        "kind": "fiche", "levels": ["CP"]}), 201)
    collection = ok(api.post("/collections", token, json={"name": f"Mes rituels {marker}"}), 201)
    school_class = ok(api.post("/classes", token, json={"name": f"CP {marker}", "level": "CP",
                                                        "school_year": "2025-2026"}), 201)
    ok(api.post(f"/classes/{school_class['id']}/pupils", token, json={"alias": "Inès"}), 201)
    ok(api.request("PUT", "/me/follows", token, json={"topics": ["lecture"]}))
    return {"resource": draft["id"], "collection": collection["id"], "class": school_class["id"]}


def databases(platform) -> dict:
    client = pymongo.MongoClient(platform.stack.config.mongo_uri)
    names = {name.split("_")[0]: name for name in client.list_database_names()}
    return {service: client[names.get(service, service)]
            for service in ("community", "resources", "evaluation", "notifications")}


def test_a_member_exports_everything_then_every_service_forgets_them(platform, api):
    person, other = platform.member(), platform.member()
    marker = uuid.uuid4().hex[:8]
    mine, theirs = seed(api, person, marker), seed(api, other, marker + "b")
    # the welcome notification is written from community's event: wait for it to be exported
    api.wait_for(lambda: ok(api.get("/notifications", person["access_token"]))["items"])

    export = api.get("/me/export", person["access_token"])
    assert export.status_code == 200, export.text
    assert "attachment" in export.headers["Content-Disposition"]
    document = export.json()
    assert document["member_id"] == person["id"]
    services = document["services"]
    assert sorted(services) == ["community", "evaluation", "notifications", "resources"]
    assert all(services[name]["service"] == name and services[name]["format_version"] == 1 for name in services)
    text = repr(document)
    assert person["email"] in repr(services["community"])
    for key in ("resource", "collection", "class"):
        assert mine[key] in text and theirs[key] not in text
    assert other["id"] not in text and other["email"] not in text
    assert "lecture" in repr(services["notifications"]["data"]["follows"])

    db = databases(platform)
    stored = {  # each check below looks where the data really is
        "resource": (db["resources"].resources, {"_id": _oid(mine["resource"])}),
        "collection": (db["resources"].collections, {"_id": _oid(mine["collection"])}),
        "class": (db["evaluation"].classes, {"_id": _oid(mine["class"])}),
        "inbox": (db["notifications"].notifications, {"recipient_id": person["id"]}),
        "follows": (db["notifications"].follows, {"member_id": person["id"]}),
        "account": (db["community"].members, {"_id": _oid(person["id"])}),
    }
    assert all(collection.count_documents(query) for collection, query in stored.values())

    deleted = api.request("DELETE", "/me", person["access_token"], json={"password": PASSWORD})
    assert deleted.status_code == 204, deleted.text
    refused = api.post("/auth/login", json={"email": person["email"], "password": PASSWORD})
    assert refused.status_code == 401

    for collection, query in stored.values():
        api.wait_for(lambda c=collection, q=query: c.count_documents(q) == 0)
    # the other member keeps everything
    token = other["access_token"]
    assert ok(api.get(f"/classes/{theirs['class']}", token))["id"] == theirs["class"]
    assert ok(api.get(f"/collections/{theirs['collection']}", token))["id"] == theirs["collection"]
    assert ok(api.get("/me/export", token))["services"]["resources"]["data"]


def _oid(text):
    from bson import ObjectId
    return ObjectId(text) if ObjectId.is_valid(text) else text
