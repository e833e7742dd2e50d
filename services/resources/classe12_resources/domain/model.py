"""What a resource is: vocabulary, limits, the stored document and the views callers receive.

A stored resource document (`_id` is whatever the repository issues, exposed with `str()` as a
24-hex id):

    title, summary, body (Markdown), kind, levels, topics (taxonomy subdomains), tags (free
    keywords), competences, duration_minutes, authors [{member_id, name}], licence, source,
    external_url, layout (room-layout guides only), files [stored file, see `file_view`],
    status, version, author_id, created_at, updated_at, submitted_at, published_at,
    published_by, archived_at, review {comment, by, at} | None,
    stats {views, bookmarks, ratings, rating_sum}

A version document (collection `versions`, one per published state):
    resource_id, version, edited_by, edited_at, change_note + the content fields (CONTENT)
"""
from __future__ import annotations

import re
from datetime import datetime

from classe12_contracts.registry import enum, in_order
from classe12_runtime.clock import iso

#: the shared format of a level, owned by the evaluation service's contract
LEVEL_FORMAT = ("urn:classe12:evaluation:formats:v1", "level")
LEVELS = enum(*LEVEL_FORMAT)

KINDS = ("article", "video", "audio", "fiche", "sequence", "outil", "temoignage", "amenagement")
LAYOUT_KIND = "amenagement"
LICENCES = ("cc-by-4.0", "cc-by-sa-4.0", "licence-ouverte-2.0", "tous-droits-reserves")
DEFAULT_LICENCE = "cc-by-4.0"
ZONES = ("regroupement", "autonomie", "ateliers", "coin-lecture", "co-intervention", "ecoute", "ecriture",
         "jeux-mathematiques", "numerique", "calme")
FILE_ROLES = ("plan", "media", "attachment")

STATUSES = ("draft", "submitted", "changes_requested", "published", "archived")
DRAFT, SUBMITTED, CHANGES_REQUESTED, PUBLISHED, ARCHIVED = STATUSES
#: states in which the author may still change their resource
AUTHOR_EDITABLE = (DRAFT, CHANGES_REQUESTED)

TITLE_LENGTH = (3, 160)
SUMMARY_LENGTH = (1, 500)
BODY_MAX_LENGTH = 100_000
MAX_TOPICS, MAX_TAGS, MAX_COMPETENCES, MAX_AUTHORS = 6, 10, 10, 10
DURATION_RANGE = (1, 600)
#: a slug: "lecture", "amenagement-espace", "co-intervention"
SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,40}")
COMPETENCE_PATTERN = re.compile(r"[a-z]{2,5}(\.[a-z0-9-]{2,40}){1,3}")

#: the fields a member writes, kept whole in each version
CONTENT = ("title", "summary", "body", "kind", "levels", "topics", "tags", "competences", "duration_minutes",
           "authors", "licence", "source", "external_url", "layout")


def is_slug(value) -> bool:
    return isinstance(value, str) and SLUG_PATTERN.fullmatch(value) is not None


def canonical_levels(levels) -> list[str]:
    """Deduplicated, in school order (CP before CE1)."""
    return in_order(levels, *LEVEL_FORMAT)


def unique(values) -> list:
    """Deduplicated, first occurrence kept."""
    return list(dict.fromkeys(values))


def canonical_authors(authors, author_id: str) -> list[dict]:
    """[{member_id, name}], deduplicated; the member alone by default."""
    if not authors:
        return [{"member_id": author_id, "name": None}]
    seen, result = set(), []
    for author in authors:
        entry = {"member_id": author.get("member_id"), "name": None if author.get("member_id") else author["name"]}
        key = (entry["member_id"], (entry["name"] or "").casefold())
        if key not in seen:
            seen.add(key)
            result.append(entry)
    return result


def canonical_content(data: dict, author_id: str) -> dict:
    """The content fields of `data` (validated by the schemas) as they are stored."""
    content = {}
    for name, value in data.items():
        if name == "levels":
            value = canonical_levels(value)
        elif name in ("topics", "tags", "competences"):
            value = unique(value or [])
        elif name == "authors":
            value = canonical_authors(value, author_id)
        content[name] = value
    return content


def new_resource(data: dict, author_id: str, now: datetime) -> dict:
    """The document of a new draft (version 1); `data` is validated by CreateResourceSchema."""
    doc = {"topics": [], "tags": [], "competences": [], "duration_minutes": None, "authors": None,
           "licence": DEFAULT_LICENCE, "source": None, "external_url": None, "layout": None}
    doc.update(data)
    doc = canonical_content(doc, author_id)
    doc.update({
        "files": [],
        "status": DRAFT,
        "version": 1,
        "author_id": author_id,
        "created_at": now,
        "updated_at": now,
        "submitted_at": None,
        "published_at": None,
        "published_by": None,
        "archived_at": None,
        "review": None,
        "stats": {"views": 0, "bookmarks": 0, "ratings": 0, "rating_sum": 0},
    })
    return doc


def stats_view(stats: dict | None) -> dict:
    stats = stats or {}
    count = int(stats.get("ratings", 0))
    average = round(stats.get("rating_sum", 0) / count, 1) if count else None
    return {"views": int(stats.get("views", 0)), "bookmarks": int(stats.get("bookmarks", 0)),
            "ratings": count, "rating_average": average}


def summary_view(doc: dict) -> dict:
    """A resource as lists show it: no body, authors, files nor review."""
    return {
        "id": str(doc["_id"]),
        "title": doc["title"],
        "summary": doc["summary"],
        "kind": doc["kind"],
        "levels": list(doc.get("levels") or []),
        "topics": list(doc.get("topics") or []),
        "tags": list(doc.get("tags") or []),
        "competences": list(doc.get("competences") or []),
        "duration_minutes": doc.get("duration_minutes"),
        "licence": doc.get("licence") or DEFAULT_LICENCE,
        "layout": layout_view(doc.get("layout")),
        "status": doc["status"],
        "version": int(doc.get("version") or 1),
        "author_id": doc["author_id"],
        "created_at": iso(doc["created_at"]),
        "updated_at": iso(doc["updated_at"]),
        "submitted_at": iso(doc.get("submitted_at")),
        "published_at": iso(doc.get("published_at")),
        "published_by": doc.get("published_by"),
        "archived_at": iso(doc.get("archived_at")),
        "stats": stats_view(doc.get("stats")),
    }


def layout_view(layout: dict | None) -> dict | None:
    if not layout:
        return None
    return {"surface_m2": layout["surface_m2"], "pupils": layout["pupils"], "zones": list(layout["zones"]),
            "furniture": list(layout.get("furniture") or []), "tips": list(layout.get("tips") or []),
            "plan_file_id": layout.get("plan_file_id")}


def authors_view(doc: dict) -> list[dict]:
    return [{"member_id": a.get("member_id"), "name": a.get("name")}
            for a in (doc.get("authors") or [{"member_id": doc["author_id"], "name": None}])]


def file_view(stored: dict) -> dict:
    """A file as callers see it (its storage id stays inside)."""
    return {key: (iso(stored[key]) if key == "uploaded_at" else stored[key])
            for key in ("id", "filename", "content_type", "size", "role", "title", "shows_pupils",
                        "image_rights_attested", "uploaded_at", "uploaded_by")}


def full_view(doc: dict, mine: dict | None = None) -> dict:
    """A resource as get_resource shows it; `mine`: the caller's {stars, bookmarked} (None: anonymous)."""
    view = summary_view(doc)
    review = doc.get("review")
    view.update({
        "body": doc["body"],
        "authors": authors_view(doc),
        "source": doc.get("source"),
        "external_url": doc.get("external_url"),
        "files": [file_view(f) for f in doc.get("files") or []],
        "review": {"comment": review["comment"], "by": review["by"], "at": iso(review["at"])} if review else None,
        "mine": mine,
    })
    return view


def version_document(doc: dict, edited_by: str, edited_at: datetime, change_note: str | None) -> dict:
    """The version kept when `doc` is published or changed while published."""
    version = {name: doc.get(name) for name in CONTENT}
    version.update({"resource_id": str(doc["_id"]), "version": int(doc["version"]), "edited_by": edited_by,
                    "edited_at": edited_at, "change_note": change_note})
    return version


def version_summary_view(version: dict) -> dict:
    return {"version": version["version"], "title": version["title"], "edited_by": version["edited_by"],
            "edited_at": iso(version["edited_at"]), "change_note": version.get("change_note")}


def version_view(version: dict) -> dict:
    view = version_summary_view(version)
    view.update({name: version.get(name) for name in CONTENT if name not in ("authors", "layout")})
    view.update({"resource_id": version["resource_id"], "layout": layout_view(version.get("layout")),
                 "authors": authors_view({"authors": version.get("authors"), "author_id": None}),
                 "licence": version.get("licence") or DEFAULT_LICENCE})
    for name in ("topics", "tags", "competences"):
        view[name] = list(view.get(name) or [])
    return view


# --- event payloads -------------------------------------------------------------------------

def _about(doc: dict) -> dict:
    return {"resource_id": str(doc["_id"]), "title": doc["title"]}


def published_event(doc: dict) -> dict:
    """resources.resource_published v1"""
    return {**_about(doc), "kind": doc["kind"], "levels": list(doc["levels"]), "topics": list(doc.get("topics") or []),
            "published_by": doc["published_by"]}


def submitted_event(doc: dict) -> dict:
    """resources.resource_submitted v1"""
    return {**_about(doc), "kind": doc["kind"], "levels": list(doc["levels"]), "topics": list(doc.get("topics") or []),
            "author_id": doc["author_id"]}


def updated_event(doc: dict, edited_by: str, change_note: str | None) -> dict:
    """resources.resource_updated v1"""
    return {**_about(doc), "version": int(doc["version"]), "kind": doc["kind"], "levels": list(doc["levels"]),
            "topics": list(doc.get("topics") or []), "author_id": doc["author_id"], "edited_by": edited_by,
            "change_note": change_note}


def changes_requested_event(doc: dict) -> dict:
    """resources.resource_changes_requested v1"""
    return {**_about(doc), "author_id": doc["author_id"], "comment": doc["review"]["comment"],
            "requested_by": doc["review"]["by"]}


def archived_event(doc: dict, archived_by: str, reason: str | None) -> dict:
    """resources.resource_archived v1"""
    return {**_about(doc), "author_id": doc["author_id"], "archived_by": archived_by, "reason": reason}
