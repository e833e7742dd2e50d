"""What else a teacher's class offers in the browser (issue 11), once with the mouse, once with the
keyboard only, on a class that a new teacher made through the API, its pupils positioned: an alias
that looks like a birth date refused next to the field, the class's CSV and PDF downloads, the
repères scores (one refused next to its field first), a pupil's progress and a code for their
family; with the mouse also a grid dated outside the school year refused and then saved (the same
levels again: told as already recorded), and the list of classes on a phone.
Creating a class, adding pupils, positioning them (the grid's arrow keys on the keyboard) and the
class profile: the teacher journey (test_teacher_journey.py, with classes_steps.py)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .browser import PASSWORD, breadcrumb, log_in, log_in_with_the_keyboard, register_member, screenshot, tab_to
from .classes_steps import COMPETENCE, CONSIGNE, GRID, ITEMS, cell, class_name, class_through_the_api


def a_positioned_class(web_stack, words: str) -> tuple[dict, dict]:
    """A new teacher (through the API) and her new class, its pupils positioned on GRID today."""
    base_url = web_stack.stack.config.base_url
    teacher = register_member(base_url, "Mme Classe")
    klass = class_through_the_api(base_url, teacher["access_token"], class_name(words),
                                  grid=[(alias, ITEMS[item], level) for alias, item, level in GRID])
    return teacher, klass


def test_with_the_mouse(new_page, web_stack):
    teacher, klass = a_positioned_class(web_stack, "CP Les Hirondelles")
    name = klass["name"]
    page = new_page()
    log_in(page, teacher["email"], PASSWORD)
    page.goto(f"/classes/{klass['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    page.get_by_label("Prénom ou pseudonyme de l’élève").fill("12/03/2019")  # a birth date: refused by the API
    page.get_by_role("button", name="Ajouter l’élève").click()
    expect(page.locator(".fr-input-group--error")).to_be_visible()
    expect(page.get_by_role("alert")).to_be_visible()
    screenshot(page, "classe-pseudonyme-refuse-desktop")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger le CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger les bilans (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Positionner la classe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Positionner {name}")
    expect(cell(page, "Noé", CONSIGNE)).to_have_value("partiellement_atteint")  # the grid reopens as saved
    cell(page, "Noé", CONSIGNE).select_option("atteint")  # the one cell changed, the only one sent
    # a day outside the class's school year: the API's message next to the date
    page.get_by_label("Date du positionnement").fill("2020-01-10")
    page.get_by_role("button", name="Enregistrer la grille").click()
    expect(page.locator(".fr-input-group--error").filter(has_text="Date du positionnement")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("La grille n'a pas été enregistrée")
    page.get_by_label("Date du positionnement").fill(page.evaluate("() => new Date().toLocaleDateString('sv')"))
    page.get_by_role("button", name="Enregistrer la grille").click()
    expect(page.get_by_role("status").filter(has_text="Grille enregistrée")).to_contain_text(
        "1 positionnement au")
    expect(cell(page, "Noé", CONSIGNE)).to_have_value("atteint")

    breadcrumb(page).get_by_role("link", name=name, exact=True).click()
    page.get_by_role("link", name="Évaluations repères").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Repères de {name}")
    expect(page.get_by_label("Période")).to_have_value("debut-cp")
    score = page.get_by_label("Score de Léa : Manipuler des syllabes (sur 10)")
    score.fill("12")  # above the exercise's largest score: refused before any call, next to the field
    page.get_by_role("button", name="Enregistrer les scores").click()
    expect(page.get_by_text("Le score doit être un nombre entier compris entre 0 et 10.")).to_be_visible()
    expect(score).to_have_attribute("aria-invalid", "true")
    score.fill("8")
    page.get_by_role("button", name="Enregistrer les scores").click()
    expect(page.get_by_role("status").filter(has_text="Scores enregistrés (1)")).to_be_visible()
    groups = page.get_by_role("table", name=re.compile("Élèves par groupe et par exercice"))
    expect(groups.get_by_role("row", name=re.compile("^Manipuler des syllabes")).get_by_role("cell")).to_contain_text(
        ["5 et 8 sur 10", "0", "0", "1", "1"])
    screenshot(page, "classe-reperes-desktop")

    breadcrumb(page).get_by_role("link", name=name, exact=True).click()
    page.get_by_role("link", name="Léa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progrès de Léa")
    progress = page.get_by_role("table", name="Niveau de Léa par compétence à chaque date")
    expect(progress.get_by_role("row", name=re.compile(COMPETENCE)).get_by_role("cell")).to_have_text(["Atteint"])
    page.get_by_role("button", name="Créer un code pour la famille").click()
    expect(page.get_by_role("status").filter(has_text="Code :")).to_contain_text(re.compile(r"Code : \S+"))
    expect(page.get_by_text("Aucun compte de parent n’est lié à Léa.")).to_be_visible()
    screenshot(page, "classe-eleve-desktop")

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/classes")
    expect(page.get_by_role("table", name="Mes classes").get_by_role("row", name=re.compile(name))).to_contain_text("3")
    screenshot(page, "classes-mobile")
    assert page.js_errors == []


def test_with_the_keyboard_only(new_page, web_stack):
    teacher, klass = a_positioned_class(web_stack, "CP Les Mésanges")
    name = klass["name"]
    page = new_page()
    log_in_with_the_keyboard(page, teacher["email"], PASSWORD)
    tab_to(page, "Mes classes", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes classes")
    tab_to(page, name)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    tab_to(page, "Prénom ou pseudonyme")
    page.keyboard.type("12/03/2019")  # a birth date: refused by the API
    page.keyboard.press("Enter")
    expect(page.locator(".fr-input-group--error")).to_be_visible()
    expect(page.get_by_role("alert")).to_be_visible()
    tab_to(page, "Télécharger le CSV")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")
    tab_to(page, "Télécharger les bilans (PDF)", limit=1)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")

    tab_to(page, "Évaluations repères", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Repères de {name}")
    tab_to(page, "Score de Léa : Manipuler des syllabes")
    page.keyboard.type("12")
    page.keyboard.press("Enter")  # submits the scores: refused before any call, next to the field
    score = page.get_by_label("Score de Léa : Manipuler des syllabes (sur 10)")
    expect(page.get_by_text("Le score doit être un nombre entier compris entre 0 et 10.")).to_be_visible()
    expect(score).to_have_attribute("aria-invalid", "true")
    expect(score).to_be_focused()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("8")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Scores enregistrés (1)")).to_be_visible()

    tab_to(page, f"a {name}", backwards=True)  # the breadcrumb, back to the class
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    tab_to(page, "a Léa")  # the pupil's link, not the button that removes her
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Progrès de Léa")
    progress = page.get_by_role("table", name="Niveau de Léa par compétence à chaque date")
    expect(progress.get_by_role("row", name=re.compile(COMPETENCE)).get_by_role("cell")).to_have_text(["Atteint"])
    tab_to(page, "Créer un code pour la famille")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Code :")).to_contain_text(re.compile(r"Code : \S+"))
    assert page.js_errors == []
