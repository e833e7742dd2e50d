"""The event envelope and the one catalogue of events (name, version, payload schema).

Envelope: id (uuid), type ("<source>.<name>"), version, occurred_at (UTC ISO 8601),
actor ({"id", "roles"} or null), request_id, data (validated by the type's schema).
On the wire an event of type "resources.resource_published" goes to the durable topic
exchange "resources.events" with routing key "resource_published" (nameko's convention),
so nameko @event_handler("resources", "resource_published") receives it.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import marshmallow
from marshmallow import fields, validate

from .errors import Invalid
from .validation import Schema, load_or_invalid

LEVELS = ("CP", "CE1")


@dataclass(frozen=True)
class EventType:
    name: str
    version: int
    schema: type[marshmallow.Schema]
    description: str

    @property
    def source(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def routing_key(self) -> str:
        return self.name.split(".", 1)[1]

    @property
    def exchange(self) -> str:
        return f"{self.source}.events"


class MemberRegisteredV1(Schema):
    member_id = fields.String(required=True)
    display_name = fields.String(required=True)
    role = fields.String(required=True)
    levels = fields.List(fields.String(validate=validate.OneOf(LEVELS)), load_default=list)
    school_uai = fields.String(allow_none=True, load_default=None)


class ResourcePublishedV1(Schema):
    resource_id = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True)
    levels = fields.List(fields.String(validate=validate.OneOf(LEVELS)), required=True)
    topics = fields.List(fields.String(), load_default=list)
    published_by = fields.String(required=True)


CATALOGUE: dict[str, EventType] = {
    event.name: event
    for event in (
        EventType("community.member_registered", 1, MemberRegisteredV1,
                  "A person created an account (any self-chosen role)."),
        EventType("resources.resource_published", 1, ResourcePublishedV1,
                  "An adviser or admin published a resource; it is now in the catalogue."),
    )
}


class ActorSchema(Schema):
    id = fields.String(required=True)
    roles = fields.List(fields.String(), load_default=list)


class EnvelopeSchema(Schema):
    id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.OneOf(list(CATALOGUE)))
    version = fields.Integer(required=True)
    occurred_at = fields.AwareDateTime(required=True)
    actor = fields.Nested(ActorSchema, allow_none=True, load_default=None)
    request_id = fields.String(allow_none=True, load_default=None)
    data = fields.Dict(required=True)


def event_type(name: str) -> EventType:
    try:
        return CATALOGUE[name]
    except KeyError:
        raise ValueError(f"unknown event type {name!r}; add it to classe12_kernel.events.CATALOGUE") from None


def make_envelope(name: str, data: dict, actor: dict | None = None, request_id: str | None = None) -> dict:
    """Build a JSON-ready envelope; the payload is validated against the catalogue."""
    etype = event_type(name)
    payload = load_or_invalid(etype.schema(), data)
    return {
        "id": str(uuid.uuid4()),
        "type": etype.name,
        "version": etype.version,
        "occurred_at": datetime.now(timezone.utc).isoformat(),
        "actor": actor,
        "request_id": request_id,
        "data": payload,
    }


def parse_envelope(body) -> dict:
    """Validate an incoming envelope and its payload; raise Invalid when it is not one."""
    if not isinstance(body, dict):
        raise Invalid("Message d'événement mal formé.")
    envelope = load_or_invalid(EnvelopeSchema(), body)
    etype = CATALOGUE[envelope["type"]]
    if envelope["version"] != etype.version:
        raise Invalid(f"Version {envelope['version']} de {etype.name} non prise en charge.")
    envelope["data"] = load_or_invalid(etype.schema(), envelope["data"])
    envelope["id"] = str(envelope["id"])
    return envelope
