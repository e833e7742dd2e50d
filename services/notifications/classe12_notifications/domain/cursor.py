"""Opaque pagination cursor: urlsafe base64 of the sort key (created_at, id) of the last item."""
from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from classe12_kernel.errors import Invalid
from classe12_kernel.validation import is_object_id

_MALFORMED = "Curseur de pagination invalide."


def encode_cursor(created_at: datetime, notification_id: str) -> str:
    raw = json.dumps([created_at.isoformat(), notification_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The sort key in `cursor`; Invalid on the field "cursor" when it is not one we issued."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, notification_id = json.loads(raw.decode())
        created_at = datetime.fromisoformat(created)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise Invalid(fields={"cursor": [_MALFORMED]}) from None
    if created_at.tzinfo is None or not is_object_id(notification_id):
        raise Invalid(fields={"cursor": [_MALFORMED]})
    return created_at, notification_id
