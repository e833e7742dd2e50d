"""An RPC client in plain kombu, following docs/rpc-protocol.md: what the gateway and the
replacement kit use to call any implementation of a service (nameko or not).

One process-wide client serves every thread:
- requests are published (publisher confirms, `mandatory`) to the exchange `nameko-rpc` with
  routing key `<service>.<method>`, the body `{"args": [], "kwargs": {...}}`, the call context
  as `nameko.*` headers, `reply_to` and `correlation_id`, and an AMQP `expiration` equal to the
  time the caller waits: a request nobody took in time expires in its queue;
- one background thread consumes the replies from this process's own exclusive reply queue and
  hands each to the waiting call by correlation id; a late or duplicate reply (its caller gave
  up) is acknowledged and dropped, never left in the queue nor kept in memory;
- a bulkhead per service: at most `max_in_flight` calls wait for one service at a time; one
  more fails at once (Overloaded) instead of holding a thread, so a stopped service cannot
  starve the calls to healthy ones.
Errors: the typed errors of `classe12_contracts.errors` as the service sent them; `Unavailable`
when no answer came (service unknown or not running, broker down, timeout, bulkhead full);
`RemoteFailure` for an unexpected failure inside the service.
"""
from __future__ import annotations

import logging
import socket
import threading
import time
import uuid
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

import kombu
from kombu.exceptions import ChannelError

from classe12_contracts.errors import Unavailable, from_wire

from .context import Caller
from .outage import Outage

log = logging.getLogger(__name__)

RPC_EXCHANGE = "nameko-rpc"
HEADER_PREFIX = "nameko."


class RemoteFailure(Exception):
    """The service failed in a way its contract does not describe (a bug on its side)."""

    def __init__(self, exc_type: str, value: str):
        self.exc_type = exc_type
        self.value = value
        super().__init__(f"{exc_type}: {value}")


class Overloaded(Unavailable):
    default_message = "Le service est surchargé. Réessayez dans quelques instants."


def rpc_exchange() -> kombu.Exchange:
    return kombu.Exchange(RPC_EXCHANGE, type="topic", durable=True, auto_delete=False)


class _Replies(threading.Thread):
    """Consumes this process's reply queue and completes the pending futures."""

    def __init__(self, client: "RpcClient"):
        super().__init__(name="classe12-rpc-replies", daemon=True)
        self.client = client
        self.ready = threading.Event()
        self.routing_key: str | None = None
        self.failed: Exception | None = None
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        while not self._stop.is_set():
            key = uuid.uuid4().hex
            try:
                with kombu.Connection(self.client.amqp_uri, connect_timeout=self.client.connect_timeout,
                                      heartbeat=self.client.heartbeat) as connection:
                    queue = kombu.Queue(f"rpc.reply-{self.client.name}-{key}", exchange=rpc_exchange(),
                                        routing_key=key, exclusive=True, auto_delete=True,
                                        queue_arguments={"x-expires": 300_000})
                    with connection.Consumer([queue], callbacks=[self._on_reply], accept=["json"]):
                        self.routing_key = key
                        self.failed = None
                        self.ready.set()
                        while not self._stop.is_set():
                            try:
                                connection.drain_events(timeout=1)
                            except socket.timeout:
                                connection.heartbeat_check()
            except Exception as exc:  # broker gone: every waiting call is answered Unavailable
                self.failed = exc
            self.ready.clear()
            self.routing_key = None
            self.client._fail_pending(Unavailable())
            if not self._stop.is_set():
                log.warning("rpc reply consumer lost the broker; reconnecting", extra={"error": repr(self.failed)})
                self._stop.wait(1.0)

    def _on_reply(self, body, message) -> None:
        message.ack()
        future = self.client._pending.pop(message.properties.get("correlation_id"), None)
        if future is None:
            log.info("late or duplicate rpc reply dropped",
                     extra={"correlation_id": message.properties.get("correlation_id")})
            return
        if not future.done():
            future.set_result(body)


class RpcClient:
    """Thread-safe; create one per process (after fork) and close it at exit."""

    def __init__(self, amqp_uri: str, timeout: float = 5.0, max_in_flight: int = 8, name: str = "client",
                 connect_timeout: float = 2.0, heartbeat: int = 10, context_key: str | None = None):
        self.amqp_uri = amqp_uri
        self.context_key = context_key  # signs the call context (ACTOR_CONTEXT_KEY)
        self.timeout = timeout
        self.max_in_flight = max_in_flight
        self.name = name
        self.connect_timeout = connect_timeout
        self.heartbeat = heartbeat
        self._pending: dict[str, Future] = {}
        self._bulkheads: dict[str, tuple[threading.BoundedSemaphore, Outage]] = {}
        self._lock = threading.Lock()
        self._publish_lock = threading.Lock()
        self._connection: kombu.Connection | None = None
        self._producer: kombu.Producer | None = None
        self._replies: _Replies | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def _ensure_replies(self, wait: float) -> str:
        with self._lock:
            if self._replies is None or not self._replies.is_alive():
                self._replies = _Replies(self)
                self._replies.start()
            replies = self._replies
        if not replies.ready.wait(min(wait, self.connect_timeout + 1)) or replies.routing_key is None:
            raise Unavailable()
        return replies.routing_key

    def close(self) -> None:
        with self._lock:
            if self._replies is not None:
                self._replies.stop()
                self._replies = None
        self._close_producer()
        self._fail_pending(Unavailable())

    def _close_producer(self) -> None:
        if self._connection is not None:
            try:
                self._connection.release()
            except Exception:  # already gone
                pass
        self._connection = None
        self._producer = None

    def _fail_pending(self, error: Exception) -> None:
        pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(error)

    # -- calls -------------------------------------------------------------------------------

    def _bulkhead(self, service: str) -> tuple[threading.BoundedSemaphore, Outage]:
        """The service's slots, and its outage log: one warning when they are all taken, one
        line when a call gets one again (not a line per refused call, when CPU is scarcest)."""
        with self._lock:
            if service not in self._bulkheads:
                self._bulkheads[service] = (threading.BoundedSemaphore(self.max_in_flight), Outage(
                    service, f"bulkhead full: calls to {service} answer 503 at once until one of those waiting ends",
                    f"bulkhead of {service} has room again"))
            return self._bulkheads[service]

    def _publish(self, body: dict, routing_key: str, properties: dict) -> None:
        with self._publish_lock:
            for attempt in (1, 2):  # a stale connection is replaced once
                try:
                    if self._producer is None:
                        self._connection = kombu.Connection(
                            self.amqp_uri, connect_timeout=self.connect_timeout,
                            transport_options={"confirm_publish": True})
                        self._connection.ensure_connection(max_retries=1)
                        self._producer = kombu.Producer(self._connection.channel())
                    self._producer.publish(body, exchange=rpc_exchange(), routing_key=routing_key, serializer="json",
                                           mandatory=True, retry=False, delivery_mode=1, declare=[rpc_exchange()],
                                           **properties)
                    return
                except ChannelError as exc:
                    self._close_producer()
                    if "NO_ROUTE" in str(exc):
                        raise Unavailable() from None  # no queue for this service: not running
                    if attempt == 2:
                        raise Unavailable() from None
                except Exception as exc:  # connection refused, reset, timed out...
                    self._close_producer()
                    if attempt == 2:
                        log.warning("rpc request not published", extra={"error": repr(exc)})
                        raise Unavailable() from None

    def call(self, service: str, method: str, arguments: dict | None = None, *, caller: Caller | None = None,
             timeout: float | None = None):
        """Call `service.method(**arguments)` as `caller`; the result, or a typed error."""
        kwargs = dict(arguments or {})
        timeout = timeout or self.timeout
        caller = caller or Caller()
        bulkhead, full = self._bulkhead(service)
        if not bulkhead.acquire(blocking=False):
            full.down(Overloaded(), target=f"{service}.{method}", in_flight=self.max_in_flight)
            raise Overloaded()
        full.up()
        try:
            return self._call(service, method, caller, timeout, kwargs)
        finally:
            bulkhead.release()

    def _call(self, service: str, method: str, caller: Caller, timeout: float, kwargs: dict):
        started = time.monotonic()
        reply_to = self._ensure_replies(timeout)
        deadline = time.time() + timeout
        context = Caller(caller.actor_id, caller.roles, caller.request_id, deadline, caller.idempotency_key,
                         caller.client_address).to_context_data(self.context_key)
        correlation_id = uuid.uuid4().hex
        future: Future = Future()
        self._pending[correlation_id] = future
        try:
            self._publish({"args": [], "kwargs": kwargs}, f"{service}.{method}", {
                "reply_to": reply_to, "correlation_id": correlation_id,
                "headers": {HEADER_PREFIX + key: value for key, value in context.items()},
                "expiration": timeout})  # seconds; kombu sends the AMQP property in milliseconds
            remaining = timeout - (time.monotonic() - started)
            body = future.result(timeout=max(0.0, remaining))
        except FutureTimeout:
            log.warning("rpc timeout", extra={"target": f"{service}.{method}", "timeout": timeout})
            raise Unavailable() from None
        finally:
            self._pending.pop(correlation_id, None)
        error = body.get("error") if isinstance(body, dict) else None
        if error:
            typed = from_wire(error)
            if typed is not None:
                raise typed
            raise RemoteFailure(str(error.get("exc_type")), str(error.get("value")))
        if not isinstance(body, dict) or "result" not in body:
            raise RemoteFailure("MalformedReply", "the reply is not {result, error}")
        return body["result"]
