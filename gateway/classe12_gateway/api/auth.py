"""Accounts and sessions: register, login, refresh, current member."""
from flask import Blueprint, current_app, g

from classe12_runtime.context import Caller

from ..endpoints import AUTH_NONE, endpoint, forward, rpc
from ..own_schemas import ref

bp = Blueprint("auth", __name__, url_prefix="/api/v1")


def _tokens():
    return current_app.extensions["classe12.tokens"]


forward(bp, "POST", "/auth/register", "community.register", status=201, summary="Créer un compte")

forward(bp, "POST", "/auth/login", "community.authenticate",
        summary="Se connecter (jetons d'accès et de rafraîchissement)",
        present=lambda member: _tokens().issue(member), response=ref("TokenResponse"))


@endpoint(bp, "POST", "/auth/refresh", summary="Renouveler les jetons", auth=AUTH_NONE,
          body=ref("RefreshRequest"), response=ref("TokenResponse"), errors=(400, 401, 413, 415, 422))
def refresh(caller, data):
    claims = _tokens().verify(data["refresh_token"], "refresh")
    # roles are read again: a role granted or removed since login takes effect now
    g.caller = Caller(actor_id=claims["sub"], roles=tuple(claims.get("roles") or ()), request_id=caller.request_id)
    return _tokens().issue(rpc("community", "get_member", member_id=claims["sub"]))


forward(bp, "GET", "/me", "community.get_member", summary="Mon profil", from_caller={"member_id": "actor_id"})
