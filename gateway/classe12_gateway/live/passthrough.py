"""Same origin without an ingress (`make up`): every request this process does not serve itself
goes on to the gateway (`LIVE_UPSTREAM`), bodies streamed both ways. In production an ingress
or reverse proxy routes `/api/v1/notifications/stream` here and the rest to the gateway; this
is only the local stack's stand-in for it."""
from __future__ import annotations

from aiohttp import ClientSession, ClientTimeout, web

#: hop-by-hop headers (RFC 9110 7.6.1) and those aiohttp sets itself
SKIPPED = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
           "transfer-encoding", "upgrade", "host", "content-length"}


class PassThrough:
    def __init__(self, upstream: str):
        self.upstream = upstream.rstrip("/")
        self.session: ClientSession | None = None

    async def start(self, app: web.Application) -> None:
        self.session = ClientSession(timeout=ClientTimeout(total=None, sock_connect=5), auto_decompress=False)

    async def stop(self, app: web.Application) -> None:
        if self.session is not None:
            await self.session.close()

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in SKIPPED}
        headers["X-Forwarded-For"] = request.remote or ""
        async with self.session.request(request.method, self.upstream + request.path_qs, headers=headers,
                                        data=request.content if request.can_read_body else None,
                                        allow_redirects=False) as upstream:
            response = web.StreamResponse(status=upstream.status, headers={
                k: v for k, v in upstream.headers.items() if k.lower() not in SKIPPED})
            if upstream.headers.get("Content-Length") is not None:
                response.content_length = int(upstream.headers["Content-Length"])
            await response.prepare(request)
            async for chunk in upstream.content.iter_chunked(64 * 1024):
                await response.write(chunk)
            await response.write_eof()
            return response
