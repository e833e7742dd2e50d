"""The gateway's file routes with Flask's test client, a fake RPC and a stub of the service's file
endpoint: what the gateway itself decides (route body limit, form, bulkheads, a service down or
answering out of its contract, the headers of served files). The real service: tests/system/test_files.py."""
import hashlib
import io
import json
import secrets
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest

from classe12_contracts.errors import NotFound
from classe12_gateway.app import create_app
from classe12_gateway.settings import load_gateway_settings
from classe12_testing.kit.samples import sample
from classe12_testing.servers import free_port

SECRET = secrets.token_hex(32)
CONTEXT_KEY = secrets.token_hex(32)
RESOURCE, FILE = "a" * 24, "f" * 24
FILE_JSON = {"id": FILE, "filename": "plan.png", "content_type": "image/png", "size": 67, "role": "plan",
             "title": None, "shows_pupils": False, "image_rights_attested": False,
             "uploaded_at": "2026-09-01T08:30:00.000+00:00", "uploaded_by": "b" * 24}


class FakeRpc:
    """The resources service's grant operations, as the contract says they answer."""

    def __init__(self):
        self.calls = []
        self.max_bytes = 10 * 1024 * 1024

    def call(self, service, method, arguments=None, *, caller, timeout=None):
        self.calls.append((f"{service}.{method}", dict(arguments or {})))
        if arguments.get("resource_id") != RESOURCE:
            raise NotFound("Cette ressource n'existe pas ou n'est pas accessible.")
        expires = (datetime.now(timezone.utc) + timedelta(minutes=5)).isoformat(timespec="milliseconds")
        if method == "grant_file_upload":
            return {"grant": "upload-grant", "expires_at": expires, "max_bytes": self.max_bytes}
        return {"grant": "download-grant", "expires_at": expires, "max_bytes": None}

    def close(self):
        pass


class Stub(BaseHTTPRequestHandler):
    """A file endpoint whose answers each test sets in `server.answer(method, headers, body) -> (status, headers, body)`."""

    protocol_version = "HTTP/1.1"

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.received.append((self.command, self.path, dict(self.headers), body))
        status, headers, chunks = self.server.answer(self.command, self.headers, body)
        if isinstance(chunks, bytes) and "Content-Length" not in headers:
            headers = {**headers, "Content-Length": str(len(chunks))}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            for chunk in ([chunks] if isinstance(chunks, bytes) else chunks):
                self.wfile.write(chunk)
                self.wfile.flush()

    do_PUT = do_GET = do_HEAD = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    server.received = []
    server.answer = lambda method, headers, body: (500, {"Content-Length": "0"}, b"")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def make_app(broker_uri, stub, monkeypatch, **env):
    monkeypatch.setenv("RESOURCES_FILES_URL", f"http://127.0.0.1:{stub.server_address[1]}" if stub else
                       f"http://127.0.0.1:{free_port()}")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = load_gateway_settings(amqp_uri=broker_uri, jwt_secret=SECRET, context_key=CONTEXT_KEY, rpc_timeout=2.0,
                                     health_timeout=1.0, max_body_bytes=4096)
    app = create_app(settings, configure_logs=False)
    app.extensions["classe12.rpc"] = FakeRpc()
    return app


@pytest.fixture
def app(broker_uri, stub, monkeypatch):
    return make_app(broker_uri, stub, monkeypatch, FILES_MAX_UPLOAD_MB="1")


def bearer():
    now = int(time.time())
    claims = {"iss": "classe12", "sub": "b" * 24, "roles": ["teacher"], "typ": "access", "iat": now, "exp": now + 60}
    return {"Authorization": "Bearer " + jwt.encode(claims, SECRET, algorithm="HS256")}


def post_file(client, data: bytes, filename="plan.png", **fields):
    form = {"file": (io.BytesIO(data), filename), "role": "plan", **fields}
    return client.post(f"/api/v1/resources/{RESOURCE}/files", data=form, headers=bearer(),
                       content_type="multipart/form-data")


def problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    return response.get_json()


# --- upload -----------------------------------------------------------------------------------

def test_an_upload_is_granted_then_streamed_to_the_service(app, stub):
    stub.answer = lambda method, headers, body: (201, {"Content-Type": "application/json"},
                                                 json.dumps({**FILE_JSON, "storage_id": "hidden"}).encode())
    data = sample("png") + bytes(300_000)  # beyond the global body limit (4 KiB), within the route's
    response = app.test_client().post(
        f"/api/v1/resources/{RESOURCE}/files", headers=bearer(), content_type="multipart/form-data",
        data={"file": (io.BytesIO(data), "C:/fakepath/plan\x01.png"), "role": "plan",
              "title": "  \x02 ", "shows_pupils": "true", "image_rights_attested": "true"})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json() == FILE_JSON  # cut down to the contract's File
    [(operation, arguments)] = app.extensions["classe12.rpc"].calls
    assert operation == "resources.grant_file_upload"
    assert arguments == {"resource_id": RESOURCE, "filename": "plan.png", "role": "plan", "title": None,
                         "shows_pupils": True, "image_rights_attested": True}
    [(method, path, headers, body)] = stub.received
    assert (method, path, headers["Authorization"], headers["Content-Length"]) == \
        ("PUT", "/files", "Grant upload-grant", str(len(data)))
    assert hashlib.sha256(body).digest() == hashlib.sha256(data).digest()


def test_the_route_has_its_own_body_limit_and_form(app, stub):
    client = app.test_client()
    assert problem(post_file(client, bytes(2 * 1024 * 1024 + 1)), 413)["status"] == 413
    problem(client.post(f"/api/v1/resources/{RESOURCE}/files", json={"file": "x"}, headers=bearer()), 415)
    errors = problem(client.post(f"/api/v1/resources/{RESOURCE}/files", headers=bearer(),
                                 content_type="multipart/form-data", data={"role": "poster", "extra": "1"}), 422)["errors"]
    assert set(errors) == {"file", "role", "extra"}
    errors = problem(post_file(client, b"x", shows_pupils="oui", title="t" * 161), 422)["errors"]
    assert set(errors) == {"shows_pupils", "title"}
    problem(client.post(f"/api/v1/resources/{RESOURCE}/files", content_type="multipart/form-data",
                        data={"role": "plan"}), 401)
    assert stub.received == []


def test_a_file_over_the_largest_limit_is_refused_before_it_is_sent(app, stub):
    app.extensions["classe12.rpc"].max_bytes = 1000
    assert "1000" not in problem(post_file(app.test_client(), bytes(1001)), 413)["detail"]
    assert stub.received == []


def test_the_service_s_refusals_are_passed_on_and_anything_else_is_502(app, stub):
    refused = {"type": "urn:classe12:problem:unsupported_media_type", "title": "Type de fichier refusé",
               "status": 415, "detail": "Type de fichier refusé : seuls les PDF...", "code": "unsupported_media_type"}
    stub.answer = lambda method, headers, body: (415, {"Content-Type": "application/problem+json"},
                                                 json.dumps(refused).encode())
    body = problem(post_file(app.test_client(), b"MZ\x90"), 415)
    assert body["detail"] == refused["detail"] and body["code"] == "unsupported_media_type"
    stub.answer = lambda method, headers, body: (401, {"Content-Type": "application/problem+json"}, b'{"detail": "x"}')
    problem(post_file(app.test_client(), b"x"), 502)
    stub.answer = lambda method, headers, body: (201, {"Content-Type": "application/json"}, b"not json")
    problem(post_file(app.test_client(), b"x"), 502)


def test_a_service_that_does_not_answer_is_503(broker_uri, monkeypatch):
    app = make_app(broker_uri, None, monkeypatch)
    response = post_file(app.test_client(), sample("png"))
    assert problem(response, 503) and response.headers["Retry-After"] == "5"
    response = app.test_client().get(f"/api/v1/resources/{RESOURCE}/files/{FILE}")
    assert problem(response, 503) and response.headers["Retry-After"] == "5"


# --- download ---------------------------------------------------------------------------------

def test_a_download_is_streamed_with_safe_headers(app, stub):
    data = sample("webm", 200_000)
    served = {"Content-Type": "video/webm", "Content-Length": "100", "Content-Range": f"bytes 0-99/{len(data)}",
              "Accept-Ranges": "bytes", "ETag": '"e"', "Cache-Control": "private, no-cache",
              "Content-Disposition": "inline; filename=\"Seance.webm\"; filename*=UTF-8''S%C3%A9ance.webm",
              "X-Internal": "secret"}
    stub.answer = lambda method, headers, body: (206, served, data[:100])
    response = app.test_client().get(f"/api/v1/resources/{RESOURCE}/files/{FILE}",
                                     headers={"Range": "bytes=0-99", "If-Range": '"e"', "Cookie": "x=1"})
    assert response.status_code == 206 and response.data == data[:100]
    for name in ("Content-Type", "Content-Range", "Accept-Ranges", "ETag", "Cache-Control", "Content-Disposition"):
        assert response.headers[name] == served[name]
    assert response.headers["Content-Security-Policy"] == "sandbox"
    assert response.headers["X-Content-Type-Options"] == "nosniff" and "X-Internal" not in response.headers
    [(method, path, headers, _)] = stub.received
    assert (method, path, headers["Authorization"], headers["Range"], headers["If-Range"]) == \
        ("GET", f"/files/{FILE}", "Grant download-grant", "bytes=0-99", '"e"')
    assert "Cookie" not in headers


def test_what_a_service_must_not_serve_is_served_as_an_opaque_download(app, stub):
    stub.answer = lambda method, headers, body: (200, {"Content-Type": "text/html", "Content-Length": "13",
                                                       "Content-Disposition": "inline; filename=x.html"},
                                                 b"<script></script>"[:13])
    response = app.test_client().get(f"/api/v1/resources/{RESOURCE}/files/{FILE}")
    assert response.status_code == 200 and response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"] == 'attachment; filename="fichier"'


def test_304_and_416_are_passed_on(app, stub):
    stub.answer = lambda method, headers, body: (304, {"ETag": '"e"', "Cache-Control": "private, no-cache"}, b"")
    response = app.test_client().get(f"/api/v1/resources/{RESOURCE}/files/{FILE}", headers={"If-None-Match": '"e"'})
    assert response.status_code == 304 and response.data == b"" and response.headers["ETag"] == '"e"'
    stub.answer = lambda method, headers, body: (416, {"Content-Range": "bytes */100", "Content-Length": "2",
                                                       "Content-Type": "application/problem+json"}, b"{}")
    response = app.test_client().get(f"/api/v1/resources/{RESOURCE}/files/{FILE}", headers={"Range": "bytes=500-"})
    assert problem(response, 416) and response.headers["Content-Range"] == "bytes */100"
    stub.answer = lambda method, headers, body: (404, {"Content-Length": "2"}, b"{}")
    problem(app.test_client().get(f"/api/v1/resources/{RESOURCE}/files/{FILE}"), 404)
    problem(app.test_client().get(f"/api/v1/resources/{'c' * 24}/files/{FILE}"), 404)  # the RPC's not_found
    problem(app.test_client().get(f"/api/v1/resources/{RESOURCE}/files/pas-un-id"), 404)


def test_downloads_beyond_the_bulkhead_are_503_and_a_finished_one_frees_its_place(broker_uri, stub, monkeypatch):
    app = make_app(broker_uri, stub, monkeypatch, FILES_MAX_DOWNLOADS="1")
    release = threading.Event()

    def slow(method, headers, body):
        def chunks():
            yield b"x" * 10
            release.wait(10)
            yield b"y" * 10
        return 200, {"Content-Type": "image/png", "Content-Length": "20"}, chunks()

    stub.answer = slow
    client = app.test_client()
    first = client.get(f"/api/v1/resources/{RESOURCE}/files/{FILE}", buffered=False)
    try:
        second = client.get(f"/api/v1/resources/{RESOURCE}/files/{FILE}")
        assert problem(second, 503) and second.headers["Retry-After"] == "5"
    finally:
        release.set()
    assert first.get_data() == b"x" * 10 + b"y" * 10
    first.close()
    stub.answer = lambda method, headers, body: (200, {"Content-Type": "image/png", "Content-Length": "1"}, b"z")
    with client.get(f"/api/v1/resources/{RESOURCE}/files/{FILE}") as third:
        assert third.data == b"z"
    with client.get(f"/api/v1/resources/{RESOURCE}/files/{FILE}") as fourth:  # the third freed its place
        assert fourth.data == b"z"


def test_the_openapi_document_describes_the_three_routes(app):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    upload = spec["paths"]["/api/v1/resources/{id}/files"]["post"]
    form = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["file"] and form["properties"]["file"]["format"] == "binary"
    links = upload["responses"]["201"]["links"]
    operations = {op["operationId"] for item in spec["paths"].values() for op in item.values()}
    assert {link["operationId"] for link in links.values()} <= operations and len(links) == 2
    assert {"201", "413", "415", "422", "503"} <= set(upload["responses"])
    download = spec["paths"]["/api/v1/resources/{id}/files/{file_id}"]["get"]
    assert {"200", "206", "304", "404", "416", "503"} <= set(download["responses"])
    assert "video/webm" in download["responses"]["206"]["content"]
    assert "delete" in spec["paths"]["/api/v1/resources/{id}/files/{file_id}"]
