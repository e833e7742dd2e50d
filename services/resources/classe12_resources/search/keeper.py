"""The process's index over its lifetime, without nameko (provider.py only adapts it).

At start it prepares the feed and loads the index (if the database does not answer yet, the
first search loads it). In the background, every REFRESH_INTERVAL seconds, it applies the feed
(a replica without searches stays close to the head, far from the part trimmed after a day, and
searches find little to apply), and once an hour one replica trims the feed.
"""
from __future__ import annotations

import logging

from classe12_runtime.clock import utcnow
from classe12_runtime.lease import once_per_period
from classe12_runtime.mongo import UNAVAILABLE_ERRORS
from classe12_runtime.outage import DATABASE

from ..domain.taxonomy import Taxonomy, current_taxonomy
from . import feed
from .index import SearchIndex

log = logging.getLogger(__name__)

REFRESH_INTERVAL = 5.0
TRIM_JOB = "search-feed-trim"


class IndexKeeper:
    def __init__(self, db, taxonomy: Taxonomy | None = None):
        self.db = db
        self.index = SearchIndex(taxonomy or current_taxonomy(), db)
        self._feed_ready = False
        self._trimmed = None  # the last hour this process had the feed trimmed (by any replica)

    def start(self) -> None:
        """Prepare the feed and load the index; a database that does not answer is no failure."""
        try:
            self._ensure_feed()
            self.index.load_all()
        except UNAVAILABLE_ERRORS as exc:
            DATABASE.down(exc, where="search index")

    def _ensure_feed(self) -> None:
        if not self._feed_ready:
            feed.ensure_feed(self.db)
            self._feed_ready = True

    def tick(self) -> None:
        """Background work: refresh, and trim the feed once an hour (one replica)."""
        try:
            self._ensure_feed()
            self.index.refresh()
            hour = utcnow().strftime("%Y-%m-%dT%H")
            if hour != self._trimmed:
                once_per_period(self.db, TRIM_JOB, hour, lambda: feed.trim(self.db))
                self._trimmed = hour
        except UNAVAILABLE_ERRORS as exc:
            DATABASE.down(exc, where="search index")
        except Exception:  # never let the background loop die
            log.exception("search index refresh failed")
