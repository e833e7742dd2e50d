"""The search index of one process: the published resources, in memory, kept exact by the feed.

Each published resource has a slot (its position in `entries`). A resource whose text or
attributes change gets a new slot and its old one is freed (postings keep stale slots until
`compact` renumbers everything); a change of its stats only (bookmarks, ratings) is applied in
place. Everything a search reads is a function of the set of live resources, never of the order
in which they were indexed: two replicas that have applied the same changes answer the same.

`refresh()` (before every search, under `lock`) reads the feed's head: one query when nothing
changed; otherwise the changes since the last one applied, and the current state of those
resources (published: indexed again; otherwise: removed). Behind the trimmed part of the feed
(a replica that stayed a day without refreshing), it loads everything again.
"""
from __future__ import annotations

import threading

from bson import ObjectId
from bson.errors import InvalidId

from ..domain.model import PUBLISHED
from ..domain.taxonomy import Taxonomy, current_taxonomy
from . import feed
from .attributes import Attributes
from .documents import Entry, entry_of, field_texts, fingerprint, term_weights, with_stats
from .orders import Orders
from .postings import Postings
from .titles import Titles

RESOURCES = "resources"
#: what the index reads of a resource (the body is analysed, never kept)
PROJECTION = {name: 1 for name in ("title", "summary", "body", "kind", "levels", "topics", "tags", "competences",
                                   "duration_minutes", "licence", "layout", "status", "published_at", "stats")}
#: compaction when this many slots are free, and at least a quarter of them
MIN_FREE_TO_COMPACT = 1024


def _stored_id(resource_id: str):
    try:
        return ObjectId(resource_id)
    except (InvalidId, TypeError):
        return resource_id


class SearchIndex:
    def __init__(self, taxonomy: Taxonomy | None = None, db=None):
        self.taxonomy = taxonomy or current_taxonomy()
        self.db = db
        #: held by refresh and by each search (eventlet: a green lock once monkey-patched)
        self.lock = threading.RLock()
        self.loaded = False
        self.seen = 0  # the feed's number of the last change applied
        self._clear()

    def _clear(self) -> None:
        self.entries: list[Entry | None] = []
        self.slot_of: dict[str, int] = {}
        self.postings = Postings()
        self.attributes = Attributes()
        self.orders = Orders()
        self.titles = Titles()

    # -- reads for queries -----------------------------------------------------------------

    @property
    def size(self) -> int:
        """Slots in use or free (bit sets are this wide)."""
        return len(self.entries)

    @property
    def live_count(self) -> int:
        return len(self.slot_of)

    def is_live(self, slot: int) -> bool:
        return self.entries[slot] is not None

    # -- building --------------------------------------------------------------------------

    @classmethod
    def of(cls, docs, taxonomy: Taxonomy | None = None) -> "SearchIndex":
        """An index of these documents (the published ones), without a database (tests, tools)."""
        index = cls(taxonomy)
        index._build(doc for doc in docs if doc.get("status") == PUBLISHED)
        index.loaded = True
        return index

    def load_all(self, db=None) -> "SearchIndex":
        """Index every published resource of `db` (at start, and when behind the trimmed feed)."""
        db = self.db if db is None else db
        with self.lock:
            seen = feed.head(db)  # read first: changes after it will be applied again, harmlessly
            self._build(db[RESOURCES].find({"status": PUBLISHED}, PROJECTION))
            self.db, self.seen, self.loaded = db, seen, True
        return self

    def _build(self, docs) -> None:
        self._clear()
        for doc in docs:
            slot = len(self.entries)
            entry = entry_of(doc)
            self.entries.append(entry)
            self.slot_of[entry.id] = slot
            self.postings.add(slot, *term_weights(field_texts(doc, self.taxonomy)))
        self.attributes = Attributes.of(self.entries)
        self.orders = Orders.of(self.entries)
        self.titles = Titles.of([e.title_words if e is not None else None for e in self.entries])

    # -- changes ---------------------------------------------------------------------------

    def refresh(self) -> "SearchIndex":
        """Apply the changes recorded since the last refresh (see the module's docstring)."""
        with self.lock:
            if self.db is None:
                return self
            if not self.loaded:
                return self.load_all()
            head = feed.head(self.db)
            if head == self.seen:
                return self
            changes = feed.changes(self.db, self.seen, head) if head > self.seen else None
            if changes is None:
                return self.load_all()
            changed = list(dict.fromkeys(resource_id for _, resource_id in changes))
            docs = {str(doc["_id"]): doc for doc in
                    self.db[RESOURCES].find({"_id": {"$in": [_stored_id(i) for i in changed]}}, PROJECTION)}
            for resource_id in changed:
                self.apply(resource_id, docs.get(resource_id))
            self.seen = head
            self._compact_if_sparse()
        return self

    def apply(self, resource_id: str, doc: dict | None) -> None:
        """Make the index agree with the stored state of a resource (None: gone)."""
        with self.lock:
            if doc is None or doc.get("status") != PUBLISHED:
                slot = self.slot_of.get(resource_id)
                if slot is not None:
                    self._free(slot)
                return
            self._upsert(doc)

    def _upsert(self, doc: dict) -> None:
        slot = self.slot_of.get(str(doc["_id"]))
        if slot is not None:
            entry = self.entries[slot]
            if entry.fingerprint == fingerprint(doc):  # only the stats changed
                self.orders.remove(slot, entry)
                with_stats(entry, doc)
                self.orders.add(slot, entry)
                return
            self._free(slot)
        slot = len(self.entries)
        entry = entry_of(doc)
        self.entries.append(entry)
        self.slot_of[entry.id] = slot
        self.postings.add(slot, *term_weights(field_texts(doc, self.taxonomy)))
        self.attributes.add(slot, entry)
        self.orders.add(slot, entry)
        self.titles.add(slot, entry.title_words)

    def _free(self, slot: int) -> None:
        entry = self.entries[slot]
        self.entries[slot] = None
        del self.slot_of[entry.id]
        self.postings.remove(slot)
        self.attributes.remove(slot, entry)
        self.orders.remove(slot, entry)

    def _compact_if_sparse(self) -> None:
        free = self.size - self.live_count
        if free >= MIN_FREE_TO_COMPACT and free * 4 >= self.size:
            self.compact()

    def compact(self) -> None:
        """Renumber the live slots 0..n-1 and drop what stale slots left behind."""
        with self.lock:
            new_slot, entries = [], []
            for entry in self.entries:
                new_slot.append(len(entries) if entry is not None else -1)
                if entry is not None:
                    entries.append(entry)
            self.entries = entries
            self.slot_of = {entry.id: slot for slot, entry in enumerate(entries)}
            self.postings.compact(new_slot)
            self.attributes = Attributes.of(entries)
            self.orders.compact(new_slot)
            self.titles.compact(new_slot)
