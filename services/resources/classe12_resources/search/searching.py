"""search_resources: the catalogue's French search, its filters, facet counts and pages.

Facets count, for each facet, the results of the query and of the OTHER filters (the
contract's wording): with kind=video, the kind facet still tells how many articles, fiches...
the same search would find, so a member can switch; the other facets count videos only.
"""
from __future__ import annotations

from typing import Callable

from classe12_contracts.errors import Invalid

from ..domain.model import KINDS, LEVELS, LICENCES, PUBLISHED, ZONES, summary_view
from ..domain.taxonomy import Taxonomy
from . import bitsets, cursor
from .documents import DURATION_BUCKETS, LONGER
from .index import SearchIndex
from .matching import match, query_words
from .orders import NEWEST, RELEVANCE
from .pages import page

UNKNOWN_TOPIC = "Thème inconnu : choisissez un domaine ou un sous-domaine de la taxonomie."
DEFAULT_LIMIT = 20
FILTERS = ("kind", "level", "topic", "tag", "competence", "licence", "max_duration", "zone", "min_pupils",
           "max_surface")
FACETS = ("kind", "level", "topic", "licence", "duration", "zone")
#: the facet a filter narrows (its own counts ignore it)
FACET_OF = {"kind": "kind", "level": "level", "topic": "topic", "licence": "licence", "max_duration": "duration",
            "zone": "zone"}


def _filter_masks(index: SearchIndex, taxonomy: Taxonomy, filters: dict) -> dict[str, int]:
    attributes = index.attributes
    masks = {}
    for name, value in filters.items():
        if name == "topic":
            masks[name] = attributes.having("topic", taxonomy.expand(value))
        elif name == "max_duration":
            masks[name] = attributes.in_range("duration_minutes", lambda minutes, most=value: minutes <= most)
        elif name == "min_pupils":
            masks[name] = attributes.in_range("pupils", lambda pupils, least=value: pupils >= least)
        elif name == "max_surface":
            masks[name] = attributes.in_range("surface", lambda surface, most=value: surface <= most)
        else:
            masks[name] = attributes.having(name, (value,))
    return masks


def _facet_order(taxonomy: Taxonomy) -> dict[str, dict]:
    """Where each value stands among its facet's values (ties in counts keep this order)."""
    known = {"kind": KINDS, "level": LEVELS, "topic": tuple(taxonomy.subdomains), "licence": LICENCES,
             "duration": tuple(name for name, _ in DURATION_BUCKETS) + (LONGER,), "zone": ZONES}
    return {facet: {value: at for at, value in enumerate(values)} for facet, values in known.items()}


def _facets(index: SearchIndex, taxonomy: Taxonomy, matched: int, masks: dict[str, int], results: int) -> dict:
    order = _facet_order(taxonomy)
    facets = {}
    for facet in FACETS:
        own = [name for name in masks if FACET_OF.get(name) == facet]
        within = results
        if own:
            within = matched
            for name, mask in masks.items():
                if name not in own:
                    within &= mask
        counts = index.attributes.counts(facet, within)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], order[facet].get(item[0], len(order[facet])),
                                                           str(item[0])))
        facets[facet] = [{"value": str(value), "count": count} for value, count in ranked]
    return facets


def search_resources(index: SearchIndex, taxonomy: Taxonomy, data: dict,
                     load: Callable[[list[str]], list[dict]]) -> dict:
    """The contract's SearchPage for `data` (the validated input of search_resources)."""
    q = (data.get("q") or "").strip() or None
    filters = {name: data[name] for name in FILTERS if data.get(name) is not None}
    if "topic" in filters and taxonomy.expand(filters["topic"]) is None:
        raise Invalid(fields={"topic": [UNKNOWN_TOPIC]})
    sort = data.get("sort") or (RELEVANCE if q else NEWEST)
    limit = data.get("limit") or DEFAULT_LIMIT
    bound_to = cursor.binding(q, filters, sort)
    position = cursor.decode(data["cursor"], bound_to, sort) if data.get("cursor") else None
    words = query_words(q)

    with index.lock:
        index.refresh()
        scores = match(index, words) if words else None
        live = index.attributes.live
        matched = live if scores is None else bitsets.from_slots(scores, index.size) & live
        masks = _filter_masks(index, taxonomy, filters)
        results = matched
        for mask in masks.values():
            results &= mask
        total = results.bit_count()
        rows, more = page(index, scores, results, total, sort, position, limit)
        facets = _facets(index, taxonomy, matched, masks, results)
        ids = [index.entries[slot].id for _, slot, _ in rows]

    docs = {str(doc["_id"]): doc for doc in load(ids)}
    items = []
    for (_, _, score), resource_id in zip(rows, ids, strict=True):
        doc = docs.get(resource_id)
        if doc is not None and doc.get("status") == PUBLISHED:  # unpublished meanwhile: left out
            items.append({**summary_view(doc), "score": score})
    next_cursor = cursor.encode(bound_to, rows[-1][0]) if more else None
    return {"items": items, "next_cursor": next_cursor, "total": total, "facets": facets}
