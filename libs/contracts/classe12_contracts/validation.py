"""JSON Schema validation (draft-07) with French, per-field messages, as the platform answers them.

Field paths are dotted (`levels.0`), the same as the services' marshmallow errors; a problem
with the whole document is reported on `_schema`. Patterns follow ECMA-262 semantics, as JSON
Schema specifies: `$` is the true end of the string (Python's `re` also accepts a final newline).
A schema may carry `errorMessage` (a French sentence) to replace the generic message of any
failure of its own keywords.
"""
from __future__ import annotations

import functools
import re
import uuid
from datetime import date, datetime

from jsonschema import Draft7Validator, FormatChecker, ValidationError, validators

from .errors import Invalid
from .registry import SchemaRegistry, default_registry

TYPE_MESSAGES = {
    "string": "Une chaîne de caractères est attendue.",
    "integer": "Un nombre entier est attendu.",
    "number": "Un nombre est attendu.",
    "boolean": "Vrai ou faux est attendu.",
    "array": "Une liste est attendue.",
    "object": "Un objet est attendu.",
}
FORMAT_MESSAGES = {
    "date-time": "Date et heure invalides.",
    "date": "Date invalide.",
    "email": "Adresse e-mail invalide.",
    "uuid": "Identifiant invalide.",
}
REQUIRED = "Ce champ est obligatoire."
NULL = "Ce champ ne peut pas être vide."
UNKNOWN = "Champ inconnu."
NOT_AN_OBJECT = "Un objet JSON est attendu."


@functools.lru_cache(maxsize=512)
def ecma_regex(pattern: str) -> re.Pattern:
    """`pattern` compiled so that `$` and `\\d`, `\\w`, `\\s` mean what they mean in ECMA-262."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[" and not in_class:
            in_class = True
            out.append(char)
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        elif char == "$" and not in_class:
            out.append(r"\Z")
        else:
            out.append(char)
    return re.compile("".join(out), re.ASCII)


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.tzinfo is not None and "T" in value


@FORMATS.checks("date", raises=ValueError)
def _date(value) -> bool:
    return not isinstance(value, str) or bool(date.fromisoformat(value)) and len(value) == 10


@FORMATS.checks("email")
def _email(value) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.match(value))


@FORMATS.checks("uuid", raises=ValueError)
def _uuid(value) -> bool:
    return not isinstance(value, str) or bool(uuid.UUID(value))


Validator = validators.extend(Draft7Validator, {"pattern": _pattern})


def validator(schema: dict, registry: SchemaRegistry | None = None) -> Draft7Validator:
    registry = registry or default_registry()
    return Validator(schema, registry=registry.referencing, format_checker=FORMATS)


def _path(error: ValidationError, extra: str | None = None) -> str:
    parts = [str(p) for p in error.absolute_path]
    if extra is not None:
        parts.append(extra)
    return ".".join(parts) or "_schema"


def _choices(values) -> str:
    return ", ".join("null" if v is None else str(v) for v in values)


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    """(field path, French message) pairs for one validation error."""
    schema, keyword, expected, instance = error.schema, error.validator, error.validator_value, error.instance
    custom = schema.get("errorMessage") if isinstance(schema, dict) else None
    if keyword == "required":
        present = instance if isinstance(instance, dict) else {}
        return [(_path(error, name), REQUIRED) for name in expected if name not in present]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = set(schema.get("properties", {}))
        patterns = [ecma_regex(p) for p in schema.get("patternProperties", {})]
        return [(_path(error, name), UNKNOWN) for name in instance
                if name not in known and not any(p.search(name) for p in patterns)]
    if custom:
        return [(_path(error), custom)]
    if keyword == "type":
        types = [expected] if isinstance(expected, str) else list(expected)
        if instance is None:
            return [(_path(error), NULL)]
        if not error.absolute_path and "object" in types:
            return [("_schema", NOT_AN_OBJECT)]
        wanted = next((t for t in types if t != "null"), "object")
        return [(_path(error), TYPE_MESSAGES.get(wanted, "Valeur invalide."))]
    if keyword in ("enum", "const"):
        values = expected if keyword == "enum" else [expected]
        return [(_path(error), f"Valeur non autorisée. Valeurs possibles : {_choices(values)}.")]
    if keyword in ("minLength", "minItems"):
        return [(_path(error), f"Longueur minimale : {expected}.")]
    if keyword in ("maxLength", "maxItems"):
        return [(_path(error), f"Longueur maximale : {expected}.")]
    if keyword == "minimum":
        return [(_path(error), f"Doit être supérieur ou égal à {expected}.")]
    if keyword == "maximum":
        return [(_path(error), f"Doit être inférieur ou égal à {expected}.")]
    if keyword == "exclusiveMinimum":
        return [(_path(error), f"Doit être supérieur à {expected}.")]
    if keyword == "exclusiveMaximum":
        return [(_path(error), f"Doit être inférieur à {expected}.")]
    if keyword == "pattern":
        return [(_path(error), "Format invalide.")]
    if keyword == "format":
        return [(_path(error), FORMAT_MESSAGES.get(expected, "Format invalide."))]
    if keyword == "uniqueItems":
        return [(_path(error), "Chaque valeur ne peut apparaître qu'une fois.")]
    if keyword in ("minProperties", "maxProperties"):
        return [(_path(error), "Nombre de champs non autorisé.")]
    if keyword in ("oneOf", "anyOf") and error.context:
        return _alternatives(error) or [(_path(error), "Valeur invalide.")]
    return [(_path(error), "Valeur invalide.")]


def _alternatives(error: ValidationError) -> list[tuple[str, str]]:
    """What is wrong with a value none of the alternatives accepts: for a nullable value (null
    or X), what X says; otherwise what the alternative that went deepest says."""
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        if not (sub.validator == "type" and sub.validator_value == "null"):
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    if len(branches) == 1:
        return [pair for sub in next(iter(branches.values())) for pair in _messages(sub)]
    best = max(error.context, key=lambda e: len(e.absolute_path))
    return _messages(best) if len(best.absolute_path) > len(error.absolute_path) else []


def field_errors(schema: dict, instance, registry: SchemaRegistry | None = None) -> dict[str, list[str]]:
    """{field path: [French messages]} of everything wrong with `instance`; empty when valid."""
    fields: dict[str, list[str]] = {}
    wrong_type: dict[str, list[str]] = {}
    for error in validator(schema, registry).iter_errors(instance):
        for path, message in _messages(error):
            target = wrong_type if message in _TYPE_OR_NULL else fields
            if message not in target.setdefault(path, []):
                target[path].append(message)
    # a value of the wrong type has nothing else worth saying (its enum, length...)
    fields.update(wrong_type)
    return dict(sorted(fields.items()))


_TYPE_OR_NULL = {*TYPE_MESSAGES.values(), NULL, NOT_AN_OBJECT}


def check(schema: dict, instance, registry: SchemaRegistry | None = None, message: str | None = None) -> None:
    """Raise Invalid (French, per field) unless `instance` is valid against `schema`."""
    fields = field_errors(schema, instance, registry)
    if fields:
        raise Invalid(message, fields)


def ref(uri: str, pointer: str = "") -> dict:
    """A schema that is just a reference, e.g. ref("urn:classe12:platform:rpc:v1", "/definitions/id")."""
    return {"$ref": f"{uri}#{pointer}" if pointer else uri}
