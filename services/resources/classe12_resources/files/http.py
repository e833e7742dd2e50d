"""The nameko edge of the file endpoint: what the service class inherits (`FileEndpoints`).

- `FileHttp`: nameko's `@http` entrypoint on a web server of its own (`FileWebServer`), which
  listens on `WEB_SERVER_ADDRESS` of the service's config (config.yaml: `FILES_HTTP_BIND`,
  default 127.0.0.1:8101), else on `FILES_HTTP_BIND`, else on a free port of 127.0.0.1 (tests:
  `file_endpoint_url(container)` says which). An unexpected failure is answered 500
  problem+json without detail (nameko would send the exception's text).
- `FileStorage`: the dependency giving workers the `FileEndpoint`, and the housekeeping (every
  minute, by the replica holding the lease `files-housekeeping`): uploads abandoned by a dead
  process lose their chunks, old grants are purged.

Downloads stream after the worker has returned its response: they hold no worker slot.
"""
from __future__ import annotations

import logging

import eventlet
from nameko.constants import WEB_SERVER_CONFIG_KEY
from nameko.extensions import DependencyProvider
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, parse_address

from classe12_runtime import mongo
from classe12_runtime.clock import utcnow
from classe12_runtime.config import env
from classe12_runtime.lease import Lease
from classe12_runtime.outage import DATABASE

from .endpoint import FileEndpoint, problem
from .housekeeping import sweep
from .settings import load_file_settings

log = logging.getLogger(__name__)

HOUSEKEEPING_INTERVAL = 60.0
HOUSEKEEPING_LEASE = "files-housekeeping"
DEFAULT_BIND = "127.0.0.1:0"


class FileWebServer(WebServer):
    @property
    def bind_addr(self):
        configured = self.container.config.get(WEB_SERVER_CONFIG_KEY) or env("FILES_HTTP_BIND", DEFAULT_BIND)
        return parse_address(configured)

    @property
    def port(self) -> int:
        return self._sock.getsockname()[1]


class FileHttp(HttpRequestHandler):
    server = FileWebServer()

    def response_from_exception(self, exc):
        log.error("file endpoint failed", exc_info=(type(exc), exc, exc.__traceback__))
        return problem(500, "internal", "Une erreur inattendue est survenue. L'équipe technique a été prévenue.")


class FileStorage(DependencyProvider):
    def setup(self):
        self.endpoint = FileEndpoint(mongo.database("resources"), load_file_settings())
        self.lease = Lease(self.endpoint.db, HOUSEKEEPING_LEASE, ttl=3 * HOUSEKEEPING_INTERVAL)
        self._running = False

    def start(self):
        self._running = True
        self.container.spawn_managed_thread(self._housekeeping, identifier="resources.files-housekeeping")

    def stop(self):
        self._running = False

    def kill(self):
        self._running = False

    def _housekeeping(self):
        while self._running:
            try:
                if self.endpoint.ensure_indexes():
                    self.housekeep(utcnow())
            except mongo.UNAVAILABLE_ERRORS as exc:
                DATABASE.down(exc, where="files housekeeping")
            except Exception:  # never let the loop die: it would take the container with it
                log.exception("files housekeeping failed")
            eventlet.sleep(HOUSEKEEPING_INTERVAL)

    def housekeep(self, now) -> bool:
        """Sweep if this replica holds (or takes) the lease; True when it did."""
        if not self.lease.acquire():
            return False
        sweep(self.endpoint.db, now)
        return True

    def get_dependency(self, worker_ctx):
        return self.endpoint


class FileEndpoints:
    """Mixin of the service class: the HTTP file endpoint (contract/files.openapi.yaml).

    Its entrypoints are attached to each class that inherits it, not to the mixin itself:
    `nameko run <module>` takes every class of the module that holds entrypoints for a service,
    and the service's module imports this one."""

    file_storage = FileStorage()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)

        def upload_file_over_http(self, request):
            return self.file_storage.upload(request)

        def download_file_over_http(self, request, file_id):
            return self.file_storage.download(request, file_id)

        cls.upload_file_over_http = FileHttp.decorator("PUT", "/files")(upload_file_over_http)
        cls.download_file_over_http = FileHttp.decorator("GET", "/files/<string:file_id>")(download_file_over_http)


def file_endpoint_url(container) -> str:
    """The address a running container's file endpoint listens on, e.g. http://127.0.0.1:41234."""
    server = next(extension for extension in container.subextensions if isinstance(extension, FileWebServer))
    host = server.bind_addr.address or "127.0.0.1"
    return f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{server.port}"
