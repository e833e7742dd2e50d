"""The web client's session cookie (docs/decisions.md 35).

A browser client asks for it with `X-Classe12-Session: cookie` on /auth/login and /auth/refresh:
the refresh token then travels only in the `classe12_refresh` cookie (HttpOnly: no script reads
it; Secure; SameSite=Strict: no other site's page sends it; Path=/api/v1/auth: only the
authentication endpoints receive it), never in the body. Other clients keep the body as before.

CSRF: /auth/refresh reads the cookie only when the request carries that header, which a page of
another origin cannot send without a CORS preflight the gateway never grants for it (web.py's
allowed headers do not list it), on top of SameSite=Strict and the JSON body. The cookie is
cleared (asked with the header too) when a refresh with it fails and on sign-out.
"""
from __future__ import annotations

import time

import jwt
from flask import Flask, g, request

HEADER = "X-Classe12-Session"
COOKIE = "classe12_refresh"
PATH = "/api/v1/auth"


def wanted() -> bool:
    return request.headers.get(HEADER, "").strip().lower() == "cookie"


def deliver(tokens: dict) -> dict:
    """The answer of a sign-in or refresh: with the cookie asked for, the refresh token leaves
    the body for the cookie (set by the after-request hook)."""
    if not wanted():
        return tokens
    g.session_cookie = tokens["refresh_token"]
    return {key: value for key, value in tokens.items() if key != "refresh_token"}


def refresh_token_from_cookie() -> str | None:
    return request.cookies.get(COOKIE) if wanted() else None


def _expiry(token: str) -> float:
    """The refresh token's expiry (we signed it a moment ago), for the cookie's Max-Age."""
    return jwt.decode(token, options={"verify_signature": False})["exp"]


def install(app: Flask) -> None:
    @app.after_request
    def session_cookie(response):
        token = g.pop("session_cookie", None)
        if token and response.status_code == 200:
            response.set_cookie(COOKIE, token, max_age=max(int(_expiry(token) - time.time()), 0), path=PATH,
                                secure=True, httponly=True, samesite="Strict")
        elif request.path.startswith(PATH) and COOKIE in request.cookies and wanted() and (
                request.path.endswith(("/logout", "/logout-everywhere"))
                or (request.path.endswith("/refresh") and response.status_code == 401)):
            response.delete_cookie(COOKIE, path=PATH, secure=True, httponly=True, samesite="Strict")
        return response
