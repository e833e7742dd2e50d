"""RFC 9457 problem+json responses with French messages; no stack trace ever leaves."""
from __future__ import annotations

import logging

from flask import Flask, g, jsonify, request
from werkzeug.exceptions import HTTPException

from classe12_contracts.errors import AppError
from classe12_runtime.rpc_client import RemoteFailure

log = logging.getLogger(__name__)

TITLES = {
    400: "Requête mal formée",
    401: "Authentification requise",
    403: "Accès refusé",
    404: "Introuvable",
    405: "Méthode non autorisée",
    409: "Conflit",
    413: "Requête trop volumineuse",
    414: "Adresse trop longue",
    415: "Type de contenu non pris en charge",
    416: "Plage non satisfiable",
    422: "Données invalides",
    429: "Trop de requêtes",
    500: "Erreur interne",
    502: "Réponse invalide d'un service",
    503: "Service indisponible",
}

HTTP_DETAILS = {
    400: "La requête est mal formée.",
    404: "Cette adresse ne correspond à aucune ressource de l'API.",
    405: "Cette méthode n'est pas autorisée sur cette adresse.",
    413: "Le corps de la requête dépasse la taille autorisée.",
    414: "L'adresse demandée est trop longue : raccourcissez les paramètres de la requête.",
    415: "Le corps de la requête doit être du JSON (Content-Type: application/json).",
}

RETRY_AFTER_SECONDS = "5"


def problem(status: int, detail: str, code: str, errors: dict | None = None, extra: dict | None = None):
    body = {
        "type": f"urn:classe12:problem:{code}",
        "title": TITLES.get(status, "Erreur"),
        "status": status,
        "detail": detail,
        "instance": request.path,
        "code": code,
        "request_id": getattr(g, "request_id", None),
    }
    if errors:
        body["errors"] = errors
    body.update(extra or {})
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="classe12"'
    return response


def install_error_handlers(app: Flask) -> None:
    @app.errorhandler(AppError)
    def on_app_error(exc: AppError):
        # a suspension's end travels with its 403 (community), for a client to show it
        extra = {"suspended_until": exc.details["suspended_until"]} if exc.details.get("suspended_until") else None
        response = problem(exc.status, exc.message, exc.code, exc.fields or None, extra)
        if exc.details.get("retry_after"):
            response.headers["Retry-After"] = str(int(exc.details["retry_after"]))
        return response

    @app.errorhandler(HTTPException)
    def on_http_error(exc: HTTPException):
        status = exc.code or 500
        response = problem(status, HTTP_DETAILS.get(status, TITLES.get(status, "Erreur")), f"http_{status}")
        for name, value in exc.get_headers():
            if name.lower() == "allow":  # 405: which methods this address accepts
                response.headers["Allow"] = value
        return response

    @app.errorhandler(RemoteFailure)
    def on_service_failure(exc: RemoteFailure):
        # a bug inside a service: its trace stays in the service's logs
        log.error("unexpected error in a service", extra={"error": str(exc)})
        return problem(500, "Une erreur inattendue est survenue. L'équipe technique a été prévenue.", "internal")

    @app.errorhandler(Exception)
    def on_unexpected(exc: Exception):
        log.exception("unexpected error")
        return problem(500, "Une erreur inattendue est survenue. L'équipe technique a été prévenue.", "internal")
