"""A class at the turns of the school year, in the browser: a teacher takes last year's pupils
into her new class, reads the class's journal, and archives the old class."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from classe12_devstack.demo import Api

from .browser import PASSWORD, assert_no_violations, log_in, register_member


def test_last_years_pupils_join_the_new_class_and_the_old_one_is_archived(new_page, web_stack):
    api = Api(web_stack.stack.config.base_url)
    teacher = register_member(web_stack.stack.config.base_url, verified_by=web_stack)
    token = teacher["access_token"]
    suffix = uuid.uuid4().hex[:6]
    old = api.call("POST", "/classes", token, name=f"CP Les Hiboux {suffix}", level="CP", school_year="2025-2026")
    for alias in ("Lina", "Noé"):
        api.call("POST", f"/classes/{old['id']}/pupils", token, alias=alias)
    new = api.call("POST", "/classes", token, name=f"CE1 Les Hiboux {suffix}", level="CE1", school_year="2026-2027")

    page = new_page(for_axe=True)
    log_in(page, teacher["email"], PASSWORD)
    page.goto(f"/classes/{new['id']}")
    page.get_by_label("Classe d’origine").select_option(old["id"])
    page.get_by_role("button", name="Reprendre les élèves").click()
    expect(page.get_by_role("status").filter(has_text="repris")).to_have_text("2 élèves repris.")
    expect(page.get_by_role("link", name="Lina")).to_be_visible()
    expect(page.get_by_role("table", name="Les 20 dernières opérations")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, "a class with its year tools")

    page.goto(f"/classes/{old['id']}")
    archive = page.get_by_role("button", name="Archiver la classe")
    expect(archive).to_be_disabled()
    page.get_by_text("Je veux archiver cette classe").click()
    archive.click()
    expect(page.get_by_text("Classe archivée le")).to_be_visible()
    assert api.call("GET", f"/classes/{old['id']}", token)["archived_at"]
    assert page.js_errors == []
