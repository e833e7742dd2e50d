"""Search cursors: the key of the last item shown, bound to the query, the filters and the sort.

A cursor is the unpadded URL-safe base64 of the JSON array [binding, *key], where `binding` is
a short digest of the folded query, the filters and the sort: a cursor reused with another
search is refused instead of giving a page of something else. The next page holds the items
whose key is strictly greater (orders.py), so pages never repeat nor skip an item that kept its
place, and a cursor works on every replica. Anything we did not issue is
`Invalid(fields={"cursor": [INVALID_CURSOR]})`.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re

from classe12_contracts.errors import Invalid
from classe12_runtime.pagination import INVALID_CURSOR, MAX_CURSOR_LENGTH

from .analyzer import words
from .orders import KEY_TYPES

_ALPHABET = re.compile(r"[A-Za-z0-9_-]+")  # classe12_runtime.pagination.CURSOR_PATTERN


def binding(q: str | None, filters: dict, sort: str) -> str:
    """8 characters that change with the query's words, the filters or the sort."""
    identity = json.dumps([" ".join(words(q or "")), sorted(filters.items()), sort], separators=(",", ":"))
    digest = hashlib.blake2b(identity.encode("utf-8"), digest_size=6).digest()
    return base64.urlsafe_b64encode(digest).decode()


def encode(bound_to: str, key: tuple) -> str:
    raw = json.dumps([bound_to, *key], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode().rstrip("=")


def _typed(value, expected: type) -> bool:
    if isinstance(value, bool):
        return False
    if expected is float:
        return isinstance(value, (int, float)) and value == value and abs(value) != float("inf")
    return isinstance(value, expected)


def decode(cursor: str, bound_to: str, sort: str) -> tuple:
    """The key a cursor holds, if it was issued for this search; Invalid otherwise."""
    try:
        if not isinstance(cursor, str) or not cursor or len(cursor) > MAX_CURSOR_LENGTH or not _ALPHABET.fullmatch(cursor):
            raise ValueError
        parts = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("utf-8"))
        types = KEY_TYPES[sort]
        if (not isinstance(parts, list) or len(parts) != len(types) + 1 or parts[0] != bound_to
                or not all(_typed(value, expected) for value, expected in zip(parts[1:], types, strict=True))):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeError, RecursionError):
        raise Invalid(fields={"cursor": [INVALID_CURSOR]}) from None
    return tuple(float(v) if t is float else v for v, t in zip(parts[1:], types, strict=True))
