"""The event envelope: built against the published schemas, read back with the reason of a refusal."""
import uuid

import pytest

from classe12_contracts.envelope import (
    InvalidPayload,
    MalformedEnvelope,
    UnsupportedVersion,
    event_schema_uri,
    exchange_of,
    make_envelope,
    parse_envelope,
    routing_key_of,
)
from classe12_contracts.errors import Invalid

PUBLISHED = {"resource_id": "a" * 24, "title": "Lire", "kind": "fiche", "levels": ["CP"], "topics": [],
             "published_by": "b" * 24}


def test_envelope_round_trip():
    envelope = make_envelope("resources.resource_published", 1, PUBLISHED, actor={"id": "b" * 24, "roles": ["adviser"]},
                             request_id="req-1")
    assert uuid.UUID(envelope["id"]) and envelope["version"] == 1
    assert envelope["occurred_at"].endswith("+00:00")
    parsed = parse_envelope(envelope, {1})
    assert parsed["data"] == PUBLISHED and parsed["actor"]["roles"] == ["adviser"] and parsed["request_id"] == "req-1"


def test_names_on_the_wire():
    assert exchange_of("resources.resource_published") == "resources.events"
    assert routing_key_of("resources.resource_published") == "resource_published"
    assert event_schema_uri("resources.resource_published", 2) == "urn:classe12:resources:events:resource_published:v2"


def test_unpublished_types_and_bad_payloads_are_refused_at_the_source():
    with pytest.raises(ValueError, match="not a published event"):
        make_envelope("resources.resource_deleted", 1, {})
    with pytest.raises(ValueError):
        make_envelope("resources.resource_published", 7, PUBLISHED)
    with pytest.raises(Invalid) as err:
        make_envelope("resources.resource_published", 1, {**PUBLISHED, "levels": ["CM2"]})
    assert "levels.0" in err.value.fields


@pytest.mark.parametrize("mutate, error", [
    (lambda e: e.update(version=2), UnsupportedVersion),
    (lambda e: e.update(type="community.unknown"), UnsupportedVersion),
    (lambda e: e.update(id="not-a-uuid"), MalformedEnvelope),
    (lambda e: e.update(occurred_at="2026-01-01T00:00:00"), MalformedEnvelope),  # naive
    (lambda e: e["data"].pop("title"), InvalidPayload),
    (lambda e: e.update(extra=1), MalformedEnvelope),
])
def test_what_a_consumer_cannot_handle_says_why(mutate, error):
    envelope = make_envelope("resources.resource_published", 1, PUBLISHED)
    mutate(envelope)
    with pytest.raises(error) as err:
        parse_envelope(envelope, {1})
    assert err.value.reason in ("unsupported_version", "malformed_envelope", "invalid_payload")


def test_a_consumer_refuses_a_published_version_it_does_not_handle():
    envelope = make_envelope("resources.resource_published", 1, PUBLISHED)
    with pytest.raises(UnsupportedVersion):
        parse_envelope(envelope, {2})


@pytest.mark.parametrize("body", [None, "texte", [1, 2], 3])
def test_non_objects_are_malformed(body):
    with pytest.raises(MalformedEnvelope):
        parse_envelope(body)


def test_payload_fields_added_later_are_tolerated():
    """A producer adding an optional field keeps the version: older consumers read on."""
    envelope = make_envelope("resources.resource_published", 1, PUBLISHED)
    envelope["data"]["duration_minutes"] = 45
    assert parse_envelope(envelope, {1})["data"]["duration_minutes"] == 45
