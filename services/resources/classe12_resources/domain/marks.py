"""What members mark on published resources: ratings with an optional review, and bookmarks.

One rating per member and resource (rating again replaces it); the resource keeps the count
and the sum of its ratings, and the number of its bookmarks, changed in the same transaction
as the mark itself, so that the counters and the marks never disagree.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from classe12_contracts.errors import Conflict
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.pagination import decode_cursor, page_of

from .access import is_author
from .model import PUBLISHED, stats_view, summary_view
from .resources import load_readable


def load_published(store, caller: Caller, resource_id: str) -> dict:
    """Only published resources are rated and bookmarked: NotFound for who cannot read the
    resource, Conflict for who can (its author, an editor) while it is not published."""
    doc = load_readable(store, caller, resource_id)
    if doc["status"] != PUBLISHED:
        raise Conflict("Seules les ressources publiées se notent et se gardent en favori.")
    return doc


class Marks:
    def __init__(self, clock: Callable[[], datetime] = utcnow):
        self.clock = clock

    # -- ratings ---------------------------------------------------------------------------

    def rate(self, store, caller: Caller, resource_id: str, stars: int, review: str | None) -> dict:
        member_id = caller.require_member()
        doc = load_published(store, caller, resource_id)
        if is_author(caller, doc):
            raise Conflict("Vous ne pouvez pas noter votre propre ressource.")
        resource_id = str(doc["_id"])
        now = self.clock()
        previous = store.get_rating(resource_id, member_id)
        rating = {"resource_id": resource_id, "member_id": member_id, "stars": stars, "review": review or None,
                  "created_at": previous["created_at"] if previous else now, "updated_at": now}
        if previous:
            rating["_id"] = previous["_id"]
            if previous.get("hidden") and previous.get("review") == rating["review"]:
                rating["hidden"] = previous["hidden"]  # a moderator hid this text: the same text stays hidden
        store.save_rating(rating)
        after = store.add_to_stats(resource_id, ratings=0 if previous else 1,
                                   rating_sum=stars - (previous["stars"] if previous else 0))
        return {**{k: rating[k] for k in ("resource_id", "member_id", "stars", "review")},
                "created_at": iso(rating["created_at"]), "updated_at": iso(now), "stats": stats_view(after["stats"])}

    def remove_rating(self, store, caller: Caller, resource_id: str) -> dict:
        member_id = caller.require_member()
        doc = load_readable(store, caller, resource_id)
        removed = store.delete_rating(str(doc["_id"]), member_id)
        if removed is None:
            return stats_view(doc.get("stats"))
        after = store.add_to_stats(str(doc["_id"]), ratings=-1, rating_sum=-removed["stars"])
        return stats_view(after["stats"])

    def reviews(self, store, caller: Caller, resource_id: str, limit: int, cursor: str | None = None) -> dict:
        doc = load_readable(store, caller, resource_id)
        position = decode_cursor(cursor) if cursor is not None else None
        docs = store.list_reviews(str(doc["_id"]), limit + 1, position)
        return page_of(docs, limit, "updated_at", lambda r: {
            "member_id": r["member_id"], "stars": r["stars"], "review": r["review"], "updated_at": iso(r["updated_at"])})

    # -- bookmarks -------------------------------------------------------------------------

    def bookmark(self, store, caller: Caller, resource_id: str) -> dict:
        member_id = caller.require_member()
        doc = load_published(store, caller, resource_id)
        if store.add_bookmark(member_id, str(doc["_id"]), self.clock()):
            doc = store.add_to_stats(str(doc["_id"]), bookmarks=1)
        return {"resource_id": str(doc["_id"]), "bookmarked": True, "stats": stats_view(doc.get("stats"))}

    def unbookmark(self, store, caller: Caller, resource_id: str) -> dict:
        member_id = caller.require_member()
        doc = load_readable(store, caller, resource_id)
        if store.remove_bookmark(member_id, str(doc["_id"])):
            doc = store.add_to_stats(str(doc["_id"]), bookmarks=-1)
        return {"resource_id": str(doc["_id"]), "bookmarked": False, "stats": stats_view(doc.get("stats"))}

    def bookmarks(self, store, caller: Caller, limit: int, cursor: str | None = None) -> dict:
        """The member's bookmarks, last first; those no longer published are left out (the page
        may then hold fewer items than `limit`, and the cursor still goes on)."""
        member_id = caller.require_member()
        position = decode_cursor(cursor) if cursor is not None else None
        marks = store.list_bookmarks(member_id, limit + 1, position)
        page = page_of(marks, limit, "created_at", lambda mark: mark["resource_id"])
        docs = {str(d["_id"]): d for d in store.get_many(page["items"])}
        page["items"] = [summary_view(docs[i]) for i in page["items"] if i in docs and docs[i]["status"] == PUBLISHED]
        return page
