"""The class pages name the class, and the pupil page its pupil, in the breadcrumb (Accueil ›
Mes classes › CP Les Tournesols › Positionner), from the data the pages fetch anyway; the
positioning grid reopens with the levels saved before and saves only the cells changed."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from classe12_devstack.demo import Api

from .browser import PASSWORD, assert_no_violations, breadcrumb, log_in, register_member, screenshot
from .classes_steps import CONSIGNE, HISTOIRE, cell, class_name, class_through_the_api
from .pages import DEMO_CLASS, TEACHER, Demo

#: the class's pages under it: their path and their label in the breadcrumb
SUBPAGES = {"positionnement": "Positionner", "profil": "Profil", "reperes": "Repères"}


def current(page):
    """The breadcrumb's last segment: the page itself."""
    return breadcrumb(page).locator("[aria-current='page']")


def class_link(page, name: str):
    return breadcrumb(page).get_by_role("link", name=name, exact=True)


def class_reads(page, class_id: str) -> list[str]:
    """Counts, from now on, the client's requests for the class itself (GET /classes/{id})."""
    reads: list[str] = []
    own = re.compile(rf"/api/v1/classes/{class_id}$")
    page.on("request", lambda request: reads.append(request.url) if request.method == "GET" and own.search(request.url) else None)
    return reads


def test_the_demo_class_pages_name_the_class_in_the_breadcrumb(new_page, web_stack):
    klass = Demo(web_stack.stack.config.base_url).demo_class()
    pupil = klass["pupils"][0]
    page = new_page(for_axe=True)
    log_in(page, TEACHER)

    page.goto(f"/classes/{klass['id']}")
    expect(current(page)).to_have_text(DEMO_CLASS)
    expect(breadcrumb(page).get_by_role("link", name="Mes classes")).to_be_visible()
    for path, label in SUBPAGES.items():
        page.goto(f"/classes/{klass['id']}/{path}")  # loaded afresh: the breadcrumb shares the page's query
        expect(class_link(page, DEMO_CLASS)).to_have_attribute("href", f"/classes/{klass['id']}")
        expect(current(page)).to_have_text(label)
        page.wait_for_load_state("networkidle")
        assert_no_violations(page, f"the class's page {path} (breadcrumb)")

    page.goto(f"/classes/{klass['id']}/eleves/{pupil['id']}")  # a page that does not read the class itself
    expect(class_link(page, DEMO_CLASS)).to_be_visible()
    expect(current(page)).to_have_text(f"Progrès de {pupil['alias']}")
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, "a pupil's page (breadcrumb)")
    assert page.js_errors == []


def test_a_new_class_is_named_without_reading_it_twice(new_page, web_stack):
    base_url = web_stack.stack.config.base_url
    teacher = register_member(base_url)
    name = class_name("CP Les Écureuils")
    klass = class_through_the_api(base_url, teacher["access_token"], name, pupils=("Maël",))
    pupil = klass["pupils"][0]
    page = new_page()
    log_in(page, teacher["email"], PASSWORD)
    reads = class_reads(page, klass["id"])

    page.goto(f"/classes/{klass['id']}/positionnement")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Positionner {name}")
    expect(class_link(page, name)).to_be_visible()
    expect(current(page)).to_have_text("Positionner")
    page.wait_for_load_state("networkidle")
    assert len(reads) == 1, reads  # the page's read, which also names the breadcrumb's segment

    class_link(page, name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(current(page)).to_have_text(name)
    page.get_by_role("link", name="Maël").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progrès de Maël")
    expect(class_link(page, name)).to_be_visible()
    expect(current(page)).to_have_text("Progrès de Maël")
    assert page.url.endswith(f"/classes/{klass['id']}/eleves/{pupil['id']}")
    page.wait_for_load_state("networkidle")
    assert len(reads) == 1, reads  # the class came from the cache all along
    assert page.js_errors == []


def save_grid(page, cells: int) -> None:
    """Saves the grid; the API's answer counts the cells the client sent."""
    page.get_by_role("button", name="Enregistrer la grille").click()
    plural = "s" if cells > 1 else ""
    expect(page.get_by_role("status").filter(has_text="Grille enregistrée")).to_contain_text(
        re.compile(rf"(^|\D){cells} positionnement{plural} au "))


def test_the_grid_reopens_with_the_saved_levels_and_sends_only_the_cells_changed(new_page, web_stack):
    base_url = web_stack.stack.config.base_url
    api = Api(base_url)
    teacher = register_member(base_url)
    token = teacher["access_token"]
    klass = class_through_the_api(base_url, token, class_name("CP Les Hérons"), pupils=("Léa", "Noé"))
    lea, noe = klass["pupils"]
    page = new_page(for_axe=True)
    log_in(page, teacher["email"], PASSWORD)

    page.goto(f"/classes/{klass['id']}/positionnement")
    expect(cell(page, "Léa", CONSIGNE)).to_have_value("")
    cell(page, "Léa", CONSIGNE).select_option("atteint")
    save_grid(page, cells=1)

    page.reload()
    expect(cell(page, "Léa", CONSIGNE)).to_have_value("atteint")
    expect(cell(page, "Léa", CONSIGNE)).to_have_accessible_description(re.compile(r"^Positionné le \d"))
    expect(cell(page, "Noé", CONSIGNE)).to_have_value("")
    expect(page.get_by_role("button", name="Enregistrer la grille")).to_be_disabled()  # nothing changed yet
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, "the grid reopened with a saved level")
    cell(page, "Noé", HISTOIRE).select_option("partiellement_atteint")
    save_grid(page, cells=1)  # Noé's cell only: Léa's saved level is not sent again
    expect(cell(page, "Noé", HISTOIRE)).to_have_value("partiellement_atteint")
    expect(cell(page, "Noé", HISTOIRE)).to_have_accessible_description(re.compile(r"^Positionné le \d"))
    expect(cell(page, "Léa", CONSIGNE)).to_have_value("atteint")
    screenshot(page, "classe-grille-reouverte-desktop")

    def history(pupil: dict) -> list[tuple[str, list[str]]]:
        items = api.call("GET", f"/classes/{klass['id']}/pupils/{pupil['id']}/positionings", token)["items"]
        return [(item["label"], [h["level"] for h in item["history"]]) for item in items]

    assert history(lea) == [(CONSIGNE, ["atteint"])]
    assert history(noe) == [(HISTOIRE, ["partiellement_atteint"])]
    assert page.js_errors == []
