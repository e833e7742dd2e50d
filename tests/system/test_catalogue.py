"""The catalogue through the gateway, on the whole platform: the taxonomy, the editorial workflow
with its versions, French search (accents, plurals, a typo, filters, facets, autocomplete),
ratings, bookmarks, views and collections shared by link. Files: test_files.py."""
from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.system


def body_text(subject: str) -> str:
    return (f"## Pourquoi\n\nUne séance courte sur {subject}, pensée pour un groupe de douze élèves.\n\n"
            "## Déroulement\n\n1. Présenter l'activité.\n2. Laisser chercher par deux.\n3. Mettre en commun.")


@pytest.fixture(scope="module")
def people(platform):
    return {"author": platform.member("teacher", ["CP"]), "reader": platform.member("teacher", ["CE1"]),
            "other": platform.member("teacher", ["CP"]), "adviser": platform.member("coordinator", [], granted="adviser")}


def token(people, who):
    return people[who]["access_token"]


def publish_new(api, people, **fields):
    """A resource drafted by the author and published by the adviser."""
    draft = api.post("/resources", token(people, "author"), json={
        "summary": "Une ressource du test du catalogue.", "body": body_text("les nombres"), "kind": "fiche",
        "levels": ["CP"], **fields})
    assert draft.status_code == 201, draft.text
    published = api.post(f"/resources/{draft.json()['id']}/publish", token(people, "adviser"))
    assert published.status_code == 200, published.text
    return published.json()


def test_the_taxonomy_is_served_with_domains_and_subdomains(api):
    taxonomy = api.get("/taxonomy").json()
    slugs = {d["slug"]: [s["slug"] for s in d["subdomains"]] for d in taxonomy["domains"]}
    assert taxonomy["version"] >= 1
    assert "lecture" in slugs["francais"] and "amenagement" in slugs


def test_review_workflow_keeps_every_published_version(api, people):
    author, adviser = token(people, "author"), token(people, "adviser")
    created = api.post("/resources", author, json={
        "title": "Les doubles au CP avec les doigts", "summary": "Retenir les doubles jusqu'à 10.",
        "body": body_text("les doubles"), "kind": "sequence", "levels": ["CP"], "topics": ["calcul-mental"],
        "duration_minutes": 30, "licence": "cc-by-sa-4.0"})
    assert created.status_code == 201, created.text
    resource = created.json()
    rid = resource["id"]
    assert resource["status"] == "draft" and resource["version"] == 1
    assert api.get(f"/resources/{rid}").status_code == 404  # a draft is its author's and editors' only

    assert api.post(f"/resources/{rid}/submit", author).json()["status"] == "submitted"
    queue = api.get("/review/resources", adviser, params={"limit": 100}).json()
    assert rid in [item["id"] for item in queue["items"]]
    assert api.get("/review/resources", author).status_code == 403

    asked = api.post(f"/resources/{rid}/request-changes", adviser, json={"comment": "Ajoutez une trace écrite."})
    assert asked.status_code == 200 and asked.json()["status"] == "changes_requested"
    mine = api.get("/me/resources", author, params={"status": "changes_requested", "limit": 100}).json()
    assert rid in [item["id"] for item in mine["items"]]
    assert api.get(f"/resources/{rid}", author).json()["review"]["comment"] == "Ajoutez une trace écrite."

    edited = api.request("PATCH", f"/resources/{rid}", author, json={
        "body": body_text("les doubles") + "\n\n## Trace écrite\n\nLa table des doubles.",
        "expected_version": asked.json()["version"]})
    assert edited.status_code == 200, edited.text
    api.post(f"/resources/{rid}/submit", author)
    published = api.post(f"/resources/{rid}/publish", adviser).json()
    assert published["status"] == "published" and published["published_by"] == people["adviser"]["id"]

    # a state the transition does not start from: 409, nothing changed
    again = api.post(f"/resources/{rid}/submit", author)
    assert again.status_code == 409 and again.headers["Content-Type"].startswith("application/problem+json")
    assert api.get(f"/resources/{rid}").json()["status"] == "published"

    # the author can no longer change it; an editor can, which makes a new version
    assert api.request("PATCH", f"/resources/{rid}", author, json={"title": "Autre"}).status_code in (403, 409)
    fixed = api.request("PATCH", f"/resources/{rid}", adviser, json={
        "title": "Les doubles au CP, avec les doigts et en chantant", "change_note": "Titre précisé."})
    assert fixed.status_code == 200, fixed.text
    versions = api.get(f"/resources/{rid}/versions").json()["items"]
    titles = {v["version"]: v["title"] for v in versions}
    assert titles[max(titles)] == "Les doubles au CP, avec les doigts et en chantant"
    assert "Les doubles au CP avec les doigts" in titles.values()
    earlier = min(v for v, t in titles.items() if t == "Les doubles au CP avec les doigts")
    assert api.get(f"/resources/{rid}/versions/{earlier}").json()["title"] == "Les doubles au CP avec les doigts"

    archived = api.post(f"/resources/{rid}/archive", adviser, json={"reason": "Remplacée."})
    assert archived.json()["status"] == "archived"
    assert api.get(f"/resources/{rid}").status_code == 404
    assert api.post(f"/resources/{rid}/archive", adviser, json={"reason": None}).status_code == 409
    assert api.post(f"/resources/{rid}/publish", adviser).json()["status"] == "published"  # an editor restores it


def test_bad_values_name_their_field_in_french(api, people):
    response = api.post("/resources", token(people, "author"), json={
        "title": "Une fiche", "summary": "Résumé.", "body": "Corps.", "kind": "podcast", "levels": ["CM2"]})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "kind" in errors and any(field.startswith("levels") for field in errors)
    assert all(isinstance(m, str) for messages in errors.values() for m in messages)
    unknown_topic = api.post("/resources", token(people, "author"), json={
        "title": "Une fiche", "summary": "Résumé.", "body": "Corps.", "kind": "fiche", "levels": ["CP"],
        "topics": ["astronomie"]})
    assert unknown_topic.status_code == 422 and list(unknown_topic.json()["errors"]) == ["topics.0"]


def test_search_folds_accents_takes_plurals_and_forgives_a_typo(api, people):
    tag = f"catalogue-{uuid.uuid4().hex[:8]}"
    frogs = publish_new(api, people, title="Compter les grenouilles de la mare", tags=[tag],
                        topics=["nombres"], duration_minutes=20, licence="cc-by-4.0")
    layout = publish_new(api, people, title="Une petite salle pour l'élève et ses ateliers", tags=[tag],
                         kind="amenagement", topics=["zones-de-travail"], body=body_text("la salle"),
                         layout={"surface_m2": 35, "pupils": 12, "zones": ["regroupement", "ateliers"],
                                 "furniture": ["Six tables doubles"], "tips": ["Garder une allée libre."]})

    def first_five(**params):
        found = api.get("/resources", params={"tag": tag, **params}).json()["items"][:5]
        return [item["id"] for item in found]

    assert frogs["id"] in first_five(q="GRENOUILLE")  # case, and the plural stemmed
    assert frogs["id"] in first_five(q="grenouiles")  # one typo in a long word
    assert layout["id"] in first_five(q="eleve atelier")  # accents folded, plural stemmed
    assert first_five(q="grenouille", kind="amenagement") == []

    # layout guides filtered on their structured fields
    assert first_five(zone="ateliers", min_pupils=12, max_surface=40) == [layout["id"]]
    assert first_five(zone="ateliers", max_surface=30) == []

    page = api.get("/resources", params={"tag": tag, "kind": "fiche"}).json()
    assert page["total"] == 1
    kinds = {facet["value"]: facet["count"] for facet in page["facets"]["kind"]}
    assert kinds == {"fiche": 1, "amenagement": 1}  # a facet counts the other filters, not its own

    suggestions = api.get("/resources/suggest", params={"q": "compter les grenou"}).json()["suggestions"]
    assert {"text": frogs["title"], "type": "title", "resource_id": frogs["id"], "topic": None} in suggestions
    topics = [s["topic"] for s in api.get("/resources/suggest", params={"q": "amé"}).json()["suggestions"]]
    assert topics[0] == "amenagement"

    unknown = api.get("/resources", params={"topic": "astronomie"})
    assert unknown.status_code == 422 and "topic" in unknown.json()["errors"]


def test_sorts_by_bookmarks_and_rating(api, people):
    tag = f"tri-{uuid.uuid4().hex[:8]}"
    plain = publish_new(api, people, title="Dictée de syllabes", tags=[tag])
    liked = publish_new(api, people, title="Dictée de mots outils", tags=[tag])
    api.request("PUT", f"/resources/{liked['id']}/bookmark", token(people, "reader"))
    api.request("PUT", f"/resources/{liked['id']}/rating", token(people, "reader"), json={"stars": 5})
    api.request("PUT", f"/resources/{plain['id']}/rating", token(people, "reader"), json={"stars": 2})
    for sort in ("bookmarks", "rating"):
        ids = [item["id"] for item in api.get("/resources", params={"tag": tag, "sort": sort}).json()["items"]]
        assert ids == [liked["id"], plain["id"]], sort


def test_ratings_bookmarks_and_views_count_on_the_resource(api, people):
    resource = publish_new(api, people, title="Le jeu du furet pour compter de 2 en 2")
    rid = resource["id"]
    reader, other = token(people, "reader"), token(people, "other")

    assert api.request("PUT", f"/resources/{rid}/rating", reader, json={"stars": 4}).status_code == 200
    rated = api.request("PUT", f"/resources/{rid}/rating", other, json={"stars": 5, "review": "Mes élèves adorent."})
    assert rated.status_code == 200
    changed = api.request("PUT", f"/resources/{rid}/rating", reader, json={"stars": 2, "review": "Trop long."})
    assert changed.status_code == 200  # one rating per member, editable
    stats = api.get(f"/resources/{rid}").json()["stats"]
    assert stats["ratings"] == 2 and stats["rating_average"] == 3.5
    reviews = api.get(f"/resources/{rid}/reviews").json()["items"]
    assert sorted(r["review"] for r in reviews) == ["Mes élèves adorent.", "Trop long."]

    out_of_range = api.request("PUT", f"/resources/{rid}/rating", reader, json={"stars": 6})
    assert out_of_range.status_code == 422 and "stars" in out_of_range.json()["errors"]
    assert api.request("DELETE", f"/resources/{rid}/rating", reader).status_code == 200
    assert api.get(f"/resources/{rid}").json()["stats"]["ratings"] == 1

    assert api.request("PUT", f"/resources/{rid}/bookmark", reader).json()["bookmarked"] is True
    assert api.request("PUT", f"/resources/{rid}/bookmark", reader).json()["stats"]["bookmarks"] == 1  # idempotent
    bookmarks = api.get("/me/bookmarks", reader, params={"limit": 100}).json()["items"]
    assert rid in [item["id"] for item in bookmarks]
    assert api.request("DELETE", f"/resources/{rid}/bookmark", reader).json()["stats"]["bookmarks"] == 0

    views = api.get(f"/resources/{rid}").json()["stats"]["views"]
    assert api.get(f"/resources/{rid}").json()["stats"]["views"] == views + 1

    draft = api.post("/resources", token(people, "author"), json={
        "title": "Brouillon", "summary": "Pas encore publié.", "body": "Corps.", "kind": "fiche", "levels": ["CP"]})
    assert api.request("PUT", f"/resources/{draft.json()['id']}/rating", reader, json={"stars": 3}).status_code == 404


def test_collections_are_ordered_private_and_shared_by_a_revocable_link(api, people):
    first = publish_new(api, people, title="Période 1 : les sons voyelles")
    second = publish_new(api, people, title="Période 1 : les sons consonnes")
    reader = token(people, "reader")
    created = api.post("/collections", reader, json={"name": "Mes sons de la période 1"})
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    for resource in (first, second):
        assert api.post(f"/collections/{cid}/items", reader, json={"resource_id": resource["id"]}).status_code == 200
    reordered = api.request("PATCH", f"/collections/{cid}", reader,
                            json={"resource_ids": [second["id"], first["id"]]}).json()
    assert [item["id"] for item in reordered["items"]] == [second["id"], first["id"]]
    assert api.get(f"/collections/{cid}", token(people, "other")).status_code == 404  # private

    listed = api.get("/me/collections", reader, params={"limit": 100}).json()["items"]
    assert {"id": cid, "items_count": 2}.items() <= next(c for c in listed if c["id"] == cid).items()

    shared = api.request("PATCH", f"/collections/{cid}", reader, json={"shared": True}).json()
    link = shared["share_token"]
    assert len(link) >= 32
    seen = api.get(f"/shared/collections/{link}")  # anybody with the link, read-only
    assert seen.status_code == 200
    assert seen.json()["share_token"] is None and seen.json()["owner_id"] is None
    assert [item["id"] for item in seen.json()["items"]] == [second["id"], first["id"]]

    api.request("PATCH", f"/collections/{cid}", reader, json={"shared": False})
    assert api.get(f"/shared/collections/{link}").status_code == 404
    assert api.request("DELETE", f"/collections/{cid}", reader).status_code == 200
    assert api.get(f"/collections/{cid}", reader).status_code == 404
