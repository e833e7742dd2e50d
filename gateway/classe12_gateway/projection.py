"""A reply cut down to what its schema declares: nothing outside the response schema leaks."""
from __future__ import annotations

from classe12_contracts.registry import SchemaRegistry
from classe12_contracts.validation import field_errors


def resolve(registry: SchemaRegistry, schema: dict, base: str | None = None) -> tuple[dict, str | None]:
    """Follow $refs (a local one is relative to `base`); the schema and its document's URI."""
    while isinstance(schema, dict) and "$ref" in schema:
        uri, _, pointer = schema["$ref"].partition("#")
        base = uri or base
        node = registry.get(base)
        for part in (p for p in pointer.split("/") if p):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
    return schema, base


def project(registry: SchemaRegistry, schema: dict, value, base: str | None = None):
    schema, base = resolve(registry, schema, base)
    if not isinstance(schema, dict):
        return value
    for combinator in ("oneOf", "anyOf"):
        if combinator in schema:
            for branch in schema[combinator]:
                if not field_errors(_anchored(branch, base), value, registry):
                    return project(registry, branch, value, base)
            return value
    if isinstance(value, dict):
        properties = dict(schema.get("properties") or {})
        for part in schema.get("allOf") or ():
            resolved, part_base = resolve(registry, part, base)
            properties.update({k: _anchored(v, part_base) for k, v in (resolved.get("properties") or {}).items()})
        if not properties:
            return value
        return {key: project(registry, properties[key], item, base) for key, item in value.items() if key in properties}
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [project(registry, schema["items"], item, base) for item in value]
    return value


def _anchored(schema: dict, base: str | None) -> dict:
    """A subschema whose local refs still resolve once taken out of its document."""
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#") and base:
        return {"$ref": base + schema["$ref"]}
    if isinstance(schema, dict):
        return {k: _anchored(v, base) if isinstance(v, (dict, list)) else v for k, v in schema.items()}
    if isinstance(schema, list):
        return [_anchored(v, base) for v in schema]
    return schema
