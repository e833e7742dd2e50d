"""Web push through the gateway: a teacher subscribes a device with the server's VAPID key, is
mentioned in a discussion and the push reaches the device (the local push service checks the
VAPID signature and decrypts the message); when the device's subscription is gone (410), the
platform forgets it."""
import uuid

import pytest

pytestmark = pytest.mark.system


def ready_to_post(api, platform):
    person = platform.member("teacher", ["CP"])
    assert api.post("/me/charter", person["access_token"], json={"version": 1}).status_code == 200
    assert api.request("PATCH", "/me/profile", person["access_token"],
                       json={"school_uai": "0932002W"}).status_code == 200
    return person


def devices(api, person):
    response = api.get("/me/push-subscriptions", person["access_token"])
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_a_teacher_subscribes_a_device_gets_a_mention_by_push_and_a_gone_device_is_forgotten(
        api, platform, push_server):
    awa, bilal = ready_to_post(api, platform), ready_to_post(api, platform)

    key = api.get("/push/vapid-public-key")
    assert key.status_code == 200, key.text
    browser = push_server.subscribe(key.json()["public_key"])  # pushManager.subscribe in the web client
    refused = api.post("/me/push-subscriptions", awa["access_token"],
                       json={**browser, "endpoint": "http://push.example.org/send/abc"})
    assert refused.status_code == 422 and refused.headers["Content-Type"].startswith("application/problem+json")
    assert "endpoint" in refused.text
    subscribed = api.post("/me/push-subscriptions", awa["access_token"], json=browser)
    assert subscribed.status_code == 201, subscribed.text
    assert [d["id"] for d in devices(api, awa)] == [subscribed.json()["id"]]

    local = next(g for g in api.get("/me/group-suggestions", awa["access_token"]).json()["items"]
                 if g["scope"] == "local" and g["network"] == "REP")
    for person in (awa, bilal):
        assert api.post(f"/groups/{local['id']}/join", person["access_token"]).status_code in (200, 409)
    thread = api.post(f"/groups/{local['id']}/threads", awa["access_token"], json={
        "title": f"Les doubles au CP {uuid.uuid4().hex[:6]}", "body": "Comment les faites-vous manipuler ?",
        "tags": [], "mentions": []})
    assert thread.status_code == 201, thread.text
    reply = api.post(f"/threads/{thread.json()['thread']['id']}/replies", bilal["access_token"],
                     json={"body": "Avec des cubes emboîtables.", "mentions": [awa["id"]]})
    assert reply.status_code == 201, reply.text

    pushed = api.wait_for(lambda: push_server.messages(browser) if len(push_server.messages(browser)) >= 2 else None)
    titles = sorted(m["payload"]["title"] for m in pushed)
    assert titles == ["Nouvelle réponse à votre discussion", "On vous a mentionné dans une discussion"]
    assert all(m["payload"]["url"].startswith("http") and "/discussions/" in m["payload"]["url"] for m in pushed)
    assert push_server.rejections() == []

    push_server.answer(browser, 410)  # the browser dropped the subscription
    again = api.post(f"/threads/{thread.json()['thread']['id']}/replies", bilal["access_token"],
                     json={"body": "Et avec des bûchettes aussi.", "mentions": []})
    assert again.status_code == 201, again.text
    api.wait_for(lambda: devices(api, awa) == [])
    assert len(push_server.messages(browser)) == 2
