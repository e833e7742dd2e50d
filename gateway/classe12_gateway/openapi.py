"""OpenAPI 3.1, built from the endpoint declarations and the schemas of the services' contracts.

Schemas referenced by URN in the contracts become components named after their owner:
`urn:classe12:resources:contract#/components/schemas/Resource` is `resources.Resource`,
`urn:classe12:platform:rpc:v1#/definitions/id` is `platform.rpc.v1.id`,
`urn:classe12:evaluation:formats:v1#/definitions/level` is `evaluation.formats.v1.level`.
"""
from __future__ import annotations

import copy

from . import __version__
from .contracts import loaded
from .endpoints import AUTH_NONE, AUTH_REQUIRED, ROUTES
from .own_schemas import ref
from .problems import TITLES
from .projection import resolve

DESCRIPTION = (
    "API publique de Classe à 12 : ressources, communauté, évaluation (et non contrôle), "
    "notifications. Toutes les erreurs sont au format RFC 9457 (application/problem+json) "
    "avec un message en français et, pour les données invalides, le détail par champ. "
    "Chaque opération transmise à un service suit le contrat de ce service "
    "(services/<service>/contract/asyncapi.yaml)."
)
#: JSON Schema keywords the OpenAPI document does not need (French messages are the server's)
DROPPED = {"errorMessage", "$schema", "$id"}


def component_name(uri: str, pointer: str) -> str:
    parts = uri.split(":")[2:]  # urn:classe12:<owner>:<rest...>
    owner, rest = parts[0], parts[1:]
    leaf = [p for p in pointer.split("/") if p][-1]
    if rest == ["contract"]:
        return f"{owner}.{leaf}"
    return ".".join([owner, *rest, leaf])


class Components:
    """Collects the schemas the document references, rewriting their $refs."""

    def __init__(self, registry):
        self.registry = registry
        self.schemas: dict[str, dict] = {}

    def ref(self, target: str, base: str | None) -> str:
        uri, _, pointer = target.partition("#")
        uri = uri or base
        name = component_name(uri, pointer)
        if name not in self.schemas:
            self.schemas[name] = {}  # reserve first: schemas may refer to themselves
            node = self.registry.get(uri)
            for part in (p for p in pointer.split("/") if p):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            self.schemas[name] = self.rewrite(copy.deepcopy(node), uri)
        return f"#/components/schemas/{name}"

    def rewrite(self, node, base: str | None):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                return {"$ref": self.ref(node["$ref"], base)}
            return {key: self.rewrite(value, base) for key, value in node.items() if key not in DROPPED}
        if isinstance(node, list):
            return [self.rewrite(item, base) for item in node]
        return node


def _problem_responses(statuses) -> dict:
    return {str(code): {"description": TITLES.get(code, "Erreur"),
                        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/gateway.http.Problem"}}}}
            for code in statuses}


def operation_id(route) -> str:
    return route.operation or f"gateway.{route.method}{route.path.replace('/', '_')}"


def links(route, registry) -> dict:
    """OpenAPI links: what can be done next with the ids an answer holds. A creation (201) or
    a page of a collection leads to the operations on one of its items (`/<collection>/{id}...`);
    clients and the stateful API fuzzing follow them."""
    if route.status == 201:
        source = "$response.body#/id"
    elif route.method == "get" and not route.path.endswith("}") and route.response is not None \
            and "items" in (resolve(registry, route.response)[0].get("properties") or {}):
        source = "$response.body#/items/0/id"
    else:
        return {}
    item = route.path + "/{id}"
    return {operation_id(other).replace(".", "_"): {"operationId": operation_id(other), "parameters": {"path.id": source}}
            for other in ROUTES if other.path == item or other.path.startswith(item + "/")}


def build_spec() -> dict:
    registry = loaded().registry
    components = Components(registry)
    components.ref(ref("Problem")["$ref"], None)
    paths: dict[str, dict] = {}
    for route in ROUTES:
        operation: dict = {"summary": route.summary, "tags": [route.tag], "operationId": operation_id(route)}
        if route.description:
            operation["description"] = route.description
        if route.auth == AUTH_REQUIRED:
            operation["security"] = [{"bearer": []}]
        elif route.auth != AUTH_NONE:
            operation["security"] = [{}, {"bearer": []}]
        parameters = [{"in": "path", "name": name, "required": True,
                       "schema": components.rewrite(route.path_schemas[name], None) if name in route.path_schemas
                       else {"$ref": components.ref("urn:classe12:platform:rpc:v1#/definitions/id", None)}}
                      for name in _path_names(route.path)]
        if route.query is not None:
            query = components.rewrite(route.query, None)
            required = set(query.get("required") or [])
            parameters += [{"in": "query", "name": name, "required": name in required, "schema": schema}
                           for name, schema in query.get("properties", {}).items()]
        if route.method in ("post", "put", "patch", "delete"):
            parameters.append({"in": "header", "name": "Idempotency-Key", "required": False,
                               "description": "Une clé à vous (1 à 128 caractères : lettres, chiffres, . _ : -) : "
                                              "la même demande renvoyée avec la même clé, après une erreur 503 par "
                                              "exemple, ne prend effet qu'une fois et reçoit la même réponse.",
                               "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$"}})
        if parameters:
            operation["parameters"] = parameters
        if route.body is not None:
            operation["requestBody"] = {"required": True, "content": {"application/json": {
                "schema": components.rewrite(route.body, None)}}}
        success = {"description": "Succès"}
        if route.response is not None and route.status != 204:
            success["content"] = {"application/json": {"schema": components.rewrite(route.response, None)}}
        if links(route, registry):
            success["links"] = links(route, registry)
        operation["responses"] = {str(route.status): success, **_problem_responses(route.errors)}
        if route.openapi:  # what the route declares beyond JSON (api/files.py: multipart, binary answers)
            extra = components.rewrite(copy.deepcopy(route.openapi), None)
            for status, answer in extra.pop("responses", {}).items():
                operation["responses"][status] = {**operation["responses"].get(status, {}), **answer}
            operation.update(extra)
        paths.setdefault(route.path, {})[route.method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Classe à 12", "version": __version__, "description": DESCRIPTION},
        "paths": paths,
        "components": {"schemas": dict(sorted(components.schemas.items())),
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
    }


def _path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def main() -> None:
    """Print the OpenAPI document without a running server (the web client generates its API
    types from it: web/scripts/api.mjs)."""
    import json
    import sys

    from . import app  # noqa: F401  (imports every blueprint, which declares the routes)

    json.dump(build_spec(), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
