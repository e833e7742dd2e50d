"""Opaque cursors for lists sorted newest first on (<timestamp>, _id), the same everywhere.

A cursor is the unpadded urlsafe base64 of the JSON array [ISO 8601 timestamp, 24-hex id] of
the last item of a page. Clients treat it as opaque; one we did not issue is Invalid on the
field "cursor".
"""
from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime, timezone

from bson import ObjectId
from marshmallow import fields, validate

from classe12_contracts.errors import Invalid

from .validation import Schema, is_object_id

MAX_CURSOR_LENGTH = 200
INVALID_CURSOR = "Curseur de pagination invalide : reprenez la liste depuis le début."


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
        if when.tzinfo is None or not is_object_id(item_id):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        raise Invalid(fields={"cursor": [INVALID_CURSOR]}) from None
    return when.astimezone(timezone.utc), item_id


def page_of(docs: list[dict], limit: int, sort_field: str, view) -> dict:
    """{"items", "next_cursor"} from up to limit + 1 documents fetched in list order.

    The extra document only says a next page exists; the cursor is the last item shown.
    """
    shown = docs[:limit]
    next_cursor = None
    if len(docs) > limit:
        last = shown[-1]
        next_cursor = encode_cursor(last[sort_field], str(last["_id"]))
    return {"items": [view(doc) for doc in shown], "next_cursor": next_cursor}


def after_filter(field: str, after: tuple[datetime, str]) -> dict:
    """MongoDB filter for items strictly after `after` in (field desc, _id desc) order.

    The top-level bound on `field` keeps the index scan bounded; the $or breaks ties on _id.
    """
    when, item_id = after
    oid = ObjectId(item_id)
    return {field: {"$lte": when}, "$or": [{field: {"$lt": when}}, {field: when, "_id": {"$lt": oid}}]}


class PageSchema(Schema):
    """`limit` (1 to 100, default 20) and an opaque `cursor`: the base of every list RPC."""

    limit = fields.Integer(load_default=20, strict=True, validate=validate.Range(min=1, max=100))
    cursor = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=MAX_CURSOR_LENGTH))
