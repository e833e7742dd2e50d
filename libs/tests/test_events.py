"""Unit tests of the event envelope and catalogue."""
import uuid

import pytest

from classe12_kernel.errors import Invalid
from classe12_kernel.events import CATALOGUE, make_envelope, parse_envelope

PUBLISHED = {"resource_id": "a" * 24, "title": "Lire", "kind": "fiche", "levels": ["CP"], "topics": [],
             "published_by": "b" * 24}


def test_envelope_round_trip():
    envelope = make_envelope("resources.resource_published", PUBLISHED, actor={"id": "b" * 24, "roles": ["adviser"]},
                             request_id="req-1")
    assert uuid.UUID(envelope["id"]) and envelope["version"] == 1
    assert envelope["occurred_at"].endswith("+00:00")
    parsed = parse_envelope(envelope)
    assert parsed["data"] == PUBLISHED and parsed["actor"]["roles"] == ["adviser"] and parsed["request_id"] == "req-1"


def test_catalogue_names_exchange_and_routing_key():
    event = CATALOGUE["resources.resource_published"]
    assert (event.source, event.exchange, event.routing_key) == ("resources", "resources.events", "resource_published")


def test_unknown_type_and_bad_payload_are_refused_at_the_source():
    with pytest.raises(ValueError):
        make_envelope("resources.resource_deleted", {})
    with pytest.raises(Invalid) as err:
        make_envelope("resources.resource_published", {**PUBLISHED, "levels": ["CM2"]})
    assert "levels.0" in err.value.fields


@pytest.mark.parametrize("mutate", [
    lambda e: e.update(version=2),
    lambda e: e.update(type="community.unknown"),
    lambda e: e.update(id="not-a-uuid"),
    lambda e: e.update(occurred_at="2026-01-01T00:00:00"),  # naive
    lambda e: e["data"].pop("title"),
    lambda e: e.update(extra=1),
])
def test_malformed_envelopes_are_invalid(mutate):
    envelope = make_envelope("resources.resource_published", PUBLISHED)
    mutate(envelope)
    with pytest.raises(Invalid):
        parse_envelope(envelope)


@pytest.mark.parametrize("body", [None, "texte", [1, 2], 3])
def test_non_objects_are_invalid(body):
    with pytest.raises(Invalid):
        parse_envelope(body)
