"""An administrator finds a member by name, gives them the adviser's role, takes it back and
warns them, from /administration/membres; once with the mouse, once with the keyboard only."""
from __future__ import annotations

import uuid

import requests
from playwright.sync_api import expect

from .browser import assert_no_violations, log_in, log_in_with_the_keyboard, register_member, tab_to
from .pages import ADMIN

ADVISER = "conseiller ou conseillère pédagogique"


class Member:
    """A new member with a unique name, and the roles the API gives them."""

    def __init__(self, web_stack):
        self.base = web_stack.stack.config.base_url
        self.name = f"Camille Essai {uuid.uuid4().hex[:6]}"
        self.token = register_member(self.base, self.name)["access_token"]

    def roles(self) -> list[str]:
        return requests.get(self.base + "/api/v1/me", headers={"Authorization": f"Bearer {self.token}"},
                            timeout=30).json()["roles"]


def found(page, name: str):
    panel = page.get_by_role("region", name=name)
    expect(panel).to_be_visible()
    return panel


def adviser_given(panel, member: Member) -> None:
    expect(panel.get_by_text("Rôles enregistrés.")).to_be_visible()
    expect(panel).to_contain_text(ADVISER.capitalize())
    assert "adviser" in member.roles()


def adviser_taken_back(panel, member: Member) -> None:
    expect(panel.get_by_role("button", name=f"Retirer le rôle {ADVISER} à {member.name}")).to_have_count(0)
    assert "adviser" not in member.roles()


def test_an_admin_gives_and_takes_back_a_role_and_warns_a_member(new_page, web_stack):
    member = Member(web_stack)
    name = member.name

    page = new_page(for_axe=True)
    log_in(page, ADMIN)
    page.get_by_role("link", name="Membres", exact=True).first.click()
    expect(page.locator("main h1")).to_have_text("Gestion des membres")
    page.get_by_label("Nom du membre").fill(name)
    page.get_by_role("button", name="Chercher").click()
    panel = found(page, name)

    panel.get_by_label(f"Donner un rôle à {name}").select_option("adviser")
    panel.get_by_role("button", name=f"Donner le rôle à {name}").click()
    adviser_given(panel, member)
    panel.get_by_role("button", name=f"Retirer le rôle {ADVISER} à {name}").click()
    adviser_taken_back(panel, member)

    panel.get_by_label("Motif (le membre le lira)").fill("Merci de rester courtois dans les discussions.")
    panel.get_by_role("button", name=f"Appliquer la sanction à {name}").click()
    expect(panel.get_by_text("Sanction enregistrée.")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, "/administration/membres with a member found")
    assert page.js_errors == []


def test_the_same_with_the_keyboard_only(new_page, web_stack):
    member = Member(web_stack)
    name = member.name

    page = new_page()
    log_in_with_the_keyboard(page, ADMIN)
    tab_to(page, "Membres", backwards=True)  # from the new page's heading back up to the header's menu
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Gestion des membres")
    tab_to(page, "Nom du membre")
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    panel = found(page, name)

    tab_to(page, f"Donner un rôle à {name}")
    page.keyboard.type("Con")
    expect(panel.get_by_label(f"Donner un rôle à {name}")).to_have_value("adviser")
    tab_to(page, f"Donner le rôle à {name}")
    page.keyboard.press("Enter")
    adviser_given(panel, member)
    expect(panel.get_by_label(f"Donner un rôle à {name}")).to_be_focused()
    tab_to(page, f"Retirer le rôle {ADVISER} à {name}")
    page.keyboard.press("Enter")
    adviser_taken_back(panel, member)
    expect(panel.get_by_label(f"Donner un rôle à {name}")).to_be_focused()  # not the page's body

    tab_to(page, "Motif (le membre le lira)")
    page.keyboard.type("Merci de rester courtois dans les discussions.")
    tab_to(page, f"Appliquer la sanction à {name}")
    page.keyboard.press("Enter")
    expect(panel.get_by_text("Sanction enregistrée.")).to_be_visible()
    expect(panel.get_by_role("button", name=f"Appliquer la sanction à {name}")).to_be_focused()
    assert page.js_errors == []
