"""`GET /api/v1/notifications/stream`: one member's inbox changes as Server-Sent Events.

Frames: `event: inbox` with `{unread_count[, notification: {id, kind, category}]}` at each
change, an `id:` each (`<process>-<n>`) and `retry: 3000` first; a comment line every
`heartbeat` seconds keeps proxies from closing an idle stream. Changes are not kept: a client
that comes back with `Last-Event-ID` first gets `event: resync` (read the inbox again: what
happened while it was away is not replayed), and every client should read the unread count
when its stream opens. A stream ends after `max_age` (the access token's lifetime), when its
reader falls `hub.QUEUE_LIMIT` frames behind, and at shutdown; the client reconnects.
"""
from __future__ import annotations

import asyncio
import json
import secrets
import time

from aiohttp import web

from ..tokens import InvalidToken, TokenIssuer
from .hub import Hub
from .problems import problem

RETRY_MS = 3000


def authenticate(request: web.Request, tokens: TokenIssuer) -> dict:
    """The claims of the stream ticket (`?ticket=`) or the access token (`Authorization`)."""
    ticket = request.query.get("ticket")
    if ticket:
        return tokens.verify(ticket, "stream")
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return tokens.verify(token.strip(), "access")
    raise InvalidToken("Vous devez être connecté : ouvrez le flux avec un ticket "
                       "(POST /api/v1/notifications/stream-ticket) ou un jeton d'accès.")


def frame(event: str, data: dict, event_id: str | None = None) -> bytes:
    lines = [f"id: {event_id}"] if event_id else []
    lines += [f"event: {event}", f"data: {json.dumps(data, separators=(',', ':'))}"]
    return ("\n".join(lines) + "\n\n").encode()


class StreamEndpoint:
    def __init__(self, hub: Hub, tokens: TokenIssuer, broker_ready, heartbeat: float, max_age: float):
        self.hub = hub
        self.tokens = tokens
        self.broker_ready = broker_ready  # () -> bool: changes are being consumed now
        self.heartbeat = heartbeat
        self.max_age = max_age
        self.process = secrets.token_hex(4)
        self.closing = False

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        try:
            claims = authenticate(request, self.tokens)
        except InvalidToken as exc:
            return problem(request, 401, exc.message, exc.code)
        if self.closing or not self.broker_ready():
            return problem(request, 503, "Le suivi en direct des notifications est momentanément indisponible. "
                                         "Réessayez dans quelques secondes.", "unavailable")
        member_id = claims["sub"]
        queue = self.hub.open(member_id)
        try:
            response = web.StreamResponse(headers={
                "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store",
                "X-Accel-Buffering": "no", "X-Content-Type-Options": "nosniff"})
            await response.prepare(request)
            await response.write(f"retry: {RETRY_MS}\n\n".encode())
            if request.headers.get("Last-Event-ID"):
                await response.write(frame("resync", {"reason": "missed"}))
            await self._pump(response, queue)
        except (ConnectionResetError, asyncio.CancelledError):
            pass  # the client went away, or the server is stopping
        finally:
            self.hub.close(member_id, queue)
        return response

    async def _pump(self, response: web.StreamResponse, queue: asyncio.Queue) -> None:
        ends_at = time.monotonic() + self.max_age
        while (left := ends_at - time.monotonic()) > 0:
            try:
                item = await asyncio.wait_for(queue.get(), timeout=min(self.heartbeat, left))
            except asyncio.TimeoutError:
                await response.write(b": keep-alive\n\n")
                continue
            if item is None:
                return
            number, data = item
            body = {"unread_count": data["unread_count"]}
            if data.get("notification"):
                body["notification"] = data["notification"]
            await response.write(frame("inbox", body, f"{self.process}-{number}"))
