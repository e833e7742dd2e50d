"""The typed errors of the platform: one code each, a French message, per-field details.

On the wire (docs/rpc-protocol.md) an error reply carries
`{"exc_path": "classe12.<code>", "exc_type": "<Class>", "exc_args": [message, fields, details?], "value": message}`,
the shape nameko callers already understand; `from_wire` rebuilds the typed error from it.
`details` (optional) carries machine-readable facts, e.g. `{"retry_after": 30}` (seconds).
"""
from __future__ import annotations

WIRE_PREFIX = "classe12."


class AppError(Exception):
    """Base of every expected, typed failure."""

    status = 400
    code = "error"
    default_message = "La demande n'a pas pu être traitée."

    def __init__(self, message: str | None = None, fields: dict | None = None, details: dict | None = None):
        self.message = message or self.default_message
        self.fields = fields or {}
        self.details = details or {}
        super().__init__(self.message, self.fields, *([self.details] if self.details else []))

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "fields": self.fields}

    def to_wire(self) -> dict:
        args = [self.message, self.fields] + ([self.details] if self.details else [])
        return {"exc_path": WIRE_PREFIX + self.code, "exc_type": type(self).__name__,
                "exc_args": args, "value": self.message}


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


class TooManyRequests(AppError):
    status = 429
    code = "too_many_requests"
    default_message = "Trop de tentatives. Réessayez dans quelques instants."


class Unavailable(AppError):
    status = 503
    code = "unavailable"
    default_message = "Le service est momentanément indisponible. Réessayez dans quelques instants."


#: every code a contract may list for an operation, with its error class
ERRORS: dict[str, type[AppError]] = {cls.code: cls for cls in (
    Invalid, NotFound, Forbidden, Unauthorized, Conflict, TooManyRequests, Unavailable)}


def wire_path(code: str) -> str:
    return WIRE_PREFIX + code


def from_wire(error: dict) -> AppError | None:
    """The typed error an error reply describes, or None when it is not one of ours."""
    path = error.get("exc_path") if isinstance(error, dict) else None
    if not isinstance(path, str) or not path.startswith(WIRE_PREFIX):
        return None
    cls = ERRORS.get(path[len(WIRE_PREFIX):])
    if cls is None:
        return None
    args = error.get("exc_args") or []
    message = args[0] if args and isinstance(args[0], str) else error.get("value")
    fields = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
    details = args[2] if len(args) > 2 and isinstance(args[2], dict) else {}
    return cls(message, fields, details)
