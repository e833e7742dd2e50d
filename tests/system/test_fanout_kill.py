"""Exactly once per person, with a service killed mid-fan-out: one event told to 200 followers,
the notifications process killed (SIGKILL) while it writes them, restarted; the redelivered
event completes the fan-out and every (event, recipient, channel) has exactly one document."""
import signal
import time
import uuid

import pymongo
import pytest
from bson import ObjectId

from classe12_contracts.envelope import make_envelope
from classe12_runtime.outbox import EventPublisher

from ..conftest import running_platform

pytestmark = pytest.mark.system

FOLLOWERS = 200
ATTEMPTS = 5


@pytest.fixture(scope="module")
def small_batches(tmp_path_factory):
    """A platform of its own (its own vhost), whose fan-outs write 10 recipients per round trip,
    so that one fan-out lasts long enough to be killed in the middle."""
    from classe12_testing.servers import RabbitVhost
    vhost = RabbitVhost().create()
    if not vhost.created:
        pytest.skip("needs a private RabbitMQ vhost (rabbitmqctl) not to share queues with the other platform")
    try:
        with running_platform(tmp_path_factory.mktemp("fanout"), vhost.uri, {"FANOUT_BATCH": "10"}) as platform:
            platform.broker_uri = vhost.uri
            yield platform
    finally:
        vhost.delete()


def wait_for(predicate, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)
    return result


def test_a_fan_out_killed_half_way_ends_with_one_notification_per_event_recipient_and_channel(small_batches):
    platform = small_batches
    db = pymongo.MongoClient(platform.stack.config.mongo_uri)["notifications"]
    publisher = EventPublisher(platform.broker_uri)
    level = "CE1"
    followers = [str(ObjectId()) for _ in range(FOLLOWERS)]
    try:
        for member_id in followers:  # registered members follow their level from their registration
            publisher.publish(make_envelope("community.member_registered", 1, {
                "member_id": member_id, "display_name": "Suiveur", "role": "teacher", "levels": [level]}))
        wait_for(lambda: db.follows.count_documents({"member_id": {"$in": followers}, "key": f"level:{level}"})
                 == FOLLOWERS)

        killed = None
        for _ in range(ATTEMPTS):
            envelope = make_envelope("resources.resource_published", 1, {
                "resource_id": str(ObjectId()), "title": f"Ressource {uuid.uuid4().hex[:6]}", "kind": "fiche",
                "levels": [level], "published_by": str(ObjectId())})
            publisher.publish(envelope)
            wait_for(lambda event=envelope["id"]: db.notifications.count_documents({"event_id": event}) > 0)
            platform.stack.pause("notifications")  # frozen where it is, then killed
            written = db.notifications.count_documents({"event_id": envelope["id"]})
            platform.stack.stop("notifications", sig=signal.SIGKILL)
            platform.stack.start_service("notifications")
            if written < FOLLOWERS:
                killed = envelope
                break
        assert killed is not None, f"the fan-out always finished before the kill ({ATTEMPTS} tries)"

        event = killed["id"]
        wait_for(lambda: db.notifications.count_documents({"event_id": event}) == FOLLOWERS, timeout=120)
        wait_for(lambda: db.digest_items.count_documents({"event_id": event}) == FOLLOWERS)
        in_app = list(db.notifications.find({"event_id": event}, {"recipient_id": 1}))
        assert sorted(n["recipient_id"] for n in in_app) == sorted(followers)  # in-app: one each
        digests = list(db.digest_items.find({"event_id": event}, {"recipient_id": 1, "period": 1}))
        assert sorted(d["recipient_id"] for d in digests) == sorted(followers)  # weekly digest: one each
        assert {d["period"] for d in digests} == {"weekly"}
        assert db.deliveries.count_documents({"event_id": event}) == 0  # no immediate e-mail by default
        # the redelivery was handled once more to its end: the consumer remembers it now
        wait_for(lambda: db.processed_events.count_documents({"_id": {"$regex": f"{event}$"}}) == 1)
    finally:
        publisher.close()
