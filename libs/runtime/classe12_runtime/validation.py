"""marshmallow in French: a base schema and French default messages for fields and validators.

Every schema of the platform derives from `Schema` below: unknown fields are rejected and
every message a person can see is in French.
"""
from __future__ import annotations

import re

import marshmallow
from marshmallow import fields, validate

from classe12_contracts.errors import Invalid
from classe12_contracts.validation import NOT_AN_OBJECT, UNKNOWN

_FIELD_MESSAGES = {
    fields.Field: {
        "required": "Ce champ est obligatoire.",
        "null": "Ce champ ne peut pas être vide.",
        "validator_failed": "Valeur invalide.",
    },
    fields.String: {"invalid": "Une chaîne de caractères est attendue.",
                    "invalid_utf8": "Texte mal encodé."},
    fields.Number: {"invalid": "Un nombre est attendu.", "too_large": "Nombre trop grand."},
    fields.Integer: {"invalid": "Un nombre entier est attendu."},
    fields.Boolean: {"invalid": "Vrai ou faux est attendu."},
    fields.Email: {"invalid": "Adresse e-mail invalide."},
    fields.List: {"invalid": "Une liste est attendue."},
    fields.Dict: {"invalid": "Un objet est attendu."},
    fields.Nested: {"type": "Un objet est attendu."},
    fields.DateTime: {"invalid": "Date et heure invalides.", "format": "Format de date invalide."},
    fields.Date: {"invalid": "Date invalide."},
}

_VALIDATOR_MESSAGES = {
    validate.Length: {
        "message_min": "Longueur minimale : {min}.",
        "message_max": "Longueur maximale : {max}.",
        "message_all": "Longueur entre {min} et {max}.",
        "message_equal": "Longueur attendue : {equal}.",
    },
    validate.Range: {
        # marshmallow formats {min_op}/{max_op} first, then {min}/{max} at validation time
        "message_min": "Doit être {min_op} {{min}}.",
        "message_max": "Doit être {max_op} {{max}}.",
        "message_all": "Doit être {min_op} {{min}} et {max_op} {{max}}.",
        "message_gte": "supérieur ou égal à",
        "message_gt": "supérieur à",
        "message_lte": "inférieur ou égal à",
        "message_lt": "inférieur à",
    },
    validate.OneOf: {"default_message": "Valeur non autorisée. Valeurs possibles : {choices}."},
    validate.Regexp: {"default_message": "Format invalide."},
    validate.Email: {"default_message": "Adresse e-mail invalide."},
}


def _install_french_messages() -> None:
    for field_cls, messages in _FIELD_MESSAGES.items():
        field_cls.default_error_messages = {**field_cls.default_error_messages, **messages}
    for validator_cls, messages in _VALIDATOR_MESSAGES.items():
        for attr, text in messages.items():
            setattr(validator_cls, attr, text)


_install_french_messages()


class Schema(marshmallow.Schema):
    """Base schema: unknown fields are an error, messages are French."""

    error_messages = {"type": NOT_AN_OBJECT, "unknown": UNKNOWN}

    class Meta:
        unknown = marshmallow.RAISE


class NoArguments(Schema):
    """Input of an operation that takes no argument."""


def flatten_messages(messages, prefix: str = "") -> dict:
    """marshmallow's nested error dict as {"field.path": [messages]} ("_schema" for the whole)."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict):
                flat.update(flatten_messages(value, path))
            else:
                flat[path] = [str(v) for v in (value if isinstance(value, list) else [value])]
    else:
        flat[prefix or "_schema"] = [str(m) for m in (messages if isinstance(messages, list) else [messages])]
    return flat


def invalid_from_marshmallow(messages: dict) -> Invalid:
    """marshmallow's error dict as an Invalid error with flattened field paths."""
    return Invalid(fields=flatten_messages(messages))


def load_or_invalid(schema: marshmallow.Schema, data, **kwargs):
    """Validate `data` with `schema`; raise Invalid (French, per field) on failure."""
    try:
        return schema.load(data, **kwargs)
    except marshmallow.ValidationError as exc:
        raise invalid_from_marshmallow(exc.messages) from None


class Text(fields.String):
    """A string stripped of surrounding blanks and control characters."""

    json_schema = {"type": "string"}

    _CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        return self._CONTROL.sub("", text).strip()


OBJECT_ID_PATTERN = re.compile(r"[0-9a-f]{24}")


def is_object_id(value) -> bool:
    return isinstance(value, str) and OBJECT_ID_PATTERN.fullmatch(value) is not None


class Id(fields.String):
    """An identifier as the platform issues them (24 lowercase hex characters)."""

    json_schema = {"type": "string", "pattern": "^[0-9a-f]{24}$"}

    default_error_messages = {"invalid": "Identifiant invalide."}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not is_object_id(text):
            raise self.make_error("invalid")
        return text


class Pattern(validate.Validator):
    """A regular expression the WHOLE value must match (Python's `$` also accepts a final
    newline: "2026-2027\n" must not pass), written as the contract writes it (anchored)."""

    def __init__(self, pattern: str, error: str = "Format invalide."):
        if not (pattern.startswith("^") and pattern.endswith("$")):
            raise ValueError("write the pattern anchored, as in the contract: ^...$")
        self.pattern = pattern
        self.regex = re.compile(pattern[1:-1])
        self.error = error
        self.json_schema = {"pattern": pattern}

    def __call__(self, value):
        if not isinstance(value, str) or self.regex.fullmatch(value) is None:
            raise marshmallow.ValidationError(self.error)
        return value



class StrictBoolean(fields.Boolean):
    """true or false only (marshmallow's Boolean also takes "yes", "1", 1...)."""

    json_schema = {"type": "boolean"}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class StrictInteger(fields.Integer):
    """A JSON integer only: 12, or 12.0 (JSON Schema's integer too), never "12", 12.5 or true."""

    json_schema = {"type": "integer"}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid")
        return value
