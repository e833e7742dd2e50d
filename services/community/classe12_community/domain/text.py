"""Folding names for search and alphabetical lists, and the cursors of those lists.

A name is folded (NFKD, accents dropped, lowercase, "œ"/"æ" spelled out); its words are runs of
letters and digits. A member or school is found by the prefixes of its words, stored as an
array (`name_prefixes`) so that a search is one equality on an index, on MongoDB as on
SecantusDB (no `$text`, no `$regex` scan). Alphabetical lists sort on `sort_key` = "<folded
name>|<id>" (unique); a cursor is that key of the last item, base64-encoded.
"""
from __future__ import annotations

import base64
import binascii
import re
import unicodedata

from classe12_contracts.errors import Invalid
from classe12_runtime.pagination import INVALID_CURSOR, MAX_CURSOR_LENGTH

_WORD = re.compile(r"[a-z0-9]+")
MAX_PREFIX = 20


def fold(text: str) -> str:
    text = (text or "").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def prefixes(text: str) -> list[str]:
    """Every prefix (1 to 20 characters) of every word of `text`, without duplicates."""
    found = dict.fromkeys(word[:n] for word in words(text) for n in range(1, min(len(word), MAX_PREFIX) + 1))
    return list(found)


def query_words(text: str) -> list[str]:
    """The words of a name query, each cut to what prefixes store; longest first."""
    return sorted({w[:MAX_PREFIX] for w in words(text)}, key=lambda w: (-len(w), w))


def sort_key(name: str, item_id: str) -> str:
    return f"{' '.join(words(name))}|{item_id}"


def encode_key(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def decode_key(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError
        key = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if "|" not in key:
            raise ValueError
    except (ValueError, binascii.Error, UnicodeError):
        raise Invalid(fields={"cursor": [INVALID_CURSOR]}) from None
    return key


def page_by_key(docs: list[dict], limit: int, view) -> dict:
    shown = docs[:limit]
    next_cursor = encode_key(shown[-1]["sort_key"]) if len(docs) > limit else None
    return {"items": [view(doc) for doc in shown], "next_cursor": next_cursor}
