"""Typed errors that cross RPC and map to HTTP.

Every error carries a French message for people and, for Invalid, per-field messages.
They are plain exceptions (no nameko import): `classe12_kernel.rpc` registers them so
they are rebuilt on the calling side instead of becoming a generic RemoteError.
"""
from __future__ import annotations


class AppError(Exception):
    """Base of every expected, typed failure."""

    status = 400
    code = "error"
    default_message = "La demande n'a pas pu être traitée."

    def __init__(self, message: str | None = None, fields: dict | None = None):
        self.message = message or self.default_message
        self.fields = fields or {}
        super().__init__(self.message, self.fields)

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class Invalid(AppError):
    status = 422
    code = "invalid"
    default_message = "Certaines données envoyées ne sont pas valides."


class NotFound(AppError):
    status = 404
    code = "not_found"
    default_message = "Cette ressource n'existe pas."


class Forbidden(AppError):
    status = 403
    code = "forbidden"
    default_message = "Vous n'avez pas le droit de faire cette action."


class Unauthorized(AppError):
    status = 401
    code = "unauthorized"
    default_message = "Identifiants invalides."


class Conflict(AppError):
    status = 409
    code = "conflict"
    default_message = "Cette action entre en conflit avec l'état actuel."


class Unavailable(AppError):
    status = 503
    code = "unavailable"
    default_message = "Le service est momentanément indisponible. Réessayez dans quelques instants."


ALL_ERRORS = (AppError, Invalid, NotFound, Forbidden, Unauthorized, Conflict, Unavailable)


def invalid_from_marshmallow(messages: dict) -> Invalid:
    """Turn marshmallow's error dict into an Invalid error with flattened field paths."""
    return Invalid(fields=flatten_messages(messages))


def flatten_messages(messages, prefix: str = "") -> dict:
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
