"""The catalogue's French search: an in-memory index per process, exact on every replica.

    search = SearchIndexProvider()                        # on the service class (nameko)
    record_change(db, session, resource_id)               # in the transaction of every change
    search_resources(index, taxonomy, data, load)         # -> the contract's SearchPage
    suggest_resources(index, taxonomy, data)              # -> the contract's Suggestions

See decision 24 in docs/decisions.md. Only provider.py imports nameko, and only when SearchIndexProvider is asked for:
the storage and the domain import this package without the framework.
"""
from __future__ import annotations

from .feed import ensure_feed, record_change
from .index import SearchIndex
from .searching import search_resources
from .suggesting import suggest_resources

__all__ = ["SearchIndex", "SearchIndexProvider", "ensure_feed", "record_change", "search_resources",
           "suggest_resources"]


def __getattr__(name: str):
    if name == "SearchIndexProvider":
        from .provider import SearchIndexProvider
        return SearchIndexProvider
    raise AttributeError(name)
