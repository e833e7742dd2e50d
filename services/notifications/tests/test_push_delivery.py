"""Web push delivered for real: the pusher and the service send to the local push service of
classe12_testing (it checks VAPID against the subscription's key and decrypts with the
device's private key, generated as a browser does), over real SecantusDB and RabbitMQ."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from classe12_contracts.envelope import make_envelope
from classe12_notifications.domain.notifications import Notifications
from classe12_notifications.domain.push import PushSubscriptions
from classe12_notifications.push_crypto import generate_key_pair, private_key_from_scalar, unb64url
from classe12_notifications.pusher import Pusher, PushSettings
from classe12_notifications.service import NotificationsService
from classe12_notifications.storage import NotificationStore
from classe12_runtime.context import Caller
from classe12_runtime.outbox import EventPublisher
from classe12_testing.waiting import eventually

PUBLIC_URL = "https://classe12.example.fr"
LOCAL = frozenset({"127.0.0.1"})


def new_id():
    return uuid.uuid4().hex[:24]


def member(member_id):
    return Caller(actor_id=member_id, roles=("teacher",), request_id="test")



def mention(member_id, author=None):
    return make_envelope("community.member_mentioned", 1, {
        "member_id": member_id, "post_id": new_id(), "thread_id": new_id(), "group_id": new_id(),
        "author_id": author or new_id()}, actor=None, request_id="req-mention")


class Clock:
    def __init__(self):
        self.now = datetime.now(timezone.utc)

    def __call__(self):
        return self.now


@pytest.fixture
def store(mongo_db):
    store = NotificationStore(mongo_db)
    store.ensure_indexes()
    return store


def test_the_pusher_delivers_encrypted_retries_on_5xx_and_removes_a_gone_subscription(store, push_server):
    private, public = generate_key_pair()
    settings = PushSettings(private_key=private_key_from_scalar(unb64url(private)), http_hosts=LOCAL,
                            public_url=PUBLIC_URL, subject="mailto:exploitation@classe12.example.fr")
    clock = Clock()
    notifications, devices = Notifications(clock=clock), PushSubscriptions(clock)
    pusher = Pusher(store, settings, clock=clock)
    anne = new_id()
    browser = push_server.subscribe(public)
    device = devices.add(store, member(anne), browser, LOCAL)

    told = mention(anne)
    notifications.handle(store, told)
    assert pusher.send_due() == {"sent": 1, "retried": 0, "failed": 0, "removed": 0}
    [received] = push_server.messages(browser)
    assert received["payload"] == {"title": "On vous a mentionné dans une discussion",
                                   "body": "Un membre de votre groupe vous a cité dans un message : il attend peut-être votre avis.",
                                   "url": f"{PUBLIC_URL}/groupes/{told['data']['group_id']}/discussions/"
                                          f"{told['data']['thread_id']}#message-{told['data']['post_id']}",
                                   "tag": told["id"]}
    assert received["claims"]["sub"] == "mailto:exploitation@classe12.example.fr" and received["ttl"] == 86400
    assert store.push_subscription(device["id"])["last_success_at"] is not None
    assert pusher.send_due()["sent"] == 0  # sent once

    push_server.answer(browser, 503)
    later = mention(anne)
    notifications.handle(store, later)
    assert pusher.send_due() == {"sent": 0, "retried": 1, "failed": 0, "removed": 0}
    delivery = store.push_deliveries.find_one({"event_id": later["id"]})
    assert delivery["log"][0]["outcome"] == "retry" and delivery["log"][0]["code"] == 503
    assert pusher.send_due()["retried"] == 0  # not before its back-off
    push_server.answer(browser, None)
    clock.now += timedelta(minutes=1, seconds=1)
    assert pusher.send_due()["sent"] == 1
    assert [m["payload"]["tag"] for m in push_server.messages(browser)] == [told["id"], later["id"]]

    push_server.answer(browser, 410)
    gone = mention(anne)
    notifications.handle(store, gone)
    assert pusher.send_due() == {"sent": 0, "retried": 0, "failed": 1, "removed": 1}
    assert store.push_subscription(device["id"]) is None
    assert store.push_deliveries.find_one({"event_id": gone["id"]})["error"] == "expired"
    assert push_server.rejections() == []


def test_a_push_signed_with_another_key_is_refused_by_the_push_service_and_not_retried(store, push_server):
    _, public = generate_key_pair()
    other, _ = generate_key_pair()  # the server's key changed since the device subscribed
    settings = PushSettings(private_key=private_key_from_scalar(unb64url(other)), http_hosts=LOCAL)
    clock = Clock()
    anne = new_id()
    browser = push_server.subscribe(public)
    PushSubscriptions(clock).add(store, member(anne), browser, LOCAL)
    told = mention(anne)
    Notifications(clock=clock).handle(store, told)
    assert Pusher(store, settings, clock=clock).send_due()["failed"] == 1
    assert push_server.messages(browser) == []
    assert [r["status"] for r in push_server.rejections()] == [403]
    assert store.push_deliveries.find_one({"event_id": told["id"]})["error"] == "permanent"


@pytest.fixture
def publisher(broker_uri):
    publisher = EventPublisher(broker_uri)
    yield publisher
    publisher.close()


def test_a_member_subscribes_a_device_and_hears_of_a_mention_by_push_until_it_is_gone(
        monkeypatch, push_server, run_service, rpc_call, publisher, service_env):
    monkeypatch.setenv("PUSH_HTTP_HOSTS", "127.0.0.1")
    monkeypatch.setenv("PUBLIC_URL", PUBLIC_URL)
    run_service(NotificationsService)
    anne = new_id()
    public = rpc_call(Caller(request_id="test"), "notifications.get_vapid_public_key")["public_key"]
    browser = push_server.subscribe(public)  # pushManager.subscribe({applicationServerKey: public})
    device = rpc_call(member(anne), "notifications.add_push_subscription", **browser)
    assert device["endpoint"] == browser["endpoint"]

    told = mention(anne)
    publisher.publish(told)
    [received] = eventually(lambda: push_server.messages(browser))
    assert received["payload"]["title"] == "On vous a mentionné dans une discussion"
    assert received["payload"]["url"].startswith(f"{PUBLIC_URL}/groupes/")
    eventually(lambda: rpc_call(member(anne), "notifications.list_push_subscriptions")["items"][0]["last_success_at"])

    push_server.answer(browser, 410)  # the browser dropped the subscription
    publisher.publish(mention(anne))
    eventually(lambda: rpc_call(member(anne), "notifications.list_push_subscriptions")["items"] == [])
    assert len(push_server.messages(browser)) == 1
