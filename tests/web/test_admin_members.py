"""An administrator finds a member by name, gives them the adviser's role, takes it back and
warns them, from /administration/membres."""
from __future__ import annotations

import uuid

import requests
from playwright.sync_api import expect

from .browser import assert_no_violations, log_in, register_member
from .pages import ADMIN


def test_an_admin_gives_and_takes_back_a_role_and_warns_a_member(new_page, web_stack):
    base = web_stack.stack.config.base_url + "/api/v1"
    name = f"Camille Essai {uuid.uuid4().hex[:6]}"
    token = register_member(web_stack.stack.config.base_url, name)["access_token"]

    def roles() -> list[str]:
        return requests.get(base + "/me", headers={"Authorization": f"Bearer {token}"}, timeout=30).json()["roles"]

    page = new_page(for_axe=True)
    log_in(page, ADMIN)
    page.get_by_role("link", name="Membres", exact=True).first.click()
    expect(page.locator("main h1")).to_have_text("Gestion des membres")
    page.get_by_label("Nom du membre").fill(name)
    page.get_by_role("button", name="Chercher").click()
    panel = page.get_by_role("region", name=name)
    expect(panel).to_be_visible()

    panel.get_by_label(f"Donner un rôle à {name}").select_option("adviser")
    panel.get_by_role("button", name=f"Donner le rôle à {name}").click()
    expect(panel.get_by_text("Rôles enregistrés.")).to_be_visible()
    expect(panel).to_contain_text("Conseiller ou conseillère pédagogique")
    assert "adviser" in roles()
    panel.get_by_role("button", name=f"Retirer le rôle conseiller ou conseillère pédagogique à {name}").click()
    expect(panel.get_by_role("button", name=f"Retirer le rôle conseiller ou conseillère pédagogique à {name}")).to_have_count(0)
    assert "adviser" not in roles()

    panel.get_by_label("Motif (le membre le lira)").fill("Merci de rester courtois dans les discussions.")
    panel.get_by_role("button", name=f"Appliquer la sanction à {name}").click()
    expect(panel.get_by_text("Sanction enregistrée.")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, "/administration/membres with a member found")
    assert page.js_errors == []
