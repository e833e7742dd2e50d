"""Opaque list cursors: urlsafe base64 of the sort key (created_at, id) of the last item."""
from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import datetime

from classe12_kernel.errors import Invalid

_ID = re.compile(r"^[0-9a-f]{24}$")
MAX_CURSOR_LENGTH = 200


def encode_cursor(created_at: datetime, item_id: str) -> str:
    raw = json.dumps([created_at.isoformat(), str(item_id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The sort key inside `cursor`; Invalid on the field "cursor" if it was not issued by us."""
    try:
        if not isinstance(cursor, str) or len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError
        padded = cursor + "=" * (-len(cursor) % 4)
        created_at, item_id = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        when = datetime.fromisoformat(created_at)
        if when.tzinfo is None or not isinstance(item_id, str) or not _ID.match(item_id):
            raise ValueError
        return when, item_id
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        raise Invalid(fields={"cursor": ["Curseur invalide : reprenez la liste depuis le début."]}) from None
