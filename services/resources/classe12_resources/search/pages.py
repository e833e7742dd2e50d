"""One page of results in the requested order, from a cursor's position.

By relevance with a query, the results' scores are filtered by the cursor, the best `limit + 1`
found by their score alone (a heap over floats), and only those, with their ties, keyed and
sorted. In the other orders (and by relevance without a query, which is the newest order), a
page walks the order the index keeps from the cursor and takes the results it meets, unless the
results are few (then they are keyed and sorted). Either way the page is the same.
"""
from __future__ import annotations

import heapq

from . import bitsets
from .index import SearchIndex
from .orders import KEYS, NEWEST, RELEVANCE, relevance_key

#: below this many results, key them all rather than walk a kept order
FEW = 2048


def page(index: SearchIndex, scores: dict[int, float] | None, results: int, total: int, sort: str,
         position: tuple | None, limit: int) -> tuple[list[tuple[tuple, int, float]], bool]:
    """([(key, slot, score)] of the page, whether more follow)."""
    table = results.to_bytes((index.size + 8) // 8, "little")
    if scores is not None and sort == RELEVANCE:
        picked = _by_relevance(index, scores, table, position, limit + 1)
    elif total > FEW:
        picked = _walk(index, table, sort, position, limit + 1)
    else:
        slots = scores.keys() if scores is not None else bitsets.slots_of(results, index.size)
        keyed = sorted((_key(index, sort, slot), slot) for slot in slots if table[slot >> 3] >> (slot & 7) & 1)
        if position is not None:
            keyed = [(key, slot) for key, slot in keyed if key > position]
        picked = keyed[:limit + 1]
    rows = [(key, slot, scores.get(slot, 0.0) if scores is not None else 0.0) for key, slot in picked]
    return rows[:limit], len(rows) > limit


def _key(index: SearchIndex, sort: str, slot: int) -> tuple:
    entry = index.entries[slot]
    return relevance_key(0.0, entry) if sort == RELEVANCE else KEYS[sort](entry)


def _by_relevance(index: SearchIndex, scores: dict[int, float], table: bytes, position: tuple | None,
                  wanted: int) -> list:
    entries = index.entries
    pairs = [(score, slot) for slot, score in scores.items() if table[slot >> 3] >> (slot & 7) & 1]
    if position is not None:  # keys start with -score: only ties of the position's score need their key
        bound = -position[0]
        pairs = [(score, slot) for score, slot in pairs
                 if score < bound or (score == bound and relevance_key(score, entries[slot]) > position)]
    if len(pairs) > wanted:
        threshold = heapq.nlargest(wanted, [score for score, _ in pairs])[-1]
        pairs = [(score, slot) for score, slot in pairs if score >= threshold]
    return sorted((relevance_key(score, entries[slot]), slot) for score, slot in pairs)[:wanted]


def _walk(index: SearchIndex, table: bytes, sort: str, position: tuple | None, wanted: int) -> list:
    """Without a query, relevance is 0 for all: its order is the newest order."""
    order = NEWEST if sort == RELEVANCE else sort
    start = position[1:] if (sort == RELEVANCE and position is not None) else position
    picked = []
    for key, slot in index.orders.after(order, start):
        if table[slot >> 3] >> (slot & 7) & 1:
            picked.append(((-0.0,) + key if sort == RELEVANCE else key, slot))
            if len(picked) == wanted:
                break
    return picked
