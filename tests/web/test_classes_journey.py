"""A teacher's classes in the browser (issue 11), once with the mouse, once with the keyboard only:
create a class, add pupils, position them in the grid (with the arrow keys in the keyboard test),
see the class profile and its data table; then a pupil's progress and a code for their family."""
from __future__ import annotations

import re
import uuid

import requests
from playwright.sync_api import expect

from .browser import FOCUSED, PASSWORD, breadcrumb, new_email, screenshot, tab_to
from .pages import CONSIGNE, HISTOIRE
from .pages import grid_cell as cell

COMPETENCE = "Écouter pour comprendre des messages oraux ou des textes lus"


def new_teacher(base_url: str) -> str:
    """A new teacher account through the API (positioning needs no confirmed address)."""
    email = new_email()
    answer = requests.post(f"{base_url}/api/v1/auth/register", timeout=30, json={
        "email": email, "password": PASSWORD, "display_name": "Mme Classe", "role": "teacher", "levels": ["CP"]})
    assert answer.status_code in (200, 201, 202), answer.text
    return email


def profile_row(page, competence: str):
    table = page.get_by_role("table", name=re.compile("Élèves à chaque niveau par compétence"))
    return table.get_by_role("row", name=re.compile(re.escape(competence)))


def test_with_the_mouse(new_page, web_stack):
    email = new_teacher(web_stack.stack.config.base_url)
    name = f"CP Les Hirondelles {uuid.uuid4().hex[:6]}"
    page = new_page()
    page.goto("/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/compte/connexion" not in url)

    page.get_by_role("link", name="Mes classes").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes classes")
    expect(page.get_by_text("Vous n’avez pas encore de classe.")).to_be_visible()
    page.get_by_label("Nom de la classe").fill(name)
    page.get_by_label("Niveau").select_option("CP")
    page.get_by_role("button", name="Créer la classe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page).to_have_title(f"{name} — Classe à 12")

    for alias in ("Léa", "Noé", "Inès"):
        page.get_by_label("Prénom ou pseudonyme de l’élève").fill(alias)
        page.get_by_role("button", name="Ajouter l’élève").click()
        expect(page.get_by_role("status").filter(has_text=f"{alias} a été ajouté")).to_be_visible()
    pupils = page.get_by_role("table", name=re.compile("Élèves de la classe"))
    expect(pupils.get_by_role("row")).to_have_count(4)
    page.get_by_label("Prénom ou pseudonyme de l’élève").fill("12/03/2019")  # a birth date: refused by the API
    page.get_by_role("button", name="Ajouter l’élève").click()
    expect(page.locator(".fr-input-group--error")).to_be_visible()
    expect(page.get_by_role("alert")).to_be_visible()
    screenshot(page, "classe-desktop")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger le CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger les bilans (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("link", name="Positionner la classe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Positionner {name}")
    expect(page.get_by_label("Compétence")).to_have_value("fr.oral.ecouter")
    cell(page, "Léa", CONSIGNE).select_option("atteint")
    cell(page, "Noé", CONSIGNE).select_option("partiellement_atteint")
    cell(page, "Inès", CONSIGNE).select_option("atteint")
    cell(page, "Léa", HISTOIRE).select_option("depasse")
    cell(page, "Inès", HISTOIRE).select_option("non_atteint")
    # a day outside the class's school year: the API's message next to the date
    page.get_by_label("Date du positionnement").fill("2020-01-10")
    page.get_by_role("button", name="Enregistrer la grille").click()
    expect(page.locator(".fr-input-group--error").filter(has_text="Date du positionnement")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("La grille n'a pas été enregistrée")
    page.get_by_label("Date du positionnement").fill(page.evaluate("() => new Date().toLocaleDateString('sv')"))
    page.get_by_role("button", name="Enregistrer la grille").click()
    expect(page.get_by_role("status").filter(has_text="Grille enregistrée")).to_contain_text("5 positionnements")
    screenshot(page, "classe-grille-desktop")

    page.get_by_role("link", name="Voir le profil de la classe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Profil de {name}")
    # Noé is partly there on the one item, Léa above "atteint" (mean rounded down), Inès between
    expect(profile_row(page, COMPETENCE).get_by_role("cell")).to_have_text(["0", "2", "1", "0", "3"])
    screenshot(page, "classe-profil-desktop")

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
    email = new_teacher(web_stack.stack.config.base_url)
    name = f"CP Les Mésanges {uuid.uuid4().hex[:6]}"
    page = new_page()
    page.goto("/compte/connexion")
    tab_to(page, "Adresse e-mail")
    page.keyboard.type(email)
    tab_to(page, "Mot de passe")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/compte/connexion" not in url)

    tab_to(page, "Mes classes")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes classes")
    tab_to(page, "Nom de la classe")
    page.keyboard.type(name)
    tab_to(page, "Créer la classe")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    tab_to(page, "Prénom ou pseudonyme")
    for alias in ("Léa", "Noé", "Inès"):
        page.keyboard.type(alias)
        page.keyboard.press("Enter")
        expect(page.get_by_role("status").filter(has_text=f"{alias} a été ajouté")).to_be_visible()
        expect(page.get_by_label("Prénom ou pseudonyme de l’élève")).to_have_value("")

    tab_to(page, "Positionner la classe", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Positionner {name}")
    tab_to(page, f"Niveau de Léa : {CONSIGNE}")
    page.keyboard.press("a")                      # Léa, consigne: Atteint
    page.keyboard.press("ArrowRight")
    assert f"Niveau de Léa : {HISTOIRE}" in page.evaluate(FOCUSED)
    page.keyboard.press("d")                      # Léa, histoire: Dépassé
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert f"Niveau de Inès : {HISTOIRE}" in page.evaluate(FOCUSED)
    page.keyboard.press("n")                      # Inès, histoire: Non atteint
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("3")                      # Inès, consigne: Atteint
    page.keyboard.press("ArrowUp")
    assert f"Niveau de Noé : {CONSIGNE}" in page.evaluate(FOCUSED)
    page.keyboard.press("p")                      # Noé, consigne: Partiellement atteint
    expect(cell(page, "Léa", CONSIGNE)).to_have_value("atteint")
    expect(cell(page, "Léa", HISTOIRE)).to_have_value("depasse")
    expect(cell(page, "Noé", CONSIGNE)).to_have_value("partiellement_atteint")
    expect(cell(page, "Noé", HISTOIRE)).to_have_value("")
    expect(cell(page, "Inès", CONSIGNE)).to_have_value("atteint")
    expect(cell(page, "Inès", HISTOIRE)).to_have_value("non_atteint")
    # the grid is one Tab stop: the next Tab leaves it for the save button
    tab_to(page, "Enregistrer la grille", limit=1)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Grille enregistrée")).to_contain_text("5 positionnements")

    tab_to(page, "Voir le profil de la classe")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Profil de {name}")
    expect(profile_row(page, COMPETENCE).get_by_role("cell")).to_have_text(["0", "2", "1", "0", "3"])
    assert page.js_errors == []
