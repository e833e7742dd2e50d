"""The controlled taxonomy of the catalogue: domains and their subdomains, versioned.

It ships with the service (content/taxonomy.yaml). Resources' `topics` are subdomain slugs; a
search filter may name a domain (any of its subdomains). Each version is announced once on the
bus (resources.taxonomy_published) so that other services use the same terms.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as package_files

import yaml

from classe12_runtime.uow import Event, Outcome


@dataclass(frozen=True)
class Taxonomy:
    version: int
    domains: tuple  # ({"slug", "label", "subdomains": ({"slug", "label"}, ...)}, ...)

    @classmethod
    def from_dict(cls, data: dict) -> "Taxonomy":
        domains = tuple({"slug": d["slug"], "label": d["label"],
                         "subdomains": tuple({"slug": s["slug"], "label": s["label"]} for s in d["subdomains"])}
                        for d in data["domains"])
        return cls(int(data["version"]), domains)

    def as_dict(self) -> dict:
        return {"version": self.version,
                "domains": [{"slug": d["slug"], "label": d["label"], "subdomains": [dict(s) for s in d["subdomains"]]}
                            for d in self.domains]}

    @property
    def subdomains(self) -> dict[str, str]:
        """slug -> label of every subdomain (what a resource's topics may be)."""
        return {s["slug"]: s["label"] for d in self.domains for s in d["subdomains"]}

    def domain_of(self, subdomain: str) -> str | None:
        return next((d["slug"] for d in self.domains for s in d["subdomains"] if s["slug"] == subdomain), None)

    def expand(self, slug: str) -> tuple[str, ...] | None:
        """The subdomains a filter on `slug` means (a domain: all of its own); None when unknown."""
        for domain in self.domains:
            if domain["slug"] == slug:
                return tuple(s["slug"] for s in domain["subdomains"])
        return (slug,) if slug in self.subdomains else None

    def label(self, slug: str) -> str | None:
        return self.subdomains.get(slug) or next((d["label"] for d in self.domains if d["slug"] == slug), None)


@lru_cache(maxsize=1)
def current_taxonomy() -> Taxonomy:
    text = package_files.files("classe12_resources").joinpath("content/taxonomy.yaml").read_text("utf-8")
    return Taxonomy.from_dict(yaml.safe_load(text))


TAXONOMY_PUBLISHED = "resources.taxonomy_published"


def announce_taxonomy(store, taxonomy: Taxonomy, now):
    """Announce this taxonomy version once (whichever replica starts first with it)."""
    if not store.record_taxonomy(taxonomy.version, now):
        return Outcome(None)
    return Outcome(None, [Event(TAXONOMY_PUBLISHED, 1, taxonomy.as_dict())])
