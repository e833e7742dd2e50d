"""A parent's journey in the browser, once with the mouse, once with the keyboard only (issue 11):
a teacher (through the API: their own new account and class) positions a pupil and gives the
family a code; a new parent signs up, joins with the code (a wrong one first: the error is next to
the field), reads the child's progress, adds an observation from home and sees it listed."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from classe12_devstack.demo import Api

from .browser import (
    PASSWORD,
    assert_no_violations,
    log_in,
    log_in_with_the_keyboard,
    register_member,
    screenshot,
    tab_to,
)
from .classes_steps import class_through_the_api

ALIAS = "Zoé"
WRONG_CODE = "AAAA-BBBB-CCCC"
BAD_CODE = re.compile("Ce code n.est pas valide")
#: what the teacher observed in class: (item, level), and what the family then reads
GRID = [("fr.lecture.phonologie.syllabes", "atteint"), ("ma.nombres.denombrer.collection", "partiellement_atteint")]
HOME_ITEM = "Lit seul un petit livre"


def family_code(base_url: str) -> str:
    """A new teacher's new class with one pupil, positioned today; the code for the pupil's family."""
    token = register_member(base_url, "Mme Test")["access_token"]
    klass = class_through_the_api(base_url, token, f"CP {uuid.uuid4().hex[:6]}", [ALIAS],
                                  [(ALIAS, item, level) for item, level in GRID])
    pupil = klass["pupils"][0]["id"]
    return Api(base_url).call("POST", f"/classes/{klass['id']}/pupils/{pupil}/parent-invitations", token)["code"]


def parent_email() -> str:
    return f"parent-{uuid.uuid4().hex[:8]}@famille-test.fr"


def sees_the_progress(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Le suivi de {ALIAS}")
    expect(page).to_have_title(f"Le suivi de {ALIAS} — Classe à 12")
    expect(page.get_by_text("Segmente un mot oral en syllabes")).to_be_visible()
    expect(page.get_by_text("Acquis : bravo !")).to_be_visible()
    expect(page.get_by_text("En bonne voie : les progrès sont là.")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("le même graphique en tableau"))
    expect(table.get_by_role("row", name=re.compile("Lecture et compréhension"))).to_be_visible()
    expect(page.get_by_text("Aucune observation pour l’instant.")).to_be_visible()


def test_with_the_mouse(new_page, web_stack):
    code = family_code(web_stack.stack.config.base_url)
    page = new_page(for_axe=True)
    email = parent_email()
    page.goto("/compte/inscription")
    page.get_by_label("Nom affiché").fill("Karima (maman de Zoé)")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Vous êtes", exact=True).select_option("parent")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text("Demande enregistrée")).to_be_visible()
    log_in(page, email, PASSWORD)

    page.locator("#fr-header-main-navigation").get_by_role("link", name="Espace parent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace parent")
    expect(page.get_by_text("Aucun enfant n’est encore lié à votre compte.")).to_be_visible()
    field = page.get_by_label("Code reçu de l’enseignant")
    field.fill(WRONG_CODE)
    page.get_by_role("button", name="Lier mon compte").click()
    expect(field).to_have_accessible_description(BAD_CODE)
    assert_no_violations(page, "/espace-parent with a refused code")
    screenshot(page, "espace-parent-code-refuse-desktop")

    field.fill(code.lower())  # as a parent may type it
    page.get_by_role("button", name="Lier mon compte").click()
    expect(page.get_by_role("status").filter(has_text=f"Votre compte est lié à {ALIAS}.")).to_be_visible()
    expect(field).to_have_value("")
    screenshot(page, "espace-parent-desktop")
    page.get_by_role("link", name=ALIAS, exact=True).click()
    sees_the_progress(page)

    # nothing chosen, nothing written: the error is next to the note
    page.get_by_role("button", name="Ajouter l’observation").click()
    expect(page.get_by_label("Une note, avec vos mots")).to_have_accessible_description(
        re.compile("Choisissez une observation dans la liste ou écrivez une note."))
    note = f"Elle a lu l’histoire du soir à son frère ({uuid.uuid4().hex[:6]})."
    page.get_by_label("Ce que vous avez remarqué").select_option(label=HOME_ITEM)
    page.get_by_label("Une note, avec vos mots").fill(note)
    page.get_by_role("button", name="Ajouter l’observation").click()
    expect(page.get_by_role("status").filter(has_text="Votre observation du")).to_contain_text("est enregistrée")
    listed = page.get_by_role("listitem").filter(has_text=note)
    expect(listed).to_contain_text(HOME_ITEM)
    expect(page.get_by_label("Une note, avec vos mots")).to_have_value("")
    screenshot(page, "enfant-desktop")
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot(page, "enfant-mobile")
    assert_no_violations(page, "a child's page with an observation (mobile)")
    assert page.js_errors == []


def test_with_the_keyboard_only(new_page, web_stack):
    code = family_code(web_stack.stack.config.base_url)
    page = new_page()
    email = parent_email()
    page.goto("/compte/inscription")
    tab_to(page, "Nom affiché")
    page.keyboard.type("Marc (papa de Zoé)")
    tab_to(page, "Adresse e-mail")
    page.keyboard.type(email)
    tab_to(page, "Mot de passe")
    page.keyboard.type(PASSWORD)
    tab_to(page, "Vous êtes")
    page.keyboard.type("Parent")  # the select's type-ahead
    expect(page.get_by_label("Vous êtes", exact=True)).to_have_value("parent")
    tab_to(page, "Créer mon compte")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Demande enregistrée")).to_be_visible()

    tab_to(page, "vous connecter")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/compte/connexion$"))
    log_in_with_the_keyboard(page, email, PASSWORD)
    expect(page).to_have_url(re.compile("/catalogue$"))

    expect(page.locator("#fr-header-main-navigation").get_by_role("link", name="Espace parent")).to_be_visible()
    tab_to(page, "Espace parent", backwards=True)  # from the page's heading, up to the menu
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace parent")
    tab_to(page, "Code reçu de l’enseignant")
    page.keyboard.type(WRONG_CODE)
    page.keyboard.press("Enter")
    field = page.get_by_label("Code reçu de l’enseignant")
    expect(field).to_have_accessible_description(BAD_CODE)
    expect(field).to_be_focused()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text=f"Votre compte est lié à {ALIAS}.")).to_be_visible()
    tab_to(page, f"Voir le suivi de {ALIAS}", backwards=True)
    page.keyboard.press("Enter")
    sees_the_progress(page)

    note = f"Il compte les marches de l’escalier ({uuid.uuid4().hex[:6]})."
    tab_to(page, "Ce que vous avez remarqué")
    page.keyboard.type("Compte des")  # the select's type-ahead
    expect(page.get_by_label("Ce que vous avez remarqué")).to_have_value("maison.compte-objets")
    tab_to(page, "Une note, avec vos mots")
    page.keyboard.type(note)
    tab_to(page, "Ajouter l’observation")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Votre observation du")).to_contain_text("est enregistrée")
    expect(page.get_by_role("listitem").filter(has_text=note)).to_contain_text("Compte des objets")
    assert page.js_errors == []
