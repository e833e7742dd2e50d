"""Discussions and moderation through the gateway: a question in the local group of one's
network, a mention, an accepted answer, a report handled by a moderator, a suspension."""
import uuid

import pytest

pytestmark = pytest.mark.system


def member_with_charter(api, platform, role="teacher", granted=None):
    person = platform.member(role, ["CP"], granted=granted)
    accepted = api.post("/me/charter", person["access_token"], json={"version": 1})
    assert accepted.status_code == 200 and accepted.json()["accepted_version"] == 1
    return person


def test_a_question_in_the_local_group_gets_a_mention_and_an_accepted_answer(api, platform):
    awa, bilal = member_with_charter(api, platform), member_with_charter(api, platform)
    for person in (awa, bilal):
        assert api.request("PATCH", "/me/profile", person["access_token"],
                           json={"school_uai": "0932002W"}).status_code == 200
    suggestions = api.get("/me/group-suggestions", awa["access_token"]).json()["items"]
    local = next(g for g in suggestions if g["scope"] == "local" and g["network"] == "REP")
    for person in (awa, bilal):
        assert api.post(f"/groups/{local['id']}/join", person["access_token"]).status_code in (200, 409)

    title = f"Fluence au CP {uuid.uuid4().hex[:6]}"
    created = api.post(f"/groups/{local['id']}/threads", awa["access_token"], json={
        "title": title, "body": "Comment mesurez-vous la **fluence** ? <script>alert(1)</script>",
        "tags": ["fluence"], "mentions": [bilal["id"]]})
    assert created.status_code == 201, created.text
    thread = created.json()
    assert "<strong>fluence</strong>" in thread["opening"]["body_html"]
    assert "<script" not in thread["opening"]["body_html"]
    assert thread["opening"]["mentions"][0]["id"] == bilal["id"]
    thread_id = thread["thread"]["id"]

    listed = api.get(f"/groups/{local['id']}/threads", bilal["access_token"]).json()["items"]
    mine = next(t for t in listed if t["id"] == thread_id)
    assert mine["read"] is False and mine["title"] == title

    reply = api.post(f"/threads/{thread_id}/replies", bilal["access_token"],
                     json={"body": "Une minute de lecture, chaque mois.", "quote_post_id": thread_id})
    assert reply.status_code == 201 and reply.json()["quote"]["post_id"] == thread_id
    thanked = api.request("PUT", f"/posts/{reply.json()['id']}/reactions", awa["access_token"],
                          json={"reaction": "merci", "active": True})
    assert thanked.json()["reactions"]["merci"] == 1
    refused = api.request("PUT", f"/threads/{thread_id}/accepted-answer", bilal["access_token"],
                          json={"post_id": reply.json()["id"]})
    assert refused.status_code == 403 and refused.headers["Content-Type"].startswith("application/problem+json")
    accepted = api.request("PUT", f"/threads/{thread_id}/accepted-answer", awa["access_token"],
                           json={"post_id": reply.json()["id"]})
    assert accepted.status_code == 200 and accepted.json()["accepted_post_id"] == reply.json()["id"]
    page = api.get(f"/threads/{thread_id}", awa["access_token"]).json()
    assert [p["accepted"] for p in page["replies"]["items"]] == [True]

    outsider = member_with_charter(api, platform)
    assert api.get(f"/threads/{thread_id}", outsider["access_token"]).status_code == 403
    assert api.get(f"/threads/{'f' * 24}", awa["access_token"]).status_code == 404
    empty = api.post(f"/threads/{thread_id}/replies", bilal["access_token"], json={"body": "   "})
    assert empty.status_code == 422 and "body" in empty.json()["errors"]


def test_a_moderator_handles_a_report_and_an_admin_suspends(api, platform):
    owner, writer, reader = (member_with_charter(api, platform) for _ in range(3))
    admin = member_with_charter(api, platform, granted="admin")
    group = api.post("/groups", owner["access_token"], json={"name": f"Ateliers {uuid.uuid4().hex[:6]}",
                                                             "access": "open"}).json()
    for person in (writer, reader):
        assert api.post(f"/groups/{group['id']}/join", person["access_token"]).status_code == 200
    thread = api.post(f"/groups/{group['id']}/threads", writer["access_token"],
                      json={"title": "Mes élèves", "body": "Voici le nom de mes élèves…"}).json()
    post_id = thread["thread"]["id"]
    report = api.post("/reports", reader["access_token"], json={"kind": "post", "id": post_id,
                                                               "reason": "personal_data"})
    assert report.status_code == 201
    assert api.post("/reports", reader["access_token"], json={"kind": "post", "id": post_id,
                                                             "reason": "spam"}).status_code == 409
    assert api.get("/moderation/queue", reader["access_token"],
                   params={"group_id": group["id"]}).status_code == 403
    queue = api.get("/moderation/queue", owner["access_token"], params={"group_id": group["id"]}).json()
    assert [(i["id"], i["report_count"]) for i in queue["items"]] == [(post_id, 1)]
    no_reason = api.post("/moderation/decisions", owner["access_token"],
                         json={"kind": "post", "id": post_id, "action": "hide"})
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    hidden = api.post("/moderation/decisions", owner["access_token"],
                      json={"kind": "post", "id": post_id, "action": "hide", "reason": "Données d'élèves."})
    assert hidden.status_code == 200 and hidden.json()["content_state"] == "hidden"
    assert api.get(f"/threads/{post_id}", reader["access_token"]).status_code == 404
    seen = api.get(f"/threads/{post_id}", writer["access_token"]).json()
    assert seen["thread"]["moderation_reason"] == "Données d'élèves."
    listed = api.get(f"/groups/{group['id']}/threads", reader["access_token"]).json()["items"]
    assert post_id not in [t["id"] for t in listed]

    suspended = api.post(f"/members/{writer['id']}/sanctions", admin["access_token"],
                         json={"action": "suspend", "days": 2, "reason": "Données d'élèves publiées."})
    assert suspended.status_code == 200 and suspended.json()["standing"]["suspended_until"]
    assert api.post(f"/members/{writer['id']}/sanctions", owner["access_token"],
                    json={"action": "warn", "reason": "x"}).status_code == 403
    blocked = api.post(f"/groups/{group['id']}/threads", writer["access_token"],
                       json={"title": "Je reviens", "body": "Bonjour"})
    assert blocked.status_code == 403 and "suspendu jusqu'au" in blocked.json()["detail"]
    assert blocked.json()["suspended_until"] == suspended.json()["standing"]["suspended_until"]
    standing = api.get("/charter", writer["access_token"]).json()["standing"]
    assert standing["suspended_until"] == suspended.json()["standing"]["suspended_until"]
