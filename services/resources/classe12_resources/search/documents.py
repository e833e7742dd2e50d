"""What the index keeps of a published resource, and the weight of each of its terms.

Fields and weights (title > topics and tags > summary > body):

| field | text | weight | reference length |
|---|---|---|---|
| title | the title | 5 | 6 words |
| topics | labels and slugs of its topics and of their domains, tags, competences, kind, levels, zones | 3 | 24 |
| summary | the summary | 2 | 20 |
| body | the Markdown body | 1 | 300 |

A term's weight in a document is BM25F's saturated term frequency, computed once when the
document is indexed: tf' = sum over fields of weight * tf / (1 - b + b * max(length, reference) /
reference), then tf' * (k1 + 1) / (k1 + tf'). A field longer than its reference length weighs
less; a shorter one does not weigh more (else a two-word summary would outweigh the topics, and
a field's weight would not be its maximum). Length normalisation uses a fixed reference length
per field instead of the corpus average, so a document's weights never change when others are added:
scores depend on the document and on the idf of the query's terms only, and every replica
computes the same numbers (see decision 24 in docs/decisions.md). The body itself is never kept.
"""
from __future__ import annotations

import hashlib
import sys
from collections import Counter
from dataclasses import dataclass

from ..domain.model import DEFAULT_LICENCE
from .analyzer import is_stop_word, stem, words

FIELDS = ("title", "topics", "summary", "body")
FIELD_WEIGHTS = {"title": 5.0, "topics": 3.0, "summary": 2.0, "body": 1.0}
REFERENCE_LENGTHS = {"title": 6.0, "topics": 24.0, "summary": 20.0, "body": 300.0}
LENGTH_NORMALISATION = {"title": 0.5, "topics": 0.3, "summary": 0.75, "body": 0.75}  # BM25's b
K1 = 1.2
#: the duration facet: (bucket, at most this many minutes), in order; "plus" beyond
DURATION_BUCKETS = (("15", 15), ("30", 30), ("60", 60), ("120", 120))
LONGER = "plus"


def duration_bucket(minutes: int | None) -> str | None:
    if minutes is None:
        return None
    return next((name for name, upper in DURATION_BUCKETS if minutes <= upper), LONGER)


@dataclass(slots=True)
class Entry:
    """A published resource as the index keeps it: what filters, facets, sorts and
    suggestions need; no text but the title."""

    id: str
    fingerprint: str
    published_ms: int
    bookmarks: int
    ratings: int
    rating_tenths: int | None  # the average as shown (one decimal), in tenths; None: not rated
    kind: str
    levels: tuple
    topics: tuple
    tags: tuple
    competences: tuple
    licence: str
    duration: int | None
    zones: tuple
    pupils: int | None
    surface: int | None
    title: str
    title_words: tuple  # folded words of the title, stop words included (suggestions)


def _stats(doc: dict) -> tuple[int, int, int | None]:
    stats = doc.get("stats") or {}
    count = int(stats.get("ratings", 0) or 0)
    tenths = round(round(stats.get("rating_sum", 0) / count, 1) * 10) if count else None  # as stats_view shows it
    return int(stats.get("bookmarks", 0) or 0), count, tenths


def _millis(when) -> int:
    return int(when.timestamp() * 1000) if when is not None else 0


def fingerprint(doc: dict) -> str:
    """Changes when anything but the stats changes (a stats change is applied in place)."""
    layout = doc.get("layout") or {}
    parts = [doc.get("title"), doc.get("summary"), doc.get("body"), doc.get("kind"), doc.get("levels"),
             doc.get("topics"), doc.get("tags"), doc.get("competences"), doc.get("duration_minutes"),
             doc.get("licence"), layout.get("zones"), layout.get("pupils"), layout.get("surface_m2"),
             _millis(doc.get("published_at"))]
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=12).hexdigest()


def entry_of(doc: dict) -> Entry:
    layout = doc.get("layout") or {}
    bookmarks, ratings, tenths = _stats(doc)
    return Entry(
        id=str(doc["_id"]), fingerprint=fingerprint(doc), published_ms=_millis(doc.get("published_at")),
        bookmarks=bookmarks, ratings=ratings, rating_tenths=tenths, kind=doc.get("kind") or "",
        levels=tuple(doc.get("levels") or ()), topics=tuple(doc.get("topics") or ()), tags=tuple(doc.get("tags") or ()),
        competences=tuple(doc.get("competences") or ()), licence=doc.get("licence") or DEFAULT_LICENCE,
        duration=doc.get("duration_minutes"), zones=tuple(layout.get("zones") or ()),
        pupils=layout.get("pupils"), surface=layout.get("surface_m2"), title=doc.get("title") or "",
        title_words=tuple(sys.intern(word) for word in words(doc.get("title") or "")))


def with_stats(entry: Entry, doc: dict) -> None:
    """Apply the stats of `doc` (same fingerprint) to `entry`."""
    entry.bookmarks, entry.ratings, entry.rating_tenths = _stats(doc)


def field_texts(doc: dict, taxonomy) -> dict[str, str]:
    """The text of each field (see the table above)."""
    keywords = []
    for topic in doc.get("topics") or ():
        domain = taxonomy.domain_of(topic)
        keywords += [taxonomy.label(topic) or "", topic, taxonomy.label(domain) or "" if domain else ""]
    keywords += list(doc.get("tags") or ())
    keywords += [part for competence in doc.get("competences") or () for part in competence.split(".")[1:]]
    keywords += [doc.get("kind") or ""] + list(doc.get("levels") or ())
    keywords += list((doc.get("layout") or {}).get("zones") or ())
    return {"title": doc.get("title") or "", "topics": " ".join(keywords), "summary": doc.get("summary") or "",
            "body": doc.get("body") or ""}


def term_weights(texts: dict[str, str]) -> tuple[dict[str, float], dict[str, str]]:
    """({stem: BM25F weight}, {folded word: stem}) of a document's fields."""
    weighted: dict[str, float] = {}
    surfaces: dict[str, str] = {}
    for name in FIELDS:
        counts = Counter(word for word in words(texts[name]) if not is_stop_word(word))
        if not counts:
            continue
        b, reference = LENGTH_NORMALISATION[name], REFERENCE_LENGTHS[name]
        norm = FIELD_WEIGHTS[name] / (1.0 - b + b * max(counts.total(), reference) / reference)
        for word, count in counts.items():
            term = surfaces[word] = stem(word)
            weighted[term] = weighted.get(term, 0.0) + count * norm
    return {term: tf * (K1 + 1.0) / (K1 + tf) for term, tf in weighted.items()}, surfaces
