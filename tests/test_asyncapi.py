"""docs/asyncapi.yaml must describe exactly the event catalogue of libs/classe12_kernel/events.py.

Checked against the code, so the document cannot drift: the same events (exchange, routing key,
version), the same envelope and payload fields with the same required fields, JSON types,
nullability and enumerations, and examples that the kernel itself accepts.
"""
from __future__ import annotations

from pathlib import Path

import marshmallow
import pytest
import yaml
from marshmallow import fields, validate

from classe12_kernel.events import CATALOGUE, EnvelopeSchema, parse_envelope

DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "asyncapi.yaml"

# marshmallow field -> (JSON type, format); subclasses first
FIELD_TYPES = (
    (fields.UUID, "string", "uuid"),
    (fields.DateTime, "string", "date-time"),
    (fields.String, "string", None),
    (fields.Integer, "integer", None),
    (fields.Number, "number", None),
    (fields.Boolean, "boolean", None),
    (fields.List, "array", None),
    (fields.Nested, "object", None),
    (fields.Dict, "object", None),
)


@pytest.fixture(scope="module")
def doc() -> dict:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


def resolve(doc: dict, node: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local references: {ref}"
        node = doc
        for part in ref[2:].split("/"):
            node = node[part]
    return node


def merged(doc: dict, schema: dict) -> dict:
    """allOf flattened: properties merged (later wins), required united."""
    schema = resolve(doc, schema)
    if "allOf" not in schema:
        return schema
    result = {"properties": {}, "required": []}
    for part in schema["allOf"]:
        part = merged(doc, part)
        result["properties"].update(part.get("properties", {}))
        result["required"] += part.get("required", [])
    return result


def json_types(doc: dict, schema: dict) -> set[str]:
    schema = resolve(doc, schema)
    if "type" in schema:
        return set(schema["type"]) if isinstance(schema["type"], list) else {schema["type"]}
    alternatives = schema.get("oneOf") or schema.get("anyOf")
    assert alternatives, f"no type in {schema}"
    return set().union(*(json_types(doc, alternative) for alternative in alternatives))


def expected_type(field: fields.Field) -> tuple[str, str | None]:
    for cls, json_type, fmt in FIELD_TYPES:
        if isinstance(field, cls):
            return json_type, fmt
    raise AssertionError(f"no JSON type known for {type(field).__name__}: extend FIELD_TYPES")


def choices(field: fields.Field) -> list | None:
    validators = field.validators if isinstance(field.validators, (list, tuple)) else [field.validators]
    for validator in validators:
        if isinstance(validator, validate.OneOf):
            return list(validator.choices)
    return None


def assert_same_schema(doc: dict, documented: dict, schema: marshmallow.Schema, what: str) -> None:
    documented = resolve(doc, documented)
    declared = {field.data_key or name: field for name, field in schema.fields.items()}
    properties = documented.get("properties", {})
    assert set(properties) == set(declared), f"{what}: fields differ from the code"
    assert set(documented.get("required", [])) == {n for n, f in declared.items() if f.required}, \
        f"{what}: required fields differ from the code"
    if schema.unknown == marshmallow.RAISE:
        assert documented.get("additionalProperties") is False, f"{what}: unknown fields are rejected"
    for name, field in declared.items():
        prop = resolve(doc, properties[name])
        json_type, fmt = expected_type(field)
        expected = {json_type} | ({"null"} if field.allow_none else set())
        assert json_types(doc, prop) == expected, f"{what}.{name}: JSON type"
        if fmt:
            assert prop.get("format") == fmt, f"{what}.{name}: format {fmt}"
        if choices(field) is not None:
            assert prop.get("enum") == choices(field), f"{what}.{name}: allowed values"
        if isinstance(field, fields.List):
            items = resolve(doc, prop["items"])
            item_type, _ = expected_type(field.inner)
            assert json_types(doc, items) == {item_type}, f"{what}.{name}[]: JSON type"
            if choices(field.inner) is not None:
                assert items.get("enum") == choices(field.inner), f"{what}.{name}[]: allowed values"
        if isinstance(field, fields.Nested):
            nested = [resolve(doc, alt) for alt in prop.get("oneOf", [prop]) if json_types(doc, alt) != {"null"}]
            assert_same_schema(doc, nested[0], field.schema, f"{what}.{name}")


def documented_events(doc: dict) -> dict[str, dict]:
    """event type -> what the document says about it (channel, exchange, routing key, message)."""
    events = {}
    for channel_name, channel in doc["channels"].items():
        for operation_kind in ("subscribe", "publish"):
            operation = channel.get(operation_kind)
            if not operation:
                continue
            message = resolve(doc, operation["message"])
            payload = merged(doc, message["payload"])
            event = payload["properties"]["type"]["const"]
            assert event not in events, f"{event} documented twice"
            events[event] = {
                "channel": channel_name,
                "exchange": channel["bindings"]["amqp"]["exchange"],
                "binding": channel["bindings"]["amqp"],
                "routing_keys": operation["bindings"]["amqp"]["cc"],
                "message": message,
                "payload": payload,
            }
    return events


def test_document_is_asyncapi_2_6(doc):
    assert doc["asyncapi"].startswith("2.6.")
    assert doc["servers"]["rabbitmq"]["protocol"] == "amqp"


def test_document_lists_exactly_the_catalogue(doc):
    assert set(documented_events(doc)) == set(CATALOGUE)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_event_channel_and_version(doc, name):
    event, documented = CATALOGUE[name], documented_events(doc)[name]
    assert documented["binding"]["is"] == "routingKey"
    assert documented["exchange"]["name"] == event.exchange
    assert documented["exchange"]["type"] == "topic" and documented["exchange"]["durable"] is True
    assert documented["routing_keys"] == [event.routing_key]
    assert documented["channel"] == f"{event.exchange}/{event.routing_key}"
    assert documented["message"]["name"] == event.name
    assert documented["payload"]["properties"]["version"]["const"] == event.version


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_event_payload_matches_its_schema(doc, name):
    event, documented = CATALOGUE[name], documented_events(doc)[name]
    data = documented["payload"]["properties"]["data"]
    assert_same_schema(doc, data, event.schema(), f"{name} v{event.version}")


def test_envelope_matches_the_kernel(doc):
    assert_same_schema(doc, doc["components"]["schemas"]["Envelope"], EnvelopeSchema(), "Envelope")


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_examples_are_accepted_by_the_kernel(doc, name):
    examples = documented_events(doc)[name]["message"].get("examples") or []
    assert examples, f"{name}: give at least one example"
    for example in examples:
        envelope = parse_envelope(example["payload"])
        assert envelope["type"] == name
