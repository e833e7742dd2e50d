"""The inverted index: for each stem, the slots of the documents having it and its weight there.

Postings are append-only arrays (4 bytes a slot, 4 bytes a weight): a document removed or
replaced leaves its postings behind until the next compaction, and readers skip slots that
are no longer live. Document frequencies, by contrast, are exact at all times (a stem's `df`
counts live documents only), and so is the vocabulary of folded words, counted per document:
scores and typo corrections depend on the live documents only, never on the index's history.
"""
from __future__ import annotations

import math
from array import array


class Postings:
    def __init__(self):
        self._term_ids: dict[str, int] = {}
        self._terms: list[str] = []        # term id -> stem
        self._slots: list[array] = []      # term id -> slots (ascending)
        self._weights: list[array] = []    # term id -> weights, parallel to _slots
        self._df: list[int] = []           # term id -> live documents having it
        self._word_ids: dict[str, int] = {}
        self._word_term: list[int] = []    # word id -> term id of its stem
        self._word_count: list[int] = []   # word id -> live documents having it
        self._words_of: dict[int, array] = {}  # slot -> word ids of its document
        self.stale = 0                     # postings of slots no longer live

    # -- changes ---------------------------------------------------------------------------

    def _term_id(self, term: str) -> int:
        term_id = self._term_ids.get(term)
        if term_id is None:
            term_id = self._term_ids[term] = len(self._terms)
            self._terms.append(term)
            self._slots.append(array("i"))
            self._weights.append(array("f"))
            self._df.append(0)
        return term_id

    def add(self, slot: int, weights: dict[str, float], words: dict[str, str]) -> None:
        """Index document `slot`: {stem: weight}, {folded word: stem} (see documents.term_weights)."""
        for term, weight in weights.items():
            term_id = self._term_id(term)
            self._slots[term_id].append(slot)
            self._weights[term_id].append(weight)
            self._df[term_id] += 1
        ids = array("i")
        for word, term in words.items():
            word_id = self._word_ids.get(word)
            if word_id is None:
                word_id = self._word_ids[word] = len(self._word_term)
                self._word_term.append(self._term_id(term))
                self._word_count.append(0)
            self._word_count[word_id] += 1
            ids.append(word_id)
        self._words_of[slot] = ids

    def remove(self, slot: int) -> None:
        word_ids = self._words_of.pop(slot)
        terms = set()
        for word_id in word_ids:
            self._word_count[word_id] -= 1
            terms.add(self._word_term[word_id])
        for term_id in terms:
            self._df[term_id] -= 1
        self.stale += len(terms)

    def compact(self, new_slot: list[int]) -> None:
        """Renumber slots (`new_slot[old]`, -1: gone) and drop the postings of gone ones."""
        for term_id, slots in enumerate(self._slots):
            if not slots:
                continue
            kept = [(new_slot[s], w) for s, w in zip(slots, self._weights[term_id], strict=True) if new_slot[s] >= 0]
            self._slots[term_id] = array("i", (s for s, _ in kept))
            self._weights[term_id] = array("f", (w for _, w in kept))
        self._words_of = {new_slot[s]: ids for s, ids in self._words_of.items()}
        self.stale = 0

    # -- reads -----------------------------------------------------------------------------

    @property
    def size(self) -> int:
        """Postings held, stale ones included."""
        return sum(len(slots) for slots in self._slots)

    def df(self, term: str) -> int:
        term_id = self._term_ids.get(term)
        return self._df[term_id] if term_id is not None else 0

    def idf(self, term: str, documents: int) -> float:
        df = self.df(term)
        return round(math.log(1.0 + (documents - df + 0.5) / (df + 0.5)), 9)

    def postings(self, term: str) -> tuple[array, array]:
        """(slots, weights) of `term`; stale slots included (the caller keeps live ones)."""
        term_id = self._term_ids.get(term)
        if term_id is None:
            return array("i"), array("f")
        return self._slots[term_id], self._weights[term_id]

    def __contains__(self, word: str) -> bool:
        """Whether a live document has this folded word (the vocabulary typos are checked against)."""
        word_id = self._word_ids.get(word)
        return word_id is not None and self._word_count[word_id] > 0

    def term_of(self, word: str) -> str | None:
        """The stem of a folded word of the vocabulary."""
        word_id = self._word_ids.get(word)
        return self._terms[self._word_term[word_id]] if word_id is not None else None
