"""What a browser or a mobile app needs from the gateway: CORS for the configured origins only,
and security headers on every answer (strict ones on the HTML pages: the documentation, the
unsubscribe page, whose form alone may post, to this origin).

- CORS: `CORS_ORIGINS` lists the allowed origins (none by default: same-origin clients need
  nothing). A preflight (`OPTIONS` with `Access-Control-Request-Method`) from an allowed origin
  gets 204 with the allowed methods and headers; any other origin gets no CORS header at all.
  Tokens travel in the Authorization header, never in cookies, so no credentials are allowed.
- Headers: `Content-Security-Policy` (nothing may load on a JSON answer; on HTML only the page's
  own inline style, by nonce; never in a frame), `Referrer-Policy: no-referrer`,
  `X-Content-Type-Options: nosniff`, and `Strict-Transport-Security` when the request came over
  HTTPS (directly, or per `X-Forwarded-Proto` from a proxy counted in `TRUSTED_PROXIES`).
"""
from __future__ import annotations

import secrets

from flask import Flask, g, request

ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-ID"
EXPOSED_HEADERS = "X-Request-ID, Retry-After, Location"
JSON_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
HSTS = "max-age=63072000; includeSubDomains"


def html_policy(nonce: str, form_action: str = "'none'") -> str:
    return (f"default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self'; frame-ancestors 'none'; "
            f"base-uri 'none'; form-action {form_action}")


def csp_nonce() -> str:
    """A fresh nonce for this response's inline style (templates: {{ csp_nonce() }})."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def install(app: Flask, allowed_origins: tuple[str, ...]) -> None:
    allowed = set(allowed_origins)
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.before_request
    def preflight():
        if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
            origin = request.headers.get("Origin", "")
            response = app.make_response(("", 204))
            if origin in allowed:
                response.headers["Access-Control-Allow-Origin"] = origin
                response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE"
                response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                response.headers["Access-Control-Max-Age"] = "600"
            response.headers["Vary"] = "Origin"
            return response
        return None

    @app.after_request
    def headers(response):
        origin = request.headers.get("Origin", "")
        if origin in allowed:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if allowed:
            response.headers.add("Vary", "Origin")
        is_html = response.mimetype == "text/html"
        # a page with a form (the unsubscribe page) sets g.csp_form_action = "'self'"
        response.headers["Content-Security-Policy"] = (html_policy(csp_nonce(), g.get("csp_form_action", "'none'"))
                                                       if is_html else JSON_POLICY)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = HSTS
        return response
