"""The room-layout guides (issue 11): filtered by a zone of the class, with the mouse and with
the keyboard only; a guide opens on its resource page with its surface, pupils and zones."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .browser import screenshot, tab_to


def test_with_the_mouse(new_page):
    page = new_page()
    page.goto("/")
    page.locator("header").get_by_role("link", name="Aménager la classe").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aménager la classe")
    expect(page.get_by_role("status").filter(has_text=re.compile(r"\d+ guides? trouvés?"))).to_be_visible()
    page.get_by_label("Espace de la classe").select_option("co-intervention")
    expect(page).to_have_url(re.compile("zone=co-intervention"))
    guides = page.locator("[aria-labelledby=guides] h3 a")
    expect(guides.first).to_be_visible()
    screenshot(page, "amenagement-desktop")
    title = guides.first.inner_text()
    guides.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    section = page.get_by_role("region", name="L’aménagement")
    expect(section.get_by_text(re.compile(r"Surface : \d+ m²"))).to_be_visible()
    expect(section.get_by_text(re.compile("Co-intervention"))).to_be_visible()
    assert page.js_errors == []


def test_with_the_keyboard_only(new_page):
    page = new_page()
    page.goto("/amenagement")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aménager la classe")
    tab_to(page, "Élèves accueillis")
    page.keyboard.press("ArrowDown")  # at least 10 pupils
    expect(page).to_have_url(re.compile("eleves=10"))
    guides = page.locator("[aria-labelledby=guides] h3 a")
    expect(guides.first).to_be_visible()
    title = guides.first.inner_text()
    tab_to(page, title)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert page.js_errors == []
