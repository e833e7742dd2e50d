"""Accounts and sessions: register, sign in, refresh, sign out (here or everywhere), my account."""
from flask import Blueprint, current_app, g

from ..endpoints import AUTH_NONE, endpoint, forward, rpc
from ..own_schemas import ref
from ..tokens import InvalidToken

bp = Blueprint("auth", __name__, url_prefix="/api/v1")


def _tokens():
    return current_app.extensions["classe12.tokens"]


forward(bp, "POST", "/auth/register", "community.register", status=202, summary="Créer un compte",
        description="La même réponse, que l'adresse ait déjà un compte ou non : personne ne peut savoir "
                    "quelles adresses sont inscrites. Connectez-vous ensuite.")

forward(bp, "POST", "/auth/login", "community.authenticate",
        summary="Se connecter (jetons d'accès et de rafraîchissement)",
        present=lambda signed_in: _tokens().issue(signed_in), response=ref("TokenResponse"))


@endpoint(bp, "POST", "/auth/refresh", summary="Renouveler les jetons (le jeton de rafraîchissement change à chaque fois)",
          auth=AUTH_NONE, body=ref("RefreshRequest"), response=ref("TokenResponse"), errors=(400, 401, 413, 415, 422))
def refresh(caller, data):
    claims = _tokens().verify(data["refresh_token"], "refresh")
    if not claims.get("sid") or not claims.get("tid"):  # issued before sessions existed
        raise InvalidToken("Votre session a expiré. Reconnectez-vous.")
    g.caller = caller
    signed_in = rpc("community", "refresh_session", session_id=claims["sid"], token_id=claims["tid"])
    return _tokens().issue(signed_in)


forward(bp, "POST", "/auth/logout", "community.close_session", summary="Se déconnecter (cet appareil)",
        from_token={"session_id": "sid"})
forward(bp, "POST", "/auth/logout-everywhere", "community.close_all_sessions",
        summary="Se déconnecter partout (tous les appareils)")
forward(bp, "GET", "/me", "community.get_member", summary="Mon profil", from_caller={"member_id": "actor_id"})
