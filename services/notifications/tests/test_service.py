"""Service tests: the real nameko container fed by real envelopes through the real broker
(private RabbitMQ vhost) and a real SecantusDB database."""
import base64
import uuid
from datetime import datetime, timedelta, timezone

import kombu
import pytest

from classe12_contracts.envelope import make_envelope
from classe12_contracts.errors import Invalid, NotFound, Unauthorized
from classe12_notifications.service import NotificationsService
from classe12_runtime.context import Caller
from classe12_runtime.outbox import EventPublisher
from classe12_testing.owners import TaxonomyOwner
from classe12_testing.waiting import eventually

ANON = Caller(request_id="test")
RESOURCE_QUEUE = "notifications.announce_new_resources"


def new_id():
    return uuid.uuid4().hex[:24]


def as_member(member_id):
    return Caller(actor_id=member_id, roles=("teacher",), request_id="test")



@pytest.fixture
def notifications(run_service):
    # started before anything is published: the container declares its queues at start
    return run_service(NotificationsService)


@pytest.fixture
def publisher(broker_uri):
    publisher = EventPublisher(broker_uri)
    yield publisher
    publisher.close()


@pytest.fixture
def db(service_env):
    from classe12_runtime import mongo
    return mongo.client()[service_env["databases"]["notifications"]]


def handled(db, envelope) -> bool:
    """The consumer finished with this envelope (recorded by the kernel's dedupe)."""
    return any(doc["_id"].endswith(":" + envelope["id"])
               for doc in db.processed_events.find({"type": envelope["type"]}, {"_id": 1}))


def dead_letter_reasons(broker_uri, queue, expected):
    """The reasons of the dead letters of `queue`, once there are `expected` of them (left in place)."""
    with kombu.Connection(broker_uri) as connection:
        channel = connection.channel()
        dead = kombu.Queue(queue + ".dead-letters", no_declare=True)(channel)
        messages = []
        while (message := dead.get(no_ack=False)) is not None:
            messages.append(message)
        reasons = [m.headers["classe12.dead_letter_reason"] for m in messages]
        channel.close()
    return reasons if len(reasons) >= expected else None


def purge_dead_letters(broker_uri, queue) -> None:
    """Other tests of the session may have dead-lettered messages of `queue` before: start empty."""
    with kombu.Connection(broker_uri) as connection:
        connection.default_channel.queue_purge(queue + ".dead-letters")


def ready_messages(broker_uri, queue) -> int:
    with kombu.Connection(broker_uri) as connection:
        return connection.default_channel.queue_declare(queue=queue, passive=True).message_count


def register(publisher, name, levels, role="teacher", at=None, member_id=None):
    envelope = make_envelope("community.member_registered", 1, {
        "member_id": member_id or new_id(), "display_name": name, "role": role, "levels": levels,
        "school_uai": None}, actor=None, request_id=f"req-{name}", occurred_at=at)
    publisher.publish(envelope)
    return envelope


def publish_resource(publisher, levels, title="Les sons [ch] et [j]", at=None, published_by=None):
    envelope = make_envelope("resources.resource_published", 1, {
        "resource_id": new_id(), "title": title, "kind": "sequence", "levels": levels,
        "topics": ["phonologie"], "published_by": published_by or new_id()},
        actor={"id": new_id(), "roles": ["adviser"]}, request_id="req-publish", occurred_at=at)
    publisher.publish(envelope)
    return envelope


def listing(rpc_call, member_id, **kwargs):
    return rpc_call(as_member(member_id), "notifications.list_notifications", **kwargs)


def welcomed(rpc_call, db, *envelopes):
    members = {e["data"]["member_id"]: e for e in envelopes}
    eventually(lambda: all(handled(db, e) for e in envelopes))
    for member_id, envelope in members.items():
        [welcome] = listing(rpc_call, member_id)["items"]
        assert welcome["kind"] == "welcome"
        assert welcome["title"] == f"Bienvenue sur Classe à 12, {envelope['data']['display_name']} !"
        assert welcome["read_at"] is None
    return {e["data"]["display_name"]: e["data"]["member_id"] for e in envelopes}


def test_health(notifications, rpc_call):
    health = rpc_call(ANON, "notifications.health")
    assert health["service"] == "notifications" and health["status"] == "ok"


def test_registration_then_resource_reaches_the_right_members(notifications, rpc_call, publisher, db):
    ids = welcomed(rpc_call, db, register(publisher, "Anne", ["CP"]), register(publisher, "Bruno", ["CE1"]),
                   register(publisher, "Clara", ["CP", "CE1"]), register(publisher, "Dominique", [], role="parent"))
    assert db.recipients.find_one({"_id": ids["Clara"]})["levels"] == ["CP", "CE1"]

    resource = publish_resource(publisher, ["CP"])
    eventually(lambda: handled(db, resource))
    for name in ("Anne", "Clara"):
        page = listing(rpc_call, ids[name])
        newest = page["items"][0]
        assert newest["kind"] == "resource_published"
        assert newest["title"] == "Nouvelle ressource pour le CP : Les sons [ch] et [j]"
        assert newest["link"] == f"/ressources/{resource['data']['resource_id']}"
        assert page["unread_count"] == 2 and page["next_cursor"] is None
    for name in ("Bruno", "Dominique"):
        assert [i["kind"] for i in listing(rpc_call, ids[name])["items"]] == ["welcome"]


def test_resources_handled_before_the_registrations_reach_exactly_who_had_joined(notifications, rpc_call,
                                                                                 publisher, db):
    """The adversarial order: every publication is handled before any registration. Anne (CP)
    joined first, then R1 (CP); Bruno (CP, CE1) joined, then R2 (CE1); Chloé (CE1) joined, then
    R3 (CP, CE1, published by Bruno); David (CP) joined after everything."""
    base = datetime.now(timezone.utc) - timedelta(hours=1)
    at = [base + timedelta(minutes=n) for n in range(7)]
    bruno = new_id()
    resources = [publish_resource(publisher, ["CP", "CE1"], title="R3", at=at[5], published_by=bruno),
                 publish_resource(publisher, ["CE1"], title="R2", at=at[3]),
                 publish_resource(publisher, ["CP"], title="R1", at=at[1])]
    eventually(lambda: all(handled(db, r) for r in resources))
    members = {"David": register(publisher, "David", ["CP"], at=at[6]),
               "Chloé": register(publisher, "Chloé", ["CE1"], at=at[4]),
               "Bruno": register(publisher, "Bruno", ["CP", "CE1"], at=at[2], member_id=bruno),
               "Anne": register(publisher, "Anne", ["CP"], at=at[0])}
    eventually(lambda: all(handled(db, m) for m in members.values()))
    expected = {"Anne": ["Nouvelle ressource pour le CP : R3", "Nouvelle ressource pour le CP : R1"],
                "Bruno": ["Nouvelle ressource pour le CE1 : R2"],
                "Chloé": ["Nouvelle ressource pour le CE1 : R3"],
                "David": []}
    for name, envelope in members.items():
        items = listing(rpc_call, envelope["data"]["member_id"], limit=100)["items"]
        assert [i["title"] for i in items] == [*expected[name], f"Bienvenue sur Classe à 12, {name} !"], name
        assert [i["created_at"] for i in items] == sorted((i["created_at"] for i in items), reverse=True)


def test_the_same_envelope_twice_gives_one_notification_per_recipient(notifications, rpc_call, publisher,
                                                                       db, broker_uri):
    ids = welcomed(rpc_call, db, register(publisher, "Anne", ["CE1"]), register(publisher, "Bruno", ["CE1"]))
    resource = publish_resource(publisher, ["CE1"])
    publisher.publish(resource)  # redelivered, e.g. the relay lost the broker's confirm
    eventually(lambda: handled(db, resource))
    eventually(lambda: ready_messages(broker_uri, RESOURCE_QUEUE) == 0)
    notifications.stop()  # graceful: waits until every delivered message is handled and acked
    assert ready_messages(broker_uri, RESOURCE_QUEUE) == 0  # so both deliveries were handled
    for member_id in ids.values():
        assert db.notifications.count_documents({"event_id": resource["id"], "recipient_id": member_id}) == 1


def test_messages_it_cannot_handle_are_dead_lettered_with_the_reason_and_the_service_keeps_working(notifications, rpc_call, publisher,
                                                                      db, broker_uri):
    ids = welcomed(rpc_call, db, register(publisher, "Anne", ["CP"]))
    good = make_envelope("resources.resource_published", 1, {
        "resource_id": new_id(), "title": "Écrire des mots", "kind": "sequence", "levels": ["CP"],
        "published_by": new_id()})
    wrong_level = dict(good, id=str(uuid.uuid4()), data=dict(good["data"], levels=["CM2"]))
    wrong_version = dict(good, id=str(uuid.uuid4()), version=99)
    exchange = kombu.Exchange("resources.events", type="topic", durable=True)
    purge_dead_letters(broker_uri, RESOURCE_QUEUE)
    with kombu.Connection(broker_uri) as connection:
        producer = connection.Producer()
        for body in ({"hello": "world"}, ["not", "an", "envelope"], "texte", wrong_level, wrong_version):
            producer.publish(body, exchange=exchange, routing_key="resource_published", serializer="json",
                             declare=[exchange])
        producer.publish(b"{pas du json", exchange=exchange, routing_key="resource_published",
                         content_type="application/json", content_encoding="utf-8")
    publisher.publish(good)
    eventually(lambda: handled(db, good))
    eventually(lambda: ready_messages(broker_uri, RESOURCE_QUEUE) == 0)
    titles = [i["title"] for i in listing(rpc_call, ids["Anne"])["items"]]
    assert titles[0] == "Nouvelle ressource pour le CP : Écrire des mots" and len(titles) == 2
    assert rpc_call(ANON, "notifications.health")["status"] == "ok"
    # nothing was acknowledged and lost: each message waits in the dead letters with its reason
    reasons = eventually(lambda: dead_letter_reasons(broker_uri, RESOURCE_QUEUE, expected=6))
    assert sorted(reasons) == sorted(["malformed_envelope"] * 3 + ["invalid_payload", "unsupported_version",
                                                                   "undecodable"])


def test_list_and_mark_read_over_rpc(notifications, rpc_call, publisher, db):
    ids = welcomed(rpc_call, db, register(publisher, "Anne", ["CP"]), register(publisher, "Bruno", ["CP"]))
    resources = [publish_resource(publisher, ["CP"], title=f"Ressource {n}") for n in range(3)]
    eventually(lambda: all(handled(db, r) for r in resources))
    anne = ids["Anne"]

    first = listing(rpc_call, anne, limit=3)
    assert len(first["items"]) == 3 and first["unread_count"] == 4 and first["next_cursor"]
    rest = listing(rpc_call, anne, limit=3, cursor=first["next_cursor"])
    assert [i["kind"] for i in rest["items"]] == ["welcome"] and rest["next_cursor"] is None
    assert set(first["items"][0]) == {"id", "kind", "category", "title", "body", "link", "created_at", "read_at"}

    target = first["items"][0]
    with pytest.raises(NotFound):
        rpc_call(as_member(ids["Bruno"]), "notifications.mark_read", notification_id=target["id"])
    with pytest.raises(NotFound):
        rpc_call(as_member(anne), "notifications.mark_read", notification_id=new_id())
    read = rpc_call(as_member(anne), "notifications.mark_read", notification_id=target["id"])
    assert read["id"] == target["id"] and read["read_at"]
    again = rpc_call(as_member(anne), "notifications.mark_read", notification_id=target["id"])
    assert again["read_at"] == read["read_at"]

    unread = listing(rpc_call, anne, unread_only=True)
    assert unread["unread_count"] == 3 and target["id"] not in [i["id"] for i in unread["items"]]
    assert listing(rpc_call, ids["Bruno"])["unread_count"] == 4  # Anne's reading is hers only


def test_rpc_errors(notifications, rpc_call):
    with pytest.raises(Unauthorized):
        rpc_call(ANON, "notifications.list_notifications")
    with pytest.raises(Invalid) as err:
        listing(rpc_call, new_id(), cursor="pas-un-curseur")
    assert list(err.value.fields) == ["cursor"]
    out_of_range = base64.urlsafe_b64encode(b'["9999-12-31T23:59:59-14:00","000000000000000000000000"]').decode()
    with pytest.raises(Invalid) as err:  # was an unexpected error (500 at the gateway)
        listing(rpc_call, new_id(), cursor=out_of_range)
    assert list(err.value.fields) == ["cursor"]
    with pytest.raises(Invalid) as err:
        listing(rpc_call, new_id(), limit=500, unread_only="peut-être", extra=1)
    assert set(err.value.fields) == {"limit", "unread_only", "extra"}
    with pytest.raises(Invalid) as err:
        rpc_call(as_member(new_id()), "notifications.mark_read", notification_id="x")
    assert list(err.value.fields) == ["notification_id"]
    assert listing(rpc_call, new_id()) == {"items": [], "next_cursor": None, "unread_count": 0}


def test_two_replicas_and_redeliveries_give_one_notification_per_event_recipient_and_channel(
        run_service, rpc_call, publisher, db):
    """Two service instances consume the same queues; every envelope is published twice."""
    run_service(NotificationsService)
    run_service(NotificationsService)
    members = [register(publisher, f"Prof {n}", ["CP"]) for n in range(12)]
    for envelope in members:
        publisher.publish(envelope)  # redelivered
    resources = [publish_resource(publisher, ["CP"], title=f"Ressource {n}") for n in range(4)]
    for envelope in resources:
        publisher.publish(envelope)
    eventually(lambda: all(handled(db, e) for e in members + resources), timeout=30)
    for envelope in members:
        member_id = envelope["data"]["member_id"]
        items = listing(rpc_call, member_id, limit=100)["items"]
        assert sorted(i["kind"] for i in items) == ["resource_published"] * 4 + ["welcome"]
    assert db.notifications.count_documents({}) == 12 * 5
    # the welcome's immediate e-mail (category account): one delivery per member
    assert db.deliveries.count_documents({}) == 12
    # new resources go to the weekly digest by default: one item per (event, member)
    assert db.digest_items.count_documents({"period": "weekly"}) == 12 * 4


def test_a_database_that_missed_the_taxonomy_announcement_asks_resources_for_it(run_service, rpc_call):
    run_service(TaxonomyOwner)
    run_service(NotificationsService)
    member = as_member(new_id())

    def follow():
        try:
            return rpc_call(member, "notifications.set_follows", topics=["lecture"])
        except Invalid:  # not fetched yet: the topic is unknown
            return None
    assert eventually(follow, timeout=20)["topics"] == ["lecture"]


def test_each_fan_out_signals_the_recipients_new_unread_count(notifications, rpc_call, publisher, broker_uri):
    """notifications.inbox_changed v1 after the welcome is written: the live updates' source."""
    with kombu.Connection(broker_uri) as connection:
        channel = connection.channel()
        exchange = kombu.Exchange("notifications.events", type="topic", durable=True)
        tap = kombu.Queue(f"test.inbox-{new_id()}", exchange=exchange, routing_key="inbox_changed",
                          exclusive=True)(channel)
        tap.declare()
        envelope = register(publisher, "Iris", ["CP"])
        member_id = envelope["data"]["member_id"]

        def signalled():
            message = tap.get(no_ack=True)
            return message and message.decode()
        change = eventually(signalled)
        assert change["type"] == "notifications.inbox_changed" and change["version"] == 1
        [welcome] = listing(rpc_call, member_id)["items"]
        assert change["data"] == {"member_id": member_id, "unread_count": 1,
                                  "notification": {"id": welcome["id"], "kind": "welcome", "category": "account"}}
def community_event(publisher, kind, data):
    envelope = make_envelope(f"community.{kind}", 1, data, actor=None, request_id=f"req-{kind}")
    publisher.publish(envelope)
    return envelope


def test_a_reply_to_a_followed_thread_and_a_mention_reach_their_members_through_the_bus(notifications, rpc_call,
                                                                                         publisher, db):
    anne, bruno, clara, group, thread, reply = (new_id() for _ in range(6))
    now = datetime.now(timezone.utc)
    created = community_event(publisher, "thread_created", {
        "thread_id": thread, "group_id": group, "author_id": anne, "tags": [],
        "created_at": (now - timedelta(minutes=5)).isoformat()})
    eventually(lambda: handled(db, created))
    replied = community_event(publisher, "reply_posted", {
        "post_id": reply, "thread_id": thread, "group_id": group, "author_id": bruno, "thread_author_id": anne,
        "quoted_post_id": None, "posted_at": now.isoformat()})
    mentioned = community_event(publisher, "member_mentioned", {
        "member_id": clara, "post_id": reply, "thread_id": thread, "group_id": group, "author_id": bruno})
    publisher.publish(replied)  # a redelivery changes nothing
    eventually(lambda: handled(db, replied) and handled(db, mentioned))

    [to_anne] = listing(rpc_call, anne)["items"]
    assert (to_anne["kind"], to_anne["category"]) == ("reply_posted", "discussions")
    assert to_anne["link"] == f"/groupes/{group}/discussions/{thread}#message-{reply}"
    [to_clara] = listing(rpc_call, clara)["items"]
    assert (to_clara["kind"], to_clara["title"]) == ("member_mentioned", "On vous a mentionné dans une discussion")
    assert listing(rpc_call, bruno)["items"] == []
    assert db.deliveries.find_one({"_id": f"{mentioned['id']}|{clara}|email"})  # mentions: e-mail at once
    assert db.digest_items.find_one({"_id": f"{replied['id']}|{anne}|daily"})  # replies: the daily digest
    assert db.follows.find_one({"member_id": anne, "key": f"thread:{thread}"})["origin"] == "authorship"
