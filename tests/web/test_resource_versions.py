"""A resource's published versions: listed from its page, each readable as it was published."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .browser import tab_to
from .pages import Demo

TITLE = "Un élevage d’escargots en classe"


def test_the_versions_are_listed_and_readable_with_the_mouse(new_page, web_stack):
    page = new_page()
    page.goto(f"/ressources/{Demo(web_stack.stack.config.base_url).resource_id('escargots')}")
    page.get_by_role("link", name="Historique des versions").click()
    expect(page.locator("main h1")).to_have_text("Versions de la ressource")
    table = page.get_by_role("table")
    expect(table.get_by_role("row").nth(1)).to_contain_text(TITLE)
    table.get_by_role("link", name=re.compile(r"^Version \d+$")).first.click()
    expect(page.locator("main h1")).to_have_text(re.compile(rf"^Version \d+ : {TITLE}$"))
    expect(page.locator("main")).to_contain_text("escargot")
    page.get_by_role("link", name="La version actuelle").click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    assert page.js_errors == []


def test_the_versions_are_reached_with_the_keyboard_only(new_page, web_stack):
    page = new_page()
    page.goto(f"/ressources/{Demo(web_stack.stack.config.base_url).resource_id('escargots')}")
    tab_to(page, "Historique des versions")
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Versions de la ressource")
    tab_to(page, "Version 1")
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text(f"Version 1 : {TITLE}")
    assert page.js_errors == []
