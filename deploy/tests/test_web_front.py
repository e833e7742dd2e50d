"""The local stack's front: the web client's files, its routes, and the API forwarded by prefix."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from classe12_devstack.web_front import parse_upstreams, serve


class Upstream(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    name = "api"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.endswith("/stream"):  # no length: relayed chunked, as server-sent events
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            for n in range(3):
                self.wfile.write(f"data: {n}\n\n".encode())
                self.wfile.flush()
            self.close_connection = True
            return
        self._answer(f"{self.name} {self.path} {self.headers.get('X-Forwarded-For')}".encode())

    def do_POST(self):
        self._answer(self.rfile.read(int(self.headers["Content-Length"])))

    def _answer(self, body: bytes):
        self.send_response(201)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "classe12_refresh=x; HttpOnly")
        self.end_headers()
        self.wfile.write(body)


def _start(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def front(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>client</title>")
    (tmp_path / "assets" / "app-1234.js").write_text("console.log(1)")
    api = _start(ThreadingHTTPServer(("127.0.0.1", 0), Upstream))
    live = _start(ThreadingHTTPServer(("127.0.0.1", 0), type("Live", (Upstream,), {"name": "live"})))
    server = _start(serve("127.0.0.1:0", tmp_path, [f"/api/=http://127.0.0.1:{api.server_port}",
                                                    f"/api/v1/live=http://127.0.0.1:{live.server_port}"]))
    yield f"http://127.0.0.1:{server.server_port}"
    for each in (server, api, live):
        each.shutdown()
        each.server_close()


def test_the_client_files_and_its_routes(front):
    asset = requests.get(front + "/assets/app-1234.js", timeout=5)
    assert asset.status_code == 200 and "immutable" in asset.headers["Cache-Control"]
    assert asset.headers["Content-Type"].startswith("text/javascript")
    for route in ("/", "/catalogue", "/ressources/abc", "/compte/verifier-adresse?jeton=x"):
        page = requests.get(front + route, timeout=5)
        assert page.status_code == 200 and "<title>client</title>" in page.text, route
        assert page.headers["Cache-Control"] == "no-cache"
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert requests.get(front + "/assets/missing.js", timeout=5).status_code == 404
    assert requests.get(front + "/../../etc/passwd", timeout=5).status_code in (200, 404)  # never outside
    assert "root:" not in requests.get(front + "/%2e%2e/%2e%2e/etc/passwd", timeout=5).text


def test_the_manifest_and_the_service_worker_are_served_with_their_types_and_never_cached(front, tmp_path):
    (tmp_path / "manifest.webmanifest").write_text('{"name": "Classe à 12"}')
    (tmp_path / "sw.js").write_text("self.addEventListener('push', () => {});")
    manifest = requests.get(front + "/manifest.webmanifest", timeout=5)
    assert manifest.headers["Content-Type"].startswith("application/manifest+json")
    worker = requests.get(front + "/sw.js", timeout=5)
    assert worker.headers["Content-Type"].startswith("text/javascript")
    assert manifest.headers["Cache-Control"] == worker.headers["Cache-Control"] == "no-cache"
    assert requests.post(front + "/catalogue", timeout=5).status_code == 405


def test_the_api_is_forwarded_by_the_longest_prefix_streamed_both_ways(front):
    answer = requests.get(front + "/api/v1/resources?q=lecture", timeout=5)
    assert answer.status_code == 201 and answer.text == "api /api/v1/resources?q=lecture 127.0.0.1"
    assert answer.headers["Set-Cookie"] == "classe12_refresh=x; HttpOnly"
    assert requests.get(front + "/api/v1/live/x", timeout=5).text.startswith("live /api/v1/live/x")
    # whole path segments only (as make up routes /api/v1/notifications/stream): /api/v1/live-ticket is the gateway's
    assert requests.get(front + "/api/v1/live-ticket", timeout=5).text.startswith("api /api/v1/live-ticket")
    assert requests.get(front + "/api/v1/live", timeout=5).text.startswith("live /api/v1/live")
    body = b"x" * (3 * 1024 * 1024 + 7)
    assert requests.post(front + "/api/v1/files", data=body, timeout=10).content == body
    with requests.get(front + "/api/v1/live/stream", stream=True, timeout=5) as events:
        assert events.headers["Transfer-Encoding"] == "chunked"
        assert b"".join(events.iter_content(None)) == b"data: 0\n\ndata: 1\n\ndata: 2\n\n"


def test_an_upstream_table_is_prefixes_to_http_servers():
    assert parse_upstreams(["/api/=http://127.0.0.1:1", "/api/v1/live/=http://h:2"]) == [
        ("/api/v1/live/", "h", 2), ("/api/", "127.0.0.1", 1)]
    with pytest.raises(ValueError):
        parse_upstreams(["api=ftp://x"])


def test_a_stopped_gateway_is_a_502_with_retry_after(tmp_path):
    (tmp_path / "index.html").write_text("client")
    closed = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    port = closed.server_port
    closed.server_close()  # nothing listens there any more
    server = _start(serve("127.0.0.1:0", tmp_path, [f"/api/=http://127.0.0.1:{port}"]))
    try:
        answer = requests.get(f"http://127.0.0.1:{server.server_port}/api/v1/health", timeout=5)
        assert answer.status_code == 502 and answer.headers["Retry-After"] == "5"
    finally:
        server.shutdown()
        server.server_close()
