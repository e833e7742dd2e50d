"""A resource's published versions: listed from its page, each readable as it was published, and
back to the current version; once with the mouse, once with the keyboard only."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .browser import tab_to
from .pages import Demo

TITLE = "Un élevage d’escargots en classe"
VERSION = re.compile(r"^Version \d+$")


def the_resource(page, web_stack) -> None:
    page.goto(f"/ressources/{Demo(web_stack.stack.config.base_url).resource_id('escargots')}")


def the_versions_listed(page) -> None:
    expect(page.locator("main h1")).to_have_text("Versions de la ressource")
    expect(page.get_by_role("table").get_by_role("row").nth(1)).to_contain_text(TITLE)


def a_version_read(page) -> None:
    expect(page.locator("main h1")).to_have_text(re.compile(rf"^Version \d+ : {TITLE}$"))
    expect(page.locator("main")).to_contain_text("escargot")


def the_current_version(page) -> None:
    expect(page.locator("main h1")).to_have_text(TITLE)
    assert page.js_errors == []


def test_the_versions_are_listed_and_readable_with_the_mouse(new_page, web_stack):
    page = new_page()
    the_resource(page, web_stack)
    page.get_by_role("link", name="Historique des versions").click()
    the_versions_listed(page)
    page.get_by_role("table").get_by_role("link", name=VERSION).first.click()
    a_version_read(page)
    page.get_by_role("link", name="La version actuelle").click()
    the_current_version(page)


def test_the_versions_are_reached_with_the_keyboard_only(new_page, web_stack):
    page = new_page()
    the_resource(page, web_stack)
    tab_to(page, "Historique des versions")
    page.keyboard.press("Enter")
    the_versions_listed(page)
    tab_to(page, "Version ")  # the table's first (newest) version
    page.keyboard.press("Enter")
    a_version_read(page)
    expect(page.locator("main h1")).to_be_focused()
    tab_to(page, "La version actuelle")
    page.keyboard.press("Enter")
    the_current_version(page)
