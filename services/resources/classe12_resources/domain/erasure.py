"""A member's account was deleted (`community.member_deleted`), and a moderator hid a review
(`community.content_hidden`): what the catalogue forgets, anonymises or hides
(docs/privacy.md, "Account deletion", resources).

- Their resources never published (draft, submitted, changes requested) are erased with their
  files (GridFS contents included).
- Published and archived resources keep their content (published under an open licence, read,
  rated and bookmarked by others) but lose the link to the member: the authors entry becomes
  "Auteur·e ayant supprimé son compte", and every id of the member on a resource or a version
  (author, publisher, editor of a version, editor's comment, uploader of a file) becomes one
  random pseudonym: the comment's text stays, whose it was does not; so does a moderator's id
  on the reviews they hid.
- Their ratings and reviews are erased and the resources' counters corrected (so the averages
  are recomputed); their bookmarks and collections are erased (shared links stop working); view
  and bookmark counters are aggregates naming nobody: untouched.

Nothing is emitted: resources.resource_updated announces a new version by an editor, and no
content changes here (followers must not be told "updated"); the search index learns the change
through the change feed, as for every write. Idempotent: a second run finds the member nowhere.
"""
from __future__ import annotations

import copy
import logging
import secrets
from datetime import datetime

from .model import CHANGES_REQUESTED, DRAFT, SUBMITTED

log = logging.getLogger(__name__)

DELETED_AUTHOR = "Auteur·e ayant supprimé son compte"
#: states of a resource that never was public: erased with their author's account
UNPUBLISHED = (DRAFT, SUBMITTED, CHANGES_REQUESTED)
REVIEW_KIND = "review"


def new_pseudonym() -> str:
    """24 random hex digits: the form of a member id, pointing at nobody."""
    return secrets.token_hex(12)


def anonymised_authors(authors: list[dict] | None, author_id: str | None, member_id: str) -> list[dict] | None:
    if authors is None:  # the author alone, by default: make it explicit when it is the member
        return [{"member_id": None, "name": DELETED_AUTHOR}] if author_id == member_id else None
    return [{"member_id": None, "name": DELETED_AUTHOR} if a.get("member_id") == member_id else a for a in authors]


def anonymised(doc: dict, member_id: str, pseudonym: str) -> dict:
    """A resource (or a version) with no trace of the member but one pseudonym."""
    doc = copy.deepcopy(doc)
    if "authors" in doc:
        doc["authors"] = anonymised_authors(doc.get("authors"), doc.get("author_id"), member_id)
    for field in ("author_id", "published_by", "edited_by"):
        if doc.get(field) == member_id:
            doc[field] = pseudonym
    if (doc.get("review") or {}).get("by") == member_id:
        doc["review"]["by"] = pseudonym
    for entry in doc.get("files") or ():
        if entry.get("uploaded_by") == member_id:
            entry["uploaded_by"] = pseudonym
    return doc


def _erase_resource(store, files, doc: dict, now: datetime) -> int:
    """Remove an unpublished resource and its files' contents; how many files went."""
    removed = 0
    for entry in list(doc.get("files") or ()):
        current = store.get(str(doc["_id"]))
        if current is not None and files.remove_file(current, entry, now) is not None:
            removed += 1
    store.delete_resource(str(doc["_id"]))
    return removed


def forget_member(store, files, member_id: str, now: datetime) -> dict:
    """Erase or anonymise everything the catalogue holds about `member_id`; counts only.
    `files`: the file repository (files.repository.FileRepository) on the same session."""
    pseudonym = new_pseudonym()
    counts = {"resources_erased": 0, "files_erased": 0, "resources_anonymised": 0, "versions_anonymised": 0,
              "ratings": 0}
    for resource_id in store.resources_naming(member_id):
        doc = store.get(resource_id)
        if doc is None:
            continue
        if doc["author_id"] == member_id and doc["status"] in UNPUBLISHED:
            counts["files_erased"] += _erase_resource(store, files, doc, now)
            counts["resources_erased"] += 1
            continue
        if store.replace_if_version(anonymised(doc, member_id, pseudonym), doc["version"]) is None:
            raise RuntimeError(f"resource {resource_id} changed during the erasure: the event is retried")
        counts["resources_anonymised"] += 1
    for version in store.versions_naming(member_id):
        store.replace_version(anonymised(version, member_id, pseudonym))
        counts["versions_anonymised"] += 1
    for rating in store.ratings_of(member_id):
        if store.delete_rating(rating["resource_id"], member_id) is not None:
            store.add_to_stats(rating["resource_id"], ratings=-1, rating_sum=-rating["stars"])
            counts["ratings"] += 1
    counts["reviews_hidden_by"] = store.rename_moderator(member_id, pseudonym)
    counts["bookmarks"] = store.delete_bookmarks_of(member_id)
    counts["collections"] = store.delete_collections_of(member_id)
    log.info("deleted member forgotten", extra={"counts": counts})
    return counts


def hide_review(store, content: dict) -> bool:
    """community.content_hidden v1: a reported review ("<resource id>:<member id>") leaves the
    lists of reviews; posts and profiles are community's own. True when a review was hidden."""
    if content["kind"] != REVIEW_KIND:
        return False
    resource_id, _, member_id = content["id"].partition(":")
    if not resource_id or not member_id:
        log.warning("hidden review with an id of another form", extra={"content_id": content["id"]})
        return False
    return store.hide_review(resource_id, member_id, {"by": content["hidden_by"], "at": content["hidden_at"]})
