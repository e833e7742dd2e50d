"""Checks that a list's deep pages cost what its first page does (cursor on an index, no scan).

`assert_deep_page_like_first(first, deep)` times both calls (median of a few runs: the machine
is shared and noisy) and bounds their ratio; `docs_examined(cursor)` reads a pymongo cursor's
explain() where the server reports it. On SecantusDB a page costs the index entries of the
list after the cursor, so a deep page is never dearer than the first; on a real MongoDB
(`TEST_MONGO_URI`) both read limit + 1 documents, which `on_real_mongodb()` lets a test assert.
`emptied_after(*collections)` deletes a large collection's documents at the end of a test:
SecantusDB deletes 20,000 documents in 2 s but takes 10 s to drop them with their database.
"""
from __future__ import annotations

import os
import statistics
import time
from contextlib import contextmanager
from typing import Callable


def on_real_mongodb() -> bool:
    return bool(os.environ.get("TEST_MONGO_URI"))


def median_seconds(call: Callable[[], object], runs: int = 5) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def assert_deep_page_like_first(first: Callable[[], object], deep: Callable[[], object], bound: float = 3.0,
                                runs: int = 5) -> float:
    """Assert time(deep) / time(first) < bound; returns the ratio (printed for the record)."""
    first(), deep()  # warm both (caches, connections)
    first_time, deep_time = median_seconds(first, runs), median_seconds(deep, runs)
    ratio = deep_time / first_time
    print(f"page 1: {first_time * 1000:.1f} ms, deep page: {deep_time * 1000:.1f} ms, ratio {ratio:.2f}")
    assert ratio < bound, f"a deep page costs {ratio:.1f} times the first ({deep_time:.3f}s vs {first_time:.3f}s)"
    return ratio


def docs_examined(cursor) -> int:
    """Documents the server read to answer a pymongo cursor (explain's executionStats)."""
    return cursor.explain()["executionStats"]["totalDocsExamined"]


@contextmanager
def emptied_after(*collections):
    try:
        yield
    finally:
        for collection in collections:
            collection.delete_many({})
