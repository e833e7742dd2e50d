"""The kit proves a replacement keeps its contract, and names the contract part one breaks.

Only the broker is needed for the minimal notifications (the `broker_uri` vhost); the broken
resources producer is the real resources service, so it also needs SecantusDB (`run_service`).
"""
import time
import uuid
from pathlib import Path

import kombu
import pytest
from minimal_notifications import MinimalNotifications

from classe12_resources.domain.resources import Resources
from classe12_resources.schemas import ResourceIdSchema
from classe12_resources.service import ResourcesService
from classe12_runtime import uow
from classe12_runtime.edge import rpc_method
from classe12_testing.kit import run_kit
from classe12_testing.kit.events import new_envelope

SERVICES = Path(__file__).resolve().parents[2] / "services"


#: the platform's key that signs call contexts, shared here by the kit and the implementation
KEY = "replacement-tests-" + uuid.uuid4().hex


def kit(service: str, amqp_uri: str, **options):
    options.setdefault("context_key", KEY)
    result = run_kit(service, amqp_uri, contract_folder=SERVICES / service / "contract", **options)
    print(result.report())
    return result


@pytest.fixture
def own_broker(broker_uri):
    """A vhost of the test's own for the minimal notifications (beside the session's `broker_uri`,
    which makes these integration tests): no other implementation shares its queues (a real
    notifications service another test of the session left consuming on the session's vhost, or
    the previous test's instance), which would answer every other request from a state of its own."""
    from classe12_testing.servers import RabbitVhost

    vhost = RabbitVhost().create()
    try:
        yield vhost.uri
    finally:
        vhost.delete()


def test_the_minimal_notifications_passes_the_notifications_kit(own_broker):
    with MinimalNotifications(own_broker, context_key=KEY):
        result = kit("notifications", own_broker)
    assert result.ok, "\n".join(result.messages)


def test_the_minimal_notifications_refuses_a_request_past_its_deadline(own_broker):
    """What the kit cannot send through its RPC client: a request taken after its deadline."""
    rpc = kombu.Exchange("nameko-rpc", type="topic", durable=True)
    key = uuid.uuid4().hex
    with MinimalNotifications(own_broker, context_key=KEY), kombu.Connection(own_broker) as connection:
        replies = kombu.Queue(f"test-replies-{key}", rpc, routing_key=key, exclusive=True)(connection.channel())
        replies.declare()
        kombu.Producer(connection.channel()).publish(
            {"args": [], "kwargs": {}}, exchange=rpc, routing_key="notifications.health", reply_to=key,
            correlation_id=key, serializer="json",
            headers={"nameko.actor_id": "", "nameko.deadline": repr(time.time() - 1)})
        deadline = time.monotonic() + 10
        while (message := replies.get(no_ack=True, accept=["json"])) is None:
            assert time.monotonic() < deadline, "no reply"
            time.sleep(0.05)
    assert message.properties["correlation_id"] == key
    assert message.payload["result"] is None and message.payload["error"]["exc_path"] == "classe12.unavailable"


def test_a_renamed_rpc_argument_fails_the_kit_naming_the_operation(own_broker):
    with MinimalNotifications(own_broker, rename_arguments={"unread_only": "unread"}, context_key=KEY):
        result = kit("notifications", own_broker)
    assert not result.ok
    broken = [m for m in result.messages if "notifications.list_notifications" in m]
    assert broken, result.messages
    assert any("unread_only" in m for m in broken), broken
    # nothing else is reported broken: the other operations keep their contract
    assert all("notifications.list_notifications" in m for m in result.messages), result.messages


# --- a producer that renames a field of resources.resource_published v1 -------------------

def renamed_title(data: dict) -> dict:
    return {("name" if key == "title" else key): value for key, value in data.items()}


class RenamingResources(Resources):
    """The real use cases, except that the published event says `name` instead of `title`."""

    def publish(self, store, caller, resource_id):
        outcome = super().publish(store, caller, resource_id)
        outcome.events = [type(event)(event.type, event.version, renamed_title(event.data))
                          for event in outcome.events]
        return outcome


BROKEN = RenamingResources()


class RenamingResourcesService(ResourcesService):
    @rpc_method(ResourceIdSchema)
    def publish_resource(self, data):
        return self.uow.run(lambda store: BROKEN.publish(store, self.caller, data["resource_id"]))


def unchecked_envelope(event_type, version, data, actor=None, request_id=None, registry=None, occurred_at=None):
    """make_envelope without its check of the payload against the published schema."""
    return new_envelope(event_type, version, data, actor, request_id)


@pytest.fixture
def renaming_producer(run_service, monkeypatch):
    # Our runtime refuses to write an event that breaks its published schema (make_envelope
    # raises Invalid before the outbox), so the broken payload would never reach the bus.
    # A replacement written without our runtime has no such guard: switch it off, in this
    # test only, so the renamed field really travels through outbox, relay and broker.
    monkeypatch.setattr(uow, "make_envelope", unchecked_envelope)
    return run_service(RenamingResourcesService)


def test_a_renamed_event_field_fails_the_kit_naming_the_event(renaming_producer, service_env):
    result = kit("resources", service_env["amqp_uri"], context_key=service_env["context_key"])
    assert not result.ok
    assert result.messages and all("resources.resource_published v1" in m for m in result.messages), \
        result.messages
    assert any("'title'" in m for m in result.messages), result.messages
