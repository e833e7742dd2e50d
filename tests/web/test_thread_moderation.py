"""In a thread: its author deletes a reply of theirs (after confirming); the group's owner pins and
locks the thread, and nobody can answer it any more. Once with the mouse, once with the keyboard only."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from playwright.sync_api import expect

from classe12_devstack.demo import Api

from .browser import PASSWORD, log_in, log_in_with_the_keyboard, register_member, tab_to


@dataclass
class Scene:
    owner: dict
    colleague: dict
    url: str
    words: str


def a_thread_with_a_reply(web_stack) -> Scene:
    """An open group of a teacher (its owner), her thread, and a coordinator's reply in it."""
    base_url = web_stack.stack.config.base_url
    api = Api(base_url)
    owner = register_member(base_url, verified_by=web_stack)
    colleague = register_member(base_url, f"Camille Coordinatrice {uuid.uuid4().hex[:6]}", role="coordinator",
                                verified_by=web_stack)
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
    return Scene(owner, colleague, f"/communaute/discussions/{thread['id']}", words)


def the_reply_shows_to_a_member(page, scene: Scene) -> None:
    page.goto(scene.url)
    expect(page.get_by_text(scene.words)).to_be_visible()
    expect(page.get_by_role("button", name="Épingler la discussion")).to_have_count(0)  # not a moderator


def pinned(page) -> None:
    expect(page.get_by_text("Épinglée", exact=True)).to_be_visible()


def locked(page) -> None:
    expect(page.get_by_text("Verrouillée", exact=True)).to_be_visible()
    expect(page.get_by_text("Cette discussion est verrouillée")).to_be_visible()


def test_an_author_deletes_a_reply_and_the_owner_pins_and_locks_the_thread(new_page, web_stack):
    scene = a_thread_with_a_reply(web_stack)

    page = new_page()
    log_in(page, scene.colleague["email"], PASSWORD)
    the_reply_shows_to_a_member(page, scene)
    page.get_by_role("button", name="Supprimer mon message").click()
    page.get_by_role("button", name="Confirmer la suppression de mon message").click()
    expect(page.get_by_text(scene.words)).to_have_count(0)

    owner_page = new_page()
    log_in(owner_page, scene.owner["email"], PASSWORD)
    owner_page.goto(scene.url)
    owner_page.get_by_role("button", name="Épingler la discussion").click()
    pinned(owner_page)
    owner_page.get_by_role("button", name="Verrouiller la discussion").click()
    locked(owner_page)
    assert page.js_errors == [] and owner_page.js_errors == []


def test_the_same_with_the_keyboard_only(new_page, web_stack):
    scene = a_thread_with_a_reply(web_stack)

    page = new_page()
    log_in_with_the_keyboard(page, scene.colleague["email"], PASSWORD)
    the_reply_shows_to_a_member(page, scene)
    tab_to(page, "Supprimer mon message")
    page.keyboard.press("Enter")
    confirm = page.get_by_role("button", name="Confirmer la suppression de mon message")
    expect(confirm).to_be_focused()  # the next step, in place of the pressed button
    tab_to(page, "Annuler")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Supprimer mon message")).to_be_focused()
    page.keyboard.press("Enter")
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text(scene.words)).to_have_count(0)
    expect(page.get_by_role("heading", name=f"Réponse de {scene.colleague['name']}")).to_be_focused()  # its buttons are gone

    owner_page = new_page()
    log_in_with_the_keyboard(owner_page, scene.owner["email"], PASSWORD)
    owner_page.goto(scene.url)
    tab_to(owner_page, "Épingler la discussion")
    owner_page.keyboard.press("Enter")
    pinned(owner_page)
    expect(owner_page.get_by_role("button", name="Désépingler la discussion")).to_be_focused()
    tab_to(owner_page, "Verrouiller la discussion")
    owner_page.keyboard.press("Enter")
    locked(owner_page)
    expect(owner_page.get_by_role("button", name="Déverrouiller la discussion")).to_be_focused()
    assert page.js_errors == [] and owner_page.js_errors == []
