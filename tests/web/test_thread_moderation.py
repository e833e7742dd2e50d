"""In a thread: its author deletes a reply of theirs (after confirming); the group's owner pins and
locks the thread, and nobody can answer it any more."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from classe12_devstack.demo import Api

from .browser import PASSWORD, log_in, register_member


def test_an_author_deletes_a_reply_and_the_owner_pins_and_locks_the_thread(new_page, web_stack):
    base_url = web_stack.stack.config.base_url
    api = Api(base_url)
    owner = register_member(base_url, verified_by=web_stack)
    colleague = register_member(base_url, role="coordinator", verified_by=web_stack)
    charter = api.call("GET", "/charter")["version"]
    for person in (owner, colleague):
        api.call("POST", "/me/charter", person["access_token"], version=charter)
    group = api.call("POST", "/groups", owner["access_token"], name=f"Calcul mental {uuid.uuid4().hex[:6]}",
                     description="", access="open")
    api.call("POST", f"/groups/{group['id']}/join", colleague["access_token"])
    title = f"Les doubles jusqu'à 10 {uuid.uuid4().hex[:6]}"
    thread = api.call("POST", f"/groups/{group['id']}/threads", owner["access_token"], title=title,
                      body="Vos jeux préférés ?", tags=[], mentions=[])["thread"]
    words = f"Le furet des doubles ({uuid.uuid4().hex[:6]})."
    api.call("POST", f"/threads/{thread['id']}/replies", colleague["access_token"], body=words, mentions=[])

    page = new_page()
    log_in(page, colleague["email"], PASSWORD)
    page.goto(f"/communaute/discussions/{thread['id']}")
    expect(page.get_by_text(words)).to_be_visible()
    expect(page.get_by_role("button", name="Épingler la discussion")).to_have_count(0)  # not a moderator
    page.get_by_role("button", name="Supprimer mon message").click()
    page.get_by_role("button", name="Confirmer la suppression de mon message").click()
    expect(page.get_by_text(words)).to_have_count(0)

    owner_page = new_page()
    log_in(owner_page, owner["email"], PASSWORD)
    owner_page.goto(f"/communaute/discussions/{thread['id']}")
    owner_page.get_by_role("button", name="Épingler la discussion").click()
    expect(owner_page.get_by_text("Épinglée", exact=True)).to_be_visible()
    owner_page.get_by_role("button", name="Verrouiller la discussion").click()
    expect(owner_page.get_by_text("Verrouillée", exact=True)).to_be_visible()
    expect(owner_page.get_by_text("Cette discussion est verrouillée")).to_be_visible()
    assert page.js_errors == [] and owner_page.js_errors == []
