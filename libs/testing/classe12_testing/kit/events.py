"""The kit's side of the event bus: listen to what a service emits, send it what it consumes.

- `EventTap`: an exclusive, auto-delete queue bound to the service's own `<service>.events`
  exchange for every event name its contract emits; each message received is checked
  against the contract (known type and version, envelope and payload schemas).
- `EventSender`: publishes envelopes to `<source>.events` with publisher confirms, checks that
  a consumer's durable queue exists, and finds a dead letter by envelope id.
"""
from __future__ import annotations

import time
import uuid
from datetime import datetime, timezone

import kombu
from kombu.exceptions import ChannelError

from classe12_contracts.documents import Contract
from classe12_contracts.envelope import EnvelopeError, parse_envelope, routing_key_of
from classe12_runtime.bus import DEAD_LETTER_SUFFIX, REASON_HEADER
from classe12_runtime.outbox import EventPublisher, event_exchange

POLL = 0.05
MAX_BROWSED = 10_000


def emitted_event_problem(contract: Contract, envelope, routing_key: str | None) -> str | None:
    """What is wrong with an envelope `contract`'s service emitted with this routing key,
    naming the contract part ("resources.resource_published v1 (contract resources 1.0.0): ...");
    None when it keeps the contract."""
    label = f"contract {contract.service} {contract.version}"
    event_type = f"{contract.service}.{routing_key}"
    if not isinstance(envelope, dict):
        return f"{event_type} ({label}): the message is not an envelope: {envelope!r:.200}"
    version = envelope.get("version")
    if envelope.get("type") != event_type:
        return f"{event_type} ({label}): an envelope of type {envelope.get('type')!r} was sent with routing key {routing_key!r}"
    if (event_type, version) not in contract.emits:
        versions = sorted(v for t, v in contract.emits if t == event_type)
        return f"{event_type} v{version} ({label}): not a version the contract emits (it emits {versions})"
    try:
        parse_envelope(envelope, registry=contract.registry)
    except EnvelopeError as exc:
        detail = exc.detail.removeprefix(f"{event_type} v{version}: ")
        return f"{event_type} v{version} ({label}): {detail}: {exc.fields}"
    return None


class EventTap:
    """What the service under test emits, from the moment the tap is opened."""

    def __init__(self, amqp_uri: str, contract: Contract):
        self.contract = contract
        self.received: list[dict] = []       # valid envelopes, in arrival order
        self.violations: list[str] = []      # what broke the contract, in arrival order
        self._connection = kombu.Connection(amqp_uri, connect_timeout=5)
        self._channel = self._connection.channel()
        exchange = event_exchange(f"{contract.service}.events")
        keys = sorted({routing_key_of(event_type) for event_type, _ in contract.emits})
        self._queue = kombu.Queue(f"kit.{contract.service}.events.{uuid.uuid4().hex[:12]}",
                                  bindings=[kombu.binding(exchange, routing_key=key) for key in keys],
                                  exclusive=True, auto_delete=True)(self._channel)
        self._queue.declare()

    def close(self) -> None:
        try:
            self._connection.release()
        except Exception:  # already gone: nothing to clean, the queue was exclusive
            pass

    def drain(self) -> None:
        while (message := self._queue.get(no_ack=True, accept=["json"])) is not None:
            self._receive(message)

    def _receive(self, message) -> None:
        key = (message.delivery_info or {}).get("routing_key")
        try:
            envelope = message.decode()
        except Exception as exc:  # not JSON: nobody could consume it
            self.violations.append(f"{self.contract.service}.{key}: the message body is not JSON ({exc})")
            return
        problem = emitted_event_problem(self.contract, envelope, key)
        if problem:
            self.violations.append(problem)
        else:
            self.received.append(envelope)

    def wait_for(self, predicate, timeout: float, start: int = 0):
        """The first envelope received from the `start`th on satisfying `predicate`, or None after
        `timeout` seconds; returns early (None) as soon as an emitted event breaks the contract."""
        deadline = time.monotonic() + timeout
        seen = start
        while True:
            self.drain()
            for envelope in self.received[seen:]:
                if predicate(envelope):
                    return envelope
            seen = len(self.received)
            if self.violations or time.monotonic() > deadline:
                return None
            time.sleep(POLL)


def new_envelope(event_type: str, version: int, data: dict, actor: dict | None = None,
                 request_id: str | None = None) -> dict:
    """An envelope as a producer would send it (the data is not checked here)."""
    return {"id": str(uuid.uuid4()), "type": event_type, "version": version,
            "occurred_at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "actor": actor, "request_id": request_id, "data": data}


class EventSender:
    """Publishes the events a service consumes, as their producers would."""

    def __init__(self, amqp_uri: str, timeout: float = 5.0):
        self.amqp_uri = amqp_uri
        self.publisher = EventPublisher(amqp_uri, timeout=timeout)

    def close(self) -> None:
        self.publisher.close()

    def publish(self, envelope: dict) -> None:
        self.publisher.publish(envelope)

    def queue_exists(self, queue: str) -> bool:
        with kombu.Connection(self.amqp_uri, connect_timeout=5) as connection:
            try:
                connection.channel().queue_declare(queue=queue, passive=True)
            except ChannelError:
                return False
        return True

    def take_dead_letter(self, queue: str, envelope_id: str) -> dict | None:
        """The headers of the dead letter of `queue` carrying this envelope, removed from the
        dead-letter queue; None when there is none (yet). Other dead letters stay in place."""
        dead = queue + DEAD_LETTER_SUFFIX
        if not self.queue_exists(dead):
            return None
        with kombu.Connection(self.amqp_uri, connect_timeout=5) as connection:
            channel = connection.channel()
            queue = kombu.Queue(dead, no_declare=True)(channel)
            found = None
            for _ in range(MAX_BROWSED):
                message = queue.get(no_ack=False, accept=["json"])
                if message is None:
                    break
                try:
                    body = message.decode()
                except Exception:  # an undecodable dead letter is somebody else's
                    body = None
                if isinstance(body, dict) and body.get("id") == envelope_id:
                    message.ack()
                    found = dict(message.headers or {})
                    break
            channel.close()  # what was browsed and not taken goes back to the queue
        return found


def dead_letter_reason(headers: dict) -> str | None:
    return headers.get(REASON_HEADER)
