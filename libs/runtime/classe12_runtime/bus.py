"""The broker topology the platform relies on, declared from the contracts, and dead letters.

- Every consumer of a contract has a durable queue `<service>.<name>` bound to its source's
  exchange `<source>.events` with the event name as routing key, and a dead-letter queue
  `<service>.<name>.dead-letters` bound to the direct exchange `classe12.dead-letters`.
  Declared at deployment (`classe12-bus declare`), so events published before a consumer
  first starts wait for it; the consumer declares the same at start (idempotent).
- A message a consumer cannot handle is published, with publisher confirms, to its dead-letter
  queue with headers saying why (`classe12.dead_letter_reason`, `classe12.dead_letter_detail`),
  and only then acknowledged: never acknowledged and lost.
"""
from __future__ import annotations

from datetime import datetime, timezone

import kombu

from classe12_contracts.envelope import exchange_of, routing_key_of

from .outbox import event_exchange

DEAD_LETTER_EXCHANGE = "classe12.dead-letters"
DEAD_LETTER_SUFFIX = ".dead-letters"
REASON_HEADER = "classe12.dead_letter_reason"
DETAIL_HEADER = "classe12.dead_letter_detail"
QUEUE_HEADER = "classe12.dead_letter_queue"
AT_HEADER = "classe12.dead_lettered_at"
ATTEMPTS_HEADER = "classe12.attempts"


def consumer_queue_name(service: str, consumer: str) -> str:
    return f"{service}.{consumer}"


def dead_letter_exchange() -> kombu.Exchange:
    return kombu.Exchange(DEAD_LETTER_EXCHANGE, type="direct", durable=True, auto_delete=False)


def consumer_queue(service: str, consumer: str, event_type: str, declare_exchange: bool = True) -> kombu.Queue:
    """The consumer's durable queue, bound to its source's exchange. A running consumer does not
    declare the source's exchange (it may not be allowed to: that exchange is another service's);
    `classe12-bus declare` does."""
    exchange = event_exchange(exchange_of(event_type))
    if not declare_exchange:
        exchange = kombu.Exchange(exchange.name, type=exchange.type, durable=True, auto_delete=False,
                                  no_declare=True)
    return kombu.Queue(consumer_queue_name(service, consumer), exchange=exchange,
                       routing_key=routing_key_of(event_type), durable=True, auto_delete=False)


def dead_letter_queue(queue_name: str) -> kombu.Queue:
    return kombu.Queue(queue_name + DEAD_LETTER_SUFFIX, exchange=dead_letter_exchange(), routing_key=queue_name,
                       durable=True, auto_delete=False)


def declare_consumer(channel, service: str, consumer: str, event_type: str) -> None:
    """The consumer's queue, its binding and its dead-letter queue (idempotent)."""
    queue = consumer_queue(service, consumer, event_type)
    queue(channel).declare()
    dead_letter_queue(queue.name)(channel).declare()


class Republisher:
    """Publishes, with confirms, a message back to a consumer's queue or to its dead letters."""

    def __init__(self, amqp_uri: str, timeout: float = 5.0):
        self.amqp_uri = amqp_uri
        self.timeout = timeout

    def _publish(self, body, exchange, routing_key: str, headers: dict, declare=(), **encoding) -> None:
        with kombu.Connection(self.amqp_uri, connect_timeout=self.timeout,
                              transport_options={"confirm_publish": True}) as connection:
            producer = kombu.Producer(connection.channel())
            producer.publish(body, exchange=exchange, routing_key=routing_key, delivery_mode=2, headers=headers,
                             declare=list(declare), retry=False, timeout=self.timeout,
                             **(encoding or {"serializer": "json"}))

    def dead_letter(self, queue_name: str, body, headers: dict, reason: str, detail: str, **encoding) -> None:
        """`encoding`: content_type and content_encoding when `body` is raw bytes (undecodable)."""
        headers = dict(headers or {}, **{
            REASON_HEADER: reason, DETAIL_HEADER: detail[:2000], QUEUE_HEADER: queue_name,
            AT_HEADER: datetime.now(timezone.utc).isoformat(timespec="milliseconds")})
        self._publish(body, dead_letter_exchange(), queue_name, headers,
                      declare=[dead_letter_exchange(), dead_letter_queue(queue_name)], **encoding)

    def retry(self, queue_name: str, body, headers: dict, attempts: int) -> None:
        """Back to the end of the consumer's own queue (default exchange), counting attempts."""
        self._publish(body, "", queue_name, dict(headers or {}, **{ATTEMPTS_HEADER: attempts}))
