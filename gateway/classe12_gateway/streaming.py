"""The gateway's side of the resources service's file endpoint: bytes streamed both ways with
bounded buffers, never inside an RPC message.

- `FileTransfers.upload(grant, source, size)`: PUT /files with the file read from `source` (the
  spooled multipart part) in 256 KiB blocks, Content-Length announced; the service's answer.
- `FileTransfers.download(file_id, grant, headers, method)`: GET|HEAD /files/<id> with the
  client's Range, If-Range and If-None-Match; the service's status and headers, and a
  generator of 64 KiB blocks that closes the connection when done or abandoned.
- Bulkheads per process (`uploads`, `downloads`): a few transfers at once, 503 + Retry-After
  beyond, so that large files never take the threads the rest of the API needs.

The service is reached at RESOURCES_FILES_URL; one connection per transfer (HTTP/1.1, no
pool), a connect timeout of FILES_CONNECT_TIMEOUT seconds and a read timeout of
FILES_HTTP_TIMEOUT seconds per socket operation. A service that does not answer is
`FileServiceDown` (503); its problem+json refusals are passed on (`ServiceRefusal`).
"""
from __future__ import annotations

import http.client
import json
import logging
import re
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from classe12_contracts.errors import AppError, Unavailable
from classe12_runtime.config import env, env_float

log = logging.getLogger(__name__)

UPLOAD_BLOCK = 256 * 1024
DOWNLOAD_BLOCK = 64 * 1024
MIB = 1024 * 1024
#: multipart framing and the form's text fields, on top of the largest file
FORM_OVERHEAD = MIB

#: what the gateway serves; anything else a service would send is served as an opaque download
SERVED_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml",
                          "audio/mpeg", "audio/ogg", "audio/wav", "audio/mp4", "video/mp4", "video/webm",
                          "video/x-matroska"})
#: the service's headers passed on to the client (the gateway sets the security headers itself)
PASSED_HEADERS = ("Content-Length", "Content-Range", "Accept-Ranges", "ETag", "Last-Modified", "Cache-Control")
SAFE_DISPOSITION = re.compile(r"(inline|attachment); filename=\"[A-Za-z0-9 ._()-]{1,200}\"; "
                              r"filename\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]{1,2000}")
SERVICE_DOWN = "Le service des fichiers ne répond pas. Réessayez dans quelques instants."


class FileServiceDown(Unavailable):
    default_message = SERVICE_DOWN


class ServiceRefusal(AppError):
    """A problem+json refusal of the file endpoint, passed on with its status and message."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None, headers: dict | None = None):
        super().__init__(message, fields)
        self.status, self.code, self.headers = status, code, headers or {}


@dataclass(frozen=True)
class TransferSettings:
    service_url: str = "http://127.0.0.1:8101"
    max_upload_bytes: int = 200 * MIB
    max_uploads: int = 2
    max_downloads: int = 8
    connect_timeout: float = 5.0
    timeout: float = 30.0

    @property
    def upload_body_limit(self) -> int:
        return self.max_upload_bytes + FORM_OVERHEAD


def load_transfer_settings() -> TransferSettings:
    return TransferSettings(
        # where the resources service's file endpoint listens (docs/rpc-protocol.md, "Files")
        service_url=env("RESOURCES_FILES_URL", "http://127.0.0.1:8101").rstrip("/"),
        # the largest upload accepted before the service sees it (the service applies its limit per type)
        max_upload_bytes=int(env_float("FILES_MAX_UPLOAD_MB", 200) * MIB),
        max_uploads=max(1, int(env_float("FILES_MAX_UPLOADS", 2))),
        max_downloads=max(1, int(env_float("FILES_MAX_DOWNLOADS", 8))),
        connect_timeout=env_float("FILES_CONNECT_TIMEOUT", 5.0),
        timeout=env_float("FILES_HTTP_TIMEOUT", 30.0),
    )


class Bulkhead:
    """At most `size` transfers of a kind at once in this process; `None` when full."""

    def __init__(self, size: int, what: str):
        self.size, self.what = size, what
        self._slots = threading.BoundedSemaphore(size)
        self._full_logged = False

    def enter(self) -> "Slot":
        if not self._slots.acquire(blocking=False):
            if not self._full_logged:
                self._full_logged = True
                log.warning("file transfer bulkhead full", extra={"what": self.what, "size": self.size})
            raise Unavailable(f"Trop de {self.what} de fichiers en cours : réessayez dans quelques instants.")
        self._full_logged = False
        return Slot(self._slots)


class Slot:
    def __init__(self, semaphore):
        self._semaphore = semaphore
        self._held = True
        self._lock = threading.Lock()

    def release(self) -> None:
        with self._lock:
            if self._held:
                self._held = False
                self._semaphore.release()


@dataclass
class Upstream:
    """The service's answer to a download: status, headers (case-insensitive reads) and body."""
    status: int
    headers: http.client.HTTPMessage
    body: object  # an iterator of bytes, or b"" when there is none
    close: object


class FileTransfers:
    def __init__(self, settings: TransferSettings):
        self.settings = settings
        parts = urlsplit(settings.service_url)
        if parts.scheme != "http" or not parts.hostname:
            raise RuntimeError(f"RESOURCES_FILES_URL must be an http:// address, got {settings.service_url!r}")
        self.host, self.port = parts.hostname, parts.port or 80
        self.uploads = Bulkhead(settings.max_uploads, "envois")
        self.downloads = Bulkhead(settings.max_downloads, "téléchargements")

    def _connect(self) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.settings.connect_timeout,
                                                blocksize=UPLOAD_BLOCK)
        try:
            connection.connect()
        except OSError as exc:
            connection.close()
            log.warning("file endpoint unreachable", extra={"error": repr(exc)})
            raise FileServiceDown() from None
        connection.sock.settimeout(self.settings.timeout)
        return connection

    # -- upload --------------------------------------------------------------------------------

    def upload(self, grant: str, source, size: int, request_id: str | None) -> dict:
        """Send `size` bytes of `source` (a file object at its start); the File the service stored."""
        connection = self._connect()
        try:
            connection.putrequest("PUT", "/files", skip_accept_encoding=True)
            connection.putheader("Authorization", f"Grant {grant}")
            connection.putheader("Content-Type", "application/octet-stream")
            connection.putheader("Content-Length", str(size))
            if request_id:
                connection.putheader("X-Request-ID", request_id)
            connection.endheaders()
            sent = 0
            while sent < size:
                block = source.read(min(UPLOAD_BLOCK, size - sent))
                if not block:
                    raise OSError("the spooled upload ended early")
                connection.send(block)
                sent += len(block)
            response = connection.getresponse()
            body = response.read(MIB)  # a File or a problem: small
        except (OSError, http.client.HTTPException) as exc:
            log.warning("upload to the file endpoint failed", extra={"error": repr(exc)})
            raise FileServiceDown() from None
        finally:
            connection.close()
        if response.status == 201:
            return _json(body)
        raise refusal(response.status, response.headers, body)

    # -- download ------------------------------------------------------------------------------

    def download(self, file_id: str, grant: str, headers: dict, method: str, request_id: str | None) -> Upstream:
        connection = self._connect()
        try:
            connection.putrequest(method, f"/files/{file_id}", skip_accept_encoding=True)
            connection.putheader("Authorization", f"Grant {grant}")
            for name, value in headers.items():
                connection.putheader(name, value)
            if request_id:
                connection.putheader("X-Request-ID", request_id)
            connection.endheaders()
            response = connection.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            log.warning("download from the file endpoint failed", extra={"error": repr(exc)})
            raise FileServiceDown() from None
        if response.status not in (200, 206) or method == "HEAD":
            try:
                body = response.read(MIB)
            except (OSError, http.client.HTTPException):
                body = b""
            connection.close()
            return Upstream(response.status, response.headers, body, lambda: None)
        return Upstream(response.status, response.headers, _blocks(response, connection), connection.close)


class Streamed:
    """A response body that runs `closers` when the server closes it (werkzeug hands a body with
    `direct_passthrough` to the server as is: its `call_on_close` callbacks would never run)."""

    def __init__(self, body, *closers):
        self.body = body
        self.closers = closers

    def __iter__(self):
        return iter(self.body)

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            for closer in self.closers:
                closer()


def _blocks(response, connection):
    """The body in blocks of 64 KiB; the connection is closed however the iteration ends."""
    try:
        while True:
            block = response.read(DOWNLOAD_BLOCK)
            if not block:
                return
            yield block
    except (OSError, http.client.HTTPException) as exc:
        # the headers are gone already: the client sees a cut connection, and may resume with a Range
        log.warning("file download cut", extra={"error": repr(exc)})
    finally:
        connection.close()


def _json(body: bytes) -> dict:
    try:
        value = json.loads(body)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise ServiceRefusal(502, "contract_violation", "Un service de la plateforme a répondu de façon inattendue. "
                                                        "L'équipe technique a été prévenue ; réessayez plus tard.")
    return value


#: statuses of the file endpoint passed on to the client; anything else is the platform's fault
PASSED_ON = {403, 404, 409, 413, 415, 416, 422}


def refusal(status: int, headers, body: bytes) -> AppError:
    """The client's answer to a refusal of the service."""
    if status == 503:
        return FileServiceDown()
    try:
        problem = json.loads(body)
    except ValueError:
        problem = None
    if status in PASSED_ON and isinstance(problem, dict) and isinstance(problem.get("detail"), str):
        fields = problem.get("errors") if isinstance(problem.get("errors"), dict) else None
        code = problem.get("code") if isinstance(problem.get("code"), str) else f"http_{status}"
        return ServiceRefusal(status, code, problem["detail"], fields)
    log.error("unexpected answer of the file endpoint", extra={"status": status, "body": body[:500].decode("utf-8", "replace")})
    return ServiceRefusal(502, "contract_violation", "Un service de la plateforme a répondu de façon inattendue. "
                                                     "L'équipe technique a été prévenue ; réessayez plus tard.")


def served_headers(upstream: Upstream) -> dict:
    """The headers of a served file: the service's that the client needs, its type if it is one
    the platform serves (else an opaque download), a Content-Disposition of the safe form only,
    and never sniffed nor run."""
    headers = {name: upstream.headers[name] for name in PASSED_HEADERS if upstream.headers.get(name) is not None}
    content_type = (upstream.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    disposition = upstream.headers.get("Content-Disposition") or ""
    if content_type not in SERVED_TYPES:
        content_type, disposition = "application/octet-stream", ""
    if not SAFE_DISPOSITION.fullmatch(disposition):
        disposition = 'attachment; filename="fichier"'
    headers.update({"Content-Type": content_type, "Content-Disposition": disposition,
                    "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"})
    return headers


