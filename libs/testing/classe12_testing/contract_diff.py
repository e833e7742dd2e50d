"""Code against contract: every RPC method, consumer and input schema of a nameko service,
diffed against the service's `contract/` folder. Any difference fails with the part named.

- RPC methods (`rpc_method`) and the contract's RPC operations must be the same set;
- each method's marshmallow input schema, converted to JSON Schema, must equal the
  operation's input schema (references resolved, annotations such as `description` ignored);
- consumers (`consumes`) and the contract's consumed events must match by declared name,
  event type and versions.
"""
from __future__ import annotations

import copy
import json

import marshmallow
from marshmallow import fields, validate

from classe12_contracts.documents import Contract
from classe12_contracts.registry import SchemaRegistry

ANNOTATIONS = {"description", "title", "examples", "errorMessage", "$schema", "$id", "$comment", "readOnly",
               "writeOnly"}


# --- marshmallow -> JSON Schema -------------------------------------------------------------

def _base(field: fields.Field) -> dict:
    declared = getattr(field, "json_schema", None)
    if declared is not None:
        return copy.deepcopy(declared)
    if isinstance(field, fields.Nested):
        nested = field.schema
        return schema_to_json(nested)
    if isinstance(field, fields.List):
        return {"type": "array", "items": field_to_json(field.inner)}
    for cls, schema in ((fields.UUID, {"type": "string", "format": "uuid"}),
                        (fields.Email, {"type": "string", "format": "email"}),
                        (fields.DateTime, {"type": "string", "format": "date-time"}),
                        (fields.Date, {"type": "string", "format": "date"}),
                        (fields.String, {"type": "string"}),
                        (fields.Integer, {"type": "integer"}),
                        (fields.Number, {"type": "number"}),
                        (fields.Boolean, {"type": "boolean"}),
                        (fields.Dict, {"type": "object"}),
                        (fields.Raw, {})):
        if isinstance(field, cls):
            return dict(schema)
    raise TypeError(f"no JSON Schema known for {type(field).__name__}: give it a json_schema attribute")


def _validators(field: fields.Field, schema: dict) -> dict:
    array = schema.get("type") == "array"
    for validator in field.validators:
        if isinstance(validator, validate.Length):
            low, high = ("minItems", "maxItems") if array else ("minLength", "maxLength")
            if validator.equal is not None:
                schema[low] = schema[high] = validator.equal
            if validator.min is not None:
                schema[low] = validator.min
            if validator.max is not None:
                schema[high] = validator.max
        elif isinstance(validator, validate.Range):
            if validator.min is not None:
                schema["minimum" if validator.min_inclusive else "exclusiveMinimum"] = validator.min
            if validator.max is not None:
                schema["maximum" if validator.max_inclusive else "exclusiveMaximum"] = validator.max
        elif isinstance(validator, validate.OneOf):
            schema["enum"] = list(validator.choices)
        elif isinstance(validator, validate.Regexp):
            schema["pattern"] = validator.regex.pattern
        elif isinstance(validator, validate.Email):
            schema["format"] = "email"
        elif getattr(validator, "json_schema", None):
            schema.update(validator.json_schema)
        else:
            raise TypeError(f"validator {validator!r} of {field.name!r} has no JSON Schema equivalent: "
                            f"give it a json_schema attribute")
    return schema


def field_to_json(field: fields.Field) -> dict:
    schema = _validators(field, _base(field))
    if field.allow_none:
        schema = {"oneOf": [{"type": "null"}, schema]}
    default = field.load_default
    if default is not marshmallow.missing and default is not None:
        schema["default"] = default() if callable(default) else default
    return schema


def schema_to_json(schema) -> dict:
    schema = schema() if isinstance(schema, type) else schema
    properties = {(f.data_key or name): field_to_json(f) for name, f in schema.fields.items() if not f.dump_only}
    result = {"type": "object", "properties": properties}
    if schema.unknown == marshmallow.RAISE:
        result["additionalProperties"] = False
    required = sorted((f.data_key or name) for name, f in schema.fields.items() if f.required)
    if required:
        result["required"] = required
    result.update(getattr(schema, "json_schema", None) or {})  # object-level rules, e.g. minProperties
    return result


# --- normalising a contract schema ----------------------------------------------------------

def resolve(registry: SchemaRegistry, node, depth: int = 0, base: str | None = None):
    """`node` with every $ref inlined (local refs are relative to `base`, the document URI)."""
    if depth > 50:
        raise ValueError("reference nesting too deep")
    if isinstance(node, dict):
        if "$ref" in node:
            target = node["$ref"]
            uri, _, pointer = target.partition("#")
            uri = uri or base
            document = registry.get(uri)
            for part in [p for p in pointer.split("/") if p]:
                document = document[part.replace("~1", "/").replace("~0", "~")]
            return resolve(registry, document, depth + 1, uri)
        return {key: resolve(registry, value, depth + 1, base) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(registry, item, depth + 1, base) for item in node]
    return node


#: keywords whose value maps names (properties...) to schemas: the names are not keywords
NAMED_SCHEMAS = ("properties", "patternProperties", "definitions")


def normalise(node):
    """Annotations dropped, nullable types as oneOf [null, X], single allOf merged."""
    if isinstance(node, list):
        return [normalise(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {k: ({name: normalise(schema) for name, schema in v.items()} if k in NAMED_SCHEMAS and isinstance(v, dict)
                else normalise(v))
            for k, v in node.items() if k not in ANNOTATIONS and not k.startswith("x-")}
    if isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
        merged = {k: v for k, v in node.items() if k != "allOf"}
        merged.update(node["allOf"][0])
        node = merged
    types = node.get("type")
    if isinstance(types, list) and "null" in types and len(types) == 2:
        other = next(t for t in types if t != "null")
        rest = {k: v for k, v in node.items() if k not in ("type", "default")}
        node = {"oneOf": [{"type": "null"}, {"type": other, **rest}], **({"default": node["default"]}
                                                                         if "default" in node else {})}
    if isinstance(node.get("required"), list):
        node["required"] = sorted(node["required"])
    if node.get("default", 0) is None:
        del node["default"]
    return node


def differences(expected, actual, path: str = "") -> list[str]:
    """Human-readable differences between two normalised schemas (contract, code)."""
    where = path or "(root)"
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                out.append(f"{where}: the code lacks {key}={json.dumps(expected[key], ensure_ascii=False)}")
            elif key not in expected:
                out.append(f"{where}: the contract lacks {key}={json.dumps(actual[key], ensure_ascii=False)}")
            else:
                out += differences(expected[key], actual[key], f"{path}.{key}" if path else key)
        return out
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [d for i, (e, a) in enumerate(zip(expected, actual, strict=True)) for d in differences(e, a, f"{path}[{i}]")]
    if expected != actual:
        return [f"{where}: contract says {json.dumps(expected, ensure_ascii=False)}, "
                f"code says {json.dumps(actual, ensure_ascii=False)}"]
    return []


# --- a nameko service class against its contract ---------------------------------------------

def rpc_methods(service_cls) -> dict:
    """method name -> its input schema class, for every rpc_method of the service."""
    from nameko.rpc import Rpc
    found = {}
    for name in dir(service_cls):
        method = getattr(service_cls, name)
        if any(isinstance(e, Rpc) for e in getattr(method, "nameko_entrypoints", ())):
            found[name] = getattr(method, "input_schema", None)
    return found


def consumers(service_cls) -> dict:
    """declared consumer name -> (event type, versions), for every `consumes` of the service."""
    from classe12_runtime.edge import ContractConsumer
    found = {}
    for name in dir(service_cls):
        for entrypoint in getattr(getattr(service_cls, name), "nameko_entrypoints", ()):
            if isinstance(entrypoint, ContractConsumer):
                found[entrypoint.consumer_name] = (entrypoint.contract_event, tuple(entrypoint.versions))
    return found


def diff_service(service_cls, contract: Contract) -> list[str]:
    """Every difference between a service class and its contract (empty: they agree)."""
    problems = []
    label = f"{contract.service} contract {contract.version}"
    methods = rpc_methods(service_cls)
    for name in sorted(set(contract.operations) - set(methods)):
        problems.append(f"{label}: operation {name} has no @rpc_method in {service_cls.__name__}")
    for name in sorted(set(methods) - set(contract.operations)):
        problems.append(f"{label}: @rpc_method {name} is not in the contract")
    for name in sorted(set(methods) & set(contract.operations)):
        if methods[name] is None:
            problems.append(f"{label}: {name} declares no input schema")
            continue
        expected = normalise(resolve(contract.registry, contract.operations[name].input))
        actual = normalise(schema_to_json(methods[name]))
        problems += [f"{label}: {name} input: {d}" for d in differences(expected, actual)]
    declared = consumers(service_cls)
    for name, consumer in sorted(contract.consumes.items()):
        if name not in declared:
            problems.append(f"{label}: consumer {name} has no @consumes in {service_cls.__name__}")
        elif declared[name] != (consumer.event_type, consumer.versions):
            problems.append(f"{label}: consumer {name} handles {declared[name]}, the contract says "
                            f"{(consumer.event_type, consumer.versions)}")
    for name in sorted(set(declared) - set(contract.consumes)):
        problems.append(f"{label}: @consumes {name} is not in the contract")
    return problems
