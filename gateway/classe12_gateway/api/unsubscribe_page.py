"""The page a click on an e-mail's unsubscribe link opens (a mail client's click is a GET).

`GET /api/v1/unsubscribe/<token>` says what would stop (`notifications.describe_unsubscribe`)
and offers a button; the button's form (no JavaScript) posts to `.../confirmation`, which
unsubscribes (`notifications.unsubscribe`) and shows the confirmation. A tampered or expired
link gets a French page saying what to do instead, never a 500. The one-click `POST
/api/v1/unsubscribe/<token>` of RFC 8058 (List-Unsubscribe-Post) stays as it is (notifications.py).
"""
from flask import Blueprint, Response, g, render_template, url_for

from classe12_contracts.errors import AppError

from ..endpoints import AUTH_NONE, Reply, argument_schema, authenticate, endpoint, rpc
from ..problems import RETRY_AFTER_SECONDS

bp = Blueprint("unsubscribe_page", __name__, url_prefix="/api/v1")

TITLE = "Se désinscrire des courriels"
HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}
#: the page is HTML for people, whatever happens (never problem+json): the OpenAPI says so
PAGE_OPENAPI = {"responses": {
    "200": {"description": "La page : ce que le lien arrêterait, et un bouton pour confirmer.", **HTML},
    "422": {"description": "Lien altéré ou expiré : une page en français qui dit quoi faire.", **HTML},
    "503": {"description": "Service momentanément indisponible : une page en français (Retry-After).", **HTML},
}}


def _page(status: int = 200, **values) -> Response:
    g.csp_form_action = "'self'"  # the page's only form posts to this origin (web.py)
    headers = {"Cache-Control": "no-store"}
    if status == 503:
        headers["Retry-After"] = RETRY_AFTER_SECONDS
    return Response(render_template("unsubscribe.html", title=values.pop("title", TITLE), **values), status=status,
                    headers=headers, content_type="text/html; charset=utf-8")


def _refused(exc: AppError):
    return _page(exc.status, step="error", title="Ce lien ne peut pas être utilisé" if exc.status < 500 else TITLE,
                 message=exc.message)


@endpoint(bp, "GET", "/unsubscribe/<token>", summary="La page d'un lien de désinscription (HTML, pour un clic)",
          auth=AUTH_NONE, errors=(404, 422), openapi=PAGE_OPENAPI,
          path_schemas={"token": argument_schema("notifications.describe_unsubscribe", "token")},
          description="Le lien des courriels ouvre cette page : elle dit ce qui s'arrêterait et son bouton "
                      "(un formulaire, sans JavaScript) confirme. Un client de messagerie qui suit "
                      "List-Unsubscribe-Post fait, lui, le POST de RFC 8058 sur la même adresse.")
def confirm(caller, _data, token: str):
    g.caller = caller
    try:
        scope = rpc("notifications", "describe_unsubscribe", token=token)
    except AppError as exc:
        page = _refused(exc)
    else:
        page = _page(step="confirm", what=scope["what"], action=url_for("unsubscribe_page.unsubscribe", token=token))
    return Reply(page, page.status_code)


@bp.post("/unsubscribe/<token>/confirmation")
def unsubscribe(token: str):
    g.caller = authenticate(AUTH_NONE)
    try:
        done = rpc("notifications", "unsubscribe", token=token)
    except AppError as exc:
        return _refused(exc)
    return _page(step="done", title="C'est fait", message=done["message"])
