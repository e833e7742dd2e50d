"""How long an address may be: 414 with a French problem+json above MAX_URL_BYTES.

gunicorn refuses a request line over its own limit with an HTML page before the application
sees it; its limit is lifted (gunicorn_conf.py: it still stops at 1 MiB) so that the gateway
answers in the documented format. Every operation documents 414; the longest address the
OpenAPI document allows (a full cursor and filters, percent-encoded) stays far below the limit.
"""
from __future__ import annotations

from urllib.parse import quote

from flask import Flask, request
from werkzeug.exceptions import RequestURITooLarge

MAX_URL_BYTES = 8 * 1024


def request_target_bytes(environ: dict) -> int:
    raw = environ.get("RAW_URI")  # as sent, under gunicorn
    if raw is None:
        query = environ.get("QUERY_STRING", "")
        raw = quote(environ.get("PATH_INFO", ""), safe="/") + ("?" + query if query else "")
    return len(raw.encode("latin-1", "replace"))


def install(app: Flask) -> None:
    @app.before_request
    def refuse_long_addresses():
        if request_target_bytes(request.environ) > MAX_URL_BYTES:
            raise RequestURITooLarge()
