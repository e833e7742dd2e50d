"""Which documents a query matches, and their relevance.

Each query word (stop words dropped, repeated stems once) is matched by its stem and, when it
has five letters or more and its stem is in no document, by the stems of the vocabulary's words
one typo away (Damerau-Levenshtein 1), at TYPO_FACTOR of their weight. If that matches nothing,
known words get the same typo tolerance (a typo may make another real word). A document must
match every word of a query of up to three words, and all but one in four of a longer one
(`required`): a teacher's sentence rarely has every word in the right resource. Its score is,
for each word it matches, the best of idf(stem) x factor x weight(stem, document) over the
word's stems (weights: documents.py), summed in the order of the words, times the share of the
words matched. Every replica computes the same floats: the same operations in the same order,
on weights and idfs that only depend on the live documents (idf rounded to 9 decimals, so that
even a platform's logarithm, the only function IEEE 754 does not fix, cannot change a score).
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .analyzer import analyse
from .typos import MIN_TYPO_LENGTH, corrections

if TYPE_CHECKING:  # pragma: no cover
    from .index import SearchIndex

TYPO_FACTOR = 0.4
#: words of a query beyond this many are ignored (each costs a pass over its postings)
MAX_QUERY_WORDS = 12


def query_words(q: str | None) -> list[tuple[str, str]]:
    """(folded word, stem) of each meaningful word of `q`, one per stem, in order (the first
    MAX_QUERY_WORDS)."""
    seen, result = set(), []
    for word, term in analyse(q or ""):
        if term not in seen:
            seen.add(term)
            result.append((word, term))
    return result[:MAX_QUERY_WORDS]


def required(count: int) -> int:
    """How many of `count` query words a document must match."""
    return count - count // 4


def stems_of(index: "SearchIndex", word: str, term: str, forgive_known: bool) -> dict[str, float]:
    """{stem: factor} a query word is matched by."""
    postings = index.postings
    known = postings.df(term) > 0
    variants = {term: 1.0} if known else {}
    if len(word) >= MIN_TYPO_LENGTH and (forgive_known or not known):
        for correction in corrections(word, postings):
            stem = postings.term_of(correction)
            if stem != term and postings.df(stem) > 0:
                variants.setdefault(stem, TYPO_FACTOR)
    return variants


def _word_scores(index: "SearchIndex", variants: dict[str, float]) -> dict[int, float]:
    """{slot: best contribution of the word} (stale slots included: the caller keeps live ones)."""
    documents = index.live_count
    best: dict[int, float] = {}
    for term in sorted(variants):
        slots, weights = index.postings.postings(term)
        scale = variants[term] * index.postings.idf(term, documents)
        if not best:
            best = dict(zip(slots, map(scale.__mul__, weights), strict=True))
            continue
        for slot, weight in zip(slots, weights, strict=True):
            value = scale * weight
            if value > best.get(slot, 0.0):
                best[slot] = value
    return best


def _combine(per_word: list[dict[int, float]]) -> dict[int, float]:
    count = len(per_word)
    if count == 1:
        return per_word[0]
    needed = required(count)
    if needed == count:
        first, *others = per_word
        common = first.keys() & others[0].keys()  # intersections in C
        for scores in others[1:]:
            common &= scores.keys()
        result = {slot: first[slot] for slot in common}
        for scores in others:  # added word after word, in the query's order
            for slot in common:
                result[slot] += scores[slot]
        return result
    times = Counter()
    for scores in per_word:
        times.update(iter(scores))  # counted in C
    matched: dict[int, float] = {}
    for slot, found in times.items():
        if found >= needed:
            matched[slot] = sum(scores[slot] for scores in per_word if slot in scores) * found / count
    return matched


def match(index: "SearchIndex", words: list[tuple[str, str]]) -> dict[int, float]:
    """{slot: score} of the documents matching `words` (slots may be stale: see the caller)."""
    scores: dict[int, float] = {}
    for forgive_known in (False, True):
        if forgive_known and not any(len(word) >= MIN_TYPO_LENGTH for word, _ in words):
            break
        scores = _combine([_word_scores(index, stems_of(index, word, term, forgive_known)) for word, term in words])
        if any(index.is_live(slot) for slot in scores):
            break
    return scores
