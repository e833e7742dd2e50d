"""What a resource is: vocabulary, limits, the stored document and the views callers receive.

A stored resource document (as the repository keeps it; `_id` is whatever the repository
issues and is exposed with `str()` as a 24-hex id):

    title, summary, body, kind, levels, topics, status, author_id,
    created_at, updated_at, published_at (None for drafts), published_by (None for drafts)
"""
from __future__ import annotations

import re
from datetime import datetime

from classe12_contracts.registry import enum, in_order
from classe12_runtime.clock import iso

#: the shared format of a level, owned by the evaluation service's contract
LEVEL_FORMAT = ("urn:classe12:evaluation:formats:v1", "level")
LEVELS = enum(*LEVEL_FORMAT)

KINDS = ("article", "video", "audio", "fiche", "sequence")
STATUSES = ("draft", "published")
DRAFT, PUBLISHED = STATUSES

TITLE_LENGTH = (3, 160)
SUMMARY_LENGTH = (1, 500)
BODY_MAX_LENGTH = 100_000
MAX_TOPICS = 10
#: a topic is a short lowercase slug: "lecture", "amenagement-espace", "co-intervention"
TOPIC_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,40}")


def is_topic(value) -> bool:
    return isinstance(value, str) and TOPIC_PATTERN.fullmatch(value) is not None


def canonical_levels(levels) -> list[str]:
    """Deduplicated, in school order (CP before CE1)."""
    return in_order(levels, *LEVEL_FORMAT)


def unique(values) -> list:
    """Deduplicated, first occurrence kept."""
    return list(dict.fromkeys(values))


def new_resource(data: dict, author_id: str, now: datetime) -> dict:
    """The document of a new draft; `data` is already validated by CreateResourceSchema."""
    return {
        "title": data["title"],
        "summary": data["summary"],
        "body": data["body"],
        "kind": data["kind"],
        "levels": canonical_levels(data["levels"]),
        "topics": unique(data.get("topics") or []),
        "status": DRAFT,
        "author_id": author_id,
        "created_at": now,
        "updated_at": now,
        "published_at": None,
        "published_by": None,
    }


def summary_view(doc: dict) -> dict:
    """A resource as lists show it: everything but the body."""
    return {
        "id": str(doc["_id"]),
        "title": doc["title"],
        "summary": doc["summary"],
        "kind": doc["kind"],
        "levels": list(doc.get("levels") or []),
        "topics": list(doc.get("topics") or []),
        "status": doc["status"],
        "author_id": doc["author_id"],
        "created_at": iso(doc["created_at"]),
        "updated_at": iso(doc["updated_at"]),
        "published_at": iso(doc.get("published_at")),
        "published_by": doc.get("published_by"),
    }


def full_view(doc: dict) -> dict:
    """A resource as get_resource shows it: the summary view plus the Markdown body."""
    view = summary_view(doc)
    view["body"] = doc["body"]
    return view


def published_event(doc: dict) -> dict:
    """Payload of resources.resource_published (v1)."""
    return {
        "resource_id": str(doc["_id"]),
        "title": doc["title"],
        "kind": doc["kind"],
        "levels": list(doc["levels"]),
        "topics": list(doc.get("topics") or []),
        "published_by": doc["published_by"],
    }
