"""The catalogue's rules, through its use cases, on a real store (SecantusDB).

The kit (contract/scenarios.yaml) covers what a caller sees of each operation; these tests
cover the rules behind: who may do what in which state, versions, layouts and the taxonomy,
collections, and the input schemas' normalisation.
"""
from datetime import datetime, timezone

import pytest

from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from classe12_resources.domain.collections import MAX_COLLECTIONS, Collections
from classe12_resources.domain.marks import Marks
from classe12_resources.domain.model import stats_view
from classe12_resources.domain.resources import Resources
from classe12_resources.domain.taxonomy import Taxonomy, current_taxonomy
from classe12_resources.schemas import CreateResourceSchema, SearchResourcesSchema, UpdateResourceSchema
from classe12_resources.storage import ResourceStore
from classe12_runtime.context import Caller
from classe12_runtime.validation import load_or_invalid
from classe12_testing.fakes import TickingClock

pytestmark = pytest.mark.integration

ANON = Caller()
AUTHOR = Caller(actor_id="a" * 24, roles=("teacher",))
OTHER = Caller(actor_id="b" * 24, roles=("teacher",))
EDITOR = Caller(actor_id="c" * 24, roles=("adviser",))
T0 = datetime(2025, 9, 1, 8, 30, tzinfo=timezone.utc)
LAYOUT = {"surface_m2": 48, "pupils": 12, "zones": ["regroupement"], "furniture": [], "tips": [], "plan_file_id": None}



@pytest.fixture
def store(mongo_db):
    store = ResourceStore(mongo_db)
    store.ensure_indexes()
    return store


@pytest.fixture
def resources():
    return Resources(TickingClock())


def content(**extra):
    return load_or_invalid(CreateResourceSchema(), {
        "title": "Le coin lecture", "summary": "Résumé.", "body": "Corps.", "kind": "fiche", "levels": ["CP"],
        "topics": ["lecture"], **extra})


def published(store, resources, **extra):
    doc = resources.create(store, AUTHOR, content(**extra))
    return resources.publish(store, EDITOR, doc["id"]).result


def test_anonymous_callers_propose_nothing(store, resources):
    with pytest.raises(Unauthorized):
        resources.create(store, ANON, content())


def test_the_taxonomy_decides_topics_and_a_guide_describes_its_room(store, resources):
    with pytest.raises(Invalid) as err:
        resources.create(store, AUTHOR, content(topics=["lecture", "pas-un-theme"]))
    assert list(err.value.fields) == ["topics.1"]
    with pytest.raises(Invalid) as err:
        resources.create(store, AUTHOR, content(kind="amenagement"))
    assert list(err.value.fields) == ["layout"]
    guide = resources.create(store, AUTHOR, content(kind="amenagement", topics=["espace-classe"], layout=LAYOUT))
    assert guide["layout"]["pupils"] == 12
    changed = resources.update(store, AUTHOR, {"resource_id": guide["id"], "kind": "article"}).result
    assert changed["kind"] == "article" and changed["layout"] is None  # an article describes no room


def test_who_changes_what_in_which_state(store, resources):
    draft = resources.create(store, AUTHOR, content())
    with pytest.raises(NotFound):  # somebody else's draft does not exist for them
        resources.update(store, OTHER, {"resource_id": draft["id"], "title": "Volée"})
    assert resources.update(store, EDITOR, {"resource_id": draft["id"], "title": "Corrigée"}).result["version"] == 2
    resources.submit(store, AUTHOR, draft["id"])
    with pytest.raises(Conflict):  # in review
        resources.update(store, AUTHOR, {"resource_id": draft["id"], "title": "Pendant la relecture"})
    resources.publish(store, EDITOR, draft["id"])
    with pytest.raises(Forbidden):
        resources.update(store, AUTHOR, {"resource_id": draft["id"], "title": "Après publication"})
    with pytest.raises(Forbidden):
        resources.update(store, OTHER, {"resource_id": draft["id"], "title": "Par un autre"})
    resources.archive(store, EDITOR, draft["id"], None)
    with pytest.raises(Conflict):
        resources.update(store, EDITOR, {"resource_id": draft["id"], "title": "Archivée"})


def test_each_published_content_stays_readable_as_a_version(store, resources):
    doc = published(store, resources)
    resources.update(store, EDITOR, {"resource_id": doc["id"], "body": "Deuxième corps.", "change_note": "Corps revu."})
    resources.archive(store, EDITOR, doc["id"], "Doublon")
    republished = resources.publish(store, EDITOR, doc["id"]).result  # back, same content: no new version
    assert republished["version"] == 2
    versions = resources.versions(store, ANON, doc["id"])["items"]
    assert [(v["version"], v["change_note"]) for v in versions] == [(2, "Corps revu."), (1, None)]
    assert resources.version(store, ANON, doc["id"], 1)["body"] == "Corps."
    assert resources.version(store, ANON, doc["id"], 2)["body"] == "Deuxième corps."


def test_publishing_refuses_files_showing_pupils_without_the_families_consent(store, resources, mongo_db):
    draft = resources.create(store, AUTHOR, content(kind="video"))
    unattested = {"id": "f" * 24, "filename": "classe.webm", "content_type": "video/webm", "size": 10, "role": "media",
                  "title": None, "shows_pupils": True, "image_rights_attested": False, "uploaded_at": T0,
                  "uploaded_by": AUTHOR.actor_id}
    mongo_db["resources"].update_one({"title": "Le coin lecture"}, {"$set": {"files": [unattested]}})
    with pytest.raises(Conflict) as err:
        resources.publish(store, EDITOR, draft["id"])
    assert "classe.webm" in err.value.message
    assert store.get(draft["id"])["status"] == "draft"


def test_views_count_readers_not_the_author(store, resources):
    doc = published(store, resources)
    resources.get(store, AUTHOR, doc["id"])
    assert resources.get(store, OTHER, doc["id"])["stats"]["views"] == 1
    assert resources.get(store, ANON, doc["id"])["stats"]["views"] == 2


def test_rating_averages_round_to_one_decimal():
    assert stats_view({"ratings": 3, "rating_sum": 13})["rating_average"] == 4.3
    assert stats_view({})["rating_average"] is None


def test_bookmarks_of_resources_no_longer_published_are_left_out(store, resources):
    marks = Marks(TickingClock())
    kept, archived = published(store, resources), published(store, resources, title="Bientôt archivée")
    for doc in (kept, archived):
        marks.bookmark(store, OTHER, doc["id"])
    resources.archive(store, EDITOR, archived["id"], None)
    assert [i["id"] for i in marks.bookmarks(store, OTHER, 10)["items"]] == [kept["id"]]


def test_collections_keep_order_and_show_strangers_only_what_is_published(store, resources):
    collections = Collections(TickingClock(), new_token=lambda: "t" * 32)
    public, own_draft = published(store, resources), resources.create(store, OTHER, content(title="Brouillon"))
    collection = collections.create(store, OTHER, "Période 1", None, True)
    collections.add(store, OTHER, collection["id"], public["id"], None)
    collections.add(store, OTHER, collection["id"], own_draft["id"], 0)
    mine = collections.add(store, OTHER, collection["id"], public["id"], 0)  # already there: moves
    assert [i["id"] for i in mine["items"]] == [public["id"], own_draft["id"]]
    shared = collections.shared(store, ANON, "t" * 32)
    assert [i["id"] for i in shared["items"]] == [public["id"]]
    assert shared["owner_id"] is None and shared["share_token"] is None
    with pytest.raises(NotFound):
        collections.get(store, AUTHOR, collection["id"])


def test_a_member_has_at_most_fifty_collections(store):
    collections = Collections(TickingClock())
    for n in range(MAX_COLLECTIONS):
        collections.create(store, AUTHOR, f"Collection {n}", None, False)
    with pytest.raises(Conflict):
        collections.create(store, AUTHOR, "Une de trop", None, False)


def test_a_domain_filter_means_its_subdomains():
    taxonomy = Taxonomy.from_dict({"version": 3, "domains": [
        {"slug": "francais", "label": "Français", "subdomains": [{"slug": "lecture", "label": "Lecture"},
                                                                {"slug": "oral", "label": "Oral"}]}]})
    assert taxonomy.expand("francais") == ("lecture", "oral")
    assert taxonomy.expand("lecture") == ("lecture",) and taxonomy.expand("inconnu") is None
    assert taxonomy.domain_of("oral") == "francais" and taxonomy.label("francais") == "Français"
    assert current_taxonomy().version >= 1 and "lecture" in current_taxonomy().subdomains


def test_input_is_normalised_as_the_contract_says():
    data = load_or_invalid(CreateResourceSchema(), {
        "title": "  Un\x07 titre  ", "summary": " Résumé ", "body": "\r\n  Retrait gardé\r\n", "kind": "fiche",
        "levels": ["CE1", "CP"], "tags": [" Fluence "], "authors": [{"name": "  Nadia   B. "}]})
    assert (data["title"], data["summary"], data["body"]) == ("Un titre", "Résumé", "  Retrait gardé")
    assert data["tags"] == ["fluence"] and data["authors"] == [{"name": "Nadia B."}]
    with pytest.raises(Invalid) as err:
        load_or_invalid(UpdateResourceSchema(), {"resource_id": "x", "expected_version": "2",
                                                 "authors": [{"member_id": "a" * 24, "name": "Les deux"}]})
    assert set(err.value.fields) == {"expected_version", "authors.0"}
    with pytest.raises(Invalid) as err:
        load_or_invalid(SearchResourcesSchema(), {"max_duration": True, "sort": "hasard"})
    assert set(err.value.fields) == {"max_duration", "sort"}
