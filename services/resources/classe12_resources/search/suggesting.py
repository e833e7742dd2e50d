"""suggest_resources: autocomplete on the taxonomy's topics and the published titles.

What is typed is folded; its last word may be unfinished (a prefix), the words before it are
whole (compared by stem, stop words ignored). Topics come first, in the taxonomy's order (a
domain, then its subdomains; a term matches by the words of its label and of its slug), then titles, most bookmarked
first (then newest, then id), as many as `limit` in all.
"""
from __future__ import annotations

import heapq

from ..domain.taxonomy import Taxonomy
from .analyzer import is_stop_word, stem, words
from .index import SearchIndex
from .orders import BOOKMARKS, KEYS

DEFAULT_LIMIT = 8
#: above this many candidate titles, walk the popularity order instead of keying them all
MANY = 4096


def _fits(item_words, previous_stems: set[str], prefix: str) -> bool:
    return (previous_stems <= {stem(word) for word in item_words}
            and any(word.startswith(prefix) for word in item_words))


def _topics(taxonomy: Taxonomy, previous_stems: set[str], prefix: str) -> list[dict]:
    found = []
    for domain in taxonomy.domains:
        for term in (domain, *domain["subdomains"]):  # a domain, then its subdomains
            if _fits(words(term["label"]) + term["slug"].split("-"), previous_stems, prefix):
                found.append({"text": term["label"], "type": "topic", "resource_id": None, "topic": term["slug"]})
    return found


def _titles(index: SearchIndex, previous_stems: set[str], prefix: str, limit: int) -> list[dict]:
    candidates = index.titles.with_prefix(prefix)
    fitting = []
    if len(candidates) > MANY:
        for _, slot in index.orders.after(BOOKMARKS, None):
            entry = index.entries[slot]
            if slot in candidates and _fits(entry.title_words, previous_stems, prefix):
                fitting.append(entry)
                if len(fitting) == limit:
                    break
    else:
        live = (index.entries[slot] for slot in candidates if index.entries[slot] is not None)
        fitting = heapq.nsmallest(limit, (e for e in live if _fits(e.title_words, previous_stems, prefix)),
                                  key=KEYS[BOOKMARKS])
    return [{"text": e.title, "type": "title", "resource_id": e.id, "topic": None} for e in fitting]


def suggest_resources(index: SearchIndex, taxonomy: Taxonomy, data: dict) -> dict:
    """The contract's Suggestions for `data` (the validated input of suggest_resources)."""
    typed = words(data.get("q") or "")
    limit = data.get("limit") or DEFAULT_LIMIT
    if not typed:
        return {"suggestions": []}
    prefix = typed[-1]
    previous_stems = {stem(word) for word in typed[:-1] if not is_stop_word(word)}
    suggestions = _topics(taxonomy, previous_stems, prefix)[:limit]
    if len(suggestions) < limit:
        with index.lock:
            index.refresh()
            suggestions += _titles(index, previous_stems, prefix, limit - len(suggestions))
    return {"suggestions": suggestions}
