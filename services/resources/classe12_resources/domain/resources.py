"""Use cases of the resources catalogue: propose, publish, read, browse.

Each use case takes the repository (see storage.ResourceStore; unit tests use an in-memory
fake) and returns the caller's answer, or an `Outcome` carrying the events it causes:
    insert(doc) -> doc with "_id"
    get(resource_id: str) -> doc | None
    mark_published(resource_id, published_at, published_by) -> doc | None
        the draft set published; None when no *draft* has that id (it vanished or was
        published meanwhile): a concurrent double publish publishes, and announces, once
    list_published(limit, after=None, level=None, kind=None, topic=None) -> [doc without body]
        published only, ordered by (published_at desc, id desc), strictly after `after`
        (a (published_at, id) pair) when given
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from classe12_contracts.errors import Conflict, NotFound
from classe12_runtime.clock import utcnow
from classe12_runtime.context import Caller
from classe12_runtime.pagination import decode_cursor, page_of
from classe12_runtime.uow import Event, Outcome
from classe12_runtime.validation import is_object_id

from .access import can_read, require_editor
from .model import PUBLISHED, full_view, new_resource, published_event, summary_view

RESOURCE_PUBLISHED = "resources.resource_published"


def not_found() -> NotFound:
    return NotFound("Cette ressource n'existe pas ou n'est pas accessible.")


class Resources:
    def __init__(self, clock: Callable[[], datetime] = utcnow):
        self.clock = clock

    @staticmethod
    def _load(store, resource_id: str) -> dict:
        # a malformed id names nothing: NotFound, like an unknown one
        doc = store.get(resource_id) if is_object_id(resource_id) else None
        if doc is None:
            raise not_found()
        return doc

    def create(self, store, caller: Caller, data: dict) -> dict:
        """Any member proposes a resource; it stays a draft until an editor publishes it."""
        author_id = caller.require_member()
        return full_view(store.insert(new_resource(data, author_id, self.clock())))

    def publish(self, store, caller: Caller, resource_id: str) -> Outcome:
        editor_id = require_editor(caller)
        doc = self._load(store, resource_id)
        if doc["status"] == PUBLISHED:
            raise Conflict("Cette ressource est déjà publiée.")
        saved = store.mark_published(resource_id, self.clock(), editor_id)
        if saved is None:  # another editor published it between our read and our write
            raise Conflict("Cette ressource vient d'être publiée par quelqu'un d'autre.")
        return Outcome(full_view(saved), [Event(RESOURCE_PUBLISHED, 1, published_event(saved))])

    def get(self, store, caller: Caller, resource_id: str) -> dict:
        doc = self._load(store, resource_id)
        if not can_read(caller, doc):
            raise not_found()
        return full_view(doc)

    def list_published(self, store, caller: Caller, limit: int, cursor: str | None = None,
                       level: str | None = None, kind: str | None = None, topic: str | None = None) -> dict:
        """One page of the public catalogue, newest first. Open to everybody."""
        after = decode_cursor(cursor) if cursor is not None else None
        docs = store.list_published(limit + 1, after=after, level=level, kind=kind, topic=topic)
        return page_of(docs, limit, "published_at", summary_view)
