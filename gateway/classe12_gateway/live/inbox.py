"""`notifications.inbox_changed` from RabbitMQ, handed to the event loop.

One exclusive, auto-deleted queue per process (`live.inbox-<random>`) bound to the
notifications exchange: every process gets every change and keeps those of its listeners. A
kombu consumer runs in a thread (the broker client is blocking) and schedules each change on
the loop; it reconnects when the broker goes away, and `connected` says whether it is
consuming now (a stream asked for while it is not gets 503 with Retry-After).
"""
from __future__ import annotations

import asyncio
import logging
import threading
import uuid

import kombu

from classe12_contracts.envelope import EnvelopeError, parse_envelope
from classe12_runtime.outbox import event_exchange

log = logging.getLogger(__name__)

EVENT = "notifications.inbox_changed"
EXCHANGE, ROUTING_KEY = "notifications.events", "inbox_changed"
RECONNECT_DELAY = 1.0


class InboxChanges:
    def __init__(self, amqp_uri: str, deliver, loop: asyncio.AbstractEventLoop, timeout: float = 5.0):
        self.amqp_uri = amqp_uri
        self.deliver = deliver  # deliver(member_id, data), called on the loop
        self.loop = loop
        self.timeout = timeout
        self.queue_name = f"live.inbox-{uuid.uuid4().hex[:16]}"
        self.connected = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="inbox-changes", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=self.timeout + 2)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._consume()
            except Exception as exc:  # the broker went away: streams already open stay open
                if self.connected.is_set():
                    log.warning("inbox changes: broker lost, reconnecting", extra={"error": repr(exc)})
                self.connected.clear()
                self._stopping.wait(RECONNECT_DELAY)
        self.connected.clear()

    def _consume(self) -> None:
        with kombu.Connection(self.amqp_uri, connect_timeout=self.timeout, heartbeat=30) as connection:
            connection.ensure_connection(max_retries=1)
            queue = kombu.Queue(self.queue_name, exchange=event_exchange(EXCHANGE), routing_key=ROUTING_KEY,
                                exclusive=True, auto_delete=True, durable=False)
            with connection.Consumer([queue], callbacks=[self._on_message], accept=["json"], no_ack=True):
                self.connected.set()
                log.info("inbox changes: consuming", extra={"queue": self.queue_name})
                while not self._stopping.is_set():
                    try:
                        connection.drain_events(timeout=1)
                    except TimeoutError:
                        connection.heartbeat_check()

    def _on_message(self, body, message) -> None:
        try:
            envelope = parse_envelope(body, accepted_versions=(1,))
        except EnvelopeError as exc:
            log.warning("inbox changes: message refused", extra={"error": str(exc)})
            return
        if envelope["type"] != EVENT:
            return
        data = envelope["data"]
        self.loop.call_soon_threadsafe(self.deliver, data["member_id"], data)
