"""A member's own data (`export_member_data`): the resources they wrote or co-wrote (every
state, with their files' descriptions), what they did as an editor (publications, comments,
versions), their ratings and reviews, bookmarks and collections. Other members' ids are left
out: a co-author, the editor who published or commented, another uploader show as null.
"""
from __future__ import annotations

from datetime import datetime

from classe12_runtime.clock import iso
from classe12_runtime.context import Caller

from .model import full_view

FORMAT_VERSION = 1
PAGE = 200


def own_view(doc: dict, member_id: str) -> dict:
    """A resource the member wrote or co-wrote, without the ids of anybody else."""
    view = full_view(doc)
    view.pop("mine")
    view["role"] = "author" if doc["author_id"] == member_id else "co_author"
    view["authors"] = [a for a in view["authors"] if a["member_id"] in (None, member_id)]
    for field in ("author_id", "published_by"):
        if view[field] != member_id:
            view[field] = None
    if view["review"] and view["review"]["by"] != member_id:
        view["review"]["by"] = None
    for entry in view["files"]:
        if entry["uploaded_by"] != member_id:
            entry["uploaded_by"] = None
    return view


def editor_view(doc: dict, member_id: str) -> dict:
    """What the member did as an editor on somebody else's resource."""
    review = doc.get("review") or {}
    mine = review.get("by") == member_id
    return {"resource_id": str(doc["_id"]), "title": doc["title"], "published": doc.get("published_by") == member_id,
            "comment": review.get("comment") if mine else None, "comment_at": iso(review.get("at")) if mine else None,
            "files": [entry["filename"] for entry in doc.get("files") or () if entry.get("uploaded_by") == member_id]}


def _all(list_page, member_id: str, sort_field: str) -> list[dict]:
    """Every item of a member's list, read page by page on its (`sort_field`, id) key."""
    items, position = [], None
    while page := list_page(member_id, PAGE, position):
        items += page
        if len(page) < PAGE:
            break
        position = (page[-1][sort_field], str(page[-1]["_id"]))
    return items


def export_member_data(store, caller: Caller, now: datetime) -> dict:
    member_id = caller.require_member()
    written, edited = [], []
    for resource_id in store.resources_naming(member_id):
        doc = store.get(resource_id)
        if doc is None:
            continue
        if doc["author_id"] == member_id or any(a.get("member_id") == member_id for a in doc.get("authors") or ()):
            written.append(own_view(doc, member_id))
        else:
            edited.append(editor_view(doc, member_id))
    bookmarks = _all(store.list_bookmarks, member_id, "created_at")
    collections = _all(store.list_collections, member_id, "updated_at")
    ratings = store.ratings_of(member_id)
    wanted = {m["resource_id"] for m in bookmarks + ratings} | {i for c in collections for i in c["items"]}
    titles = {str(d["_id"]): d["title"] for d in store.get_many(sorted(wanted))}
    data = {
        "resources": sorted(written, key=lambda v: v["created_at"]),
        "editor_actions": edited,
        "versions_edited": [{"resource_id": v["resource_id"], "version": v["version"], "title": v["title"],
                             "edited_at": iso(v["edited_at"]), "change_note": v.get("change_note")}
                            for v in store.versions_naming(member_id) if v.get("edited_by") == member_id],
        "ratings": [{"resource_id": r["resource_id"], "title": titles.get(r["resource_id"]), "stars": r["stars"],
                     "review": r.get("review"), "review_hidden": bool(r.get("hidden")),
                     "created_at": iso(r["created_at"]), "updated_at": iso(r["updated_at"])} for r in ratings],
        "bookmarks": [{"resource_id": b["resource_id"], "title": titles.get(b["resource_id"]),
                       "created_at": iso(b["created_at"])} for b in bookmarks],
        "collections": [{"id": str(c["_id"]), "name": c["name"], "description": c.get("description"),
                         "shared": bool(c.get("share_token")), "share_token": c.get("share_token"),
                         "items": [{"resource_id": i, "title": titles.get(i)} for i in c["items"]],
                         "created_at": iso(c["created_at"]), "updated_at": iso(c["updated_at"])}
                        for c in collections],
    }
    return {"service": "resources", "format_version": FORMAT_VERSION, "exported_at": iso(now), "data": data}
