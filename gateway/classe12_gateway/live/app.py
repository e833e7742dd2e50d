"""The live process's aiohttp application: the stream, its health, the optional pass-through."""
from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from ..tokens import TokenIssuer
from .hub import Hub
from .inbox import InboxChanges
from .passthrough import PassThrough
from .stream import StreamEndpoint

log = logging.getLogger(__name__)

STREAM_PATH = "/api/v1/notifications/stream"


def create_app(amqp_uri: str, tokens: TokenIssuer, heartbeat: float = 15.0, max_age: float = 900.0,
               upstream: str | None = None) -> web.Application:
    app = web.Application()
    hub = Hub()
    state: dict = {}
    endpoint = StreamEndpoint(hub, tokens, lambda: state["inbox"].connected.is_set(), heartbeat, max_age)

    async def start(app: web.Application) -> None:
        state["inbox"] = InboxChanges(amqp_uri, hub.publish, asyncio.get_running_loop())
        state["inbox"].start()

    async def shutdown(app: web.Application) -> None:
        # graceful: refuse new streams, end the open ones (their clients reconnect elsewhere)
        endpoint.closing = True
        hub.close_all()

    async def cleanup(app: web.Application) -> None:
        await asyncio.get_running_loop().run_in_executor(None, state["inbox"].stop)

    async def health(request: web.Request) -> web.Response:
        ready = state["inbox"].connected.is_set() and not endpoint.closing
        return web.json_response({"status": "ok" if ready else "unavailable", "listeners": hub.listeners()},
                                 status=200 if ready else 503)

    app.on_startup.append(start)
    app.on_shutdown.append(shutdown)
    app.on_cleanup.append(cleanup)
    app.router.add_get(STREAM_PATH, endpoint)
    app.router.add_get("/live/health", health)
    if upstream:
        passthrough = PassThrough(upstream)
        app.on_startup.append(passthrough.start)
        app.on_cleanup.append(passthrough.stop)
        app.router.add_route("*", "/{tail:.*}", passthrough)
    return app
