"""Accounts and sessions: register, login, refresh, current member."""
from flask import Blueprint, current_app

from classe12_runtime.context import Caller

from ..endpoints import AUTH_NONE, endpoint, rpc
from ..schemas import (
    LoginRequest,
    Member,
    RefreshRequest,
    RegisterRequest,
    TokenResponse,
)

bp = Blueprint("auth", __name__, url_prefix="/api/v1")


def _tokens():
    return current_app.extensions["classe12.tokens"]


@endpoint(bp, "POST", "/auth/register", summary="Créer un compte", auth=AUTH_NONE,
          body=RegisterRequest, response=Member, status=201, errors=(400, 409, 422))
def register(caller, body):
    return rpc("community", "register", **body)


@endpoint(bp, "POST", "/auth/login", summary="Se connecter (jetons d'accès et de rafraîchissement)",
          auth=AUTH_NONE, body=LoginRequest, response=TokenResponse, errors=(400, 401, 422))
def login(caller, body):
    member = rpc("community", "authenticate", email=body["email"], password=body["password"])
    return _tokens().issue(member)


@endpoint(bp, "POST", "/auth/refresh", summary="Renouveler les jetons", auth=AUTH_NONE,
          body=RefreshRequest, response=TokenResponse, errors=(400, 401, 422))
def refresh(caller, body):
    claims = _tokens().verify(body["refresh_token"], "refresh")
    # roles are read again: a role granted or removed since login takes effect now
    as_member = Caller(actor_id=claims["sub"], roles=tuple(claims.get("roles") or ()), request_id=caller.request_id)
    member = current_app.extensions["classe12.rpc"].call("community", "get_member", as_member, member_id=claims["sub"])
    return _tokens().issue(member)


@endpoint(bp, "GET", "/me", summary="Mon profil", response=Member, errors=(401,))
def me(caller):
    return rpc("community", "get_member", member_id=caller.actor_id)
