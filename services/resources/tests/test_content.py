"""Unit checks of the catalogue's French content (classe12_resources/content): taxonomy, resources,
room plans, sample media and the search queries with their expected results. Pure Python over files."""
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit

CONTENT = Path(__file__).resolve().parents[1] / "classe12_resources" / "content"
RESOURCES = CONTENT / "resources"

TAXONOMY_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,40}")
RESOURCE_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{2,80}")
COMPETENCE = re.compile(r"[a-z]{2,5}(\.[a-z0-9-]{2,40}){1,3}")
KINDS = ("article", "video", "audio", "fiche", "sequence", "outil", "temoignage", "amenagement")
LEVELS = ("CP", "CE1", "CE2")
LICENCES = ("cc-by-4.0", "cc-by-sa-4.0", "licence-ouverte-2.0", "tous-droits-reserves")
FILE_ROLES = ("plan", "media", "attachment")
ZONES = ("regroupement", "autonomie", "ateliers", "coin-lecture", "co-intervention", "ecoute", "ecriture",
         "jeux-mathematiques", "numerique", "calme")
FIELDS = {"slug", "title", "summary", "kind", "levels", "topics", "competences", "duration_minutes", "authors",
          "licence", "source", "external_url", "files", "layout"}
OPTIONAL_FIELDS = {"duration_minutes"}
MIN_BODY_WORDS = 250
MIN_PER_KIND = {kind: 4 for kind in KINDS} | {"amenagement": 8}
MIN_PER_LEVEL = {"CP": 25, "CE1": 25}
#: bytes; audio and video also have a lower bound: an empty or truncated file is no sample
MEDIA_LIMITS = {".ogg": (2_000, 300_000), ".opus": (2_000, 300_000), ".mp3": (2_000, 300_000),
                ".webm": (5_000, 600_000), ".mp4": (5_000, 600_000), ".svg": (500, 30_000)}
AUDIO, VIDEO = {".ogg", ".opus", ".mp3"}, {".webm", ".mp4"}
SVG_ELEMENTS = {"svg", "g", "rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "text", "tspan",
                "title", "desc", "defs", "pattern", "marker", "use"}
QUERY_FILTERS = {"kind": KINDS, "level": LEVELS}

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
#: sentence boundaries: end punctuation, line breaks, table cells, list markers and headings at a line start
SENTENCE_SPLIT = re.compile(r"[.!?…\n|]+|^\s*(?:[-*+]|\d+[.)]|#+)\s+", re.MULTILINE)


# --- loading ---

@lru_cache(maxsize=1)
def taxonomy() -> dict:
    return yaml.safe_load((CONTENT / "taxonomy.yaml").read_text(encoding="utf-8"))


def subdomain_slugs() -> set[str]:
    return {sub["slug"] for domain in taxonomy()["domains"] for sub in domain["subdomains"]}


def domain_of() -> dict[str, str]:
    return {sub["slug"]: domain["slug"] for domain in taxonomy()["domains"] for sub in domain["subdomains"]}


def split_front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n"), "a resource starts with its YAML front matter"
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]), text[end + 5:]


@lru_cache(maxsize=1)
def resources() -> dict[str, tuple[dict, str]]:
    """file stem -> (front matter, body)"""
    return {path.stem: split_front_matter(path.read_text(encoding="utf-8"))
            for path in sorted(RESOURCES.glob("*.md"))}


def resource_ids():
    return sorted(resources())


def words(text: str) -> list[str]:
    return WORD.findall(text)


def sentences(text: str):
    for piece in SENTENCE_SPLIT.split(text):
        norm = re.sub(r"[*_`>]+", " ", piece.replace("’", "'").lower())
        norm = re.sub(r"\s+", " ", norm).strip(" ,;:«»\"'()[]-–—")
        if len(norm.split(" ")) >= 6:
            yield norm


def is_str(value, low=1, high=10_000) -> bool:
    return isinstance(value, str) and low <= len(value.strip()) == len(value) <= high


def is_int(value, low, high) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


# --- taxonomy ---

def test_taxonomy_has_a_version_and_unique_valid_slugs():
    tax = taxonomy()
    assert is_int(tax["version"], 1, 10_000)
    seen = []
    for domain in tax["domains"]:
        assert TAXONOMY_SLUG.fullmatch(domain["slug"]), domain["slug"]
        assert is_str(domain["label"], 2, 120), domain
        assert domain["subdomains"], f"{domain['slug']} has no subdomain"
        seen.append(domain["slug"])
        for sub in domain["subdomains"]:
            assert set(sub) == {"slug", "label"}, sub
            assert TAXONOMY_SLUG.fullmatch(sub["slug"]), sub["slug"]
            assert is_str(sub["label"], 2, 120), sub
            seen.append(sub["slug"])
    duplicates = [slug for slug, count in Counter(seen).items() if count > 1]
    assert not duplicates, f"slugs used twice in the taxonomy: {duplicates}"


def test_taxonomy_competences_are_unique_and_well_formed():
    ids = [item["id"] for item in taxonomy()["competences"]]
    assert all(COMPETENCE.fullmatch(i) for i in ids), [i for i in ids if not COMPETENCE.fullmatch(i)]
    assert len(ids) == len(set(ids))
    assert all(is_str(item["label"], 2, 160) for item in taxonomy()["competences"])


# --- each resource ---

@pytest.mark.parametrize("stem", resource_ids())
def test_resource_front_matter(stem):
    meta, body = resources()[stem]
    assert isinstance(meta, dict)
    assert FIELDS - OPTIONAL_FIELDS <= set(meta) <= FIELDS, set(meta) ^ FIELDS
    assert meta["slug"] == stem and RESOURCE_SLUG.fullmatch(stem)
    assert is_str(meta["title"], 3, 160)
    assert is_str(meta["summary"], 1, 500)
    assert meta["kind"] in KINDS
    levels = meta["levels"]
    assert isinstance(levels, list) and 1 <= len(levels) <= 3 and set(levels) <= set(LEVELS)
    assert levels == sorted(set(levels), key=LEVELS.index), "levels deduplicated, in school order"
    topics = meta["topics"]
    assert isinstance(topics, list) and 1 <= len(topics) <= 6 and len(set(topics)) == len(topics)
    assert set(topics) <= subdomain_slugs(), set(topics) - subdomain_slugs()
    competences = meta["competences"]
    known = {item["id"] for item in taxonomy()["competences"]}
    assert isinstance(competences, list) and len(competences) <= 5 and len(set(competences)) == len(competences)
    assert all(COMPETENCE.fullmatch(c) for c in competences) and set(competences) <= known, competences
    if "duration_minutes" in meta:
        assert is_int(meta["duration_minutes"], 1, 600)
    authors = meta["authors"]
    assert isinstance(authors, list) and 1 <= len(authors) <= 5 and all(is_str(a, 2, 120) for a in authors)
    assert meta["licence"] in LICENCES
    assert meta["source"] is None or is_str(meta["source"], 3, 300)
    url = meta["external_url"]
    assert url is None or (is_str(url, 12, 500) and re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?", url))
    assert isinstance(meta["files"], list)
    for item in meta["files"]:
        assert set(item) == {"path", "role", "title"}, item
        assert item["role"] in FILE_ROLES and is_str(item["title"], 2, 160)
        path = (CONTENT / item["path"]).resolve()
        assert path.is_relative_to(CONTENT.resolve()) and path.is_file(), item["path"]
    if meta["kind"] == "amenagement":
        check_layout(meta)
    else:
        assert meta["layout"] is None, "layout is for kind amenagement only"


def check_layout(meta):
    layout = meta["layout"]
    assert isinstance(layout, dict) and set(layout) == {"surface_m2", "pupils", "zones", "furniture", "tips"}
    assert is_int(layout["surface_m2"], 20, 150) and is_int(layout["pupils"], 1, 30)
    zones = layout["zones"]
    assert isinstance(zones, list) and 1 <= len(zones) <= 10 and set(zones) <= set(ZONES) and len(set(zones)) == len(zones)
    furniture = layout["furniture"]
    assert isinstance(furniture, list) and len(furniture) <= 20 and all(is_str(f, 2, 80) for f in furniture)
    tips = layout["tips"]
    assert isinstance(tips, list) and 1 <= len(tips) <= 20 and all(is_str(t, 10, 300) for t in tips)
    plans = [f["path"] for f in meta["files"] if f["role"] == "plan"]
    assert plans == [f"plans/{meta['slug']}.svg"], plans


@pytest.mark.parametrize("stem", resource_ids())
def test_resource_body(stem):
    meta, body = resources()[stem]
    count = len(words(body))
    assert count >= MIN_BODY_WORDS, f"{stem}: {count} words"
    assert re.search(r"^## \S", body, re.MULTILINE), "the body has sections (## headings)"
    assert not re.search(r"^# ", body, re.MULTILINE), "the title is in the front matter, not an <h1> in the body"
    if meta["kind"] in ("video", "audio"):
        media = [f for f in meta["files"] if f["role"] == "media"]
        assert all(Path(f["path"]).suffix in (AUDIO if meta["kind"] == "audio" else VIDEO) for f in media)


def test_apostrophes_are_typographic_everywhere():
    for stem, (meta, body) in resources().items():
        text = yaml.safe_dump(meta, allow_unicode=True) + body
        assert not re.search(r"[^\W\d_]'[^\W\d_]", text), f"{stem}: straight apostrophe in French text"


def test_no_sentence_is_repeated_across_the_corpus():
    where = defaultdict(list)
    for stem, (meta, body) in resources().items():
        for sentence in sentences(meta["summary"] + "\n" + body):
            where[sentence].append(stem)
    repeated = {s: stems for s, stems in where.items() if len(stems) > 1}
    assert not repeated, f"{len(repeated)} repeated sentences, e.g. {list(repeated.items())[:5]}"


# --- plans and media ---

def svg_files():
    return sorted(p.name for p in (CONTENT / "plans").glob("*.svg"))


@pytest.mark.parametrize("name", svg_files())
def test_svg_plans_are_safe_and_accessible(name):
    path = CONTENT / "plans" / name
    raw = path.read_text(encoding="utf-8")
    assert "<!DOCTYPE" not in raw and "<!ENTITY" not in raw
    root = ET.fromstring(raw)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox")
    local = lambda tag: tag.rsplit("}", 1)[-1]  # noqa: E731
    assert [local(child.tag) for child in root][:2] == ["title", "desc"], "title and desc come first"
    assert root[0].text and root[0].text.strip() and root[1].text and len(root[1].text.strip()) > 40
    for element in root.iter():
        assert local(element.tag) in SVG_ELEMENTS, element.tag
        for attribute, value in element.attrib.items():
            name_ = local(attribute).lower()
            assert not name_.startswith("on"), f"event attribute {attribute}"
            if name_ == "href":
                assert value.startswith("#"), f"external reference {value}"
            assert "url(" not in value or re.fullmatch(r"url\(#[\w-]+\)", value), value
            assert "javascript:" not in value.lower()


def test_media_files_are_within_bounds_and_referenced():
    referenced = {f["path"] for meta, _ in resources().values() for f in meta["files"]}
    shipped = [p for folder in ("plans", "media") for p in (CONTENT / folder).iterdir() if p.suffix in MEDIA_LIMITS]
    assert shipped
    for path in shipped:
        low, high = MEDIA_LIMITS[path.suffix]
        assert low <= path.stat().st_size <= high, f"{path.name}: {path.stat().st_size} bytes"
        assert path.relative_to(CONTENT).as_posix() in referenced, f"{path.name} is used by no resource"
    assert sum(p.suffix in AUDIO for p in shipped) >= 2 and sum(p.suffix in VIDEO for p in shipped) >= 2
    assert (CONTENT / "media" / "README.md").is_file()
    for path in shipped:
        head = path.read_bytes()[:4]
        expected = {".ogg": b"OggS", ".opus": b"OggS", ".webm": b"\x1aE\xdf\xa3", ".svg": b"<?xm"}.get(path.suffix)
        assert expected is None or head == expected, f"{path.name} is not what its name says"


def test_video_and_audio_resources_use_the_sample_media():
    for kind, suffixes in (("audio", AUDIO), ("video", VIDEO)):
        with_media = [m for m, _ in resources().values() if m["kind"] == kind
                      and any(f["role"] == "media" and Path(f["path"]).suffix in suffixes for f in m["files"])]
        assert len(with_media) >= 2, kind


# --- coverage ---

def test_corpus_covers_kinds_levels_and_domains():
    metas = [meta for meta, _ in resources().values()]
    assert len(metas) >= 64
    kinds = Counter(meta["kind"] for meta in metas)
    assert all(kinds[kind] >= n for kind, n in MIN_PER_KIND.items()), kinds
    levels = Counter(level for meta in metas for level in meta["levels"])
    assert all(levels[level] >= n for level, n in MIN_PER_LEVEL.items()) and levels["CE2"] >= 1, levels
    used = {domain_of()[topic] for meta in metas for topic in meta["topics"]}
    assert used == {domain["slug"] for domain in taxonomy()["domains"]}
    slugs = [meta["slug"] for meta in metas]
    titles = [meta["title"].lower() for meta in metas]
    assert len(set(slugs)) == len(slugs) and len(set(titles)) == len(titles)


# --- search queries ---

def test_search_queries_expect_existing_resources():
    queries = yaml.safe_load((CONTENT / "search_queries.yaml").read_text(encoding="utf-8"))
    assert isinstance(queries, list) and len(queries) >= 50
    texts = [item["q"] for item in queries]
    assert len(set(texts)) == len(texts), "each query once"
    for item in queries:
        assert set(item) <= {"q", "expect", "filters", "typo"}, item
        assert is_str(item["q"], 2, 80) and item["q"] == item["q"].lower() and 1 <= len(item["q"].split()) <= 5
        assert isinstance(item["expect"], list) and 1 <= len(item["expect"]) <= 3
        assert set(item["expect"]) <= set(resources()), item
        filters = item.get("filters") or {}
        for key, value in filters.items():
            if key == "topic":
                assert value in subdomain_slugs(), item
            else:
                assert value in QUERY_FILTERS[key], item
        for slug in item["expect"]:
            meta = resources()[slug][0]
            assert filters.get("kind", meta["kind"]) == meta["kind"], item
            assert filters.get("level", meta["levels"][0]) in meta["levels"], item
            assert filters.get("topic", meta["topics"][0]) in meta["topics"], item
    assert sum(bool(item.get("typo")) for item in queries) >= 15
