"""The catalogue's search on an index built in memory (no server): matching and scoring,
filters, facets, orders, pages and cursors, suggestions, and answers that do not depend on the
index's history."""
import base64
import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from bson import ObjectId

from classe12_contracts.errors import Invalid
from classe12_resources.domain.taxonomy import current_taxonomy
from classe12_resources.search import SearchIndex, search_resources, suggest_resources
from classe12_resources.search.searching import UNKNOWN_TOPIC
from classe12_runtime.pagination import INVALID_CURSOR, MAX_CURSOR_LENGTH

pytestmark = pytest.mark.unit

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)
TAXONOMY = current_taxonomy()
FILLER = ("Une séance menée en petit groupe pendant que les autres travaillent en autonomie. "
          "Le matériel est prêt avant la classe et chacun sait où le ranger. ")


def resource(n, title, summary="Une ressource pour la classe.", body=FILLER, kind="fiche", levels=("CP",), topics=(),
             tags=(), competences=(), duration=None, licence="cc-by-4.0", layout=None, days=0, bookmarks=0,
             ratings=0, rating_sum=0, status="published"):
    when = T0 + timedelta(days=days)
    return {"_id": ObjectId(f"{n:024x}"), "title": title, "summary": summary, "body": body, "kind": kind,
            "levels": list(levels), "topics": list(topics), "tags": list(tags), "competences": list(competences),
            "duration_minutes": duration, "licence": licence, "layout": layout, "status": status, "version": 1,
            "author_id": "a" * 24, "created_at": when, "updated_at": when, "submitted_at": when,
            "published_at": when if status == "published" else None, "published_by": "c" * 24, "archived_at": None,
            "review": None, "stats": {"views": 0, "bookmarks": bookmarks, "ratings": ratings, "rating_sum": rating_sum}}


def layout(surface, pupils, zones):
    return {"surface_m2": surface, "pupils": pupils, "zones": list(zones), "furniture": [], "tips": [],
            "plan_file_id": None}


DOCS = [
    resource(1, "Un coin lecture accueillant", "Des livres à hauteur d’enfant et des coussins.",
             kind="amenagement", topics=["coin-lecture"], levels=("CP", "CE1"), days=1, bookmarks=5,
             ratings=2, rating_sum=9, layout=layout(48, 12, ["coin-lecture", "calme"])),
    resource(2, "Lire à deux voix", "Une séance de fluence avec l’élève qui lit et celui qui écoute.",
             body=FILLER + "Les lectures à voix haute se préparent.", kind="sequence", topics=["fluence", "lecture"],
             levels=("CE1",), duration=30, competences=["fr.lecture.voix-haute"], days=2, bookmarks=5,
             ratings=4, rating_sum=18),
    resource(3, "Calcul mental : le furet des nombres", "Un rituel de dix minutes.", kind="outil",
             topics=["calcul-mental"], duration=10, tags=["rituel", "jeu"], days=3, bookmarks=1, ratings=1,
             rating_sum=5),
    resource(4, "Installer la classe en îlots", "Trois îlots de quatre élèves.", kind="video",
             topics=["espace-classe", "mobilier"], levels=("CP", "CE1"), duration=5, days=4,
             layout=layout(30, 12, ["autonomie", "ateliers"])),
    resource(5, "Ateliers de phonologie", "Syllabes et phonèmes en ateliers tournants.",
             body=FILLER + "L’autonomie des élèves se construit pas à pas.", kind="fiche",
             topics=["phonologie", "ateliers"], duration=45, licence="cc-by-sa-4.0", days=5, bookmarks=2),
    resource(6, "Une grande salle en pôles", "Regroupement, ateliers et coin écoute dans 70 m².",
             kind="amenagement", topics=["espace-classe", "zones-de-travail"], levels=("CE1",), days=6,
             layout=layout(70, 24, ["regroupement", "ateliers", "ecoute"]), ratings=2, rating_sum=9),
    resource(7, "Brouillon sur la lecture", "Pas encore publié.", status="draft", topics=["lecture"]),
    resource(8, "Problèmes pour chercher", "Résoudre des problèmes en équipe.", body=FILLER,
             kind="fiche", topics=["resolution-problemes"], levels=("CE1",), duration=150, days=7),
]
PUBLISHED = [d for d in DOCS if d["status"] == "published"]
BY_ID = {str(d["_id"]): d for d in DOCS}


def load(ids):
    return [BY_ID[i] for i in ids if i in BY_ID]


@pytest.fixture
def index():
    return SearchIndex.of(DOCS, TAXONOMY)


def search(index, **data):
    return search_resources(index, TAXONOMY, data, load)


def titles(page):
    return [item["title"] for item in page["items"]]


def numbers(page):
    return [int(item["id"], 16) for item in page["items"]]


# --- matching and scoring ---------------------------------------------------------------------

def test_accents_and_case_are_folded(index):
    assert 2 in numbers(search(index, q="ELEVE"))
    assert numbers(search(index, q="ilots"))[0] == 4


def test_plurals_and_elisions(index):
    assert numbers(search(index, q="lectures"))[0] == 1
    assert 2 in numbers(search(index, q="l'élève qui lit"))


def test_only_published_resources_are_found(index):
    assert 7 not in numbers(search(index, q="brouillon"))
    assert search(index, q="brouillon")["total"] == 0
    assert search(index)["total"] == len(PUBLISHED)


def test_one_typo_is_forgiven_in_words_of_five_letters_or_more(index):
    assert numbers(search(index, q="phonolgie")) == [5]      # deletion
    assert numbers(search(index, q="phonologei")) == [5]     # transposition
    assert numbers(search(index, q="accueilant")) == [1]     # deletion, 10 letters
    assert search(index, q="ilot")["total"] >= 1              # the stem: no typo needed
    assert search(index, q="furat")["total"] == 1             # five letters: "furet"
    assert search(index, q="furt")["total"] == 0              # four letters: taken as typed
    assert search(index, q="phnolgie")["total"] == 0          # two typos


def test_known_words_get_no_typo_unless_nothing_matches_and_typos_weigh_less():
    livre, libre = resource(1, "Le livre de lecture", days=1), resource(2, "Le libre choix de lecture", days=2)
    both = SearchIndex.of([livre, libre], TAXONOMY)
    only_libre = SearchIndex.of([libre, resource(3, "Un livre", days=3)], TAXONOMY)

    def run(index, q):
        return search_resources(index, TAXONOMY, {"q": q}, lambda ids: [d for d in (livre, libre) if str(d["_id"]) in ids])

    assert numbers(run(both, "livre lecture")) == [1]       # "livre" is a word of the catalogue: taken as typed
    typo = run(only_libre, "livre lecture")                  # nothing has both: "libre" is one typo away
    assert numbers(typo) == [2]
    assert 0 < typo["items"][0]["score"] < run(only_libre, "libre lecture")["items"][0]["score"]


def test_title_outweighs_topics_which_outweigh_summary_which_outweighs_body():
    body = FILLER * 2
    docs = [resource(1, "Une séance", body=body + "On y parle de marionnettes.", days=4),
            resource(2, "Une séance", summary="Des marionnettes en classe.", body=body, days=3),
            resource(3, "Une séance", tags=["marionnettes"], body=body, days=2),
            resource(4, "Les marionnettes", body=body, days=1)]
    index = SearchIndex.of(docs, TAXONOMY)
    page = search_resources(index, TAXONOMY, {"q": "marionnette"}, lambda ids: [d for d in docs if str(d["_id"]) in ids])
    assert numbers(page) == [4, 3, 2, 1]
    scores = [item["score"] for item in page["items"]]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_every_word_is_required_in_short_queries(index):
    assert numbers(search(index, q="coin lecture")) == [1]
    assert search(index, q="coin galaxie")["total"] == 0


def test_long_queries_tolerate_one_missing_word_in_four(index):
    found = numbers(search(index, q="ateliers phonologie syllabes galaxie"))
    assert found == [5]


def test_without_a_query_everything_matches_with_score_zero(index):
    for q in (None, "", "   ", "le la les"):
        page = search(index, q=q, limit=100)
        assert page["total"] == len(PUBLISHED)
        assert {item["score"] for item in page["items"]} == {0.0}


def test_items_are_summaries_with_a_score(index):
    item = search(index, q="coin lecture")["items"][0]
    assert "body" not in item and item["status"] == "published"
    assert set(item) >= {"id", "title", "summary", "kind", "levels", "topics", "stats", "layout", "score"}


def test_a_resource_unpublished_between_index_and_load_is_left_out(index):
    stale = {**BY_ID[str(ObjectId(f"{1:024x}"))], "status": "archived"}
    page = search_resources(index, TAXONOMY, {"q": "coin lecture"}, lambda ids: [stale])
    assert page["items"] == [] and page["total"] == 1


# --- filters and facets -------------------------------------------------------------------

@pytest.mark.parametrize("filters, expected", [
    ({"kind": "amenagement"}, {1, 6}),
    ({"level": "CE1"}, {1, 2, 4, 6, 8}),
    ({"topic": "espace-classe"}, {4, 6}),
    ({"topic": "amenagement"}, {1, 4, 6}),            # a domain: any of its subdomains
    ({"topic": "francais"}, {2, 5}),
    ({"tag": "rituel"}, {3}),
    ({"competence": "fr.lecture.voix-haute"}, {2}),
    ({"licence": "cc-by-sa-4.0"}, {5}),
    ({"max_duration": 30}, {2, 3, 4}),                  # no duration: left out
    ({"zone": "ateliers"}, {4, 6}),
    ({"min_pupils": 20}, {6}),
    ({"max_surface": 48}, {1, 4}),
    ({"kind": "amenagement", "level": "CP"}, {1}),
])
def test_filters(index, filters, expected):
    page = search(index, limit=100, **filters)
    assert set(numbers(page)) == expected and page["total"] == len(expected)


def test_filters_combine_with_the_query(index):
    assert numbers(search(index, q="ateliers", kind="amenagement")) == [6]


def test_an_unknown_topic_is_invalid(index):
    with pytest.raises(Invalid) as raised:
        search(index, topic="astronomie")
    assert raised.value.fields == {"topic": [UNKNOWN_TOPIC]}


def test_facets_count_the_results_most_frequent_first(index):
    facets = search(index)["facets"]
    # ties keep the vocabulary's order (model.KINDS, LEVELS, the taxonomy, buckets by length...)
    assert facets["kind"] == [{"value": "fiche", "count": 2}, {"value": "amenagement", "count": 2},
                              {"value": "video", "count": 1}, {"value": "sequence", "count": 1},
                              {"value": "outil", "count": 1}]
    assert facets["level"] == [{"value": "CE1", "count": 5}, {"value": "CP", "count": 4}]
    assert facets["duration"] == [{"value": "15", "count": 2}, {"value": "30", "count": 1},
                                  {"value": "60", "count": 1}, {"value": "plus", "count": 1}]
    assert facets["zone"][0] == {"value": "ateliers", "count": 2}
    assert {"value": "espace-classe", "count": 2} in facets["topic"]
    assert facets["licence"] == [{"value": "cc-by-4.0", "count": 6}, {"value": "cc-by-sa-4.0", "count": 1}]
    assert all(entry["count"] >= 1 for values in facets.values() for entry in values)


def test_facets_follow_the_query(index):
    facets = search(index, q="ateliers")["facets"]
    assert facets["kind"] == [{"value": "video", "count": 1}, {"value": "fiche", "count": 1},
                              {"value": "amenagement", "count": 1}]
    assert facets["licence"] == [{"value": "cc-by-4.0", "count": 2}, {"value": "cc-by-sa-4.0", "count": 1}]


def test_a_facet_ignores_its_own_filter_and_applies_the_others(index):
    facets = search(index, kind="amenagement", level="CE1")["facets"]
    # kind: CE1 resources of every kind; level: amenagement resources of every level
    assert facets["kind"] == [{"value": "amenagement", "count": 2}, {"value": "video", "count": 1},
                              {"value": "fiche", "count": 1}, {"value": "sequence", "count": 1}]
    assert facets["level"] == [{"value": "CE1", "count": 2}, {"value": "CP", "count": 1}]
    assert {entry["value"] for entry in facets["topic"]} == {"coin-lecture", "espace-classe", "zones-de-travail"}
    facets = search(index, max_duration=15)["facets"]
    assert facets["duration"][0] == {"value": "15", "count": 2} and len(facets["duration"]) == 4
    assert facets["kind"] == [{"value": "video", "count": 1}, {"value": "outil", "count": 1}]


# --- orders -------------------------------------------------------------------------------

def test_default_orders(index):
    assert numbers(search(index)) == [8, 6, 5, 4, 3, 2, 1]                     # newest
    assert search(index, q="ateliers")["items"][0]["score"] > 0                 # relevance
    scores = [item["score"] for item in search(index, q="ateliers")["items"]]
    assert scores == sorted(scores, reverse=True)


def test_bookmarks_then_newest(index):
    assert numbers(search(index, sort="bookmarks")) == [2, 1, 5, 3, 8, 6, 4]


def test_rating_average_then_count_then_newest(index):
    # 2: 4.5 (4); 6: 4.5 (2); 1: 4.5 (2), older; 3: 5.0 (1); unrated last, newest first
    assert numbers(search(index, sort="rating")) == [3, 2, 6, 1, 8, 5, 4]


def test_relevance_without_a_query_is_the_newest_order(index):
    assert numbers(search(index, sort="relevance")) == numbers(search(index))


def test_equal_keys_fall_back_on_the_id():
    docs = [resource(n, "Même titre", days=0) for n in (3, 1, 2)]
    index = SearchIndex.of(docs, TAXONOMY)
    page = search_resources(index, TAXONOMY, {"q": "titre"}, lambda ids: [d for d in docs if str(d["_id"]) in ids])
    assert numbers(page) == [1, 2, 3]


# --- pages --------------------------------------------------------------------------------

def all_pages(index, limit, **data):
    seen, cursor = [], None
    while True:
        page = search(index, limit=limit, cursor=cursor, **data)
        seen += numbers(page)
        cursor = page["next_cursor"]
        if cursor is None:
            return seen, page["total"]
        assert len(cursor) <= MAX_CURSOR_LENGTH and re.fullmatch(r"[A-Za-z0-9_-]+", cursor)


@pytest.mark.parametrize("data", [{}, {"q": "classe"}, {"q": "élèves ateliers"}, {"sort": "bookmarks"},
                                  {"sort": "rating"}, {"q": "classe", "sort": "newest"}, {"sort": "relevance"},
                                  {"level": "CE1", "sort": "rating"}])
@pytest.mark.parametrize("limit", [1, 2, 3])
def test_pages_cover_the_results_once_in_order(index, data, limit):
    whole = search(index, limit=100, **data)
    paged, total = all_pages(index, limit, **data)
    assert paged == numbers(whole) and total == whole["total"] and len(set(paged)) == len(paged)


def test_a_page_after_a_change_neither_repeats_nor_skips_the_others():
    docs = [resource(n, f"Fiche {n}", days=n) for n in range(1, 8)]
    index = SearchIndex.of(docs, TAXONOMY)
    by_id = {str(d["_id"]): d for d in docs}
    first = search_resources(index, TAXONOMY, {"limit": 3}, lambda ids: [by_id[i] for i in ids])
    index.apply(str(docs[0]["_id"]), None)  # the oldest goes away
    index.apply(str(docs[6]["_id"]), None)  # one of the first page too
    rest = search_resources(index, TAXONOMY, {"limit": 10, "cursor": first["next_cursor"]},
                            lambda ids: [by_id[i] for i in ids])
    assert numbers(first) == [7, 6, 5] and numbers(rest) == [4, 3, 2]


def _forge(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def test_invalid_cursors(index):
    cursor = search(index, q="classe", limit=1)["next_cursor"]
    bound, *key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    for bad, data in [("nimportequoi", {"q": "classe"}),
                      ("!!!!", {"q": "classe"}),
                      ("A" * (MAX_CURSOR_LENGTH + 1), {"q": "classe"}),
                      (cursor, {"q": "lecture"}),                      # another query
                      (cursor, {"q": "classe", "kind": "fiche"}),      # other filters
                      (cursor, {"q": "classe", "sort": "newest"}),     # another order
                      (_forge([bound, "x", *key[1:]]), {"q": "classe"}),
                      (_forge([bound, *key[:-1]]), {"q": "classe"}),
                      (_forge({"a": 1}), {"q": "classe"})]:
        with pytest.raises(Invalid) as raised:
            search(index, cursor=bad, **data)
        assert raised.value.fields == {"cursor": [INVALID_CURSOR]}
    assert search(index, q="CLASSE", cursor=cursor)["items"]  # the same words, folded: accepted


# --- suggestions ----------------------------------------------------------------------------

def suggest(index, q, limit=8):
    return suggest_resources(index, TAXONOMY, {"q": q, "limit": limit})["suggestions"]


def test_suggest_topics_first_then_titles(index):
    found = suggest(index, "lec")
    kinds = [s["type"] for s in found]
    assert kinds == sorted(kinds, key=["topic", "title"].index)
    assert {"text": TAXONOMY.label("lecture"), "type": "topic", "resource_id": None, "topic": "lecture"} in found
    assert {"text": "Un coin lecture accueillant", "type": "title", "resource_id": f"{1:024x}", "topic": None} in found


def test_suggest_folds_and_takes_previous_words_whole(index):
    titles_found = [s["text"] for s in suggest(index, "CALCUL me") if s["type"] == "title"]
    assert titles_found == ["Calcul mental : le furet des nombres"]
    topics_found = [s["topic"] for s in suggest(index, "calcul me") if s["type"] == "topic"]
    assert topics_found == ["calcul-mental"]
    assert [s["text"] for s in suggest(index, "ilo")] == ["Installer la classe en îlots"]
    assert suggest(index, "calc men") == []  # "calc" is not a whole word


def test_suggest_domains_before_their_subdomains(index):
    domain = next(d for d in TAXONOMY.domains if d["slug"] == "amenagement")
    found = [s["topic"] for s in suggest(index, "amé", limit=20) if s["type"] == "topic"]
    assert found[0] == "amenagement"  # "aménagement" is what a teacher types: the whole domain is a filter
    assert set(found) <= {"amenagement", *(s["slug"] for s in domain["subdomains"])}


def test_suggest_matches_topic_slugs_and_respects_the_limit(index):
    assert [s["topic"] for s in suggest(index, "co-interv")] == ["co-intervention"]
    assert len(suggest(index, "c", limit=3)) == 3


def test_suggest_titles_most_bookmarked_first_and_published_only(index):
    found = [s["resource_id"] for s in suggest(index, "l", limit=20) if s["type"] == "title"]
    assert found[:2] == [f"{2:024x}", f"{1:024x}"]
    assert f"{7:024x}" not in found


# --- the same answers whatever the index's history --------------------------------------------

QUERIES = [{}, {"q": "classe"}, {"q": "lecture", "sort": "bookmarks"}, {"q": "ateliers élèves"}, {"sort": "rating"},
           {"q": "ilots", "level": "CE1"}, {"q": "phonolgie"}]


def answers(index):
    return [search(index, limit=100, **data) for data in QUERIES] + [suggest(index, "c", 20)]


def test_answers_do_not_depend_on_the_order_of_indexing_nor_on_past_changes():
    reference = answers(SearchIndex.of(DOCS, TAXONOMY))
    assert answers(SearchIndex.of(list(reversed(DOCS)), TAXONOMY)) == reference

    churned = SearchIndex.of([resource(99, "Éphémère sur la lecture et les classes", topics=["lecture"])], TAXONOMY)
    for doc in DOCS:
        churned.apply(str(doc["_id"]), {**doc, "title": doc["title"] + " (première version)"})
    for doc in reversed(DOCS):
        churned.apply(str(doc["_id"]), doc)
    churned.apply(f"{99:024x}", None)
    assert churned.size > churned.live_count
    assert answers(churned) == reference
    churned.compact()
    assert churned.size == churned.live_count
    assert answers(churned) == reference


def test_a_stats_change_is_applied_in_place_and_moves_the_resource(index):
    slots = index.size
    doc = BY_ID[f"{4:024x}"]
    index.apply(f"{4:024x}", {**doc, "stats": {"views": 0, "bookmarks": 50, "ratings": 0, "rating_sum": 0}})
    assert index.size == slots
    assert numbers(search(index, sort="bookmarks"))[0] == 4


# --- the contract ---------------------------------------------------------------------------

def test_replies_match_the_contract(index, contract):
    from classe12_testing.contract_checks import check_reply

    for data in ({}, {"q": "classe", "limit": 2}, {"q": "ateliers", "kind": "amenagement", "sort": "rating"}):
        page = search(index, **data)
        check_reply(contract, "search_resources", page)
        if page["next_cursor"]:
            check_reply(contract, "search_resources", search(index, cursor=page["next_cursor"], **data))
    check_reply(contract, "suggest_resources", suggest_resources(index, TAXONOMY, {"q": "co"}))


def test_a_long_query_is_cut_to_its_first_words(index):
    from classe12_resources.search.matching import MAX_QUERY_WORDS, query_words

    q = " ".join(f"mot{n}" for n in range(40))
    assert [word for word, _ in query_words(q)] == [f"mot{n}" for n in range(MAX_QUERY_WORDS)]
    assert query_words("Lectures, lecture et LECTURE") == [("lectures", "lectur")]
    assert search(index, q=q)["total"] == 0
