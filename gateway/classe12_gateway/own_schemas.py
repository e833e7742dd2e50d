"""JSON Schemas of what the gateway itself answers (tokens, health, problems).

Registered in the schema registry under `urn:classe12:gateway:http` so the OpenAPI document and
the reply projection treat them like the services' schemas.
"""
from __future__ import annotations

URI = "urn:classe12:gateway:http"

DOCUMENT = {
    "$id": URI,
    "definitions": {
        "RefreshRequest": {
            "type": "object", "additionalProperties": False,
            "properties": {"refresh_token": {"type": "string", "minLength": 1, "maxLength": 4000,
                                             "description": "Absent : celui du cookie classe12_refresh "
                                                            "(avec l'en-tête X-Classe12-Session: cookie)."}},
        },
        "TokenResponse": {
            "type": "object", "required": ["access_token", "token_type", "expires_in"],
            "properties": {
                "access_token": {"type": "string"},
                "refresh_token": {"type": "string", "description": "Absent quand il est dans le cookie "
                                                                   "classe12_refresh (X-Classe12-Session: cookie)."},
                "token_type": {"type": "string", "enum": ["Bearer"]},
                "expires_in": {"type": "integer", "description": "Durée de validité du jeton d'accès, en secondes."},
            },
        },
        "StreamTicket": {
            "type": "object", "required": ["ticket", "expires_in"],
            "properties": {
                "ticket": {"type": "string", "description": "À passer en ?ticket= à GET /api/v1/notifications/stream."},
                "expires_in": {"type": "integer", "description": "Durée pendant laquelle il ouvre un flux, en secondes."},
            },
        },
        "Accepted": {
            "type": "object", "required": ["message"],
            "properties": {"message": {"type": "string", "description": "La suite, en français."}},
        },
        "MemberExport": {
            "type": "object", "required": ["member_id", "exported_at", "services"],
            "description": "Tout ce que la plateforme garde sur moi, service par service.",
            "properties": {
                "member_id": {"type": "string"},
                "exported_at": {"type": "string", "format": "date-time"},
                "services": {"type": "object", "description": "Par service, sa réponse à export_member_data."},
            },
        },
        "Health": {
            "type": "object", "required": ["status"],
            "description": "status seul sans jeton ; le détail (version, broker, services) pour un administrateur.",
            "properties": {
                "status": {"type": "string", "enum": ["ok", "unavailable"],
                           "description": "ok, ou unavailable si une dépendance ne répond pas."},
                "version": {"type": "string"},
                "broker": {"type": "object", "properties": {"status": {"type": "string"}}},
                "services": {"type": "object", "additionalProperties": {
                    "type": "object", "properties": {"status": {"type": "string"}}}},
            },
        },
        "Problem": {
            "type": "object", "required": ["type", "title", "status", "detail"],
            "description": "Une erreur au format RFC 9457 (application/problem+json), en français.",
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "instance": {"type": "string"},
                "code": {"type": "string"},
                "request_id": {"type": ["string", "null"]},
                "errors": {"type": "object", "description": "Messages par champ (chemin pointé, ex. levels.0).",
                           "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                "suspended_until": {"type": "string", "format": "date-time",
                                    "description": "Avec un 403 à un membre suspendu : la fin de sa suspension."},
            },
        },
    },
}


def ref(name: str) -> dict:
    return {"$ref": f"{URI}#/definitions/{name}"}
