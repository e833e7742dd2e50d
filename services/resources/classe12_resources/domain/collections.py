"""A member's collections of resources: named, ordered, private or shared read-only by a link.

Only the owner sees and changes a collection (anybody else: not_found). Sharing gives it an
unguessable token (32 URL-safe characters, 192 bits); stopping sharing forgets the token, so
the old link stops working, and sharing again makes a new one. A shared view shows neither the
owner nor the token, and only the collection's published resources.
"""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import Callable

from classe12_contracts.errors import Conflict, Invalid, NotFound
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.pagination import decode_cursor, page_of

from .access import can_read
from .model import PUBLISHED, summary_view
from .resources import load

MAX_COLLECTIONS = 50
MAX_ITEMS = 200


def not_found() -> NotFound:
    return NotFound("Cette collection n'existe pas ou n'est pas accessible.")


def share_token() -> str:
    return secrets.token_urlsafe(24)  # 24 bytes: 32 characters


class Collections:
    def __init__(self, clock: Callable[[], datetime] = utcnow, new_token: Callable[[], str] = share_token):
        self.clock = clock
        self.new_token = new_token

    def create(self, store, caller: Caller, name: str, description: str | None, shared: bool) -> dict:
        owner_id = caller.require_member()
        if store.count_collections(owner_id) >= MAX_COLLECTIONS:
            raise Conflict(f"{MAX_COLLECTIONS} collections au plus : supprimez-en une avant d'en créer une autre.")
        now = self.clock()
        doc = store.insert_collection({"owner_id": owner_id, "name": name, "description": description or None,
                                       "share_token": self.new_token() if shared else None, "items": [],
                                       "created_at": now, "updated_at": now})
        return self._view(store, caller, doc)

    def update(self, store, caller: Caller, collection_id: str, **changes) -> dict:
        doc = self._own(store, caller, collection_id)
        if "name" in changes:
            doc["name"] = changes["name"]
        if "description" in changes:
            doc["description"] = changes["description"] or None
        if "shared" in changes:
            if not changes["shared"]:
                doc["share_token"] = None
            elif not doc.get("share_token"):
                doc["share_token"] = self.new_token()
        if "resource_ids" in changes:
            order = changes["resource_ids"]
            if len(set(order)) != len(order) or set(order) != set(doc["items"]):
                raise Invalid(fields={"resource_ids": [
                    "Donnez toutes les ressources de la collection, chacune une fois, dans le nouvel ordre."]})
            doc["items"] = list(order)
        doc["updated_at"] = self.clock()
        return self._view(store, caller, store.save_collection(doc))

    def delete(self, store, caller: Caller, collection_id: str) -> dict:
        doc = self._own(store, caller, collection_id)
        store.delete_collection(doc["_id"])
        return {"deleted": True}

    def add(self, store, caller: Caller, collection_id: str, resource_id: str, position: int | None) -> dict:
        doc = self._own(store, caller, collection_id)
        resource = load(store, resource_id)
        if not can_read(caller, resource):
            raise NotFound("Cette ressource n'existe pas ou n'est pas accessible.")
        item = str(resource["_id"])
        items = [i for i in doc["items"] if i != item]
        if len(items) >= MAX_ITEMS:
            raise Conflict(f"{MAX_ITEMS} ressources au plus dans une collection.")
        items.insert(len(items) if position is None else min(position, len(items)), item)
        doc.update(items=items, updated_at=self.clock())
        return self._view(store, caller, store.save_collection(doc))

    def remove(self, store, caller: Caller, collection_id: str, resource_id: str) -> dict:
        doc = self._own(store, caller, collection_id)
        if resource_id in doc["items"]:
            doc.update(items=[i for i in doc["items"] if i != resource_id], updated_at=self.clock())
            doc = store.save_collection(doc)
        return self._view(store, caller, doc)

    def get(self, store, caller: Caller, collection_id: str) -> dict:
        return self._view(store, caller, self._own(store, caller, collection_id))

    def shared(self, store, caller: Caller, token: str) -> dict:
        doc = store.get_shared_collection(token)
        if doc is None:
            raise not_found()
        return self._view(store, Caller(), doc, public=True)

    def mine(self, store, caller: Caller, limit: int, cursor: str | None = None) -> dict:
        owner_id = caller.require_member()
        position = decode_cursor(cursor) if cursor is not None else None
        docs = store.list_collections(owner_id, limit + 1, position)
        return page_of(docs, limit, "updated_at", lambda d: {
            "id": str(d["_id"]), "name": d["name"], "description": d.get("description"),
            "shared": bool(d.get("share_token")), "share_token": d.get("share_token"),
            "items_count": len(d["items"]), "created_at": iso(d["created_at"]), "updated_at": iso(d["updated_at"])})

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _own(store, caller: Caller, collection_id: str) -> dict:
        owner_id = caller.require_member()
        doc = store.get_collection(collection_id)
        if doc is None or doc["owner_id"] != owner_id:
            raise not_found()
        return doc

    @staticmethod
    def _view(store, reader: Caller, doc: dict, public: bool = False) -> dict:
        found = {str(d["_id"]): d for d in store.get_many(doc["items"])}
        readable = [found[i] for i in doc["items"] if i in found
                    and (found[i]["status"] == PUBLISHED or (not public and can_read(reader, found[i])))]
        return {"id": str(doc["_id"]), "name": doc["name"], "description": doc.get("description"),
                "shared": bool(doc.get("share_token")), "share_token": None if public else doc.get("share_token"),
                "owner_id": None if public else doc["owner_id"], "items": [summary_view(d) for d in readable],
                "created_at": iso(doc["created_at"]), "updated_at": iso(doc["updated_at"])}
