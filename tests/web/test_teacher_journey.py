"""A teacher's journey in the browser, once with the mouse, once with the keyboard only (issue 11):
sign up, sign in, find a resource by a misspelt word, open it, bookmark it; then, the same new
teacher (her address not yet verified), "Mes classes": create a class, add pupils, position them
in the grid (its arrow keys on the keyboard) and see the class profile (classes_steps.py).
(What else a class offers: test_classes_journey.py.)"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from . import classes_steps as classes
from .browser import PASSWORD, log_in_with_the_keyboard, new_email, screenshot, tab_to

MISSPELT = "escargos"  # "Un élevage d'escargots en classe": one typo forgiven
TITLE = "Un élevage d’escargots en classe"


def test_with_the_mouse(new_page):
    page = new_page()
    email = new_email()
    page.goto("/")
    page.get_by_role("link", name="Créer un compte").first.click()
    expect(page).to_have_title("Créer un compte — Classe à 12")
    page.get_by_label("Nom affiché").fill("Mme Martin")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Vous êtes", exact=True).select_option("teacher")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text("Demande enregistrée")).to_be_visible()

    page.get_by_role("link", name="vous connecter").click()
    expect(page).to_have_url(re.compile("/compte/connexion$"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile("/catalogue$"))
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.get_by_role("combobox", name="Chercher une ressource").fill(MISSPELT)
    page.get_by_role("button", name="Rechercher").click()
    expect(page).to_have_url(re.compile(f"q={MISSPELT}"))
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page).to_have_title(f"{TITLE} — Classe à 12")
    page.get_by_role("button", name="Ajouter à mes favoris").click()
    expect(page.get_by_role("button", name="Dans mes favoris")).to_have_attribute("aria-pressed", "true")
    screenshot(page, "ressource-favori-desktop")

    # a reload keeps the session (the refresh cookie) and the bookmark
    page.reload()
    expect(page.get_by_role("button", name="Dans mes favoris")).to_be_visible()
    assert "refresh_token" not in page.evaluate("() => JSON.stringify(localStorage) + document.cookie")

    name = classes.class_name("CP Les Hirondelles")
    classes.create_class_with_the_mouse(page, name)
    classes.add_pupils_with_the_mouse(page)
    screenshot(page, "classe-desktop")
    classes.position_with_the_mouse(page, name)
    screenshot(page, "classe-grille-desktop")
    classes.see_the_profile_with_the_mouse(page, name)
    screenshot(page, "classe-profil-desktop")
    assert page.js_errors == []


def test_with_the_keyboard_only(new_page):
    page = new_page()
    email = new_email()
    page.goto("/")
    tab_to(page, "Créer un compte")
    page.keyboard.press("Enter")
    expect(page).to_have_title("Créer un compte — Classe à 12")
    tab_to(page, "Nom affiché")
    page.keyboard.type("M. Durand")
    tab_to(page, "Adresse e-mail")
    page.keyboard.type(email)
    tab_to(page, "Mot de passe")
    page.keyboard.type(PASSWORD)
    tab_to(page, "Créer mon compte")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Demande enregistrée")).to_be_visible()

    tab_to(page, "vous connecter")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/compte/connexion$"))
    log_in_with_the_keyboard(page, email, PASSWORD)
    expect(page).to_have_url(re.compile("/catalogue$"))

    tab_to(page, "Chercher une ressource")
    page.keyboard.type(MISSPELT)
    page.keyboard.press("Enter")  # no suggestion chosen: search the words
    expect(page).to_have_url(re.compile(f"q={MISSPELT}"))
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    tab_to(page, TITLE)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    tab_to(page, "Ajouter à mes favoris")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Dans mes favoris")).to_have_attribute("aria-pressed", "true")

    name = classes.class_name("CP Les Mésanges")
    classes.create_class_with_the_keyboard(page, name)
    classes.add_pupils_with_the_keyboard(page)
    classes.position_with_the_keyboard(page, name)
    classes.see_the_profile_with_the_keyboard(page, name)
    assert page.js_errors == []


def test_suggestions_are_picked_with_the_arrows(new_page):
    page = new_page()
    page.goto("/catalogue")
    tab_to(page, "Chercher une ressource")
    page.keyboard.type("escarg")
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox.get_by_role("option", name=re.compile("escargots")).first).to_be_visible()
    field = page.get_by_role("combobox", name="Chercher une ressource")
    for index in range(8):  # topics come first, then titles
        page.keyboard.press("ArrowDown")
        expect(field).to_have_attribute("aria-activedescendant", re.compile(f"option-{index}$"))
        if "escargots" in listbox.locator('[aria-selected="true"]').inner_text():
            break
    page.keyboard.press("Escape")  # closes the list, keeps the words
    expect(listbox).to_be_hidden()
    expect(field).to_have_value("escarg")
    for _ in range(index + 1):  # the list opens on its first suggestion: the same one again
        page.keyboard.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", re.compile(f"option-{index}$"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("escargots")
