"""The nameko edge of the kernel: dependency providers and decorators for services' service.py.

Only service.py modules (and the gateway's RPC pool) import this module; domain code never does.
"""
from __future__ import annotations

import functools
import logging
import time

import eventlet
from kombu.exceptions import OperationalError as KombuOperationalError
from marshmallow import ValidationError
from nameko import exceptions as nameko_exceptions
from nameko.events import SERVICE_POOL, event_handler
from nameko.extensions import DependencyProvider
from nameko.rpc import Rpc
from nameko.timer import Timer

from . import mongo
from .config import load_settings
from .context import Caller
from .errors import ALL_ERRORS, AppError, Invalid, Unavailable, invalid_from_marshmallow
from .events import make_envelope, parse_envelope
from .idempotency import ProcessedEvents
from .logs import bind
from .outbox import EventPublisher, Outbox, OutboxRelay

log = logging.getLogger(__name__)


def register_remote_errors() -> None:
    """Let nameko rebuild our typed errors on the calling side (instead of RemoteError)."""
    for cls in ALL_ERRORS:
        nameko_exceptions.registry[f"{cls.__module__}.{cls.__name__}"] = cls


register_remote_errors()


class RequestContext(DependencyProvider):
    """Gives the worker the Caller (acting user, roles, request id, deadline) and binds logs."""

    def get_dependency(self, worker_ctx):
        return Caller.from_context_data(worker_ctx.data)

    def worker_setup(self, worker_ctx):
        caller = Caller.from_context_data(worker_ctx.data)
        bind(caller.request_id, caller.actor_id)

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        # one line per call, carrying the request id and the acting user (bound in setup)
        if isinstance(worker_ctx.entrypoint, Timer):
            return  # housekeeping ticks (outbox relay) would flood the logs
        outcome = "ok" if exc_info is None else exc_info[0].__name__
        log.info("handled", extra={"entrypoint": f"{worker_ctx.service_name}.{worker_ctx.entrypoint.method_name}",
                                   "outcome": outcome})

    def worker_teardown(self, worker_ctx):
        bind(None, None)


class Store(DependencyProvider):
    """One repository per container over the service's database; indexes ensured at start.

    `factory(db)` builds the repository; it must offer `ensure_indexes()`.
    """

    def __init__(self, service: str, factory):
        self.service = service
        self.factory = factory
        self.store = None
        self._indexed = False

    def setup(self):
        self.store = self.factory(mongo.database(self.service))
        self._ensure_indexes()

    def _ensure_indexes(self) -> None:
        if self._indexed:
            return
        try:
            self.store.ensure_indexes()
            self._indexed = True
        except mongo.UNAVAILABLE_ERRORS as exc:  # retried on the next worker
            log.warning("database unreachable at start; indexes will be ensured later",
                        extra={"service": self.service, "error": repr(exc)})

    def get_dependency(self, worker_ctx):
        self._ensure_indexes()
        return self.store


class BoundEvents:
    """Records events in the outbox for the current caller; relays them after commit."""

    def __init__(self, relay: OutboxRelay, caller: Caller):
        self.relay = relay
        self.caller = caller

    def envelope(self, name: str, data: dict) -> dict:
        return make_envelope(name, data, actor=self.caller.actor, request_id=self.caller.request_id)

    def record(self, envelope: dict, session) -> None:
        self.relay.outbox.add(envelope, session=session)

    def flush(self) -> int:
        return self.relay.flush()


class Events(DependencyProvider):
    """The service's outbox and its relay to RabbitMQ (publisher confirms)."""

    def __init__(self, service: str):
        self.service = service
        self.relay = None

    def setup(self):
        settings = load_settings()
        outbox = Outbox(mongo.database(self.service))
        try:
            outbox.ensure_indexes()
        except mongo.UNAVAILABLE_ERRORS as exc:  # the relay works without it; next start adds it
            log.warning("database unreachable at start; outbox index not ensured", extra={"error": repr(exc)})
        self.relay = OutboxRelay(outbox, EventPublisher(settings.amqp_uri, timeout=settings.rpc_timeout))

    def stop(self):
        self.relay.publisher.close()

    def get_dependency(self, worker_ctx):
        return BoundEvents(self.relay, Caller.from_context_data(worker_ctx.data))


def _translate_errors(fn):
    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        caller = getattr(self, "caller", None)
        if isinstance(caller, Caller) and caller.expired:
            # the client gave up waiting (e.g. the request waited in the queue while we were down)
            raise Unavailable("Demande expirée avant son traitement.")
        try:
            return fn(self, *args, **kwargs)
        except AppError:
            raise
        except ValidationError as exc:
            raise invalid_from_marshmallow(exc.messages) from None
        except mongo.UNAVAILABLE_ERRORS as exc:
            log.warning("database unavailable", extra={"error": repr(exc)})
            raise Unavailable() from None
    return wrapper


class ResilientRpc(Rpc):
    """nameko's Rpc entrypoint, except that a reply that cannot be sent because the broker is
    gone does not kill the container (nameko's default): the caller has already been told 503,
    and the unacknowledged request is redelivered, then refused as expired."""

    def handle_result(self, message, worker_ctx, result, exc_info):
        try:
            return super().handle_result(message, worker_ctx, result, exc_info)
        except (KombuOperationalError, OSError) as exc:
            log.warning("reply not sent: broker unreachable", extra={
                "entrypoint": f"{worker_ctx.service_name}.{worker_ctx.entrypoint.method_name}", "error": repr(exc)})
            return result, exc_info


def rpc_method(fn):
    """@rpc with typed errors: validation -> Invalid, database down -> Unavailable."""
    return ResilientRpc.decorator(expected_exceptions=AppError)(_translate_errors(fn))


def consumes(source: str, event_name: str, retry_delay: float = 1.0):
    """@event_handler for catalogue events: envelope validated, each envelope handled once.

    The decorated method receives the parsed envelope. The service must have a `store`
    attribute (its repository, with a `db`). A malformed message is logged and dropped; a
    transient failure (database down) is retried by requeueing after `retry_delay`; any
    other failure is logged with the event id and the message dropped (no poison loop).
    """
    def decorate(fn):
        consumer_name = f"{source}.{event_name}->{fn.__qualname__}"

        @functools.wraps(fn)
        def handler(self, body):
            try:
                envelope = parse_envelope(body)
            except Invalid as exc:
                log.error("malformed event dropped", extra={"consumer": consumer_name, "fields": str(exc.fields)})
                return
            bind(envelope.get("request_id"), (envelope.get("actor") or {}).get("id"))
            try:
                ProcessedEvents(self.store.db, consumer_name).run_once(envelope, lambda env: fn(self, env))
            except mongo.UNAVAILABLE_ERRORS:
                log.warning("database unavailable while handling event; requeued",
                            extra={"consumer": consumer_name, "event_id": envelope["id"]})
                eventlet.sleep(retry_delay)
                raise
            except Exception:
                # a bug or a poison message: requeueing would loop forever; keep it in the logs
                log.exception("event handler failed; event dropped",
                              extra={"consumer": consumer_name, "event_id": envelope["id"]})
        return event_handler(source, event_name, handler_type=SERVICE_POOL,
                             requeue_on_error=True)(handler)
    return decorate


def health(service: str, version: str, db) -> dict:
    """Payload of every service's `health` RPC."""
    started = time.monotonic()
    database_ok = mongo.ping(db)
    return {"service": service, "version": version,
            "status": "ok" if database_ok else "unavailable",
            "database": {"ok": database_ok, "latency_ms": round((time.monotonic() - started) * 1000, 1)}}
