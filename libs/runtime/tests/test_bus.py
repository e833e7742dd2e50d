"""The broker topology from the contracts, dead letters and their replay, on a private vhost."""
import io
import json

import amqp.exceptions
import kombu
import pytest

from classe12_contracts.documents import contracts_root
from classe12_runtime import bus_cli
from classe12_runtime.bus import REASON_HEADER, Republisher, consumer_queue


def message_count(connection, name):
    return connection.default_channel.queue_declare(name, passive=True).message_count


def test_declare_creates_every_consumer_queue_so_events_wait_for_consumers(broker_uri):
    declared = bus_cli.declare(broker_uri, contracts_root(), out=io.StringIO())
    assert {"notifications.welcome_new_members", "notifications.announce_new_resources"} <= set(declared)
    with kombu.Connection(broker_uri, transport_options={"confirm_publish": True}) as connection:
        exchange = kombu.Exchange("community.events", type="topic", durable=True)
        connection.Producer().publish({"published": "before any consumer ran"}, exchange=exchange,
                                      routing_key="member_registered", declare=[exchange], serializer="json")
        assert message_count(connection, "notifications.welcome_new_members") == 1
        assert message_count(connection, "notifications.welcome_new_members.dead-letters") == 0
        connection.default_channel.queue_purge("notifications.welcome_new_members")
    bus_cli.declare(broker_uri, contracts_root(), out=io.StringIO())  # idempotent


def test_messages_of_a_legacy_queue_move_to_the_declared_one(broker_uri):
    legacy = "evt-resources-resource_published--notifications.on_resource_published"
    with kombu.Connection(broker_uri, transport_options={"confirm_publish": True}) as connection:
        connection.channel().queue_delete("notifications.announce_new_resources")  # as before the upgrade
        exchange = kombu.Exchange("resources.events", type="topic", durable=True)
        kombu.Queue(legacy, exchange, routing_key="resource_published", durable=True)(connection.channel()).declare()
        connection.Producer().publish({"id": "waiting"}, exchange=exchange, routing_key="resource_published",
                                      declare=[exchange], serializer="json")
        out = io.StringIO()
        bus_cli.declare(broker_uri, contracts_root(), out=out)
        assert "1 message(s)" in out.getvalue()
        assert message_count(connection, "notifications.announce_new_resources") == 1
        with pytest.raises(amqp.exceptions.NotFound):
            connection.channel().queue_declare(legacy, passive=True)  # gone
        connection.default_channel.queue_purge("notifications.announce_new_resources")


def test_dead_letters_are_listed_with_their_reason_and_replayed(broker_uri):
    queue = "notifications.welcome_new_members"
    with kombu.Connection(broker_uri) as connection:
        consumer_queue("notifications", "welcome_new_members", "community.member_registered")(
            connection.channel()).declare()
        connection.default_channel.queue_purge(queue)
        Republisher(broker_uri).dead_letter(queue, {"id": "e-1", "type": "community.member_registered", "version": 9},
                                            {"nameko.request_id": "r"}, "unsupported_version", "v9 unknown")
        out = io.StringIO()
        assert bus_cli.list_dead_letters(broker_uri, queue, out=out) == 1
        listed = json.loads(out.getvalue())
        assert (listed["id"], listed["reason"]) == ("e-1", "unsupported_version")
        assert bus_cli.list_dead_letters(broker_uri, queue, out=io.StringIO()) == 1  # listing keeps them
        assert bus_cli.replay(broker_uri, queue, "e-1", out=io.StringIO()) == 1
        assert message_count(connection, queue + ".dead-letters") == 0
        replayed = kombu.Queue(queue, no_declare=True)(connection.channel()).get(no_ack=True)
        assert replayed.payload["id"] == "e-1" and REASON_HEADER not in replayed.headers
        assert replayed.headers["nameko.request_id"] == "r"
