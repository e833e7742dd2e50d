"""A member's profile (issue 11: the client offers what the API offers): a teacher follows the name
of a reply's author in the demo thread to her profile, which says which fields she does not show,
once with the mouse and once with the keyboard only; a member on their own profile is offered to
change it; the author of what a deleted account wrote has no link; an unknown member is not found."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from .browser import (
    PASSWORD,
    assert_no_violations,
    log_in,
    log_in_with_the_keyboard,
    register_member,
    screenshot,
    tab_to,
)
from .pages import DEMO_THREAD, TEACHER, Demo

HIDDEN = "Ce membre a choisi de ne pas afficher : niveaux, centres d’intérêt."
BIO = "Enseignante en CP depuis six ans.\nJ’aime les <b>albums</b> et les rituels de lecture."


def discreet_colleague(web_stack) -> dict:
    """A teacher with a unique name who shows neither her levels nor her interests, and who
    replied in the demo thread (through the API)."""
    api = web_stack.api
    member = register_member(web_stack.stack.config.base_url, f"Camille Discrète {uuid.uuid4().hex[:6]}",
                             verified_by=web_stack)
    token, name = member["access_token"], member["name"]
    changed = api.request("PATCH", "/me/profile", token, json={
        "bio": BIO, "visibility": {"levels": "nobody", "interests": "nobody"}})
    assert changed.status_code == 200, changed.text
    assert api.post("/me/charter", token, json={"version": api.get("/charter").json()["version"]}).status_code == 200
    demo = Demo(web_stack.stack.config.base_url)
    assert api.post(f"/groups/{demo.group_id()}/join", token, json={}).status_code == 200
    replied = api.post(f"/threads/{demo.thread_id()}/replies", token, json={"body": f"Des textes de quarante mots ({name})."})
    assert replied.status_code in (200, 201), replied.text
    return member


def thread_url(web_stack) -> str:
    return f"/communaute/discussions/{Demo(web_stack.stack.config.base_url).thread_id()}"


def sees_her_profile(page, colleague: dict) -> None:
    expect(page.locator("main h1")).to_have_text(colleague["name"])
    expect(page).to_have_url(re.compile(rf"/membres/{colleague['id']}$"))
    expect(page).to_have_title(f"{colleague['name']} — Classe à 12")
    expect(page.get_by_text(HIDDEN)).to_be_visible()
    expect(page.get_by_text("Enseignant ou enseignante")).to_be_visible()
    expect(page.locator(".classe12-bio")).to_have_text(BIO)  # plain text: the tags are shown, not obeyed
    expect(page.get_by_role("link", name="Modifier mon profil")).to_have_count(0)


def follows_her(page, web_stack, colleague: dict) -> None:
    """The profile's follow button is pressed, said, and the follow saved by the notifications service."""
    expect(page.get_by_role("button", name="Vous suivez ce membre")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status").filter(has_text=f"Vous suivez {colleague['name']}")).to_have_count(1)
    assert colleague["id"] in Demo(web_stack.stack.config.base_url).get("/me/follows", TEACHER)["members"]


def test_with_the_mouse_a_teacher_opens_the_profile_of_a_reply_author(new_page, web_stack):
    colleague = discreet_colleague(web_stack)
    page = new_page(for_axe=True)
    log_in(page, TEACHER)
    page.goto(f"/communaute/groupes/{Demo(web_stack.stack.config.base_url).group_id()}")
    page.get_by_role("link", name=DEMO_THREAD).click()
    expect(page.locator("main h1")).to_have_text(DEMO_THREAD)
    page.get_by_role("heading", name=f"Réponse de {colleague['name']}").get_by_role("link").click()
    sees_her_profile(page, colleague)
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, "a member's profile with hidden fields")
    screenshot(page, "member-profile-hidden-fields")

    page.get_by_role("button", name="Suivre ce membre").click()
    follows_her(page, web_stack, colleague)
    page.get_by_role("button", name="Vous suivez ce membre").click()
    expect(page.get_by_role("button", name="Suivre ce membre")).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("status").filter(has_text=f"Vous ne suivez plus {colleague['name']}.")).to_have_count(1)
    assert colleague["id"] not in Demo(web_stack.stack.config.base_url).get("/me/follows", TEACHER)["members"]
    assert page.js_errors == []


def test_with_the_keyboard_a_teacher_opens_the_profile_of_a_reply_author(new_page, web_stack):
    colleague = discreet_colleague(web_stack)
    page = new_page()
    log_in_with_the_keyboard(page, TEACHER)
    page.goto(thread_url(web_stack))
    expect(page.locator("main h1")).to_have_text(DEMO_THREAD)
    assert tab_to(page, colleague["name"], limit=150).startswith("a ")
    page.keyboard.press("Enter")
    sees_her_profile(page, colleague)
    expect(page.locator("main h1")).to_be_focused()  # a new page: the keyboard starts from its heading
    tab_to(page, "Suivre ce membre")
    page.keyboard.press("Enter")
    follows_her(page, web_stack, colleague)
    assert page.js_errors == []


def test_a_member_on_their_own_profile_is_offered_to_change_it(new_page, web_stack):
    page = new_page()
    log_in(page, TEACHER)
    page.goto(thread_url(web_stack))
    page.get_by_role("heading", name="Message de Karim Benali").get_by_role("link", name="Karim Benali").click()
    expect(page.locator("main h1")).to_have_text("Karim Benali")
    expect(page.get_by_text("Tous les membres voient votre profil tel qu’il est affiché ici.")).to_be_visible()
    page.get_by_role("link", name="Modifier mon profil").click()
    expect(page.locator("main h1")).to_have_text("Mon compte")
    page.get_by_role("link", name="Voir mon profil tel que les autres le voient").click()
    expect(page.locator("main h1")).to_have_text("Karim Benali")
    expect(page.get_by_role("link", name="Modifier mon profil")).to_be_visible()
    expect(page.get_by_role("button", name="Suivre ce membre")).to_have_count(0)  # not oneself
    assert page.js_errors == []


def test_a_deleted_account_has_no_link_and_an_unknown_member_is_not_found(new_page, web_stack):
    colleague = discreet_colleague(web_stack)
    deleted = web_stack.api.request("DELETE", "/me", colleague["access_token"], json={"password": PASSWORD})
    assert deleted.status_code in (200, 202, 204), deleted.text
    page = new_page()
    log_in(page, TEACHER)
    page.goto(thread_url(web_stack))
    reply = page.get_by_role("article").filter(has_text=f"Des textes de quarante mots ({colleague['name']}).")
    expect(reply.get_by_role("heading", name="Réponse de Compte supprimé")).to_be_visible()
    expect(reply.get_by_role("heading").get_by_role("link")).to_have_count(0)
    page.goto(f"/membres/{colleague['id']}")
    expect(page.locator("main h1")).to_have_text("Profil d’un membre")
    expect(page.get_by_role("alert")).to_contain_text("Ce membre n'existe pas.")
    assert page.js_errors == []
