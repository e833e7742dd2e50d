"""Opaque pagination cursors over the catalogue's order (published_at desc, id desc).

A cursor is the urlsafe base64 (unpadded) of "<published_at ISO 8601>|<24-hex id>" of the last
item of a page. Clients must treat it as opaque; anything that does not decode is Invalid on
the field "cursor".
"""
from __future__ import annotations

import base64
import binascii
from datetime import datetime

from classe12_kernel.errors import Invalid
from classe12_kernel.validation import is_object_id

from .model import as_utc

MAX_CURSOR_LENGTH = 200
_SEPARATOR = "|"


def invalid_cursor() -> Invalid:
    return Invalid(fields={"cursor": ["Curseur de pagination invalide. Reprenez depuis la première page."]})


def encode_cursor(published_at: datetime, resource_id: str) -> str:
    raw = f"{as_utc(published_at).isoformat(timespec='microseconds')}{_SEPARATOR}{resource_id}"
    return base64.urlsafe_b64encode(raw.encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """(published_at, id) of the position after which the next page starts."""
    if not isinstance(cursor, str) or not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        raise invalid_cursor()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        stamp, resource_id = raw.split(_SEPARATOR)
        published_at = datetime.fromisoformat(stamp)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid_cursor() from None
    if published_at.tzinfo is None or not is_object_id(resource_id):
        raise invalid_cursor()
    return as_utc(published_at), resource_id
