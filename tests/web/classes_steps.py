"""A teacher's class in the browser, step by step, each step once with the mouse and once with the
keyboard only (issue 11): create a class from "Mes classes", add its pupils, position them in the
grid (with its arrow keys and shortcuts on the keyboard), see the class profile. The teacher journey
(test_teacher_journey.py) walks these steps; the other tests of a class start from one made through
the API (`class_through_the_api`)."""
from __future__ import annotations

import re
import uuid
from datetime import date

from playwright.sync_api import expect

from classe12_devstack.demo import Api, school_year

from .browser import FOCUSED, tab_to

PUPILS = ("Léa", "Noé", "Inès")
COMPETENCE = "Écouter pour comprendre des messages oraux ou des textes lus"
CONSIGNE = "Comprend et exécute une consigne simple"
HISTOIRE = "Comprend une histoire lue par l’adulte et la raconte à son tour"
#: the items of COMPETENCE (the grid's first competence for a CP class): label -> id
ITEMS = {CONSIGNE: "fr.oral.ecouter.consigne", HISTOIRE: "fr.oral.ecouter.histoire"}
#: the grid the teacher fills: (pupil, item, level)
GRID = [("Léa", CONSIGNE, "atteint"), ("Noé", CONSIGNE, "partiellement_atteint"), ("Inès", CONSIGNE, "atteint"),
        ("Léa", HISTOIRE, "depasse"), ("Inès", HISTOIRE, "non_atteint")]
#: COMPETENCE's row of the profile once GRID is saved: Noé is partly there on the one item, Léa
#: above "atteint" (mean rounded down), Inès between; then the pupils positioned
PROFILE_ROW = ["0", "2", "1", "0", "3"]


def class_name(words: str) -> str:
    """A unique class name (the demo teacher's and other tests' classes share the platform)."""
    return f"{words} {uuid.uuid4().hex[:6]}"


def cell(page, alias: str, item: str):
    return page.get_by_label(f"Niveau de {alias} : {item}")


def profile_row(page, competence: str = COMPETENCE):
    table = page.get_by_role("table", name=re.compile("Élèves à chaque niveau par compétence"))
    return table.get_by_role("row", name=re.compile(re.escape(competence)))


def class_through_the_api(base_url: str, token: str, name: str, pupils=PUPILS, grid=()) -> dict:
    """A new CP class of this school year with these pupils, positioned today on `grid`
    ((pupil, item id, level)); the class as the API gives it, with its pupils."""
    api = Api(base_url)
    klass = api.call("POST", "/classes", token, name=name, level="CP", school_year=school_year())
    for alias in pupils:
        klass = api.call("POST", f"/classes/{klass['id']}/pupils", token, alias=alias)
    ids = {pupil["alias"]: pupil["id"] for pupil in klass["pupils"]}
    if grid:
        api.call("PUT", f"/classes/{klass['id']}/grid", token, date=date.today().isoformat(),
                 cells=[{"pupil_id": ids[alias], "item_id": item, "level": level} for alias, item, level in grid])
    return klass


# with the mouse

def create_class_with_the_mouse(page, name: str) -> None:
    """From any page: "Mes classes" in the menu, then a new CP class (the teacher's first)."""
    page.get_by_role("link", name="Mes classes").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes classes")
    expect(page.get_by_text("Vous n’avez pas encore de classe.")).to_be_visible()
    page.get_by_label("Nom de la classe").fill(name)
    page.get_by_label("Niveau").select_option("CP")
    page.get_by_role("button", name="Créer la classe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page).to_have_title(f"{name} — Classe à 12")


def add_pupils_with_the_mouse(page, aliases=PUPILS) -> None:
    """On the class's page."""
    for alias in aliases:
        page.get_by_label("Prénom ou pseudonyme de l’élève").fill(alias)
        page.get_by_role("button", name="Ajouter l’élève").click()
        expect(page.get_by_role("status").filter(has_text=f"{alias} a été ajouté")).to_be_visible()
    pupils = page.get_by_role("table", name=re.compile("Élèves de la classe"))
    expect(pupils.get_by_role("row")).to_have_count(len(aliases) + 1)


def position_with_the_mouse(page, name: str) -> None:
    """From the class's page: the grid of its first competence filled with GRID and saved."""
    page.get_by_role("link", name="Positionner la classe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Positionner {name}")
    expect(page.get_by_label("Compétence")).to_have_value("fr.oral.ecouter")
    for alias, item, level in GRID:
        cell(page, alias, item).select_option(level)
    page.get_by_role("button", name="Enregistrer la grille").click()
    expect(page.get_by_role("status").filter(has_text="Grille enregistrée")).to_contain_text(
        f"{len(GRID)} positionnements")


def see_the_profile_with_the_mouse(page, name: str) -> None:
    """From the saved grid: the class profile, its chart told as a table."""
    page.get_by_role("link", name="Voir le profil de la classe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Profil de {name}")
    expect(profile_row(page).get_by_role("cell")).to_have_text(PROFILE_ROW)


# with the keyboard only

def create_class_with_the_keyboard(page, name: str) -> None:
    """From a page's content: back up to "Mes classes" in the menu, then a new class (CP, the
    level chosen first)."""
    tab_to(page, "Mes classes", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes classes")
    tab_to(page, "Nom de la classe")
    page.keyboard.type(name)
    tab_to(page, "Niveau")
    expect(page.get_by_label("Niveau")).to_have_value("CP")
    tab_to(page, "Créer la classe")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def add_pupils_with_the_keyboard(page, aliases=PUPILS) -> None:
    """On the class's page: Enter in the field adds the pupil and empties the field for the next."""
    tab_to(page, "Prénom ou pseudonyme")
    for alias in aliases:
        page.keyboard.type(alias)
        page.keyboard.press("Enter")
        expect(page.get_by_role("status").filter(has_text=f"{alias} a été ajouté")).to_be_visible()
        expect(page.get_by_label("Prénom ou pseudonyme de l’élève")).to_have_value("")


def position_with_the_keyboard(page, name: str) -> None:
    """From the pupil field of the class's page: the grid filled with GRID through its arrow keys
    and its letter and digit shortcuts, then saved."""
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
    for alias, item, level in GRID:
        expect(cell(page, alias, item)).to_have_value(level)
    expect(cell(page, "Noé", HISTOIRE)).to_have_value("")
    # the grid is one Tab stop: the next Tab leaves it for the save button
    tab_to(page, "Enregistrer la grille", limit=1)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Grille enregistrée")).to_contain_text(
        f"{len(GRID)} positionnements")


def see_the_profile_with_the_keyboard(page, name: str) -> None:
    tab_to(page, "Voir le profil de la classe")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Profil de {name}")
    expect(profile_row(page).get_by_role("cell")).to_have_text(PROFILE_ROW)
