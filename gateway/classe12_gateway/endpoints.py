"""HTTP endpoints declared once, from the contract operation they expose.

`forward(bp, "POST", "/resources/<id>/publish", "resources.publish_resource", path={"id": "resource_id"})`
is the whole declaration of an endpoint: the operation's contract gives who may call it, the
request schema (its arguments, minus those taken from the path), the response schema, the
error codes and the OpenAPI entry. The gateway decides transport; the service decides rules:

1. path ids must be platform ids (else 404, before anything else);
2. authentication, then the operation's roles (401, 403), before reading the body;
3. the JSON body or the query string against the contract (415, 400, 413, 422 in French);
4. the call; the service's typed error mapped to its HTTP status;
5. the reply checked against the contract: an answer outside it (a missing or mistyped field,
   an error code the operation does not list, a complaint about an argument the contract
   defines) is the platform's fault: logged as a contract violation and answered 502;
6. the reply cut down to the response schema, so nothing else leaks.

`endpoint(...)` declares the few endpoints the gateway answers itself (tokens, health), with
schemas of its own (own_schemas.py).
"""
from __future__ import annotations

import copy
import functools
import json
import logging
import re
from dataclasses import dataclass, field

from flask import Blueprint, current_app, g, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import BaseConverter

from classe12_contracts.errors import AppError, Forbidden, Invalid, NotFound
from classe12_contracts.headers import IDEMPOTENCY_FIELD
from classe12_contracts.validation import UNKNOWN, field_errors
from classe12_runtime.context import Caller
from classe12_runtime.validation import is_object_id

from .contracts import loaded
from .projection import _anchored, project, resolve
from .tokens import InvalidToken

log = logging.getLogger(__name__)

ROUTES: list["Route"] = []

AUTH_NONE, AUTH_OPTIONAL, AUTH_REQUIRED = "none", "optional", "required"
#: HTTP status of each error code a contract may list
ERROR_STATUS = {"invalid": 422, "not_found": 404, "forbidden": 403, "unauthorized": 401, "conflict": 409,
                "too_many_requests": 429, "unavailable": 503}
BODY_METHODS = ("POST", "PUT", "PATCH")
#: what any forwarded operation may answer: an address too long (limits.py), a service that
#: answered outside its contract, a service that did not answer
ALWAYS = {414, 502, 503}


class MalformedJson(AppError):
    status = 400
    code = "malformed_json"
    default_message = "Le corps de la requête n'est pas du JSON valide."


class UnsupportedMediaType(AppError):
    status = 415
    code = "unsupported_media_type"
    default_message = "Le corps de la requête doit être du JSON (Content-Type: application/json)."


class ContractViolation(AppError):
    """A service answered outside its contract: the platform's fault, never the client's."""

    status = 502
    code = "contract_violation"
    default_message = ("Un service de la plateforme a répondu de façon inattendue. "
                       "L'équipe technique a été prévenue ; réessayez plus tard.")


class EmailUnverified(AppError):
    """A member who has not confirmed their address reads but does not publish (decision 32)."""

    status = 403
    code = "email_unverified"
    default_message = "Confirmez d'abord votre adresse e-mail."


@dataclass
class Reply:
    """What a view returns when its status or headers depend on the outcome."""
    payload: object
    status: int
    headers: dict = field(default_factory=dict)


@dataclass
class Route:
    method: str
    path: str                      # OpenAPI style: /api/v1/resources/{id}
    summary: str
    tag: str
    auth: str
    roles: tuple[str, ...]
    body: dict | None              # JSON Schema of the body
    query: dict | None             # JSON Schema of the query string (an object)
    response: dict | None          # JSON Schema of a success
    status: int
    errors: tuple[int, ...]
    operation: str | None = None   # "<service>.<method>" when the endpoint forwards to one
    path_args: dict = field(default_factory=dict)
    description: str = ""
    path_schemas: dict = field(default_factory=dict)  # URL variable -> schema; ids otherwise
    openapi: dict = field(default_factory=dict)  # OpenAPI operation fields merged last (non-JSON bodies, answers)
    publishes: bool = False        # only members with a confirmed address (403 email_unverified)


# --- reading a request ----------------------------------------------------------------------

#: JSON nested deeper than this is refused (400) before anything walks it
MAX_JSON_DEPTH = 32


def body_bytes() -> bytes:
    """The request body, 413 above MAX_CONTENT_LENGTH, whether its length was announced or the
    body came in chunks (werkzeug would silently cut a chunked body at the limit)."""
    if request.content_length is not None or not request.environ.get("wsgi.input_terminated"):
        return request.get_data(cache=True)  # 413 when Content-Length is over the limit
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    raw = request.environ["wsgi.input"].read(limit + 1)
    if len(raw) > limit:
        raise RequestEntityTooLarge()
    return raw


def depth(value) -> int:
    deepest, pending = 0, [(value, 1)]
    while pending:
        node, level = pending.pop()
        deepest = max(deepest, level)
        if isinstance(node, dict):
            pending.extend((child, level + 1) for child in node.values())
        elif isinstance(node, list):
            pending.extend((child, level + 1) for child in node)
    return deepest


def read_json_body():
    raw = body_bytes()
    if not raw.strip():
        return {}
    if (request.mimetype or "") != "application/json" and not (request.mimetype or "").endswith("+json"):
        raise UnsupportedMediaType()
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise MalformedJson() from None
    if depth(data) > MAX_JSON_DEPTH:
        raise MalformedJson(f"Le corps de la requête est trop imbriqué ({MAX_JSON_DEPTH} niveaux au plus).")
    return data


def read_query(schema: dict) -> dict:
    repeated = [key for key, values in request.args.lists() if len(values) > 1]
    if repeated:
        raise Invalid(fields={key: ["Ce paramètre ne peut apparaître qu'une fois."] for key in repeated})
    registry = loaded().registry
    properties = schema.get("properties") or {}
    return {key: coerce(registry, properties.get(key), value) for key, value in request.args.items()}


def coerce(registry, schema: dict | None, text: str):
    """A query-string value typed as its schema says (what does not convert stays text, and
    the schema check then says what was expected)."""
    if schema is None:
        return text
    schema, _ = resolve(registry, schema)
    types = schema.get("type")
    if types is None and "oneOf" in schema:
        types = [t for branch in schema["oneOf"] for t in [resolve(registry, branch)[0].get("type")] if t]
    types = types if isinstance(types, list) else [types]
    if "integer" in types and text.lstrip("-").isdigit():
        return int(text)
    if "number" in types:
        try:
            return float(text)
        except ValueError:
            return text
    if "boolean" in types and text in ("true", "false"):
        return text == "true"
    return text


IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def idempotency_key() -> str | None:
    """The client's `Idempotency-Key`: a write repeated with it takes effect once and answers
    what it answered the first time (same key, other body: 422)."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise Invalid(fields={IDEMPOTENCY_FIELD: ["1 à 128 caractères parmi lettres, chiffres et . _ : -"]})
    return key


def authenticate(mode: str) -> Caller:
    """The caller of this request: anonymous, or the member of a valid access token whose
    session is still open, with the roles they have now (revocations and role changes reach
    every gateway process within seconds: access.py)."""
    anonymous = Caller(request_id=g.request_id, client_address=request.remote_addr, idempotency_key=idempotency_key())
    header = request.headers.get("Authorization", "")
    if not header:
        if mode == AUTH_REQUIRED:
            raise InvalidToken("Vous devez être connecté (en-tête Authorization: Bearer <jeton>).")
        return anonymous
    if mode == AUTH_NONE:
        return anonymous
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken()
    claims = current_app.extensions["classe12.tokens"].verify(token.strip(), "access")
    roles = current_app.extensions["classe12.access"].check(claims)
    g.claims = claims
    return Caller(actor_id=claims["sub"], roles=roles, request_id=g.request_id,
                  idempotency_key=idempotency_key(), client_address=request.remote_addr)


def validated(schema: dict | None, data) -> dict:
    if schema is None:
        return {}
    problems = field_errors(schema, data, loaded().registry)
    if problems:
        raise Invalid(fields=problems)
    return data


def _to_openapi_path(prefix: str, rule: str) -> str:
    return prefix + rule.replace("<", "{").replace(">", "}")


class PlatformId(BaseConverter):
    """A URL variable that is a platform id (`<id>`, `<resource_id>`...): anything else is
    another address (`/resources/suggest` is not the resource "suggest"), or none (404)."""

    regex = "[0-9a-f]{24}"


ID_VARIABLE = re.compile(r"<((?:[a-z]+_)?id)>")


def _register(bp: Blueprint, method: str, rule: str, name: str, view, route: Route) -> None:
    bp.add_url_rule(ID_VARIABLE.sub(r"<platform_id:\1>", rule), endpoint=name, view_func=view, methods=[method])
    ROUTES.append(route)


def path_values(route: Route, url: dict) -> dict:
    """The URL's variables typed as their schemas say ("3" is 3 for an integer)."""
    registry = loaded().registry
    return {variable: coerce(registry, route.path_schemas.get(variable), value) for variable, value in url.items()}


def _guard(route: Route, path: dict) -> Caller:
    """Steps 1 and 2: the path names something that can exist, then who is calling, with which roles."""
    for variable, value in path_values(route, path).items():
        schema = route.path_schemas.get(variable)
        if not is_object_id(value) if schema is None else field_errors(schema, value, loaded().registry):
            raise NotFound()
    caller = authenticate(route.auth)
    g.caller = caller
    if route.roles and not caller.has_role(*route.roles):
        raise Forbidden()
    if route.publishes and not g.get("claims", {}).get("ev", True):
        raise EmailUnverified()
    return caller


#: said in the OpenAPI description of an endpoint that publishes
PUBLISHES = " Réservé aux membres qui ont confirmé leur adresse e-mail (sinon 403, code email_unverified)."


def _input(route: Route) -> dict:
    """Step 3: the body or the query string, checked against the contract."""
    if route.body is not None:
        return validated(route.body, read_json_body())
    if route.query is not None:
        return validated(route.query, read_query(route.query))
    return {}


# --- endpoints that forward to a contract operation -------------------------------------------

def derived_input(contracts, qualified: str, drop) -> dict | None:
    """The operation's input schema without the arguments the gateway fills itself."""
    operation = contracts.operation(qualified)
    schema, base = resolve(contracts.registry, operation.input)
    schema = _anchored(copy.deepcopy(schema), base)
    properties = {k: v for k, v in (schema.get("properties") or {}).items() if k not in drop}
    required = [name for name in schema.get("required") or [] if name not in drop]
    derived = {k: v for k, v in schema.items() if k not in ("properties", "required")}
    derived["properties"] = properties
    if required:
        derived["required"] = required
    return derived


def error_statuses(operation, auth: str, has_path: bool, has_body: bool) -> tuple[int, ...]:
    statuses = {ERROR_STATUS[code] for code in operation.errors if code in ERROR_STATUS}
    statuses |= ALWAYS
    if auth != AUTH_NONE:
        statuses.add(401)
    if operation.access.roles:
        statuses.add(403)
    if has_path:
        statuses.add(404)
    if has_body:
        statuses |= {400, 413, 415, 422}
    return tuple(sorted(statuses))


def forward(bp: Blueprint, method: str, rule: str, qualified: str, *, summary: str, status: int = 200,
            path: dict | None = None, from_caller: dict | None = None, from_token: dict | None = None,
            description: str = "", present=None, response: dict | None = None, publishes: bool = False,
            json_body: bool = False) -> None:
    """Expose `qualified` ("<service>.<method>") at `rule`.

    `path` maps URL variables to arguments ({"id": "resource_id"}); `from_caller` fills
    arguments from the signed-in member ({"member_id": "actor_id"}), `from_token` from claims of
    their access token ({"session_id": "sid"}); `present(result)` may turn the operation's
    result into what the endpoint answers, then described by `response`. `publishes`: the
    endpoint puts something before other members (a thread, a resource...), refused to members
    whose address is not confirmed; `json_body`: a DELETE whose arguments come in a JSON body
    (a password has no place in an address).
    """
    contracts = loaded()
    operation = contracts.operation(qualified)
    path = path or {}
    from_caller = from_caller or {}
    from_token = from_token or {}
    filled = set(path.values()) | set(from_caller) | set(from_token)
    schema = derived_input(contracts, qualified, filled)
    path_schemas = {variable: argument_schema(qualified, argument) for variable, argument in path.items()
                    if not (variable == "id" or variable.endswith("_id"))}
    has_arguments = bool(schema["properties"])
    in_body = method in BODY_METHODS or json_body
    body = schema if in_body and has_arguments else None
    query = schema if not in_body and has_arguments else None
    errors = error_statuses(operation, operation.access.auth, bool(path), body is not None)
    description = (description or operation.description) + (PUBLISHES if publishes else "")
    route = Route(method.lower(), _to_openapi_path(bp.url_prefix, rule), summary, bp.name, operation.access.auth,
                  operation.access.roles, body, query, response or operation.output, status,
                  tuple(sorted(set(errors) | ({403} if publishes else set()))),
                  qualified, path, description, path_schemas, publishes=publishes)

    def view(**url):
        caller = _guard(route, url)
        kwargs = dict(_input(route))
        typed = path_values(route, url)
        kwargs.update({argument: typed[variable] for variable, argument in path.items()})
        kwargs.update({argument: getattr(caller, attribute) for argument, attribute in from_caller.items()})
        kwargs.update({argument: g.claims[claim] for argument, claim in from_token.items()})
        result = call_checked(operation, caller, kwargs)
        if present is None:
            return result, status, {}
        reply = present(result)
        reply = reply if isinstance(reply, Reply) else Reply(reply, status)
        return project(loaded().registry, route.response, reply.payload), reply.status, reply.headers

    _register(bp, method, rule, qualified.replace(".", "_"), view, route)


def call_checked(operation, caller: Caller, kwargs: dict):
    """Steps 4 to 6: call, map errors, check and project the reply."""
    contracts = loaded()
    service, method = operation.service, operation.name
    try:
        result = current_app.extensions["classe12.rpc"].call(service, method, kwargs, caller=caller)
    except AppError as exc:
        if exc.code != "unavailable" and exc.code not in operation.errors:
            raise violation(operation, f"answered the error {exc.code!r}, not in its contract") from None
        if exc.code == "invalid" and _blames_the_contract(contracts, operation, exc.fields):
            raise violation(operation, f"refused arguments its contract defines: {exc.fields}") from None
        raise
    problems = field_errors(operation.output, result, contracts.registry)
    if problems:
        raise violation(operation, f"reply does not match its schema: {problems}")
    return project(contracts.registry, operation.output, result)


def _blames_the_contract(contracts, operation, fields: dict) -> bool:
    """An `invalid` answer to a request the gateway found valid is legitimate only when it is
    about arguments the contract defines, for a rule beyond the schema (e.g. consecutive
    school years), or about the request's idempotency key (reused for another request); an
    argument unknown to the service, or one the contract does not have, means service and
    contract disagree."""
    schema, _ = resolve(contracts.registry, operation.input)
    known = set(schema.get("properties") or {}) | {IDEMPOTENCY_FIELD}
    for path, messages in (fields or {}).items():
        top = path.split(".", 1)[0]
        if top != "_schema" and (top not in known or UNKNOWN in messages):
            return True
    return False


def violation(operation, detail: str) -> ContractViolation:
    log.error("contract violation", extra={"operation": operation.qualified_name, "detail": detail})
    return ContractViolation()


def argument_schema(qualified: str, argument: str) -> dict:
    """The contract's schema of one argument of an operation, anchored in its document (a URL
    variable that is not an id: a token, a slug)."""
    contracts = loaded()
    operation = contracts.operation(qualified)
    arguments = resolve(contracts.registry, operation.input)[0].get("properties") or {}
    return _anchored(arguments[argument], operation.input["$ref"].partition("#")[0])


# --- endpoints the gateway answers itself ---------------------------------------------------

def endpoint(bp: Blueprint, method: str, rule: str, *, summary: str, auth: str = AUTH_REQUIRED,
             body: dict | None = None, query: dict | None = None, response: dict | None = None,
             status: int = 200, errors=(), description: str = "", openapi: dict | None = None,
             publishes: bool = False, path_schemas: dict | None = None):
    """Register `fn(caller, data, **path)` at `rule` with the gateway's own schemas; `openapi`
    adds to the operation's OpenAPI entry what JSON schemas cannot say (a multipart body,
    binary answers: api/files.py); `path_schemas` gives the URL variables that are not ids."""
    def decorate(fn):
        route = Route(method.lower(), _to_openapi_path(bp.url_prefix, rule), summary, bp.name, auth, (),
                      body, query, response, status,
                      tuple(sorted(set(errors) | {414, 503} | ({403} if publishes else set()))), None, {},
                      description + (PUBLISHES if publishes else ""), path_schemas=path_schemas or {},
                      openapi=openapi or {}, publishes=publishes)

        @functools.wraps(fn)
        def view(**url):
            caller = _guard(route, url)
            result = fn(caller, _input(route), **url)
            reply = result if isinstance(result, Reply) else Reply(result, status)
            payload = reply.payload
            if response is not None and reply.status < 400:
                payload = project(loaded().registry, response, payload)
            return payload, reply.status, reply.headers

        _register(bp, method, rule, fn.__name__, view, route)
        return view
    return decorate


def rpc(service: str, method: str, **kwargs):
    """Call a contract operation on behalf of the current caller, with the reply checked."""
    return call_checked(loaded().operation(f"{service}.{method}"), g.caller, kwargs)
