"""The page a click on an e-mail's unsubscribe link opens (a mail client's click is a GET).

`GET /api/v1/unsubscribe/<token>` says what would stop (`notifications.describe_unsubscribe`)
and offers a button; the button's form (no JavaScript) posts to `.../confirmation`, which
unsubscribes (`notifications.unsubscribe`) and shows the confirmation. A tampered or expired
link gets a French page saying what to do instead, never a 500. The one-click `POST
/api/v1/unsubscribe/<token>` of RFC 8058 (List-Unsubscribe-Post) stays as it is (notifications.py).
"""
from flask import Blueprint, g, render_template, url_for

from classe12_contracts.errors import AppError

from ..endpoints import AUTH_NONE, authenticate, rpc
from ..problems import RETRY_AFTER_SECONDS

bp = Blueprint("unsubscribe_page", __name__, url_prefix="/api/v1")

TITLE = "Se désinscrire des courriels"


def _page(status: int = 200, **values):
    g.csp_form_action = "'self'"  # the page's only form posts to this origin (web.py)
    response = render_template("unsubscribe.html", title=values.pop("title", TITLE), **values), status
    headers = {"Cache-Control": "no-store"}
    if status == 503:
        headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response + (headers,)


def _refused(exc: AppError):
    return _page(exc.status, step="error", title="Ce lien ne peut pas être utilisé" if exc.status < 500 else TITLE,
                 message=exc.message)


@bp.get("/unsubscribe/<token>")
def confirm(token: str):
    g.caller = authenticate(AUTH_NONE)
    try:
        scope = rpc("notifications", "describe_unsubscribe", token=token)
    except AppError as exc:
        return _refused(exc)
    return _page(step="confirm", what=scope["what"],
                 action=url_for("unsubscribe_page.unsubscribe", token=token))


@bp.post("/unsubscribe/<token>/confirmation")
def unsubscribe(token: str):
    g.caller = authenticate(AUTH_NONE)
    try:
        done = rpc("notifications", "unsubscribe", token=token)
    except AppError as exc:
        return _refused(exc)
    return _page(step="done", title="C'est fait", message=done["message"])
