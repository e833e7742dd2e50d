"""The generated OpenAPI document and a browsable, accessible documentation page."""
from flask import Blueprint, jsonify, render_template

from ..openapi import build_spec

bp = Blueprint("docs", __name__, url_prefix="/api/v1")

_cache: dict = {}

#: JSON Schema types as the French documentation page names them
TYPES_FR = {"string": "texte", "integer": "entier", "number": "nombre", "boolean": "booléen",
            "array": "liste", "object": "objet", "null": "vide"}


def spec() -> dict:
    if "spec" not in _cache:
        _cache["spec"] = build_spec()
    return _cache["spec"]


def _resolve(document: dict, schema: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema or {}


def describe(document: dict, schema: dict) -> str:
    """A schema as a French phrase: "texte : CP, CE1", "liste de texte : CP, CE1", "entier"."""
    schema = _resolve(document, schema)
    if "oneOf" in schema:
        return " ou ".join(describe(document, branch) for branch in schema["oneOf"])
    if "allOf" in schema:
        return describe(document, schema["allOf"][0])
    types = schema.get("type", "object")
    types = types if isinstance(types, list) else [types]
    label = " ou ".join(TYPES_FR.get(t, t) for t in types)
    if schema.get("enum"):
        label += " : " + ", ".join(str(v) for v in schema["enum"])
    if "array" in types and isinstance(schema.get("items"), dict):
        label += " de " + describe(document, schema["items"])
    return label


def view_model(document: dict) -> list[dict]:
    operations = []
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")
            body = _resolve(document, body) if body else None
            operations.append({
                "anchor": op["operationId"].replace(".", "-").replace("/", "_").replace("{", "").replace("}", ""),
                "method": method, "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "auth": "required" if op.get("security") == [{"bearer": []}] else
                        "optional" if op.get("security") else "none",
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                "type": describe(document, p["schema"]),
                                "description": _resolve(document, p["schema"]).get("description", "")}
                               for p in op.get("parameters", [])],
                "body": None if body is None else [
                    {"name": name, "type": describe(document, prop), "required": name in (body.get("required") or []),
                     "description": _resolve(document, prop).get("description", "")}
                    for name, prop in (body.get("properties") or {}).items()],
                "responses": [{"code": code, "description": r["description"]} for code, r in op["responses"].items()],
            })
    return operations


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(spec())


@bp.get("/docs")
def docs_page():
    document = spec()
    return render_template("docs.html", spec=document, operations=view_model(document))
