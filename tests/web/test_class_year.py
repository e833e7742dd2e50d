"""A class at the turns of the school year, in the browser: a teacher takes last year's pupils
into her new class, reads the class's journal, and archives the old class; once with the mouse,
once with the keyboard only."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from classe12_devstack.demo import Api

from .browser import PASSWORD, assert_no_violations, log_in, log_in_with_the_keyboard, register_member, tab_to


def two_classes(web_stack) -> tuple[Api, dict, dict, dict]:
    """A new teacher's CP of 2025-2026 (Lina and Noé) and her empty CE1 of 2026-2027."""
    api = Api(web_stack.stack.config.base_url)
    teacher = register_member(web_stack.stack.config.base_url, verified_by=web_stack)
    token, suffix = teacher["access_token"], uuid.uuid4().hex[:6]
    old = api.call("POST", "/classes", token, name=f"CP Les Hiboux {suffix}", level="CP", school_year="2025-2026")
    for alias in ("Lina", "Noé"):
        api.call("POST", f"/classes/{old['id']}/pupils", token, alias=alias)
    new = api.call("POST", "/classes", token, name=f"CE1 Les Hiboux {suffix}", level="CE1", school_year="2026-2027")
    return api, teacher, old, new


def pupils_taken(page) -> None:
    expect(page.get_by_role("status").filter(has_text="repris")).to_have_text("2 élèves repris.")
    expect(page.get_by_role("link", name="Lina")).to_be_visible()
    expect(page.get_by_role("table", name="Les 20 dernières opérations")).to_be_visible()


def archived(page, api: Api, teacher: dict, old: dict) -> None:
    expect(page.get_by_text("Classe archivée le")).to_be_visible()
    assert api.call("GET", f"/classes/{old['id']}", teacher["access_token"])["archived_at"]


def test_last_years_pupils_join_the_new_class_and_the_old_one_is_archived(new_page, web_stack):
    api, teacher, old, new = two_classes(web_stack)

    page = new_page(for_axe=True)
    log_in(page, teacher["email"], PASSWORD)
    page.goto(f"/classes/{new['id']}")
    page.get_by_label("Classe d’origine").select_option(old["id"])
    page.get_by_role("button", name="Reprendre les élèves").click()
    pupils_taken(page)
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, "a class with its year tools")

    page.goto(f"/classes/{old['id']}")
    archive = page.get_by_role("button", name="Archiver la classe")
    expect(archive).to_be_disabled()
    page.get_by_text("Je veux archiver cette classe").click()
    archive.click()
    archived(page, api, teacher, old)
    assert page.js_errors == []


def test_the_same_with_the_keyboard_only(new_page, web_stack):
    api, teacher, old, new = two_classes(web_stack)

    page = new_page()
    log_in_with_the_keyboard(page, teacher["email"], PASSWORD)
    page.goto(f"/classes/{new['id']}")
    tab_to(page, "Classe d’origine")
    page.keyboard.type("CP Les Hiboux")  # the option's label, as a closed list lets one type it
    expect(page.get_by_label("Classe d’origine")).to_have_value(old["id"])
    tab_to(page, "Reprendre les élèves")
    page.keyboard.press("Enter")
    pupils_taken(page)
    expect(page.get_by_role("button", name="Reprendre les élèves")).to_be_focused()

    page.goto(f"/classes/{old['id']}")
    tab_to(page, "Je veux archiver cette classe")
    page.keyboard.press("Space")
    expect(page.get_by_label("Je veux archiver cette classe")).to_be_checked()
    tab_to(page, "Archiver la classe")
    page.keyboard.press("Enter")
    archived(page, api, teacher, old)
    expect(page.get_by_text("Classe archivée le")).to_be_focused()  # what replaced the form, not the page's body
    assert page.js_errors == []
