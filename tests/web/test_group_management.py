"""A member creates a group "on request", accepts a colleague's request, makes them a moderator
and invites someone found by name, from the group page (issue 11: what a group's owner does),
once with the mouse, once with the keyboard only."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from classe12_devstack.demo import Api

from .browser import PASSWORD, assert_no_violations, log_in, log_in_with_the_keyboard, register_member, tab_to


def owner_and_colleague(web_stack) -> tuple[Api, dict, dict]:
    """A teacher (the future owner) and a coordinator, both having accepted the charter."""
    base_url = web_stack.stack.config.base_url
    api = Api(base_url)
    owner = register_member(base_url, verified_by=web_stack)
    colleague = register_member(base_url, f"Camille Coordinatrice {uuid.uuid4().hex[:6]}", role="coordinator",
                                verified_by=web_stack)
    charter = api.call("GET", "/charter")["version"]
    for person in (owner, colleague):
        api.call("POST", "/me/charter", person["access_token"], version=charter)
    return api, owner, colleague


def created_group(page, name: str) -> str:
    """The new group's page is open (nobody asked yet): its id."""
    expect(page.locator("main h1")).to_have_text(name)
    expect(page.get_by_text("Aucune demande en attente.")).to_be_visible()
    return page.url.rstrip("/").rsplit("/", 1)[1]


def ask_to_join(page, api: Api, group_id: str, colleague: dict) -> None:
    api.call("POST", f"/groups/{group_id}/join", colleague["access_token"], message="Je voudrais participer.")
    page.reload()
    expect(page.get_by_text("« Je voudrais participer. »")).to_be_visible()


def assert_moderator(api: Api, group_id: str, owner: dict, colleague: dict) -> None:
    members = api.call("GET", f"/groups/{group_id}/members?state=member", owner["access_token"])["items"]
    assert {m["member_id"]: m["role"] for m in members}[colleague["id"]] == "moderator"


def assert_invited(api: Api, group_id: str, guest: dict) -> None:
    invited = api.call("GET", f"/groups/{group_id}", guest["access_token"])["membership"]
    assert invited and invited["state"] == "invited"


def a_guest(web_stack) -> tuple[str, dict]:
    name = f"Dominique Invitée {uuid.uuid4().hex[:6]}"
    return name, register_member(web_stack.stack.config.base_url, name, role="partner")


def test_an_owner_creates_a_group_accepts_a_request_and_names_a_moderator(new_page, web_stack):
    api, owner, colleague = owner_and_colleague(web_stack)
    name = f"Ateliers d'écriture {uuid.uuid4().hex[:6]}"

    page = new_page(for_axe=True)
    log_in(page, owner["email"], PASSWORD)
    page.goto("/communaute")
    page.get_by_label("Nom du groupe").fill(name)
    page.get_by_label("Description (facultatif)").fill("Écrire avec des CP : ce qui marche.")
    page.get_by_label("Sur demande").check(force=True)  # the DSFR label covers the radio
    page.get_by_role("button", name="Créer le groupe").click()
    group_id = created_group(page, name)

    ask_to_join(page, api, group_id, colleague)
    page.get_by_role("button", name=f"Accepter la demande de {colleague['name']}").click()
    expect(page.get_by_role("status").filter(has_text="fait maintenant partie du groupe")).to_be_visible()

    page.get_by_label(f"Rôle de {colleague['name']}").select_option("moderator")
    page.get_by_role("button", name=f"Changer le rôle de {colleague['name']}").click()
    expect(page.get_by_role("status").filter(has_text=f"{colleague['name']} : modérateur")).to_be_visible()
    assert_moderator(api, group_id, owner, colleague)

    # an invitation, to a member found by name
    guest_name, guest = a_guest(web_stack)
    page.get_by_label("Nom du membre à inviter").fill(guest_name)
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("button", name=f"Inviter {guest_name}").click()
    expect(page.get_by_role("status").filter(has_text="est invité")).to_be_visible()
    assert_invited(api, group_id, guest)
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, "a group's page with its management")
    assert page.js_errors == []


def test_the_same_with_the_keyboard_only(new_page, web_stack):
    api, owner, colleague = owner_and_colleague(web_stack)
    name = f"Ateliers de lecture {uuid.uuid4().hex[:6]}"

    page = new_page()
    log_in_with_the_keyboard(page, owner["email"], PASSWORD)
    page.goto("/communaute")
    tab_to(page, "Nom du groupe", limit=150)
    page.keyboard.type(name)
    tab_to(page, "Description (facultatif)")
    page.keyboard.type("Lire à voix haute avec des CP.")
    tab_to(page, "Ouvert")  # the group of radios: Tab reaches the checked one, the arrows choose
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Sur demande")).to_be_checked()
    tab_to(page, "Créer le groupe")
    page.keyboard.press("Enter")
    group_id = created_group(page, name)

    ask_to_join(page, api, group_id, colleague)
    tab_to(page, f"Accepter la demande de {colleague['name']}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="fait maintenant partie du groupe")).to_be_visible()
    expect(page.get_by_role("heading", name="Demandes en attente")).to_be_focused()  # not the page's body

    tab_to(page, f"Rôle de {colleague['name']}")
    page.keyboard.type("Mod")
    expect(page.get_by_label(f"Rôle de {colleague['name']}")).to_have_value("moderator")
    tab_to(page, f"Changer le rôle de {colleague['name']}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text=f"{colleague['name']} : modérateur")).to_be_visible()
    expect(page.get_by_label(f"Rôle de {colleague['name']}")).to_be_focused()
    assert_moderator(api, group_id, owner, colleague)

    guest_name, guest = a_guest(web_stack)
    tab_to(page, "Nom du membre à inviter", backwards=True)
    page.keyboard.type(guest_name)
    page.keyboard.press("Enter")
    tab_to(page, f"Inviter {guest_name}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="est invité")).to_be_visible()
    expect(page.get_by_role("button", name=f"Inviter {guest_name}")).to_be_focused()
    assert_invited(api, group_id, guest)
    assert page.js_errors == []
