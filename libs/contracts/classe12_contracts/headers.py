"""Names of the call context carried with every RPC request and event (docs/rpc-protocol.md).

Each key travels as the AMQP header `nameko.<key>` (the prefix nameko uses for context data).
"""
HEADER_PREFIX = "nameko."

ACTOR_ID = "actor_id"          # 24-hex member id; empty for anonymous calls
ACTOR_ROLES = "actor_roles"    # comma-separated roles of the acting member
REQUEST_ID = "request_id"      # the gateway's request id, for logs across services
DEADLINE = "deadline"          # Unix time (seconds, float as text) after which the caller gave up
IDEMPOTENCY_KEY = "idempotency_key"  # optional: the client's key for a write that must happen once
CLIENT_ADDRESS = "client_address"    # optional: the HTTP client's address (sign-in throttling)

#: the field an `invalid` error names when an idempotency key comes back with another request
IDEMPOTENCY_FIELD = "Idempotency-Key"

CONTEXT_KEYS = (ACTOR_ID, ACTOR_ROLES, REQUEST_ID, DEADLINE, IDEMPOTENCY_KEY, CLIENT_ADDRESS)


def header(key: str) -> str:
    return HEADER_PREFIX + key
