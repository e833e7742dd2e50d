"""The nameko edge of the runtime: what a service's service.py uses, and nothing else does.

- `rpc_method`: an RPC entrypoint whose typed errors travel as `classe12.<code>`
  (docs/rpc-protocol.md), that refuses requests past their deadline, maps validation and
  database failures to `invalid` and `unavailable`, and survives a reply lost to a broker
  outage (nameko would kill the container).
- `Database`: the service's database as a unit of work (transactional writes with their
  outbox), indexes and data migrations at start, and the outbox relay in the background (one
  replica at a time, under a lease).
- `consumes`: an event consumer declared by name, as in the contract: its own durable queue
  `<service>.<name>`, the versions it accepts, each envelope handled once, and a dead-letter
  queue for what it cannot handle.
"""
from __future__ import annotations

import functools
import logging
import sys
import time

import eventlet
import kombu.serialization
from amqp.exceptions import ConnectionError as AmqpConnectionError
from kombu.exceptions import OperationalError as KombuOperationalError
from marshmallow import ValidationError
from nameko import exceptions as nameko_exceptions
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.events import SERVICE_POOL, EventHandler
from nameko.exceptions import UnserializableValueError
from nameko.extensions import DependencyProvider
from nameko.messaging import Consumer, QueueConsumer
from nameko.rpc import Responder, Rpc, RpcConsumer, get_rpc_exchange

from classe12_contracts.envelope import EnvelopeError, parse_envelope, split_type
from classe12_contracts.errors import ERRORS, AppError, Unavailable, wire_path

from . import mongo
from .bus import ATTEMPTS_HEADER, Republisher, consumer_queue, dead_letter_queue
from .clock import utcnow
from .config import load_settings, required_context_key
from .context import Caller
from .idempotency import ProcessedEvents
from .lease import Lease, once_per_period
from .logs import bind
from .migrations import Migration, applied_versions, migrate
from .outage import DATABASE
from .outbox import RELAY_LEASE, EventPublisher, Outbox, OutboxRelay, event_exchange
from .requests import KEEP as REQUESTS_KEPT
from .requests import RequestKey, RequestLog
from .uow import MongoUnitOfWork
from .validation import NoArguments, Schema, invalid_from_marshmallow, load_or_invalid

log = logging.getLogger(__name__)

RELAY_INTERVAL = 1.0
RELAY_LEASE_TTL = 10.0
DELIVERY = "delivery_key"  # context key: the AMQP correlation id of the request being handled


def register_remote_errors() -> None:
    """Let nameko callers rebuild our typed errors from `classe12.<code>`."""
    for code, cls in ERRORS.items():
        nameko_exceptions.registry[wire_path(code)] = cls


register_remote_errors()


# --- RPC ----------------------------------------------------------------------------------

class ContractResponder(Responder):
    """nameko's reply, with typed errors serialised as the protocol says (classe12.<code>)."""

    def send_response(self, result, exc_info):
        error = None
        if exc_info is not None:
            exc = exc_info[1]
            error = exc.to_wire() if isinstance(exc, AppError) else nameko_exceptions.serialize(exc)
        content_type = self.message.properties["content_type"]
        serializer = kombu.serialization.registry.type_to_name[content_type]
        try:
            kombu.serialization.dumps(result, serializer)
        except Exception:
            exc_info = sys.exc_info()
            error = nameko_exceptions.serialize(UnserializableValueError(result))
            result = None
        publisher = self.publisher_cls(self.amqp_uri, ssl=self.ssl, login_method=self.login_method)
        publisher.publish({"result": result, "error": error}, serializer=serializer, exchange=self.exchange,
                          routing_key=self.message.properties["reply_to"],
                          correlation_id=self.message.properties.get("correlation_id"))
        return result, exc_info


#: the connection a message came on is gone: the broker gives the message again to a live consumer
CONNECTION_LOST = (AmqpConnectionError, KombuOperationalError, OSError)


class SettlesOnLiveConnections(QueueConsumer):
    """nameko's queue consumer, except that acknowledging or returning a message on a
    connection that has just died (a process paused past two heartbeats, a broker restart) is
    not an error: the broker already gave the message back. nameko catches only some of these
    errors and otherwise lets the worker thread die, and with it the whole service."""

    def ack_message(self, message):
        try:
            super().ack_message(message)
        except CONNECTION_LOST as exc:
            log.warning("acknowledgement not sent: connection lost, the broker redelivers",
                        extra={"error": repr(exc)})

    def requeue_message(self, message):
        try:
            super().requeue_message(message)
        except CONNECTION_LOST as exc:
            log.warning("message not returned: connection lost, the broker redelivers",
                        extra={"error": repr(exc)})


class RpcQueueConsumer(SettlesOnLiveConnections):
    """The queue consumer of RPC entrypoints (a class of its own: nameko shares one instance
    per class and container, and event consumers need theirs)."""


class ContractRpcConsumer(RpcConsumer):
    queue_consumer = RpcQueueConsumer()

    def handle_result(self, message, result, exc_info):
        config = self.container.config
        responder = ContractResponder(config[AMQP_URI_CONFIG_KEY], get_rpc_exchange(config),
                                      config.get("serializer", "json"), message)
        try:
            result, exc_info = responder.send_response(result, exc_info)
        except (KombuOperationalError, OSError) as exc:
            # the caller has already been told 503; the unacknowledged request is redelivered,
            # then refused as expired. nameko would kill the container here.
            log.warning("reply not sent: broker unreachable", extra={"error": repr(exc)})
        self.queue_consumer.ack_message(message)
        return result, exc_info


class ContractRpc(Rpc):
    rpc_consumer = ContractRpcConsumer()

    def handle_message(self, body, message):
        # the AMQP correlation id identifies this request across redeliveries (requests.py)
        message.headers[f"nameko.{DELIVERY}"] = message.properties.get("correlation_id") or ""
        return super().handle_message(body, message)


def rpc_method(input_schema: type[Schema] = NoArguments):
    """@rpc taking named arguments validated by `input_schema` (marshmallow): the method
    receives the loaded data. Typed errors as in the module docstring; the schema is kept on
    the method (`input_schema`) so tests diff it against the contract."""
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(self, **payload):
            caller = getattr(self, "caller", None)
            if isinstance(caller, Refused):
                raise caller.error
            if isinstance(caller, Caller) and caller.expired:
                # the client gave up waiting (e.g. the request waited in the queue while we were down)
                raise Unavailable("Demande expirée avant son traitement.")
            try:
                result = fn(self, load_or_invalid(input_schema(), payload))
            except AppError:
                raise
            except ValidationError as exc:
                raise invalid_from_marshmallow(exc.messages) from None
            except mongo.UNAVAILABLE_ERRORS as exc:
                DATABASE.down(exc)
                raise Unavailable() from None
            return result
        wrapper.input_schema = input_schema
        return ContractRpc.decorator(expected_exceptions=AppError)(wrapper)
    return decorate


class Refused:
    """What a worker is given instead of what it cannot have (an unsigned caller, a database
    not ready): the first use raises the refusal, inside the entrypoint, so the caller is answered."""

    def __init__(self, error: AppError):
        self.error = error

    def __getattr__(self, name):
        raise self.error


class RequestContext(DependencyProvider):
    """Gives the worker the Caller (acting user, roles, request id, deadline), believed only when
    the context is signed with the platform's key (ACTOR_CONTEXT_KEY), and binds logs."""

    def setup(self):
        self.key = required_context_key()

    def get_dependency(self, worker_ctx):
        # raising here would kill the worker before it could answer: the refusal is raised by
        # the entrypoint instead (rpc_method), as the caller's answer
        try:
            return Caller.verified(worker_ctx.data, self.key)
        except AppError as refusal:
            return Refused(refusal)

    def worker_setup(self, worker_ctx):
        caller = Caller.from_context_data(worker_ctx.data)
        bind(caller.request_id, caller.actor_id)

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        # one line per call, carrying the request id and the acting user (bound in setup)
        outcome = "ok" if exc_info is None else exc_info[0].__name__
        log.info("handled", extra={"entrypoint": f"{worker_ctx.service_name}.{worker_ctx.entrypoint.method_name}",
                                   "outcome": outcome})

    def worker_teardown(self, worker_ctx):
        bind(None, None)


# --- the database as a unit of work -------------------------------------------------------

class Database(DependencyProvider):
    """The service's database: `self.uow` in workers (a MongoUnitOfWork for the caller).

    `repository(db, session)` builds the service's repository, which offers `ensure_indexes()`;
    `migrations` are the service's data migrations, applied at start (see migrations.py).
    """

    def __init__(self, service: str, repository, migrations: tuple[Migration, ...] = (), on_ready=None):
        self.service = service
        self.repository = repository
        self.migrations = tuple(migrations)
        #: on_ready(uow): run once the database is prepared, with a unit of work acting for the
        #: platform (e.g. announce what this release brings); it must be idempotent across replicas
        self.on_ready = on_ready
        self.db = None
        self._ready = False
        self._running = False

    def setup(self):
        settings = load_settings()
        self.db = mongo.database(self.service)
        self.outbox = Outbox(self.db)
        self.relay = OutboxRelay(self.outbox, EventPublisher(settings.amqp_uri, timeout=settings.rpc_timeout),
                                 Lease(self.db, RELAY_LEASE, RELAY_LEASE_TTL))
        self.prepare()

    def prepare(self) -> bool:
        """Indexes and migrations; retried until the database has answered once."""
        if self._ready:
            return True
        try:
            self.repository(self.db, None).ensure_indexes()
            self.outbox.ensure_indexes()
            RequestLog(self.db).ensure_indexes()
            migrate(self.db, self.migrations)
            ready = {m.version for m in self.migrations} <= applied_versions(self.db)
            if ready and self.on_ready is not None:
                self.on_ready(MongoUnitOfWork(self.db, self.repository, self.outbox, self.relay,
                                              Caller(request_id=f"{self.service}-start")))
            self._ready = ready
        except mongo.UNAVAILABLE_ERRORS as exc:
            DATABASE.down(exc, service=self.service)
        return self._ready

    def start(self):
        self._running = True
        self.container.spawn_managed_thread(self._relay_loop, identifier=f"{self.service}.outbox-relay")

    def _relay_loop(self):
        while self._running:
            try:
                if self.prepare():
                    self.relay.sweep()
                    self._forget_old_requests()
            except mongo.UNAVAILABLE_ERRORS as exc:  # the database is away: one warning, see outage.py
                DATABASE.down(exc, where="housekeeping")
            except Exception:  # never let the loop die: it would take the container with it
                log.exception("outbox relay tick failed")
            eventlet.sleep(RELAY_INTERVAL)

    def _forget_old_requests(self) -> None:
        """Once an hour, by whichever replica gets there first."""
        period = utcnow().strftime("%Y-%m-%dT%H")
        once_per_period(self.db, "forget-old-requests", period,
                        lambda: RequestLog(self.db).forget_before(utcnow() - REQUESTS_KEPT))

    def stop(self):
        self._running = False
        self.relay.publisher.close()

    def kill(self):
        self.stop()

    def get_dependency(self, worker_ctx):
        if not self.prepare():
            return Refused(Unavailable())
        caller = Caller.from_context_data(worker_ctx.data)
        request = None
        if isinstance(worker_ctx.entrypoint, ContractRpc):
            request = RequestKey.of(worker_ctx.entrypoint.method_name, caller.actor_id, worker_ctx.kwargs,
                                    worker_ctx.data.get(DELIVERY), caller.idempotency_key)
        return MongoUnitOfWork(self.db, self.repository, self.outbox, self.relay, caller, request)


# --- event consumers ----------------------------------------------------------------------

class RetryLater(Exception):
    """The message is fine but cannot be handled now (database down): requeue it."""


#: failures that are not the message's fault: it is requeued, never counted nor dead-lettered
TRANSIENT = (RetryLater, Unavailable)


class ContractQueueConsumer(SettlesOnLiveConnections):
    """The queue consumer of event consumers: a message whose body cannot even be decoded goes
    to the dead letters of its queue (kombu would log it and acknowledge it: lost)."""

    def on_decode_error(self, message, exc):
        tag = (message.delivery_info or {}).get("consumer_tag")
        provider = next((p for p, consumer in self._consumers.items()
                         if tag in getattr(consumer, "_active_tags", {}).values()), None)
        if provider is None:
            message.requeue()
            return
        try:
            provider.republisher.dead_letter(provider.queue.name, message.body, message.headers, "undecodable",
                                             repr(exc), content_type=message.content_type,
                                             content_encoding=message.content_encoding)
        except Exception as error:  # never acknowledge what we could not keep
            log.warning("could not dead-letter an undecodable message; returned", extra={"error": repr(error)})
            message.requeue()
            return
        log.error("undecodable message dead-lettered", extra={"queue": provider.queue.name})
        message.ack()


class ContractConsumer(EventHandler):
    """A consumer declared by name: queue `<service>.<name>`, dead letters beside it."""

    queue_consumer = ContractQueueConsumer()

    def __init__(self, consumer_name: str, event_type: str, versions, max_attempts: int = 3,
                 retry_delay: float = 1.0, **kwargs):
        source, event = split_type(event_type)
        self.consumer_name = consumer_name
        self.contract_event = event_type
        self.versions = tuple(versions)
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        super().__init__(source, event, handler_type=SERVICE_POOL, reliable_delivery=True,
                         requeue_on_error=False, **kwargs)

    def setup(self):
        self.queue = consumer_queue(self.container.service_name, self.consumer_name, self.contract_event,
                                    declare_exchange=False)
        self.republisher = Republisher(self.container.config[AMQP_URI_CONFIG_KEY])
        uri = self.container.config[AMQP_URI_CONFIG_KEY]
        for what, declare in (("source exchange", lambda channel: event_exchange(self.queue.exchange.name)(channel)
                               .declare()),
                              ("dead-letter queue", lambda channel: dead_letter_queue(self.queue.name)(channel)
                               .declare())):
            try:
                with kombu.Connection(uri, connect_timeout=5) as connection:
                    declare(connection.channel())
            except Exception as exc:  # not ours to declare, or the broker is away: `classe12-bus declare` does it
                log.info(f"{what} not declared at start", extra={"queue": self.queue.name, "error": repr(exc)})
        Consumer.setup(self)  # not EventHandler.setup: the queue is ours, not nameko's naming

    def handle_result(self, message, worker_ctx, result=None, exc_info=None):
        if exc_info is None:
            self.queue_consumer.ack_message(message)
            return result, exc_info
        exc = exc_info[1]
        if isinstance(exc, TRANSIENT):
            # not the message's fault (database down): back to the queue after a pause
            eventlet.sleep(self.retry_delay)
            self.queue_consumer.requeue_message(message)
        elif isinstance(exc, EnvelopeError):
            detail = exc.detail + (f" {exc.fields}" if exc.fields else "")
            self._dead_letter(message, exc.reason, detail)
        else:
            attempts = int((message.headers or {}).get(ATTEMPTS_HEADER) or 0) + 1
            if attempts < self.max_attempts:
                self._republish(message, attempts)
            else:
                self._dead_letter(message, "handler_failed", f"{attempts} attempts; last error: {exc!r}")
        return result, exc_info

    def _republish(self, message, attempts: int) -> None:
        try:
            self.republisher.retry(self.queue.name, message.payload, message.headers, attempts)
        except Exception as exc:
            log.warning("could not requeue for a retry; message returned", extra={"error": repr(exc)})
            self.queue_consumer.requeue_message(message)
            return
        self.queue_consumer.ack_message(message)

    def _dead_letter(self, message, reason: str, detail: str) -> None:
        try:
            self.republisher.dead_letter(self.queue.name, message.payload, message.headers, reason, detail)
        except Exception as exc:  # never acknowledge what we could not keep
            log.warning("could not dead-letter; message returned", extra={"error": repr(exc)})
            self.queue_consumer.requeue_message(message)
            return
        log.error("message dead-lettered", extra={"queue": self.queue.name, "reason": reason, "detail": detail})
        self.queue_consumer.ack_message(message)


def consumes(name: str, event_type: str, versions=(1,), retry_delay: float = 1.0, max_attempts: int = 3):
    """Declare the consumer `name` of `event_type` (the versions it accepts), as in the contract.

    The decorated method receives the validated envelope, at most once per envelope id (the
    service's dependency `uow` gives the database). Unknown versions and invalid payloads are
    dead-lettered at once; a failing handler is retried `max_attempts` times, then
    dead-lettered; a database outage requeues the message after `retry_delay`.
    """
    def decorate(fn):
        @functools.wraps(fn)
        def handler(self, body):
            envelope = parse_envelope(body, set(versions))
            bind(envelope.get("request_id"), (envelope.get("actor") or {}).get("id"))
            try:
                ProcessedEvents(self.uow.db, f"{self.name}.{name}").run_once(envelope, lambda env: fn(self, env))
            except mongo.UNAVAILABLE_ERRORS as exc:
                DATABASE.down(exc, consumer=name)  # the message is requeued (RetryLater)
                raise RetryLater() from None
            DATABASE.up()
        return ContractConsumer.decorator(name, event_type, versions, max_attempts, retry_delay,
                                          expected_exceptions=(*TRANSIENT, EnvelopeError))(handler)
    return decorate


def health(service: str, version: str, db) -> dict:
    """Payload of every service's `health` RPC."""
    started = time.monotonic()
    database_ok = mongo.ping(db)
    DATABASE.up() if database_ok else DATABASE.down(ConnectionError("ping failed"), where="health")
    return {"service": service, "version": version,
            "status": "ok" if database_ok else "unavailable",
            "database": {"ok": database_ok, "latency_ms": round((time.monotonic() - started) * 1000, 1)}}
