"""Titles by their folded words, for autocomplete: which live titles have a word starting with
a prefix. Like postings, the slot lists are append-only (readers skip dead slots) and renumbered
by compaction; the sorted word list finds every word of a prefix with one bisection."""
from __future__ import annotations

from array import array
from bisect import bisect_left, insort


class Titles:
    def __init__(self):
        self._slots: dict[str, array] = {}
        self._words: list[str] = []  # sorted, every word ever seen since the last compaction

    def add(self, slot: int, title_words) -> None:
        for word in set(title_words):
            slots = self._slots.get(word)
            if slots is None:
                slots = self._slots[word] = array("i")
                insort(self._words, word)
            slots.append(slot)

    @classmethod
    def of(cls, titles: list[tuple | None]) -> "Titles":
        built = cls()
        for slot, title_words in enumerate(titles):
            if title_words is None:
                continue
            for word in set(title_words):
                built._slots.setdefault(word, array("i")).append(slot)
        built._words = sorted(built._slots)
        return built

    def compact(self, new_slot: list[int]) -> None:
        slots = {}
        for word, old in self._slots.items():
            kept = array("i", (new_slot[s] for s in old if new_slot[s] >= 0))
            if kept:
                slots[word] = kept
        self._slots = slots
        self._words = sorted(slots)

    def with_prefix(self, prefix: str) -> set[int]:
        """Slots (dead ones included) of the titles having a word that starts with `prefix`."""
        found: set[int] = set()
        at = bisect_left(self._words, prefix)
        while at < len(self._words) and self._words[at].startswith(prefix):
            found.update(self._slots[self._words[at]])
            at += 1
        return found
