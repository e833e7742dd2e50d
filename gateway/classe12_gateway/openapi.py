"""OpenAPI 3 generated from the endpoint declarations and their marshmallow schemas."""
from __future__ import annotations

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from . import __version__
from .endpoints import AUTH_NONE, AUTH_REQUIRED, REGISTRY
from .problems import TITLES
from .schemas import Problem

DESCRIPTION = (
    "API publique de Classe à 12 : ressources, communauté, évaluation (et non contrôle), "
    "notifications. Toutes les erreurs sont au format RFC 9457 (application/problem+json) "
    "avec un message en français et, pour les données invalides, le détail par champ."
)


def _schema_name(schema) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    return cls.__name__


def build_spec() -> dict:
    spec = APISpec(title="Classe à 12", version=__version__, openapi_version="3.0.3",
                   info={"description": DESCRIPTION}, plugins=[MarshmallowPlugin(schema_name_resolver=_schema_name)])
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    spec.components.schema("Problem", schema=Problem)
    paths: dict[str, dict] = {}
    for ep in REGISTRY:
        operation: dict = {"summary": ep.summary, "tags": [ep.tag], "operationId": f"{ep.method}_{ep.path}"}
        if ep.description:
            operation["description"] = ep.description
        if ep.auth == AUTH_REQUIRED:
            operation["security"] = [{"bearer": []}]
        elif ep.auth != AUTH_NONE:
            operation["security"] = [{}, {"bearer": []}]
        parameters = [{"in": "path", "name": name, "required": True, "schema": {"type": "string", "pattern": "^[0-9a-f]{24}$"}}
                      for name in _path_names(ep.path)]
        if ep.query is not None:
            parameters.append({"in": "query", "schema": ep.query})
        if parameters:
            operation["parameters"] = parameters
        if ep.body is not None:
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": ep.body}}}
        responses = {str(ep.status): {"description": "Succès",
                                      "content": {"application/json": {"schema": ep.response}}}
                     if ep.response is not None else {"description": "Succès"}}
        for code in sorted(set(ep.errors) | {503}):
            responses[str(code)] = {"description": TITLES.get(code, "Erreur"),
                                    "content": {"application/problem+json": {"schema": "Problem"}}}
        operation["responses"] = responses
        paths.setdefault(ep.path, {})[ep.method] = operation
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]
