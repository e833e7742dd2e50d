"""Use cases of the resources catalogue: propose, publish, read, browse.

The repository offers (see storage.ResourceStore; tests use an in-memory fake):
    insert(doc) -> doc with "_id"
    get(resource_id: str) -> doc | None
    publish_with_event(resource_id, published_at, published_by, make_envelope, record) -> doc | None
        set the draft published and record make_envelope(doc) in the outbox in ONE transaction;
        None when no *draft* has that id (it vanished or was published meanwhile)
    list_published(limit, after=None, level=None, kind=None, topic=None) -> [doc without body]
        published only, ordered by (published_at desc, id desc), strictly after `after`
        (a (published_at, id) pair) when given
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from classe12_kernel.clock import utcnow
from classe12_kernel.context import Caller
from classe12_kernel.errors import Conflict, NotFound
from classe12_kernel.pagination import decode_cursor, page_of
from classe12_kernel.validation import is_object_id

from .access import can_read, require_editor
from .model import PUBLISHED, full_view, new_resource, published_event, summary_view

EVENT_PUBLISHED = "resources.resource_published"
MIN_PAGE_SIZE = 1
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def not_found() -> NotFound:
    return NotFound("Cette ressource n'existe pas ou n'est pas accessible.")


class Resources:
    def __init__(self, repository, events=None, clock: Callable[[], datetime] = utcnow):
        self.repository = repository
        self.events = events
        self.clock = clock

    def _load(self, resource_id: str) -> dict:
        # a malformed id names nothing: NotFound, like an unknown one
        doc = self.repository.get(resource_id) if is_object_id(resource_id) else None
        if doc is None:
            raise not_found()
        return doc

    def create(self, caller: Caller, data: dict) -> dict:
        """Any member proposes a resource; it stays a draft until an editor publishes it."""
        author_id = caller.require_member()
        doc = self.repository.insert(new_resource(data, author_id, self.clock()))
        return full_view(doc)

    def publish(self, caller: Caller, resource_id: str) -> dict:
        editor_id = require_editor(caller)
        doc = self._load(resource_id)
        if doc["status"] == PUBLISHED:
            raise Conflict("Cette ressource est déjà publiée.")
        saved = self.repository.publish_with_event(
            resource_id, self.clock(), editor_id,
            lambda published: self.events.envelope(EVENT_PUBLISHED, published_event(published)),
            self.events.record)
        if saved is None:  # another editor published it between our read and our write
            raise Conflict("Cette ressource vient d'être publiée par quelqu'un d'autre.")
        self.events.flush()
        return full_view(saved)

    def get(self, caller: Caller, resource_id: str) -> dict:
        doc = self._load(resource_id)
        if not can_read(caller, doc):
            raise not_found()
        return full_view(doc)

    def list_published(self, caller: Caller, limit: int = DEFAULT_PAGE_SIZE, cursor: str | None = None,
                       level: str | None = None, kind: str | None = None, topic: str | None = None) -> dict:
        """One page of the public catalogue, newest first. Open to everybody."""
        limit = max(MIN_PAGE_SIZE, min(int(limit), MAX_PAGE_SIZE))
        after = decode_cursor(cursor) if cursor is not None else None
        docs = self.repository.list_published(limit + 1, after=after, level=level, kind=kind, topic=topic)
        return page_of(docs, limit, "published_at", summary_view)
