"""The nameko dependency giving workers the process's search index (the only nameko import)."""
from __future__ import annotations

import eventlet
from nameko.extensions import DependencyProvider

from classe12_runtime.mongo import database

from .index import SearchIndex
from .keeper import REFRESH_INTERVAL, IndexKeeper


class SearchIndexProvider(DependencyProvider):
    """`search = SearchIndexProvider()` on the service class: workers get the process's
    SearchIndex (one per process, shared by the worker greenlets; each search refreshes it
    under its lock). Loaded at setup; refreshed and its feed trimmed in the background."""

    def __init__(self, service: str = "resources", interval: float = REFRESH_INTERVAL):
        self.service = service
        self.interval = interval
        self.keeper: IndexKeeper | None = None
        self._running = False

    def setup(self):
        self.keeper = IndexKeeper(database(self.service))
        self.keeper.start()

    def start(self):
        self._running = True
        self.container.spawn_managed_thread(self._loop, identifier=f"{self.service}.search-index")

    def _loop(self):
        while self._running:
            eventlet.sleep(self.interval)
            if self._running:
                self.keeper.tick()

    def stop(self):
        self._running = False

    def kill(self):
        self._running = False

    def get_dependency(self, worker_ctx) -> SearchIndex:
        return self.keeper.index
