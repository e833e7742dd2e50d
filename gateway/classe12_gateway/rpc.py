"""A per-process pool of nameko ClusterRpcProxy clients for a threaded (gthread) gateway.

One started client serves one thread at a time; clients are created lazily (after gunicorn
forks) and reused, never one per request. A client that saw a broker failure or a timeout is
thrown away. Every failure to get an answer becomes Unavailable (HTTP 503), never a hang.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from contextlib import contextmanager

from nameko.exceptions import RemoteError, RpcTimeout, UnknownService
from nameko.standalone.rpc import ClusterRpcProxy

from classe12_contracts.errors import AppError, Unavailable
from classe12_runtime.config import nameko_config
from classe12_runtime.context import Caller
from classe12_runtime.edge import register_remote_errors

log = logging.getLogger(__name__)

register_remote_errors()

#: errors that arrive as an answer from the service, over a working client
ANSWERED = (AppError, RemoteError)


class _Client:
    def __init__(self, amqp_uri: str, timeout: float):
        self.standalone = ClusterRpcProxy(nameko_config_for(amqp_uri), timeout=timeout)
        self.proxy = self.standalone.start()

    def call(self, service: str, method: str, caller: Caller, timeout: float, kwargs: dict):
        # one thread owns this client: set this call's context data and reply timeout
        self.standalone._worker_ctx.data = caller.to_context_data()
        self.standalone._reply_listener.queue_consumer.timeout = timeout
        return getattr(self.proxy[service], method)(**kwargs)

    def close(self) -> None:
        try:
            self.standalone.stop()
        except Exception:  # broker already gone
            pass


def nameko_config_for(amqp_uri: str) -> dict:
    config = nameko_config()
    config["AMQP_URI"] = amqp_uri
    return config


class RpcPool:
    def __init__(self, amqp_uri: str, size: int, timeout: float):
        self.amqp_uri = amqp_uri
        self.size = size
        self.timeout = timeout
        self._idle: queue.LifoQueue[_Client] = queue.LifoQueue()
        self._created = 0
        self._lock = threading.Lock()

    @contextmanager
    def _client(self, wait: float):
        client = self._acquire(wait)
        healthy = False
        try:
            yield client
            healthy = True
        except ANSWERED:
            healthy = True  # the service answered (with an error): the client is fine
            raise
        finally:
            if healthy:
                self._idle.put(client)
            else:
                self._discard(client)

    def _acquire(self, wait: float) -> _Client:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            can_create = self._created < self.size
            if can_create:
                self._created += 1
        if can_create:
            try:
                return _Client(self.amqp_uri, self.timeout)
            except Exception as exc:
                with self._lock:
                    self._created -= 1
                log.warning("cannot reach the broker", extra={"error": repr(exc)})
                raise Unavailable() from None
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            raise Unavailable("Le service est surchargé. Réessayez dans quelques instants.") from None

    def _discard(self, client: _Client) -> None:
        with self._lock:
            self._created -= 1
        client.close()

    def call(self, service: str, method: str, caller: Caller, timeout: float | None = None, **kwargs):
        timeout = timeout or self.timeout
        caller = Caller(actor_id=caller.actor_id, roles=caller.roles, request_id=caller.request_id,
                        deadline=time.time() + timeout)
        with self._client(wait=timeout) as client:
            try:
                return client.call(service, method, caller, timeout, kwargs)
            except AppError:
                raise
            except RpcTimeout:
                log.warning("rpc timeout", extra={"target": f"{service}.{method}", "timeout": timeout})
                raise Unavailable() from None
            except UnknownService:
                log.warning("service not running", extra={"target": f"{service}.{method}"})
                raise Unavailable() from None
            except RemoteError as exc:
                # an unexpected failure inside a service: a 500 without its trace
                log.error("unexpected error in a service", extra={"target": f"{service}.{method}", "error": str(exc)})
                raise
            except Exception as exc:
                # socket errors, kombu/amqp errors (connection forced, channel closed...)
                log.warning("broker failure during rpc", extra={"target": f"{service}.{method}", "error": repr(exc)})
                raise Unavailable() from None

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return
