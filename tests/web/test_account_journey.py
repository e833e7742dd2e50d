"""A new member's account in the browser, once with the mouse, once with the keyboard only
(issue 11): change the display name and the password (then sign in with the new one), download
the export (a JSON file with their address), delete the account (then signing in fails)."""
from __future__ import annotations

import json
import re
import uuid

from playwright.sync_api import expect

from .browser import PASSWORD, log_in, log_in_with_the_keyboard, register_member, screenshot, tab_to

NEW_PASSWORD = "Hérissons-du-CE1-2027"
WRONG_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."
#: password hashing, the export of four services, a deletion across services: slower than a page
SLOW = 20_000


def exported(download) -> dict:
    assert re.fullmatch(r"classe12-mes-donnees-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    with open(download.path(), encoding="utf-8") as file:
        return json.load(file)


def test_with_the_mouse(web_stack, new_page):
    page = new_page()
    email = register_member(web_stack.stack.config.base_url, "Mme Essai")["email"]
    name = f"Mme Lenoir {uuid.uuid4().hex[:6]}"
    log_in(page, email, PASSWORD)
    expect(page.get_by_role("button", name="Se déconnecter", exact=True)).to_be_visible(timeout=SLOW)

    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    expect(page.get_by_text("Adresse e-mail à confirmer")).to_be_visible()
    page.get_by_role("button", name="Renvoyer le lien").click()
    expect(page.get_by_text(f"Un nouveau lien vient de partir à {email}.")).to_be_visible()

    page.get_by_label("Nom affiché").fill(name)
    page.get_by_role("checkbox", name="CE1").check(force=True)
    page.get_by_label("Chercher une école de l'annuaire").fill("Hirondelles")
    page.get_by_text("École primaire Les Hirondelles, Tourcoing (0591002U, REP)").click()
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_text("Votre profil est enregistré.")).to_be_visible(timeout=SLOW)

    page.get_by_label("Mot de passe actuel").fill(PASSWORD)
    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Changer de mot de passe").click()
    expect(page.get_by_text("Votre mot de passe est changé.")).to_be_visible(timeout=SLOW)
    screenshot(page, "compte-desktop")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "compte-mobile")
    page.set_viewport_size({"width": 1280, "height": 900})

    # signed out, the old password no longer opens the account; the new one does
    page.get_by_role("button", name="Se déconnecter", exact=True).click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto("/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text(WRONG_CREDENTIALS, timeout=SLOW)
    page.get_by_label("Mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter", exact=True)).to_be_visible(timeout=SLOW)
    page.goto("/compte")
    expect(page.get_by_label("Nom affiché")).to_have_value(name)
    expect(page.get_by_role("checkbox", name="CE1")).to_be_checked()
    expect(page.get_by_text("École choisie : École primaire Les Hirondelles")).to_be_visible()

    page.get_by_role("link", name="Mes données").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes données")
    with page.expect_download(timeout=SLOW) as download:
        page.get_by_role("button", name="Télécharger mes données").click()
    data = exported(download.value)
    assert email in json.dumps(data, ensure_ascii=False)
    expect(page.get_by_role("status").filter(has_text="est téléchargé")).to_be_visible()
    screenshot(page, "mes-donnees-desktop")

    page.get_by_role("button", name="Supprimer mon compte…").click()
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_text("J'ai compris que la suppression est définitive.").click()
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page.get_by_text("Mot de passe incorrect.").first).to_be_visible(timeout=SLOW)
    page.get_by_label("Mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page).to_have_url(re.compile(r"/$"), timeout=SLOW)
    expect(page.get_by_text("Votre compte est supprimé.")).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()

    page.goto("/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text(WRONG_CREDENTIALS, timeout=SLOW)
    assert page.js_errors == []


def test_with_the_keyboard_only(web_stack, new_page):
    page = new_page()
    email = register_member(web_stack.stack.config.base_url, "M. Essai")["email"]
    name = f"M. Leroux {uuid.uuid4().hex[:6]}"
    log_in_with_the_keyboard(page, email, PASSWORD)
    expect(page).to_have_url(re.compile("/catalogue$"), timeout=SLOW)

    tab_to(page, "Mon compte")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    tab_to(page, "Nom affiché")
    page.keyboard.press("Control+A")
    page.keyboard.type(name)
    tab_to(page, "Enregistrer mon profil")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Votre profil est enregistré.")).to_be_visible(timeout=SLOW)

    tab_to(page, "Mot de passe actuel")
    page.keyboard.type(PASSWORD)
    tab_to(page, "Nouveau mot de passe")
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Votre mot de passe est changé.")).to_be_visible(timeout=SLOW)

    tab_to(page, "Se déconnecter", backwards=True, limit=150)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))
    log_in_with_the_keyboard(page, email, NEW_PASSWORD)
    expect(page).to_have_url(re.compile("/catalogue$"), timeout=SLOW)

    tab_to(page, "Mon compte")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Nom affiché")).to_have_value(name)
    tab_to(page, "Mes données")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes données")
    tab_to(page, "Télécharger mes données")
    with page.expect_download(timeout=SLOW) as download:
        page.keyboard.press("Enter")
    assert email in json.dumps(exported(download.value), ensure_ascii=False)

    tab_to(page, "Supprimer mon compte")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Mot de passe")).to_be_focused()
    page.keyboard.type(NEW_PASSWORD)
    tab_to(page, "J'ai compris")
    page.keyboard.press("Space")
    tab_to(page, "Supprimer définitivement")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/$"), timeout=SLOW)
    expect(page.get_by_text("Votre compte est supprimé.")).to_be_visible(timeout=SLOW)

    log_in_with_the_keyboard(page, email, NEW_PASSWORD, refused=True)
    expect(page.get_by_role("alert")).to_contain_text(WRONG_CREDENTIALS, timeout=SLOW)
    assert page.js_errors == []
