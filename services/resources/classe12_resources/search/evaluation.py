"""Search quality on the catalogue's own content: its resources, and queries with the resources
a teacher expects among the first results (content/search_queries.yaml).

Used by tests/test_search_quality.py and bench/search.py. The resources are read from their
Markdown files (front matter + body) as published documents; ids derive from the slugs.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from importlib import resources as package_files
from pathlib import Path

import yaml
from bson import ObjectId

from ..domain.model import DEFAULT_LICENCE, PUBLISHED
from .index import SearchIndex
from .searching import search_resources

CONTENT = Path(str(package_files.files("classe12_resources").joinpath("content")))
#: the publication date of the first resource read; the next ones a day earlier each
EPOCH = datetime(2026, 9, 1, 8, 0, tzinfo=timezone.utc)


def slug_id(slug: str) -> ObjectId:
    return ObjectId(hashlib.sha1(slug.encode("utf-8")).hexdigest()[:24])


def read_resource(path: Path, published_at: datetime) -> dict:
    """A content file as a stored, published resource document."""
    text = path.read_text("utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    layout = meta.get("layout")
    return {
        "_id": slug_id(meta["slug"]), "slug": meta["slug"], "title": meta["title"], "summary": meta["summary"],
        "body": body.strip(), "kind": meta["kind"], "levels": list(meta.get("levels") or []),
        "topics": list(meta.get("topics") or []), "tags": list(meta.get("tags") or []),
        "competences": list(meta.get("competences") or []), "duration_minutes": meta.get("duration_minutes"),
        "licence": meta.get("licence") or DEFAULT_LICENCE, "source": meta.get("source"),
        "external_url": meta.get("external_url"), "layout": dict(layout) if layout else None,
        "status": PUBLISHED, "version": 1, "author_id": "0" * 24, "created_at": published_at,
        "updated_at": published_at, "submitted_at": published_at, "published_at": published_at,
        "published_by": "0" * 24, "archived_at": None, "review": None,
        "stats": {"views": 0, "bookmarks": 0, "ratings": 0, "rating_sum": 0},
    }


def corpus(folder: Path = CONTENT / "resources") -> list[dict]:
    """The catalogue's resources, in the order of their file names."""
    return [read_resource(path, EPOCH - timedelta(days=n)) for n, path in enumerate(sorted(folder.glob("*.md")))]


def queries(path: Path = CONTENT / "search_queries.yaml") -> list[dict]:
    """[{q, expect: [slugs], filters: {...}}] (none when the file is absent)."""
    if not path.is_file():
        return []
    return [{"q": item["q"], "expect": list(item.get("expect") or []), "filters": dict(item.get("filters") or {})}
            for item in yaml.safe_load(path.read_text("utf-8")) or []]


@dataclass
class Quality:
    k: int
    expected: int = 0
    found: int = 0
    misses: list = field(default_factory=list)  # (q, filters, missing slugs, slugs returned)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def recall_at(index: SearchIndex, docs: list[dict], cases: list[dict], k: int = 5) -> Quality:
    """How many expected resources are in the first `k` results of their query."""
    by_id = {str(doc["_id"]): doc for doc in docs}
    slug_of = {str(doc["_id"]): doc["slug"] for doc in docs}
    quality = Quality(k)
    for case in cases:
        data = {"q": case["q"], "limit": k, **case["filters"]}
        page = search_resources(index, index.taxonomy, data, lambda ids: [by_id[i] for i in ids if i in by_id])
        returned = [slug_of.get(item["id"], item["id"]) for item in page["items"]]
        missing = [slug for slug in case["expect"] if slug not in returned]
        quality.expected += len(case["expect"])
        quality.found += len(case["expect"]) - len(missing)
        if missing:
            quality.misses.append((case["q"], case["filters"], missing, returned))
    return quality
