"""Service tests: the real nameko container on a private RabbitMQ vhost and real SecantusDB."""
import time

import kombu
import pytest

from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from classe12_resources.service import ResourcesService
from classe12_runtime.context import Caller

ANON = Caller(request_id="test-anon")
TEACHER = Caller(actor_id="a" * 24, roles=("teacher",), request_id="test-teacher")
OTHER = Caller(actor_id="b" * 24, roles=("teacher",))
ADVISER = Caller(actor_id="c" * 24, roles=("adviser",), request_id="test-adviser")


@pytest.fixture
def resources(run_service):
    return run_service(ResourcesService)


@pytest.fixture
def published_events(service_env):
    """Messages that reach a queue bound like a nameko @event_handler("resources", "resource_published")."""
    with kombu.Connection(service_env["amqp_uri"]) as connection:
        exchange = kombu.Exchange("resources.events", type="topic", durable=True)
        queue = kombu.Queue("test-resource-published", exchange, routing_key="resource_published",
                            auto_delete=True)
        received = []
        with connection.Consumer(queue, callbacks=[lambda body, message: (received.append(body), message.ack())],
                                 accept=["json"]):
            def wait_for(count, timeout=10.0):
                deadline = time.monotonic() + timeout
                while len(received) < count and time.monotonic() < deadline:
                    try:
                        connection.drain_events(timeout=0.5)
                    except TimeoutError:
                        pass
                return received
            yield wait_for


def create(rpc_call, caller=TEACHER, **overrides):
    payload = {"title": "Lire à deux voix en co-intervention", "summary": "Une séance de lecture à deux enseignants.",
               "body": "## Déroulé\n\n1. Lecture offerte\n2. Ateliers", "kind": "sequence",
               "levels": ["CP"], "topics": ["lecture", "co-intervention"]}
    payload.update(overrides)
    return rpc_call(caller, "resources.create_resource", **payload)


def test_create_publish_get_search(resources, rpc_call):
    draft = create(rpc_call)
    assert draft["status"] == "draft" and draft["author_id"] == TEACHER.actor_id
    assert draft["published_at"] is None
    assert rpc_call(TEACHER, "resources.get_resource", resource_id=draft["id"])["body"].startswith("## Déroulé")
    assert rpc_call(ANON, "resources.search_resources")["items"] == []  # drafts are not in the catalogue

    published = rpc_call(ADVISER, "resources.publish_resource", resource_id=draft["id"])
    assert published["status"] == "published" and published["published_by"] == ADVISER.actor_id
    assert published["published_at"].endswith("+00:00")

    seen_by_anyone = rpc_call(ANON, "resources.get_resource", resource_id=draft["id"])
    assert seen_by_anyone == {**published, "mine": None, "stats": {**published["stats"], "views": 1}}
    page = rpc_call(ANON, "resources.search_resources", q="lecture a deux voix", level="CP", kind="sequence")
    [item] = page["items"]
    assert page["next_cursor"] is None and page["total"] == 1
    summary = {k: v for k, v in seen_by_anyone.items()
               if k not in ("body", "authors", "source", "external_url", "files", "review", "mine")}
    assert {k: v for k, v in item.items() if k != "score"} == summary


def test_search_pages_with_an_opaque_cursor(resources, rpc_call):
    ids = []
    for n in range(5):
        draft = create(rpc_call, title=f"Fiche {n}", kind="fiche", levels=["CE1"] if n % 2 else ["CP", "CE1"])
        ids.append(rpc_call(ADVISER, "resources.publish_resource", resource_id=draft["id"])["id"])
    create(rpc_call, title="Encore un brouillon")
    pages = [rpc_call(ANON, "resources.search_resources", limit=2, sort="newest")]
    while pages[-1]["next_cursor"]:
        pages.append(rpc_call(ANON, "resources.search_resources", limit=2, sort="newest",
                              cursor=pages[-1]["next_cursor"]))
    assert [item["id"] for page in pages for item in page["items"]] == ids[::-1] and len(pages) == 3
    assert [i["id"] for i in rpc_call(ANON, "resources.search_resources", level="CP")["items"]] == ids[4::-2]
    with pytest.raises(Invalid) as err:
        rpc_call(ANON, "resources.search_resources", cursor="pas-un-curseur")
    assert list(err.value.fields) == ["cursor"]


def test_typed_errors_cross_rpc(resources, rpc_call):
    draft = create(rpc_call)
    with pytest.raises(Forbidden):
        rpc_call(TEACHER, "resources.publish_resource", resource_id=draft["id"])
    with pytest.raises(Unauthorized):
        create(rpc_call, caller=ANON)
    for caller in (OTHER, ANON):
        with pytest.raises(NotFound):
            rpc_call(caller, "resources.get_resource", resource_id=draft["id"])
    with pytest.raises(NotFound):
        rpc_call(ADVISER, "resources.get_resource", resource_id="f" * 24)
    with pytest.raises(NotFound):
        rpc_call(ADVISER, "resources.publish_resource", resource_id="pas-un-identifiant")
    with pytest.raises(Invalid) as err:
        create(rpc_call, title={"$gt": ""}, levels=[], kind="podcast")
    assert set(err.value.fields) == {"title", "levels", "kind"}
    assert err.value.fields["title"] == ["Une chaîne de caractères est attendue."]
    with pytest.raises(Invalid) as err:
        rpc_call(ANON, "resources.get_resource", resource_id={"$gt": ""})
    assert list(err.value.fields) == ["resource_id"]
    with pytest.raises(Invalid) as err:
        rpc_call(ANON, "resources.search_resources", topic={"$ne": None}, limit=500)
    assert set(err.value.fields) == {"topic", "limit"}
    rpc_call(ADVISER, "resources.publish_resource", resource_id=draft["id"])
    with pytest.raises(Conflict) as err:
        rpc_call(ADVISER, "resources.publish_resource", resource_id=draft["id"])
    assert err.value.message == "Cette ressource est déjà publiée."


def test_publication_event_leaves_through_the_outbox(resources, rpc_call, service_env, published_events):
    from classe12_runtime import mongo
    draft = create(rpc_call)
    outbox = mongo.client()[service_env["databases"]["resources"]]["outbox"]
    about_resources = {"envelope.type": {"$ne": "resources.taxonomy_published"}}
    assert outbox.count_documents(about_resources) == 0  # drafts are not announced
    rpc_call(ADVISER, "resources.publish_resource", resource_id=draft["id"])

    [entry] = list(outbox.find(about_resources))
    assert entry["envelope"]["type"] == "resources.resource_published"
    deadline = time.monotonic() + 5  # flushed by the RPC, or by the 1 s relay timer if it held the lock
    while entry["published_at"] is None and time.monotonic() < deadline:
        time.sleep(0.1)
        entry = outbox.find_one({"_id": entry["_id"]})
    assert entry["published_at"] is not None  # relayed with a publisher confirm

    [event] = published_events(1)
    assert event["id"] == entry["_id"]
    assert event["actor"] == {"id": ADVISER.actor_id, "roles": ["adviser"]}
    assert event["request_id"] == "test-adviser"
    assert event["data"] == {"resource_id": draft["id"], "title": draft["title"], "kind": "sequence",
                             "levels": ["CP"], "topics": ["lecture", "co-intervention"],
                             "published_by": ADVISER.actor_id}


def test_health(resources, rpc_call):
    health = rpc_call(ANON, "resources.health")
    assert health["service"] == "resources" and health["status"] == "ok"


def test_a_write_takes_effect_once_per_idempotency_key(resources, rpc_call, service_env):
    from classe12_runtime import mongo
    keyed = Caller(actor_id=TEACHER.actor_id, roles=TEACHER.roles, request_id="r1", idempotency_key="brouillon-1")
    first = create(rpc_call, caller=keyed)
    again = create(rpc_call, caller=Caller(**{**keyed.__dict__, "request_id": "r2"}))  # the client retried
    assert again == first
    drafts = mongo.client()[service_env["databases"]["resources"]]["resources"]
    assert drafts.count_documents({"author_id": TEACHER.actor_id}) == 1
    with pytest.raises(Invalid) as err:  # the same key for another request
        create(rpc_call, caller=keyed, title="Un tout autre titre")
    assert list(err.value.fields) == ["Idempotency-Key"]
    other = Caller(actor_id=OTHER.actor_id, roles=OTHER.roles, idempotency_key="brouillon-1")
    assert create(rpc_call, caller=other)["id"] != first["id"]  # keys belong to their actor


def test_a_redelivered_request_is_not_executed_twice(resources, service_env):
    """The broker delivers the same request twice (same correlation id): one draft, two equal replies."""
    import uuid

    from classe12_contracts.signing import sign
    rpc = kombu.Exchange("nameko-rpc", type="topic", durable=True)
    key = uuid.uuid4().hex
    context = TEACHER.to_context_data()
    headers = {f"nameko.{k}": v for k, v in {**context, "context_signature": sign(context, service_env["context_key"])}.items()}
    body = {"args": [], "kwargs": {"title": "Livrée deux fois", "summary": "R.", "body": "C.", "kind": "fiche",
                                   "levels": ["CP"]}}
    with kombu.Connection(service_env["amqp_uri"]) as connection:
        replies = kombu.Queue(f"test-replies-{key}", rpc, routing_key=key, exclusive=True)(connection.channel())
        replies.declare()
        producer = kombu.Producer(connection.channel())
        for _ in range(2):
            producer.publish(body, exchange=rpc, routing_key="resources.create_resource", reply_to=key,
                             correlation_id=key, serializer="json", headers=headers)
        received = []
        deadline = time.monotonic() + 10
        while len(received) < 2:
            assert time.monotonic() < deadline, f"{len(received)} replies"
            message = replies.get(no_ack=True, accept=["json"])
            if message is None:
                time.sleep(0.05)
            else:
                received.append(message.payload)
    assert received[0] == received[1] and received[0]["error"] is None
    from classe12_runtime import mongo
    drafts = mongo.client()[service_env["databases"]["resources"]]["resources"]
    assert drafts.count_documents({"title": "Livrée deux fois"}) == 1


def test_the_taxonomy_is_announced_once_whichever_replica_starts(run_service, rpc_call, service_env):
    from classe12_runtime import mongo
    run_service(ResourcesService)
    run_service(ResourcesService)  # a second replica on the same database
    outbox = mongo.client()[service_env["databases"]["resources"]]["outbox"]
    [entry] = list(outbox.find({"envelope.type": "resources.taxonomy_published"}))
    taxonomy = rpc_call(ANON, "resources.get_taxonomy")
    assert entry["envelope"]["data"] == taxonomy and taxonomy["version"] >= 1
