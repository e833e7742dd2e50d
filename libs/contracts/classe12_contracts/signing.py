"""The call context's signature: who is acting cannot be forged by anything on the broker.

The gateway (and any trusted caller) signs the context headers of each RPC request with a key
shared by the platform's processes (`ACTOR_CONTEXT_KEY`); a service accepts an acting member
and roles only with a valid signature. HMAC-SHA256, hex, over the UTF-8 text of version 1:

    "v1" LF actor_id LF actor_roles LF request_id LF deadline LF idempotency_key LF client_address

each field as sent in its header (empty when absent). Sent as the header
`nameko.context_signature`.
"""
from __future__ import annotations

import hashlib
import hmac

from .headers import ACTOR_ID, ACTOR_ROLES, CLIENT_ADDRESS, DEADLINE, IDEMPOTENCY_KEY, REQUEST_ID

SIGNATURE = "context_signature"
SIGNED_FIELDS = (ACTOR_ID, ACTOR_ROLES, REQUEST_ID, DEADLINE, IDEMPOTENCY_KEY, CLIENT_ADDRESS)


def canonical(context: dict) -> bytes:
    return "\n".join(["v1", *(str(context.get(name) or "") for name in SIGNED_FIELDS)]).encode("utf-8")


def sign(context: dict, key: str) -> str:
    return hmac.new(key.encode("utf-8"), canonical(context), hashlib.sha256).hexdigest()


def verify(context: dict, key: str) -> bool:
    signature = context.get(SIGNATURE)
    return isinstance(signature, str) and hmac.compare_digest(signature, sign(context, key))
