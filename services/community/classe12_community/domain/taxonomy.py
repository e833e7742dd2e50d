"""The taxonomy of the catalogue, as resources announces it (resources.taxonomy_published).

Community keeps the latest version announced (one document): members' interests are its
subdomain slugs. An older version arriving late changes nothing.
"""
from __future__ import annotations

from datetime import datetime


def keep_announced_taxonomy(store, envelope: dict, now: datetime) -> bool:
    data = envelope["data"]
    domains = [{"slug": d["slug"], "label": d["label"],
                "subdomains": [{"slug": s["slug"], "label": s["label"]} for s in d.get("subdomains") or []]}
               for d in data["domains"]]
    return store.keep_taxonomy(int(data["version"]), domains, now)


def keep_fetched_taxonomy(store, reply: dict, now: datetime) -> bool:
    """The taxonomy asked of resources (`resources.get_taxonomy`) when none was ever announced
    to this database: kept like an announcement (a newer one kept meanwhile wins)."""
    return keep_announced_taxonomy(store, {"data": reply}, now)
