"""A member creates a group "on request", accepts a colleague's request, makes them a moderator
and invites someone found by name, from the group page (issue 11: what a group's owner does)."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from classe12_devstack.demo import Api

from .browser import PASSWORD, assert_no_violations, log_in, register_member


def test_an_owner_creates_a_group_accepts_a_request_and_names_a_moderator(new_page, web_stack):
    base_url = web_stack.stack.config.base_url
    api = Api(base_url)
    owner = register_member(base_url, verified_by=web_stack)
    colleague = register_member(base_url, f"Camille Coordinatrice {uuid.uuid4().hex[:6]}", role="coordinator",
                                verified_by=web_stack)
    charter = api.call("GET", "/charter")["version"]
    for person in (owner, colleague):
        api.call("POST", "/me/charter", person["access_token"], version=charter)
    name = f"Ateliers d'écriture {uuid.uuid4().hex[:6]}"

    page = new_page(for_axe=True)
    log_in(page, owner["email"], PASSWORD)
    page.goto("/communaute")
    page.get_by_label("Nom du groupe").fill(name)
    page.get_by_label("Description (facultatif)").fill("Écrire avec des CP : ce qui marche.")
    page.get_by_label("Sur demande").check(force=True)  # the DSFR label covers the radio
    page.get_by_role("button", name="Créer le groupe").click()
    expect(page.locator("main h1")).to_have_text(name)
    group_id = page.url.rstrip("/").rsplit("/", 1)[1]
    expect(page.get_by_text("Aucune demande en attente.")).to_be_visible()

    api.call("POST", f"/groups/{group_id}/join", colleague["access_token"], message="Je voudrais participer.")
    page.reload()
    expect(page.get_by_text("« Je voudrais participer. »")).to_be_visible()
    page.get_by_role("button", name=f"Accepter la demande de {colleague['name']}").click()
    expect(page.get_by_role("status").filter(has_text="fait maintenant partie du groupe")).to_be_visible()

    page.get_by_label(f"Rôle de {colleague['name']}").select_option("moderator")
    page.get_by_role("button", name=f"Changer le rôle de {colleague['name']}").click()
    expect(page.get_by_role("status").filter(has_text=f"{colleague['name']} : modérateur")).to_be_visible()
    members = api.call("GET", f"/groups/{group_id}/members?state=member", owner["access_token"])["items"]
    assert {m["member_id"]: m["role"] for m in members}[colleague["id"]] == "moderator"

    # an invitation, to a member found by name
    guest_name = f"Dominique Invitée {uuid.uuid4().hex[:6]}"
    guest = register_member(base_url, guest_name, role="partner")
    page.get_by_label("Nom du membre à inviter").fill(guest_name)
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("button", name=f"Inviter {guest_name}").click()
    expect(page.get_by_role("status").filter(has_text="est invité")).to_be_visible()
    invited = api.call("GET", f"/groups/{group_id}", guest["access_token"])["membership"]
    assert invited and invited["state"] == "invited"
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, "a group's page with its management")
    assert page.js_errors == []
