"""Checks of what an implementation sends against its contract (used by tests and the kit)."""
from __future__ import annotations

from classe12_contracts.documents import Contract
from classe12_contracts.validation import field_errors

#: any operation may answer this one: its service or database is down
ALWAYS_ALLOWED = ("unavailable",)


class ContractViolation(AssertionError):
    """An implementation answered outside its contract; the message names the contract part."""


def check_reply(contract: Contract, method: str, reply) -> None:
    operation = contract.operation(method)
    problems = field_errors(operation.output, reply, contract.registry)
    if problems:
        raise ContractViolation(f"{operation.qualified_name} (contract {contract.service} {contract.version}): "
                                f"reply does not match its schema: {problems}")


def check_error(contract: Contract, method: str, code: str) -> None:
    operation = contract.operation(method)
    if code not in operation.errors and code not in ALWAYS_ALLOWED:
        raise ContractViolation(f"{operation.qualified_name} (contract {contract.service} {contract.version}): "
                                f"answered the error {code!r}, which its contract does not list "
                                f"({', '.join(operation.errors) or 'none'})")


def check_event(contract_registry, envelope: dict, expected_type: str | None = None) -> None:
    from classe12_contracts.envelope import EnvelopeError, parse_envelope
    try:
        parse_envelope(envelope, registry=contract_registry)
    except EnvelopeError as exc:
        raise ContractViolation(f"event {envelope.get('type') if isinstance(envelope, dict) else '?'} "
                                f"v{envelope.get('version') if isinstance(envelope, dict) else '?'}: "
                                f"{exc.detail} {exc.fields or ''}") from None
    if expected_type and envelope["type"] != expected_type:
        raise ContractViolation(f"expected an event {expected_type}, got {envelope['type']}")


# --- the contract documents themselves ----------------------------------------------------

def asyncapi_validator():
    """A validator of AsyncAPI 3.0.0 documents: the official JSON Schema (vendor/)."""
    import json
    from pathlib import Path

    from jsonschema import Draft7Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    spec = json.loads((Path(__file__).parent / "vendor" / "asyncapi-3.0.0.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(spec["$id"], Resource.from_contents(spec, default_specification=DRAFT7))
    return Draft7Validator(spec, registry=registry.crawl())


def _refs(node, found=None):
    found = [] if found is None else found
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            found.append(node["$ref"])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)
    return found


def document_problems(contract: Contract) -> list[str]:
    """Everything wrong with a contract folder as documents: AsyncAPI 3.0.0 validity, JSON
    Schema validity of every schema, references that resolve, examples that match."""
    from jsonschema import Draft7Validator, SchemaError

    from classe12_contracts.envelope import ENVELOPE_URI, event_schema_uri
    from classe12_contracts.validation import ref

    label = f"{contract.service} contract {contract.version}"
    problems = [f"{label}: {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
                for e in asyncapi_validator().iter_errors(contract.document)]
    schemas = contract.document.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        try:
            Draft7Validator.check_schema(schema)
        except SchemaError as exc:
            problems.append(f"{label}: schema {name}: {exc.message}")
    for uri in contract.registry.uris:
        if uri.startswith(f"urn:classe12:{contract.service}:") and uri != contract.uri:
            try:
                Draft7Validator.check_schema(contract.registry.get(uri))
            except SchemaError as exc:
                problems.append(f"{label}: {uri}: {exc.message}")
    for target in _refs(contract.document) + [r for u in contract.registry.uris for r in _refs(contract.registry.get(u))]:
        if target.startswith("#"):
            continue
        uri = target.partition("#")[0]
        if uri not in contract.registry:
            problems.append(f"{label}: reference to {target}, which no contract or published schema defines")
    for operation in contract.operations.values():
        for example in operation.examples:
            errors = field_errors(operation.input, example.get("payload"), contract.registry)
            if errors:
                problems.append(f"{label}: example {example.get('name')!r} of {operation.name}: {errors}")
    for event in contract.emits.values():
        for example in event.examples:
            payload = example.get("payload") or {}
            errors = field_errors(ref(ENVELOPE_URI), payload, contract.registry)
            errors.update(field_errors(ref(event_schema_uri(event.type, event.version)), payload.get("data"),
                                       contract.registry))
            if errors:
                problems.append(f"{label}: example {example.get('name')!r} of {event.type} v{event.version}: {errors}")
    return problems
