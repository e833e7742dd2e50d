"""problem+json answers of the live process, shaped as the gateway's (problems.py)."""
from __future__ import annotations

import json
import uuid

from aiohttp import web

from ..problems import RETRY_AFTER_SECONDS, TITLES


def problem(request: web.Request, status: int, detail: str, code: str) -> web.Response:
    body = {"type": f"urn:classe12:problem:{code}", "title": TITLES.get(status, "Erreur"), "status": status,
            "detail": detail, "instance": request.path, "code": code,
            "request_id": request.headers.get("X-Request-ID") or uuid.uuid4().hex}
    headers = {}
    if status == 503:
        headers["Retry-After"] = RETRY_AFTER_SECONDS
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="classe12"'
    return web.Response(status=status, text=json.dumps(body, ensure_ascii=False),
                        content_type="application/problem+json", headers=headers)
