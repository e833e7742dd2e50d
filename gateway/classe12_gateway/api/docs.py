"""The generated OpenAPI document and a browsable, accessible documentation page."""
from flask import Blueprint, jsonify, render_template

from ..openapi import build_spec

bp = Blueprint("docs", __name__, url_prefix="/api/v1")

_cache: dict = {}

#: JSON Schema types as the French documentation page names them
TYPES_FR = {"string": "texte", "integer": "entier", "number": "nombre", "boolean": "booléen",
            "array": "liste", "object": "objet", None: "objet"}


def spec() -> dict:
    if "spec" not in _cache:
        _cache["spec"] = build_spec()
    return _cache["spec"]


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(spec())


@bp.get("/docs")
def docs_page():
    return render_template("docs.html", spec=spec(), types=TYPES_FR)
