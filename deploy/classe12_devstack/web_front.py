"""The local stack's front door: one origin for the web client and the API (docs/decisions.md 35).

Serves the built web client (web/dist) with a fallback to index.html for the client's own
routes, and forwards every path under a prefix of the upstream table to its upstream process,
streaming both ways (uploads, downloads, server-sent events), e.g.

    python -m classe12_devstack.web_front --bind 127.0.0.1:8000 --root web/dist \
        --upstream /api/=http://127.0.0.1:8123

The longest matching prefix wins, so a process added later (a stream under /api/v1/...) is one
more `--upstream`. Production uses nginx or caddy for the same job (docker-compose.yml).
"""
from __future__ import annotations

import argparse
import http.client
import mimetypes
import posixpath
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: the web app manifest's registered type, whatever the machine's mime.types says
mimetypes.add_type("application/manifest+json", ".webmanifest")
#: headers of one connection, never forwarded (RFC 9110 7.6.1)
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "host", "expect"}
CHUNK = 64 * 1024
#: the client loads nothing from elsewhere: no third-party script, font or tracker
CLIENT_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
                 "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
STATIC_HEADERS = {"Content-Security-Policy": CLIENT_POLICY, "Referrer-Policy": "no-referrer",
                  "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}


def parse_upstreams(pairs: list[str]) -> list[tuple[str, str, int]]:
    """["/api/=http://127.0.0.1:8123"] -> [("/api/", "127.0.0.1", 8123)], longest prefix first."""
    table = []
    for pair in pairs:
        prefix, _, url = pair.partition("=")
        parts = urlsplit(url)
        if not prefix.startswith("/") or parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"upstream {pair!r}: expected /prefix=http://host:port")
        table.append((prefix, parts.hostname, parts.port or 80))
    return sorted(table, key=lambda entry: len(entry[0]), reverse=True)


class FrontHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "classe12-front"
    root: Path
    upstreams: list[tuple[str, str, int]]

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        sys.stderr.write("%s %s\n" % (self.address_string(), format % args))

    def _route(self):
        path = urlsplit(self.path).path
        for prefix, host, port in self.upstreams:
            # whole path segments: /api/v1/notifications/stream is not a prefix of .../stream-ticket
            base = prefix.rstrip("/")
            if path == base or path.startswith(base + "/"):
                return host, port
        return None

    def _handle(self):
        upstream = self._route()
        if upstream:
            return self._proxy(*upstream)
        if self.command not in ("GET", "HEAD"):
            return self._plain(405, "Méthode non permise.", {"Allow": "GET, HEAD"})
        return self._static()

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _handle

    # -- the web client ----------------------------------------------------------------------
    def _static(self):
        path = posixpath.normpath(unquote(urlsplit(self.path).path))
        target = (self.root / path.lstrip("/")).resolve()
        inside = target == self.root or self.root in target.parents
        if inside and target.is_file():
            immutable = path.startswith("/assets/")  # names carry a hash of their content
            return self._file(target, "public, max-age=31536000, immutable" if immutable else "no-cache")
        if path.startswith("/assets/") or posixpath.splitext(path)[1]:
            return self._plain(404, "Fichier introuvable.")
        return self._file(self.root / "index.html", "no-cache")  # a route of the client

    def _file(self, target: Path, cache: str):
        body = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self.send_response(200)
        for name, value in {"Content-Type": kind, "Content-Length": str(len(body)), "Cache-Control": cache,
                            **STATIC_HEADERS}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _plain(self, status: int, text: str, headers: dict | None = None):
        body = text.encode()
        self.send_response(status)
        for name, value in {"Content-Type": "text/plain; charset=utf-8", "Content-Length": str(len(body)),
                            **STATIC_HEADERS, **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    # -- the API -----------------------------------------------------------------------------
    def _proxy(self, host: str, port: int):
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") and length is None:
            return self._plain(411, "Longueur de la requête requise.")
        connection = http.client.HTTPConnection(host, port, timeout=300)
        try:
            connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers.items():
                if name.lower() not in HOP_BY_HOP and name.lower() != "x-forwarded-for":
                    connection.putheader(name, value)
            connection.putheader("Host", self.headers.get("Host", f"{host}:{port}"))
            connection.putheader("X-Forwarded-For", self.client_address[0])
            connection.putheader("X-Forwarded-Proto", "http")
            connection.endheaders()
            remaining = int(length or 0)
            while remaining > 0:
                chunk = self.rfile.read(min(CHUNK, remaining))
                if not chunk:
                    break
                connection.send(chunk)
                remaining -= len(chunk)
            answer = connection.getresponse()
        except OSError:
            connection.close()
            return self._plain(502, "La passerelle ne répond pas.", {"Retry-After": "5"})
        try:
            self._relay(answer)
        finally:
            connection.close()

    def _relay(self, answer: http.client.HTTPResponse):
        self.send_response_only(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        chunked = answer.getheader("Content-Length") is None and self.command != "HEAD" and answer.status not in (204, 304)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self.command == "HEAD":
            return
        while chunk := answer.read1(CHUNK):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
            self.wfile.flush()  # server-sent events reach the browser as they come
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def serve(bind: str, root: Path, upstreams: list[str]) -> ThreadingHTTPServer:
    host, _, port = bind.rpartition(":")
    handler = type("Handler", (FrontHandler,), {"root": root.resolve(), "upstreams": parse_upstreams(upstreams)})
    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="classe12-front", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bind", default="127.0.0.1:8000")
    parser.add_argument("--root", type=Path, required=True, help="the built web client (web/dist)")
    parser.add_argument("--upstream", action="append", default=[], help="/prefix=http://host:port (repeatable)")
    args = parser.parse_args(argv)
    if not (args.root / "index.html").is_file():
        parser.error(f"{args.root}/index.html missing: build the web client first (make web)")
    server = serve(args.bind, args.root, args.upstream)
    print(f"classe12-front on http://{args.bind} ({args.root}; {args.upstream})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
