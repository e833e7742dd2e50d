"""The event envelope: build one for a published event version, and read one a consumer receives.

Envelope (schemas/platform/envelope.v1.json): id (uuid), type ("<source>.<name>"), version,
occurred_at (UTC ISO 8601), actor ({"id", "roles"} or null), request_id, data. The payload
schema of (type, version) is `urn:classe12:<source>:events:<name>:v<version>`, frozen under
`schemas/published/` once the event is published. On the wire an event of type
"resources.resource_published" goes to the durable topic exchange "resources.events" with
routing key "resource_published", whatever its version.
"""
from __future__ import annotations

import copy
import uuid
from datetime import datetime, timezone

from .errors import Invalid
from .registry import SchemaRegistry, default_registry
from .validation import field_errors, ref

ENVELOPE_URI = "urn:classe12:platform:envelope:v1"


def event_schema_uri(event_type: str, version: int) -> str:
    source, name = split_type(event_type)
    return f"urn:classe12:{source}:events:{name}:v{version}"


def split_type(event_type: str) -> tuple[str, str]:
    source, _, name = event_type.partition(".")
    if not source or not name:
        raise ValueError(f"event type {event_type!r} is not <source>.<name>")
    return source, name


def exchange_of(event_type: str) -> str:
    return f"{split_type(event_type)[0]}.events"


def routing_key_of(event_type: str) -> str:
    return split_type(event_type)[1]


class EnvelopeError(Exception):
    """A message a consumer cannot handle; `reason` says why (it goes with the dead letter)."""

    reason = "malformed"

    def __init__(self, detail: str, fields: dict | None = None):
        self.detail = detail
        self.fields = fields or {}
        super().__init__(detail)


class MalformedEnvelope(EnvelopeError):
    reason = "malformed_envelope"


class UnsupportedVersion(EnvelopeError):
    reason = "unsupported_version"


class InvalidPayload(EnvelopeError):
    reason = "invalid_payload"


def make_envelope(event_type: str, version: int, data: dict, actor: dict | None = None,
                  request_id: str | None = None, registry: SchemaRegistry | None = None,
                  occurred_at: datetime | None = None) -> dict:
    """A JSON-ready envelope; `data` must match the published schema of (type, version)."""
    registry = registry or default_registry()
    uri = event_schema_uri(event_type, version)
    if uri not in registry:
        raise ValueError(f"{event_type} v{version} is not a published event: add it to the producer's "
                         f"contract, then run `make contracts`")
    problems = field_errors(ref(uri), data, registry)
    if problems:
        raise Invalid(f"Événement {event_type} v{version} non conforme au contrat.", problems)
    when = occurred_at or datetime.now(timezone.utc)
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "version": version,
        "occurred_at": when.astimezone(timezone.utc).isoformat(timespec="milliseconds"),
        "actor": actor,
        "request_id": request_id,
        "data": copy.deepcopy(data),
    }


def parse_envelope(body, accepted_versions=None, registry: SchemaRegistry | None = None) -> dict:
    """Validate an incoming envelope and its payload; raise an EnvelopeError saying why not.

    `accepted_versions`: the versions of its type the consumer handles (None: any published one).
    """
    registry = registry or default_registry()
    if not isinstance(body, dict):
        raise MalformedEnvelope("the message body is not a JSON object")
    problems = field_errors(ref(ENVELOPE_URI), body, registry)
    if problems:
        raise MalformedEnvelope("the message is not an event envelope", problems)
    version = body["version"]
    uri = event_schema_uri(body["type"], version)
    if (accepted_versions is not None and version not in accepted_versions) or uri not in registry:
        raise UnsupportedVersion(f"{body['type']} v{version} is not a version this consumer handles")
    problems = field_errors(ref(uri), body["data"], registry)
    if problems:
        raise InvalidPayload(f"{body['type']} v{version}: payload does not match its schema", problems)
    return body
