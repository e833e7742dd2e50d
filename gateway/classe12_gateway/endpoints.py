"""Declare an HTTP endpoint once: route, auth, request and response schemas, OpenAPI metadata.

The same declaration validates the request (body and query with marshmallow), authenticates,
shapes the response (dumping through the response schema, so nothing unexpected leaks) and
feeds the generated OpenAPI document.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

import marshmallow
from flask import Blueprint, current_app, g, request

from classe12_contracts.errors import AppError, Invalid, NotFound
from classe12_runtime.context import Caller
from classe12_runtime.validation import is_object_id, load_or_invalid

from .tokens import InvalidToken

REGISTRY: list["Endpoint"] = []

AUTH_NONE, AUTH_OPTIONAL, AUTH_REQUIRED = "none", "optional", "required"


class MalformedJson(AppError):
    status = 400
    code = "malformed_json"
    default_message = "Le corps de la requête n'est pas du JSON valide."


class UnsupportedMediaType(AppError):
    status = 415
    code = "unsupported_media_type"
    default_message = "Le corps de la requête doit être du JSON (Content-Type: application/json)."


@dataclass
class Reply:
    """What a view returns when its status or headers depend on the outcome."""
    payload: object
    status: int
    headers: dict = field(default_factory=dict)


@dataclass
class Endpoint:
    method: str
    path: str  # OpenAPI style: /resources/{id}
    summary: str
    tag: str
    auth: str
    body: type[marshmallow.Schema] | None
    query: type[marshmallow.Schema] | None
    response: type[marshmallow.Schema] | None
    status: int
    errors: tuple[int, ...] = field(default_factory=tuple)
    description: str = ""


def read_json_body():
    raw = request.get_data(cache=True)  # raises 413 above MAX_CONTENT_LENGTH
    if not raw.strip():
        return {}
    if not (request.mimetype or "").endswith("json"):
        raise UnsupportedMediaType()
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise MalformedJson() from None


def read_query() -> dict:
    repeated = [key for key, values in request.args.lists() if len(values) > 1]
    if repeated:
        raise Invalid(fields={key: ["Ce paramètre ne peut apparaître qu'une fois."] for key in repeated})
    return request.args.to_dict()


def authenticate(mode: str) -> Caller:
    header = request.headers.get("Authorization", "")
    if not header:
        if mode == AUTH_REQUIRED:
            raise InvalidToken("Vous devez être connecté (en-tête Authorization: Bearer <jeton>).")
        return Caller(request_id=g.request_id)
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken()
    claims = current_app.extensions["classe12.tokens"].verify(token.strip(), "access")
    return Caller(actor_id=claims["sub"], roles=tuple(claims.get("roles") or ()), request_id=g.request_id)


def _to_openapi_path(rule: str) -> str:
    return rule.replace("<", "{").replace(">", "}")


def endpoint(bp: Blueprint, method: str, rule: str, *, summary: str, auth: str = AUTH_REQUIRED,
             body=None, query=None, response=None, status: int = 200, errors=(), description: str = ""):
    """Register `fn(caller, body=..., query=..., **path_ids)` on `bp` at `rule`.

    Path parameters are platform ids: anything else is answered 404 before any RPC.
    """
    def decorate(fn):
        @functools.wraps(fn)
        def view(**path):
            for value in path.values():
                if not is_object_id(value):
                    raise NotFound()
            caller = authenticate(auth) if auth != AUTH_NONE else Caller(request_id=g.request_id)
            g.caller = caller
            kwargs = dict(path)
            if body is not None:
                kwargs["body"] = load_or_invalid(body(), read_json_body())
            if query is not None:
                kwargs["query"] = load_or_invalid(query(), read_query())
            result = fn(caller, **kwargs)
            reply = result if isinstance(result, Reply) else Reply(result, status)
            payload = response().dump(reply.payload) if response is not None else reply.payload
            return payload, reply.status, reply.headers

        bp.add_url_rule(rule, endpoint=fn.__name__, view_func=view, methods=[method])
        REGISTRY.append(Endpoint(method.lower(), _to_openapi_path(bp.url_prefix + rule), summary,
                                 bp.name, auth, body, query, response, status, tuple(errors), description))
        return view
    return decorate


def rpc(service: str, method: str, **kwargs):
    """Call a service on behalf of the current caller (pooled client, RPC timeout applied)."""
    return current_app.extensions["classe12.rpc"].call(service, method, g.caller, **kwargs)
