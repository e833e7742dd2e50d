"""Benchmark (not a test): the catalogue's French search at 10,000 and 100,000 resources, against a
naive `$regex` search, plus its recall@5 on the catalogue's own queries.

For each size it generates varied French resources (titles, summaries, Markdown bodies of
100-300 words drawn from a pedagogical vocabulary, kinds, levels, topics of the taxonomy, tags,
durations, room layouts), stores them in a SecantusDB it starts, builds the index with the
service's code (`SearchIndex.load_all`, as a replica does at start) and prints the build time and
the growth of the process's resident memory. It then runs 200 realistic searches (words, typos,
filters, sorts; facets are always counted) through `search_resources`, each including its
refresh (one read of the change feed's head) and the load of the page's documents, while a
"another replica" writes a change through the feed before every tenth search (so refreshes also
apply changes). The baseline is what the catalogue would do without an index: every query word as
a case-insensitive `$regex` on title or body, the filters as conditions, a count for the total and
the first page sorted by publication date (no facets, no stemming, no typo); since each one scans
the whole collection (seconds at 100,000), it runs on a sample of the same queries: one in four
at 10,000 (50 of 200), one in ten at 100,000 (20 of 200).

Last line:

    search p95_ms_10k=A p95_ms_100k=B baseline_p95_ms_100k=C speedup_100k=D recall_at_5=E

Targets: A under 50, D (C / B) at least 20, E at least 0.9.
Usage: .venv/bin/python bench/search.py [--sizes 10000 100000] [--queries 200] [--seed 12]
"""
from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pymongo
from bson import ObjectId

from classe12_resources.domain.model import KINDS, LAYOUT_KIND, LICENCES, ZONES
from classe12_resources.domain.taxonomy import current_taxonomy
from classe12_resources.search import SearchIndex, ensure_feed, record_change, search_resources
from classe12_resources.search.evaluation import corpus, queries, recall_at
from classe12_testing.servers import MongoServer

TAXONOMY = current_taxonomy()
EPOCH = datetime(2026, 9, 1, tzinfo=timezone.utc)
SUMMARY = {"body": 0, "files": 0, "authors": 0}

# --- vocabulary -------------------------------------------------------------------------------

LEXICON = {
    "francais": "lecture syllabes phonèmes graphèmes fluence compréhension album dictée copie écriture vocabulaire "
                "conte poésie lettres sons mots phrases texte lecteur récit personnages oral débat orthographe "
                "conjugaison grammaire encodage déchiffrage comptine marottes bibliothèque histoire",
    "mathematiques": "nombres dizaines unités centaines calcul addition soustraction problèmes ligne graduée "
                     "monnaie heure mesure longueurs masses figures carré triangle tableau diagramme collection "
                     "doubles compléments partage numération boulier dés cubes schéma",
    "gestion-de-classe": "autonomie ateliers rituel plan travail différenciation tutorat coopération consignes "
                         "affichage emploi temps transition climat bienveillance règles conseil responsabilités "
                         "besoin évaluation ceintures progression décloisonnement co-intervention binômes",
    "amenagement": "îlots tables regroupement tapis bibliothèque calme écoute mobilier étagère bacs circulation "
                   "salle mur tableau espace coussins chaises bancs lumière fenêtres rangement pôles",
    "familles": "parents famille réunion cahier liaison rencontre devoirs soirée café accueil entretien "
                "coéducation confiance médiation traduction livret",
    "autres-enseignements": "vivant plantes escargots saisons musique chant rythme peinture jeux collectifs "
                            "course respect débat sciences élevage jardin matière temps calendrier",
    "metier-enseignant": "équipe cycle formation analyse pratique observation conseiller évaluations repères "
                         "auto-positionnement entraide mutualisation projet réunion cahier journal",
}
ACTIONS = ("Organiser", "Préparer", "Mettre en place", "Réussir", "Installer", "Animer", "Construire", "Travailler",
           "Découvrir", "Différencier", "Évaluer", "Faire vivre", "Lancer", "Simplifier", "Enrichir")
CONTEXTS = ("en CP", "en CE1", "à douze élèves", "en classe dédoublée", "en ateliers", "en co-intervention",
            "au quotidien", "dès la rentrée", "en petits groupes", "en autonomie", "avec les familles",
            "en fin de période", "sans fiche", "pas à pas", "en une semaine")
SUBJECTS = ("Les élèves", "Chaque groupe", "L’enseignant", "La maîtresse", "Le binôme", "Un élève en difficulté",
            "Les deux enseignants", "Le groupe de besoin", "La classe", "Le tuteur", "Chaque enfant")
VERBS = ("lisent", "manipulent", "comparent", "écrivent", "construisent", "observent", "résolvent", "découvrent",
         "préparent", "présentent", "rangent", "échangent", "dessinent", "comptent", "encodent", "mémorisent",
         "reformulent", "vérifient", "expliquent", "cherchent", "racontent", "trient", "classent")
LINKS = ("pendant le rituel du matin", "avec l’aide d’un tuteur", "sur l’ardoise", "à voix haute",
         "sous le regard de l’adulte", "avant la récréation", "au coin regroupement", "en fin de séance",
         "à la table en haricot", "dans le cahier du jour", "avec du matériel simple", "en moins de dix minutes",
         "grâce à des cartes à tâches", "en s’appuyant sur l’affichage", "sans bruit inutile")
GENERIC = ("Le matériel est prêt avant la séance et chacun sait où le ranger.",
           "On prévoit une trace écrite courte, relue ensemble le lendemain.",
           "La consigne est dite une fois, reformulée par un élève, puis affichée.",
           "Un temps de bilan permet à chacun de dire ce qu’il a appris.",
           "Cette organisation libère l’adulte pour un groupe de besoin.",
           "Les erreurs sont discutées comme des étapes, jamais comme des fautes.",
           "On garde une trace des progrès dans un cahier de réussites.")
HEADINGS = ("## Objectifs", "## Matériel", "## Déroulement", "## Variantes", "## Points de vigilance", "## Bilan")
TAGS = ("rituel", "jeu", "album", "manipulation", "oral", "numerique", "evaluation", "autonomie", "tutorat",
        "differenciation", "dys", "allophones", "rentree", "projet", "musique", "debat", "famille", "sortie")
LEVEL_SETS = (["CP"], ["CE1"], ["CP", "CE1"], ["CE1", "CE2"], ["CP", "CE1", "CE2"])
DURATIONS = (None, 5, 10, 15, 20, 25, 30, 40, 45, 60, 90, 120, 180)
DOMAINS = [d["slug"] for d in TAXONOMY.domains]
SUBDOMAINS = {d["slug"]: [s["slug"] for s in d["subdomains"]] for d in TAXONOMY.domains}
WORDS = {domain: text.split() for domain, text in LEXICON.items()}


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


# --- resources --------------------------------------------------------------------------------

def sentence(rng: random.Random, domain: str) -> str:
    words = WORDS[domain]
    if rng.random() < 0.35:
        return rng.choice(GENERIC)
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} les {rng.choice(words)} et les {rng.choice(words)} "
            f"{rng.choice(LINKS)}.")


def body(rng: random.Random, domain: str, other: str) -> str:
    target, parts, words = rng.randint(100, 300), [], 0
    while words < target:
        parts.append(rng.choice(HEADINGS))
        paragraph = " ".join(sentence(rng, domain if rng.random() < 0.8 else other) for _ in range(rng.randint(2, 5)))
        parts.append(paragraph)
        words += len(paragraph.split())
    return "\n\n".join(parts)


def title(rng: random.Random, domain: str) -> str:
    a, b = rng.sample(WORDS[domain], 2)
    pattern = rng.randrange(5)
    if pattern == 0:
        return f"{rng.choice(ACTIONS)} les {a} {rng.choice(CONTEXTS)}"
    if pattern == 1:
        return f"{a.capitalize()} et {b} {rng.choice(CONTEXTS)}"
    if pattern == 2:
        return f"Une séquence sur les {a} et les {b}"
    if pattern == 3:
        return f"{a.capitalize()} : {rng.choice(ACTIONS).lower()} les {b}"
    return f"{rng.choice(ACTIONS)} un atelier de {a} {rng.choice(CONTEXTS)}"


def resource(rng: random.Random, n: int) -> dict:
    domain = rng.choice(DOMAINS)
    kind = LAYOUT_KIND if domain == "amenagement" and rng.random() < 0.6 else rng.choice(KINDS)
    topics = rng.sample(SUBDOMAINS[domain], min(len(SUBDOMAINS[domain]), rng.randint(1, 3)))
    when = EPOCH - timedelta(minutes=n * 7 + rng.randint(0, 5))
    ratings = rng.choice((0, 0, 1, 2, 3, 5, 8))
    layout = None
    if kind == LAYOUT_KIND:
        layout = {"surface_m2": rng.randint(25, 90), "pupils": rng.randint(10, 24),
                  "zones": rng.sample(ZONES, rng.randint(2, 5)), "furniture": [], "tips": [], "plan_file_id": None}
    return {
        "_id": ObjectId(), "title": title(rng, domain),
        "summary": " ".join(sentence(rng, domain) for _ in range(rng.randint(1, 2))),
        "body": body(rng, domain, rng.choice(DOMAINS)), "kind": kind, "levels": rng.choice(LEVEL_SETS),
        "topics": topics, "tags": rng.sample(TAGS, rng.randint(0, 3)), "competences": [],
        "duration_minutes": rng.choice(DURATIONS), "licence": rng.choice(LICENCES[:3]), "source": None,
        "external_url": None, "layout": layout, "files": [], "status": "published" if rng.random() < 0.97 else "draft",
        "version": 1, "author_id": "a" * 24, "created_at": when, "updated_at": when, "submitted_at": when,
        "published_at": when, "published_by": "c" * 24, "archived_at": None, "review": None,
        "stats": {"views": rng.randint(0, 500), "bookmarks": rng.randint(0, 40), "ratings": ratings,
                  "rating_sum": sum(rng.randint(2, 5) for _ in range(ratings))},
    }


def store(db, count: int, seed: int) -> None:
    rng = random.Random(seed)
    batch = []
    for n in range(count):
        batch.append(resource(rng, n))
        if len(batch) == 1000:
            db.resources.insert_many(batch)
            batch = []
    if batch:
        db.resources.insert_many(batch)


# --- queries ----------------------------------------------------------------------------------

def typo(rng: random.Random, word: str) -> str:
    at = rng.randrange(1, len(word) - 1)
    edit = rng.randrange(4)
    if edit == 0:
        return word[:at] + word[at + 1:]
    if edit == 1:
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    if edit == 2:
        return word[:at] + rng.choice("aeiourst") + word[at:]
    return word[:at] + rng.choice("aeiourst") + word[at + 1:]


def some_filters(rng: random.Random) -> dict:
    choice = rng.randrange(6)
    if choice == 0:
        return {"kind": rng.choice(KINDS)}
    if choice == 1:
        return {"level": rng.choice(["CP", "CE1"])}
    if choice == 2:
        return {"topic": rng.choice(DOMAINS + list(TAXONOMY.subdomains))}
    if choice == 3:
        return {"max_duration": rng.choice((15, 30, 60))}
    if choice == 4:
        return {"zone": rng.choice(ZONES), "min_pupils": 12}
    return {"kind": rng.choice(KINDS), "level": rng.choice(["CP", "CE1"])}


def make_queries(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        domain = rng.choice(DOMAINS)
        words = [w for w in WORDS[domain] if "-" not in w]
        roll = rng.random()
        if roll < 0.35:
            q = " ".join(rng.sample(words, rng.randint(1, 2)))
            made.append({"q": q if rng.random() < 0.5 else fold(q)})
        elif roll < 0.50:
            long_words = [w for w in words if len(fold(w)) >= 6]
            made.append({"q": typo(rng, fold(rng.choice(long_words)))})
        elif roll < 0.75:
            made.append({"q": " ".join(rng.sample(words, rng.randint(1, 2))), **some_filters(rng)})
        elif roll < 0.85:
            made.append({**some_filters(rng), "sort": rng.choice(("newest", "bookmarks", "rating"))})
        elif roll < 0.95:
            made.append({"q": rng.choice(words), "sort": rng.choice(("bookmarks", "rating"))})
        else:
            made.append({"q": f"comment {rng.choice(ACTIONS).lower()} les {rng.choice(words)} "
                              f"{rng.choice(CONTEXTS)}"})
    return made


# --- measures ---------------------------------------------------------------------------------

def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def other_replica_writes(db, rng: random.Random, ids: list) -> None:
    """A change made by another replica: bookmarks, or a title edited, with its feed entry."""
    target = rng.choice(ids)

    def change(session):
        if rng.random() < 0.5:
            db.resources.update_one({"_id": target}, {"$inc": {"stats.bookmarks": 1}}, session=session)
        else:
            db.resources.update_one({"_id": target}, {"$set": {"title": f"Fiche revue {rng.randrange(10**6)}"}},
                                    session=session)
        record_change(db, session, str(target))

    with db.client.start_session() as session:
        session.with_transaction(change)


def run_ours(index: SearchIndex, db, cases: list[dict], seed: int) -> tuple[list[float], list[int]]:
    rng = random.Random(seed)
    ids = [doc["_id"] for doc in db.resources.find({"status": "published"}, {"_id": 1}).limit(2000)]

    def load(page_ids):
        return list(db.resources.find({"_id": {"$in": [ObjectId(i) for i in page_ids]}}, SUMMARY))

    latencies, totals = [], []
    for n, case in enumerate(cases):
        if n % 10 == 9:
            other_replica_writes(db, rng, ids)
        started = time.perf_counter()
        page = search_resources(index, TAXONOMY, {"limit": 20, **case}, load)
        latencies.append((time.perf_counter() - started) * 1000)
        totals.append(page["total"])
    return latencies, totals


def baseline_filter(case: dict) -> dict:
    conditions: list[dict] = [{"status": "published"}]
    for word in (case.get("q") or "").split():
        pattern = re.escape(word)
        conditions.append({"$or": [{"title": {"$regex": pattern, "$options": "i"}},
                                   {"body": {"$regex": pattern, "$options": "i"}}]})
    if case.get("kind"):
        conditions.append({"kind": case["kind"]})
    if case.get("level"):
        conditions.append({"levels": case["level"]})
    if case.get("topic"):
        conditions.append({"topics": {"$in": list(TAXONOMY.expand(case["topic"]) or ())}})
    if case.get("max_duration"):
        conditions.append({"duration_minutes": {"$lte": case["max_duration"]}})
    if case.get("zone"):
        conditions.append({"layout.zones": case["zone"]})
    if case.get("min_pupils"):
        conditions.append({"layout.pupils": {"$gte": case["min_pupils"]}})
    return {"$and": conditions}


def run_baseline(db, cases: list[dict]) -> list[float]:
    latencies = []
    for case in cases:
        started = time.perf_counter()
        where = baseline_filter(case)
        db.resources.count_documents(where)
        list(db.resources.find(where, SUMMARY).sort("published_at", pymongo.DESCENDING).limit(20))
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def measure(client, size: int, cases: list[dict], seed: int, baseline_every: int) -> dict:
    db = client[f"bench_search_{size}"]
    client.drop_database(db.name)
    started = time.perf_counter()
    store(db, size, seed)
    stored = time.perf_counter() - started
    ensure_feed(db)
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    index = SearchIndex(TAXONOMY, db).load_all()
    built = time.perf_counter() - started
    gc.collect()
    grown = rss_mb() - before
    print(f"{size:>7} resources: stored in {stored:.1f} s; index of {index.live_count} published built in "
          f"{built:.1f} s, resident memory +{grown:.0f} MB ({index.postings.size} postings)", flush=True)
    search_ms, totals = run_ours(index, db, cases, seed)
    print(f"{size:>7} search:   p50 {percentile(search_ms, 50):7.1f} ms  p95 {percentile(search_ms, 95):7.1f} ms  "
          f"max {max(search_ms):7.1f} ms over {len(cases)} queries (median total {statistics.median(totals):.0f})",
          flush=True)
    sampled = cases[::baseline_every]
    base_ms = run_baseline(db, sampled)
    print(f"{size:>7} baseline: p50 {percentile(base_ms, 50):7.1f} ms  p95 {percentile(base_ms, 95):7.1f} ms  "
          f"max {max(base_ms):7.1f} ms over {len(sampled)} queries ($regex, count + first page)", flush=True)
    del index
    client.drop_database(db.name)
    gc.collect()
    return {"p95": percentile(search_ms, 95), "baseline_p95": percentile(base_ms, 95)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--baseline-every", type=int, default=4, help="baseline on one query in N (< 50,000)")
    parser.add_argument("--baseline-every-large", type=int, default=10, help="the same from 50,000 resources")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)

    docs, cases = corpus(), queries()
    quality = recall_at(SearchIndex.of(docs, TAXONOMY), docs, cases, k=5)
    print(f"recall@5 on content/search_queries.yaml: {quality.recall:.3f} ({quality.found}/{quality.expected}, "
          f"{len(cases)} queries over {len(docs)} resources)")
    for q, filters, missing, returned in quality.misses:
        print(f"  missed {missing} for {q!r} {filters or ''}: got {returned}")

    search_cases = make_queries(args.queries, args.seed)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        server = MongoServer(Path(folder) / "data").start()
        try:
            client = pymongo.MongoClient(server.uri, tz_aware=True)
            for size in args.sizes:
                every = args.baseline_every if size < 50_000 else args.baseline_every_large
                results[size] = measure(client, size, search_cases, args.seed, every)
            client.close()
        finally:
            server.stop()

    small, large = results.get(10_000), results.get(100_000)
    speedup = large["baseline_p95"] / large["p95"] if large else float("nan")
    print(f"search p95_ms_10k={small['p95'] if small else float('nan'):.1f} "
          f"p95_ms_100k={large['p95'] if large else float('nan'):.1f} "
          f"baseline_p95_ms_100k={large['baseline_p95'] if large else float('nan'):.1f} "
          f"speedup_100k={speedup:.1f} recall_at_5={quality.recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
