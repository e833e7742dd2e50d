"""Lists newest first on one sort key, and their opaque cursors: the same everywhere.

Every listed document stores `list_key` = "<UTC timestamp, ISO 8601 at the millisecond>|<24-hex
id>" (fixed width, so comparing the strings compares (timestamp, id)). A page is an equality on
the list's fields plus `list_key < <key of the last item seen>`, sorted on `list_key`
descending, served by an index (<equality fields>, list_key desc): no `$or`, no `hint()`, and a
deep page costs what the first one does.

A cursor is the unpadded urlsafe base64 of the JSON array [ISO 8601 timestamp, 24-hex id] of the
last item of a page. Clients treat it as opaque; one we did not issue (or whose timestamp is out
of range) is Invalid on the field "cursor".
"""
from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import datetime, timezone

from marshmallow import fields, validate

from classe12_contracts.errors import Invalid

from .clock import as_utc
from .validation import Pattern, Schema, StrictInteger

MAX_CURSOR_LENGTH = 200
CURSOR_PATTERN = "^[A-Za-z0-9_-]+$"  # unpadded URL-safe base64
INVALID_CURSOR = "Curseur de pagination invalide : reprenez la liste depuis le début."
#: the field holding a listed document's sort key, and the order of every list
KEY_FIELD = "list_key"
NEWEST_FIRST = [(KEY_FIELD, -1)]
_ID = re.compile(r"[0-9a-f]{24}")


def list_key(when: datetime, item_id) -> str:
    """The sort key of an item: "2026-09-01T08:30:00.123|<24-hex id>" (UTC, fixed width)."""
    stamp = as_utc(when).replace(tzinfo=None).isoformat(timespec="milliseconds")
    return f"{stamp}|{str(item_id).lower()}"


def strictly_after(position: tuple[datetime, str], field: str = KEY_FIELD) -> dict:
    """Filter clause for the items strictly after `position` (a decoded cursor) in list order
    (newest first, on `field`)."""
    return {field: {"$lt": list_key(*position)}}


def strictly_later(position: tuple[datetime, str], field: str) -> dict:
    """The same for a list in the other order (oldest first, on `field`)."""
    return {field: {"$gt": list_key(*position)}}


def encode_cursor(when: datetime, item_id: str) -> str:
    raw = json.dumps([when.isoformat(), str(item_id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """(timestamp in UTC, id) of the last item seen; the next page starts strictly after it."""
    try:
        if not isinstance(cursor, str) or not cursor or len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError
        when, item_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        when = datetime.fromisoformat(when)
        if when.tzinfo is None or not isinstance(item_id, str) or not _ID.fullmatch(item_id):
            raise ValueError
        when = when.astimezone(timezone.utc)  # OverflowError past year 9999 or before year 1
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeError):
        raise Invalid(fields={"cursor": [INVALID_CURSOR]}) from None
    return when, item_id


def page_of(docs: list[dict], limit: int, sort_field: str, view) -> dict:
    """{"items", "next_cursor"} from up to limit + 1 documents fetched in list order.

    The extra document only says a next page exists; the cursor is the last item shown
    (its `sort_field` and id: the parts of its list key).
    """
    shown = docs[:limit]
    next_cursor = None
    if len(docs) > limit:
        last = shown[-1]
        next_cursor = encode_cursor(last[sort_field], str(last["_id"]))
    return {"items": [view(doc) for doc in shown], "next_cursor": next_cursor}


class PageSchema(Schema):
    """`limit` (1 to 100, default 20) and an opaque `cursor`: the base of every list RPC."""

    limit = StrictInteger(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(load_default=None, allow_none=True, validate=[
        validate.Length(min=1, max=MAX_CURSOR_LENGTH), Pattern(CURSOR_PATTERN, INVALID_CURSOR)])
