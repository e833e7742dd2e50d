"""The four orders of the results, as ascending keys, and the lists kept in three of them.

A key ends with the resource id, so no two resources share one: ties are broken by the most
recently published, then by id (ascending). The relevance key depends on the query and is
computed for each search; the others are kept sorted as resources change (bisect), so a page
without a query walks a list from the cursor instead of sorting the results.

| sort | key |
|---|---|
| relevance | (-score, -published, id) |
| newest | (-published, id) |
| bookmarks | (-bookmarks, -published, id) |
| rating | (-average in tenths (unrated: after every rated one), -number of ratings, -published, id) |
"""
from __future__ import annotations

from bisect import bisect_left, insort
from typing import Callable

from .documents import Entry

RELEVANCE, NEWEST, BOOKMARKS, RATING = "relevance", "newest", "bookmarks", "rating"
SORTS = (RELEVANCE, NEWEST, BOOKMARKS, RATING)
#: a key greater than every key of the same prefix (a position is "after" all its ties)
_LAST = (float("inf"),)

KEYS: dict[str, Callable[[Entry], tuple]] = {
    NEWEST: lambda e: (-e.published_ms, e.id),
    BOOKMARKS: lambda e: (-e.bookmarks, -e.published_ms, e.id),
    RATING: lambda e: (-e.rating_tenths if e.rating_tenths is not None else 1, -e.ratings, -e.published_ms, e.id),
}
#: the types of a key's parts, in order (how a cursor's position is checked)
KEY_TYPES: dict[str, tuple] = {
    RELEVANCE: (float, int, str),
    NEWEST: (int, str),
    BOOKMARKS: (int, int, str),
    RATING: (int, int, int, str),
}


def relevance_key(score: float, entry: Entry) -> tuple:
    return (-score, -entry.published_ms, entry.id)


class Orders:
    """For newest, bookmarks and rating: [key + (slot,)] ascending, kept up to date."""

    def __init__(self):
        self.lists: dict[str, list[tuple]] = {name: [] for name in KEYS}

    @classmethod
    def of(cls, entries: list[Entry | None]) -> "Orders":
        built = cls()
        for name, key in KEYS.items():
            built.lists[name] = sorted(key(e) + (slot,) for slot, e in enumerate(entries) if e is not None)
        return built

    def add(self, slot: int, entry: Entry) -> None:
        for name, key in KEYS.items():
            insort(self.lists[name], key(entry) + (slot,))

    def remove(self, slot: int, entry: Entry) -> None:
        for name, key in KEYS.items():
            items = self.lists[name]
            item = key(entry) + (slot,)
            at = bisect_left(items, item)
            if at < len(items) and items[at] == item:
                del items[at]

    def compact(self, new_slot: list[int]) -> None:
        for items in self.lists.values():
            items[:] = [item[:-1] + (new_slot[item[-1]],) for item in items]

    def after(self, name: str, position: tuple | None):
        """(key, slot) in order, strictly after `position` (a key without its slot)."""
        items = self.lists[name]
        start = 0 if position is None else bisect_left(items, position + _LAST)
        for at in range(start, len(items)):
            item = items[at]
            yield item[:-1], item[-1]
