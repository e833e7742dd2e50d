"""On the local stack each process has its own broker user: nothing on the bus can read
another service's requests or publish in its name."""
import amqp.exceptions
import kombu
import pytest

pytestmark = pytest.mark.system


def test_each_service_is_kept_to_its_own_queues_and_exchanges(platform):
    uris = platform.stack.broker_uris
    assert set(uris) == {"community", "resources", "evaluation", "notifications", "gateway", "live"}, \
        "rabbitmqctl should be usable where the tests run"
    with kombu.Connection(uris["notifications"], connect_timeout=5) as connection:
        with pytest.raises(amqp.exceptions.AccessRefused):  # somebody else's requests
            kombu.Queue("rpc-resources", no_declare=True)(connection.channel()).get()
    with kombu.Connection(uris["notifications"], connect_timeout=5) as connection:
        with pytest.raises(amqp.exceptions.AccessRefused):  # publishing as community
            connection.channel().basic_publish(amqp.Message(b"{}"), exchange="community.events",
                                               routing_key="member_registered")
            connection.drain_events(timeout=2)
    with kombu.Connection(uris["live"], connect_timeout=5) as connection:
        with pytest.raises(amqp.exceptions.AccessRefused):  # the live process only listens to inbox changes
            kombu.Queue("rpc-community", no_declare=True)(connection.channel()).get()
