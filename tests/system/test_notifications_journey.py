"""Issue 10's whole journey through the gateway, on the real SMTP server, live process and a local
push service: a teacher follows a topic and a group, hears live of a new notification, gets an
immediate e-mail and a push for a mention, a daily digest for the rest, and unsubscribes from
the digest in one click."""
import subprocess
import sys
import uuid
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from .test_live import open_stream
from .test_notifications import mails_to
from .test_push import ready_to_post

pytestmark = pytest.mark.system


def test_follows_live_mention_mail_and_push_daily_digest_and_one_click_unsubscribe(api, platform, push_server):
    awa, bilal = ready_to_post(api, platform), ready_to_post(api, platform)
    adviser = platform.member("coordinator", ["CE1"], granted="adviser")
    token = awa["access_token"]

    # a device, a topic, a group; the rest of the resources in the daily digest
    browser = push_server.subscribe(api.get("/push/vapid-public-key").json()["public_key"])
    assert api.post("/me/push-subscriptions", token, json=browser).status_code == 201
    followed = api.wait_for(lambda: (r := api.request("PUT", "/me/follows", token, json={"topics": ["phonologie"]}))
                            .status_code == 200 and r)
    assert followed.json()["topics"] == ["phonologie"]
    assert api.request("PUT", "/me/preferences", token, json={
        "categories": [{"category": "resources", "email": "daily"}]}).status_code == 200
    local = next(g for g in api.get("/me/group-suggestions", token).json()["items"]
                 if g["scope"] == "local" and g["network"] == "REP")
    for person in (awa, bilal):
        assert api.post(f"/groups/{local['id']}/join", person["access_token"]).status_code in (200, 409)
    api.wait_for(lambda: local["id"] in api.get("/me/follows", token).json()["groups"])

    stream = open_stream(platform, api, awa)
    try:
        # a resource on her topic (CE1: not her level): heard live
        resource = api.post("/resources", adviser["access_token"], json={
            "title": f"Phonèmes et syllabes {uuid.uuid4().hex[:6]}", "summary": "Jeux de sons.", "body": "Texte.",
            "kind": "fiche", "levels": ["CE1"], "topics": ["phonologie"]}).json()
        assert api.post(f"/resources/{resource['id']}/publish", adviser["access_token"]).status_code == 200
        [(_, heard)] = api.wait_for(lambda: [f for f in stream.frames if f[1].get("notification", {})
                                             .get("kind") == "resource_published"])
        listed = api.get("/notifications?limit=100", token).json()["items"]
        [note] = [n for n in listed if n["id"] == heard["notification"]["id"]]
        assert note["link"] == f"/ressources/{resource['id']}"

        # a new thread of her group that mentions her: in the app, by e-mail at once, by push
        title = f"Les doubles au CP {uuid.uuid4().hex[:6]}"
        thread = api.post(f"/groups/{local['id']}/threads", bilal["access_token"], json={
            "title": title, "body": "Comment les faites-vous manipuler ?", "tags": [], "mentions": [awa["id"]]})
        assert thread.status_code == 201, thread.text
        api.wait_for(lambda: [f for f in stream.frames if f[1].get("notification", {})
                              .get("kind") == "member_mentioned"])
    finally:
        stream.close()
    # (what members write stays in community: the messages name no title and link to the thread)
    discussion = f"/groupes/{local['id']}/discussions/{thread.json()['thread']['id']}"
    [mention] = api.wait_for(lambda: [m for m in mails_to(platform, awa["email"]) if "mentionné" in m["Subject"]])
    assert discussion in mention.get_body(("plain",)).get_content()
    pushed = api.wait_for(lambda: [m for m in push_server.messages(browser)
                                   if m["payload"]["title"] == "On vous a mentionné dans une discussion"])
    assert len(pushed) == 1 and push_server.rejections() == []

    # tomorrow's digest holds the resource and the new thread, not the mention (sent already)
    tomorrow = (datetime.now(timezone.utc).astimezone(ZoneInfo("Europe/Paris")) + timedelta(days=1)).date()
    command = subprocess.run([sys.executable, "-m", "classe12_notifications.cli", "digest", "--period", "daily",
                              "--at", tomorrow.isoformat()], env=platform.stack.config.env(),
                             capture_output=True, text=True, timeout=60)
    assert command.returncode == 0, command.stderr
    [digest] = api.wait_for(lambda: [m for m in mails_to(platform, awa["email"])
                                     if m["Subject"].startswith("Votre résumé quotidien")], timeout=60)
    text = digest.get_body(("plain",)).get_content()
    assert resource["title"] in text and "Nouvelle discussion dans un de vos groupes" in text
    assert discussion in text and "mentionné" not in text

    # one click on the digest's List-Unsubscribe, without signing in
    path = digest["List-Unsubscribe"].strip("<>").split("/api/v1", 1)[1]
    done = api.post(path, data="List-Unsubscribe=One-Click",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert done.status_code == 200, done.text
    categories = {c["category"]: c for c in api.get("/me/preferences", token).json()["categories"]}
    assert {categories[name]["email"] for name in done.json()["unsubscribed"]} == {"off"}
    assert categories["mentions"]["email"] == "immediate"  # the rest is untouched
