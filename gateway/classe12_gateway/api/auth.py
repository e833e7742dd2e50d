"""Accounts and sessions: register, sign in, refresh, sign out (here or everywhere), my account."""
from flask import Blueprint, current_app, g

from .. import session_cookie
from ..endpoints import AUTH_NONE, endpoint, forward, rpc
from ..own_schemas import ref
from ..tokens import InvalidToken

bp = Blueprint("auth", __name__, url_prefix="/api/v1")


def _tokens():
    return current_app.extensions["classe12.tokens"]


forward(bp, "POST", "/auth/register", "community.register", status=202, summary="Créer un compte",
        description="La même réponse, que l'adresse ait déjà un compte ou non : personne ne peut savoir "
                    "quelles adresses sont inscrites. Connectez-vous ensuite.")

SESSION_COOKIE = ("Avec l'en-tête `X-Classe12-Session: cookie` (le client web), le jeton de rafraîchissement "
                  "n'est pas dans la réponse mais dans le cookie `classe12_refresh` (HttpOnly, Secure, "
                  "SameSite=Strict, chemin /api/v1/auth).")

forward(bp, "POST", "/auth/login", "community.authenticate",
        summary="Se connecter (jetons d'accès et de rafraîchissement)", description=SESSION_COOKIE,
        present=lambda signed_in: session_cookie.deliver(_tokens().issue(signed_in)), response=ref("TokenResponse"))


@endpoint(bp, "POST", "/auth/refresh", summary="Renouveler les jetons (le jeton de rafraîchissement change à chaque fois)",
          description=SESSION_COOKIE + " Sans `refresh_token` dans le corps, le jeton est lu dans ce cookie, "
                                       "et seulement avec cet en-tête.",
          auth=AUTH_NONE, body=ref("RefreshRequest"), response=ref("TokenResponse"), errors=(400, 401, 413, 415, 422))
def refresh(caller, data):
    token = data.get("refresh_token") or session_cookie.refresh_token_from_cookie()
    if not token:
        raise InvalidToken("Votre session a expiré. Reconnectez-vous.")
    claims = _tokens().verify(token, "refresh")
    if not claims.get("sid") or not claims.get("tid"):  # issued before sessions existed
        raise InvalidToken("Votre session a expiré. Reconnectez-vous.")
    g.caller = caller
    signed_in = rpc("community", "refresh_session", session_id=claims["sid"], token_id=claims["tid"])
    return session_cookie.deliver(_tokens().issue(signed_in))


forward(bp, "POST", "/auth/logout", "community.close_session", summary="Se déconnecter (cet appareil)",
        from_token={"session_id": "sid"})
forward(bp, "POST", "/auth/logout-everywhere", "community.close_all_sessions",
        summary="Se déconnecter partout (tous les appareils)")
forward(bp, "GET", "/me", "community.get_member", summary="Mon profil", from_caller={"member_id": "actor_id"})
