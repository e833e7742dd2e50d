"""Outbox relay and idempotency against the real servers (SecantusDB, RabbitMQ vhost)."""
import kombu
import pytest

from classe12_contracts.envelope import make_envelope
from classe12_runtime.idempotency import ProcessedEvents
from classe12_runtime.mongo import run_in_transaction
from classe12_runtime.outbox import EventPublisher, Outbox, OutboxRelay
from classe12_testing.servers import free_port

PAYLOAD = {"member_id": "a" * 24, "display_name": "Anne", "role": "teacher", "levels": ["CP"]}


@pytest.fixture
def queue(broker_uri):
    """A queue bound like a nameko handler of community.member_registered."""
    exchange = kombu.Exchange("community.events", type="topic", durable=True)
    with kombu.Connection(broker_uri) as connection:
        bound = kombu.Queue("test-outbox-member_registered", exchange, routing_key="member_registered",
                            durable=False, auto_delete=False)(connection.channel())
        bound.declare()
        yield connection, bound
        bound.delete()


def received(connection, queue):
    bodies = []
    while (message := queue.get(no_ack=True)) is not None:
        bodies.append(message.payload)
    return bodies


def test_pending_events_survive_a_broker_outage_then_go_out_once(mongo_db, broker_uri, queue):
    outbox = Outbox(mongo_db)
    outbox.ensure_indexes()
    first, second = (make_envelope("community.member_registered", 1, PAYLOAD) for _ in range(2))
    run_in_transaction(mongo_db, lambda session: [outbox.add(e, session=session) for e in (first, second)])

    down = OutboxRelay(outbox, EventPublisher(f"amqp://guest:guest@127.0.0.1:{free_port()}/", timeout=1))
    assert down.flush() == 0
    assert [e["id"] for e in outbox.pending()] == [first["id"], second["id"]]
    assert mongo_db.outbox.find_one({"_id": first["id"]})["attempts"] == 1

    up = OutboxRelay(outbox, EventPublisher(broker_uri))
    try:
        assert up.flush() == 2
        assert up.flush() == 0  # nothing left: no second publication
    finally:
        up.publisher.close()
    connection, bound = queue
    assert [body["id"] for body in received(connection, bound)] == [first["id"], second["id"]]
    assert outbox.pending() == []


def test_a_transaction_that_fails_leaves_no_event(mongo_db):
    outbox = Outbox(mongo_db)
    envelope = make_envelope("community.member_registered", 1, PAYLOAD)

    def work(session):
        outbox.add(envelope, session=session)
        raise RuntimeError("the business write failed")

    with pytest.raises(RuntimeError):
        run_in_transaction(mongo_db, work)
    assert outbox.pending() == []


def test_processed_events_run_an_effect_once_per_consumer(mongo_db):
    envelope = make_envelope("community.member_registered", 1, PAYLOAD)
    effects = []
    first = ProcessedEvents(mongo_db, "notifications.welcome")
    assert first.run_once(envelope, effects.append) is True
    assert first.run_once(envelope, effects.append) is False
    assert ProcessedEvents(mongo_db, "other.consumer").run_once(envelope, effects.append) is True
    assert len(effects) == 2
