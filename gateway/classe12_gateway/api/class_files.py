"""A class's export as files: the CSV and the printable reports (PDF). The evaluation service
builds both (export_class, export_reports: a class is 30 pupils at most, so the bytes fit an RPC
reply, decision 31); the gateway only serves them as downloads. Same access as the JSON export."""
from __future__ import annotations

import base64

from flask import Blueprint, Response

from ..endpoints import AUTH_REQUIRED, Reply, endpoint, rpc

bp = Blueprint("class_files", __name__, url_prefix="/api/v1")

NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
CSV_OPENAPI = {"responses": {"200": {"description": "Le CSV de la classe (UTF-8 avec BOM, séparateur ;).",
                                     "content": {"text/csv": {"schema": {"type": "string"}}}}}}
PDF_OPENAPI = {"responses": {"200": {"description": "Les bilans imprimables, un par élève.",
                                     "content": {"application/pdf": {"schema": {"type": "string",
                                                                                "format": "binary"}}}}}}


def _download(body: bytes, content_type: str, filename: str) -> Reply:
    headers = dict(NO_STORE, **{"Content-Disposition": f'attachment; filename="{filename}"'})
    return Reply(Response(body, status=200, content_type=content_type, headers=headers), 200)


@endpoint(bp, "GET", "/classes/<id>/export.csv", summary="Exporter la classe en CSV (enseignants de la classe)",
          auth=AUTH_REQUIRED, errors=(401, 404, 422, 502), openapi=CSV_OPENAPI)
def export_csv(caller, _data, id):
    export = rpc("evaluation", "export_class", class_id=id)
    body = ("\ufeff" + export["csv"]).encode("utf-8")  # the BOM: spreadsheet software reads the accents right
    return _download(body, "text/csv; charset=utf-8", f"classe-{export['class_id']}.csv")


@endpoint(bp, "GET", "/classes/<id>/reports.pdf", summary="Les bilans imprimables de la classe (PDF)",
          auth=AUTH_REQUIRED, errors=(401, 404, 422, 502), openapi=PDF_OPENAPI)
def export_pdf(caller, _data, id):
    reports = rpc("evaluation", "export_reports", class_id=id)
    return _download(base64.b64decode(reports["pdf_base64"]), "application/pdf", reports["filename"])
