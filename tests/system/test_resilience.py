"""No lost events, no hang: services stopped or killed, broker cut, database down."""
import json
import signal
import threading

import pymongo
import pytest

from classe12_runtime.outbox import EventPublisher

pytestmark = pytest.mark.system


def publish(api, adviser, title, levels=("CP",)):
    created = api.post("/resources", adviser["access_token"], json={
        "title": title, "summary": "Résumé.", "body": "Corps.", "kind": "fiche", "levels": list(levels)})
    assert created.status_code == 201, created.text
    published = api.post(f"/resources/{created.json()['id']}/publish", adviser["access_token"])
    assert published.status_code == 200, published.text
    return published.json()


def notified_about(api, member, resource_id):
    """The member's notifications about the resource (none while the service does not answer)."""
    items = own_notifications(api, member) or []
    return [n for n in items if n["link"] and resource_id in n["link"]]


def assert_unavailable(response):
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"]
    assert response.headers["Content-Type"].startswith("application/problem+json")


def test_event_published_while_notifications_is_stopped_is_delivered_when_it_starts(platform, api):
    teacher = platform.member("teacher", ["CP"])
    adviser = platform.member("coordinator", ["CP"], granted="adviser")
    api.wait_for(lambda: api.get("/notifications", teacher["access_token"]).json()["items"])  # projection built

    platform.stack.stop("notifications")
    try:
        resource = publish(api, adviser, "Publiée pendant l'arrêt des notifications")
        assert api.get("/notifications", teacher["access_token"]).status_code == 503
    finally:
        platform.stack.start_service("notifications")
    api.wait_for(lambda: notified_about(api, teacher, resource["id"]), timeout=60)
    assert len(notified_about(api, teacher, resource["id"])) == 1


def own_notifications(api, member):
    """The member's notifications (None while the service does not answer, e.g. starting)."""
    response = api.get("/notifications?limit=100", member["access_token"])
    return response.json()["items"] if response.status_code == 200 else None


def test_registrations_and_publications_during_an_outage_notify_each_teacher_exactly_once(platform, api):
    """The issue's scenario: with notifications stopped, 10 CP teachers register and 20 CP
    resources are published; once it is back, whatever order it handles the two queues in,
    each teacher has the 20 and their welcome, once each, and a teacher registered afterwards
    has none of them."""
    adviser = platform.member("coordinator", ["CP"], granted="adviser")
    platform.stack.stop("notifications")
    try:
        teachers = [platform.member("teacher", ["CP"]) for _ in range(10)]
        resources = [publish(api, adviser, f"Publiée pendant l'arrêt n° {n}") for n in range(20)]
    finally:
        platform.stack.start_service("notifications")
    links = {f"/ressources/{resource['id']}" for resource in resources}

    def ours(items):
        return sorted(n["link"] for n in items if n["link"] in links)

    def once(member, done):
        """The member's notifications once `done(items)` holds, else None."""
        items = own_notifications(api, member)
        return items if items is not None and done(items) else None

    def all_twenty(got):
        return len(ours(got)) >= len(links)

    def welcomed(got):
        return any(n["kind"] == "welcome" for n in got)

    for teacher in teachers:
        items = api.wait_for(lambda teacher=teacher: once(teacher, all_twenty), timeout=120)
        assert ours(items) == sorted(links)  # each of the 20 exactly once
        assert [n["kind"] for n in items].count("welcome") == 1

    newcomer = platform.member("teacher", ["CP"])
    assert ours(api.wait_for(lambda: once(newcomer, welcomed), timeout=60)) == []  # published before they joined
    assert ours(own_notifications(api, adviser)) == []  # their own resources


def test_same_event_delivered_twice_makes_one_notification(platform, api):
    teacher = platform.member("teacher", ["CE1"])
    adviser = platform.member("coordinator", ["CE1"], granted="adviser")
    api.wait_for(lambda: api.get("/notifications", teacher["access_token"]).json()["items"])
    resource = publish(api, adviser, "Ressource livrée deux fois", levels=("CE1",))
    api.wait_for(lambda: notified_about(api, teacher, resource["id"]))

    # take the very envelope the resources service relayed and deliver it twice more
    outbox = pymongo.MongoClient(platform.stack.config.mongo_uri)["resources"]["outbox"]
    envelope = outbox.find_one({"envelope.data.resource_id": resource["id"]})["envelope"]
    publisher = EventPublisher(platform.broker_uri)
    try:
        publisher.publish(envelope)
        publisher.publish(envelope)
    finally:
        publisher.close()
    # a later event is delivered after the duplicates (same queue, in order): wait for it
    marker = publish(api, adviser, "Ressource témoin", levels=("CE1",))
    api.wait_for(lambda: notified_about(api, teacher, marker["id"]))
    assert len(notified_about(api, teacher, resource["id"])) == 1


def test_broker_down_gives_503_then_requests_succeed_once_it_is_back(platform, api):
    teacher = platform.member("teacher", ["CP"])
    admin = platform.member("director", [], granted="admin")
    platform.proxy.cut()
    try:
        assert_unavailable(api.get("/resources"))
        assert_unavailable(api.get("/notifications", teacher["access_token"]))
        health = api.get("/health", admin["access_token"])
        assert health.status_code == 503 and health.headers["Retry-After"]
        assert health.json()["broker"]["status"] == "unavailable"
    finally:
        platform.proxy.restore()
    api.wait_for(lambda: api.get("/resources").status_code == 200, timeout=60)
    api.wait_for(lambda: api.get("/notifications", teacher["access_token"]).status_code == 200, timeout=60)
    platform.wait_healthy()


def test_service_killed_during_a_request_gives_503_then_recovers(platform, api):
    platform.stack.pause("resources")  # the request reaches the queue, nobody answers
    killer = threading.Timer(0.5, platform.stack.stop, args=("resources",), kwargs={"sig": signal.SIGKILL})
    killer.start()
    try:
        assert_unavailable(api.get("/resources"))  # killed while this request waits for it
        killer.join()
        assert_unavailable(api.get("/resources"))  # still down: 503 again, no hang
    finally:
        killer.join()
        platform.stack.start_service("resources")
    api.wait_for(lambda: api.get("/resources").status_code == 200, timeout=60)
    platform.wait_healthy()


def test_database_down_gives_503_then_data_is_back(platform, api):
    adviser = platform.member("coordinator", ["CP"], granted="adviser")
    admin = platform.member("director", [], granted="admin")
    resource = publish(api, adviser, "Survit au redémarrage de la base")
    log = platform.stack.logs / "resources.log"
    before = log.stat().st_size
    platform.stack.mongo.process.kill()  # killed, as by the machine: the stack's supervisor restarts it
    platform.stack.mongo.process.wait()
    try:
        for _ in range(5):
            assert_unavailable(api.get(f"/resources/{resource['id']}"))
        health = api.get("/health", admin["access_token"])
        assert health.status_code == 503 and health.headers["Retry-After"]
        assert health.json()["services"]["resources"]["status"] == "unavailable"
    finally:
        assert "secantusdb" in platform.stack.supervise()
    api.wait_for(lambda: api.get(f"/resources/{resource['id']}").status_code == 200, timeout=60)
    assert api.get(f"/resources/{resource['id']}").json()["title"] == "Survit au redémarrage de la base"
    platform.wait_healthy()
    # a handled outage is one warning (and one line when it is back), not a traceback per request
    lines = [json.loads(line) for line in log.read_text(errors="replace")[before:].splitlines() if line.startswith("{")]
    warnings = [line for line in lines if line["level"] == "WARNING" and "database unavailable" in line["message"]]
    assert len(warnings) == 1, warnings
    assert not [line for line in lines if "exception" in line or "Traceback" in line["message"]]
    assert any(line["message"] == "database available again" for line in lines)
