"""The school directory: schools by UAI, searched by name, département and network.

A school document: `_id` (the UAI), name, kind (ecole, college), commune, departement (code),
departement_label, academie, network (REP, REP+ or None), source (seed, import), and its keys:
`name_prefixes`, `tags` (one per combination of filters it answers: "all", "d:59", "n:REP+",
"d:59|n:REP+") and `sort_key` (folded name | UAI).
"""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from importlib import resources as package_files

import yaml

from classe12_contracts.errors import NotFound

from .text import decode_key, page_by_key, prefixes, query_words, sort_key

NETWORKS = ("REP", "REP+")
SCHOOL_FIELDS = ("uai", "name", "kind", "commune", "departement", "departement_label", "academie", "network")
NO_SUCH_SCHOOL = "Cette école n'est pas dans l'annuaire."


def filter_tag(departement: str | None = None, network: str | None = None) -> str:
    parts = [f"d:{departement}" if departement else "", f"n:{network}" if network else ""]
    return "|".join(p for p in parts if p) or "all"


def school_doc(school: dict, source: str, now: datetime) -> dict:
    """The stored document of a school given as the contract's School (checked already)."""
    departement, network = school["departement"], school.get("network")
    tags = {filter_tag(), filter_tag(departement)}
    if network:
        tags |= {filter_tag(network=network), filter_tag(departement, network)}
    return {"_id": school["uai"], **{k: school.get(k) for k in SCHOOL_FIELDS if k != "uai"},
            "source": source, "name_prefixes": prefixes(f"{school['name']} {school['commune']}"),
            "tags": sorted(tags), "sort_key": sort_key(school["name"], school["uai"]), "updated_at": now}


def school_view(doc: dict) -> dict:
    return {"uai": doc["_id"], **{k: doc.get(k) for k in SCHOOL_FIELDS if k != "uai"}}


@lru_cache(maxsize=1)
def seed() -> dict:
    text = package_files.files("classe12_community").joinpath("content/seed.yaml").read_text("utf-8")
    return yaml.safe_load(text)


class Schools:
    def search(self, store, data: dict) -> dict:
        tag = filter_tag(data.get("departement"), data.get("network"))
        after = decode_key(data.get("cursor"))
        name_words = query_words(data.get("name") or "")
        if data.get("name") and not name_words:  # punctuation only: no name has no word
            return {"items": [], "next_cursor": None}
        docs = store.search_schools(tag, name_words, after, data["limit"] + 1)
        return page_by_key(docs, data["limit"], school_view)

    def get(self, store, uai: str) -> dict:
        doc = store.get_school(uai)
        if doc is None:
            raise NotFound(NO_SUCH_SCHOOL)
        return school_view(doc)

    def load_seed(self, store, now: datetime) -> int:
        """The fictional seed schools, those that do not exist yet (idempotent)."""
        created = 0
        for school in seed()["schools"]:
            school = dict(school, departement=str(school["departement"]))
            created += store.put_school(school_doc(school, "seed", now), keep_existing=True) == "created"
        return created
