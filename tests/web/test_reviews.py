"""A resource's stars and written reviews: a member rates a resource with a review; another sees
the average in words and reads the review under "Avis des collègues"; a visitor sees neither form
nor reviews (they are for members). Once with the mouse, once with the keyboard only."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from .browser import PASSWORD, assert_no_violations, log_in, log_in_with_the_keyboard, register_member, tab_to
from .pages import Demo

THANKS = "Merci, votre note est enregistrée."


def the_page_and_words(web_stack) -> tuple[str, str]:
    url = f"/ressources/{Demo(web_stack.stack.config.base_url).resource_id('pulsation')}"
    return url, f"Mes CP ont adoré frapper les syllabes ({uuid.uuid4().hex[:6]})."


def another_member_reads_it(other, url: str, words: str) -> None:
    other.goto(url)
    expect(other.get_by_role("region", name="Avis des collègues").get_by_text(words)).to_be_visible()
    expect(other.get_by_text("Note des collègues :")).not_to_contain_text("Pas encore noté")


def a_visitor_sees_no_reviews(visitor, url: str) -> None:
    visitor.goto(url)
    expect(visitor.locator("main h1")).to_be_visible()
    expect(visitor.get_by_role("region", name="Avis des collègues")).to_have_count(0)


def test_a_review_written_by_one_member_is_read_by_another(new_page, web_stack):
    writer, reader = register_member(web_stack.stack.config.base_url, verified_by=web_stack), register_member(web_stack.stack.config.base_url, verified_by=web_stack)
    url, words = the_page_and_words(web_stack)

    page = new_page()
    log_in(page, writer["email"], PASSWORD)
    page.goto(url)
    page.get_by_label("4 étoiles").check(force=True)  # the DSFR's label covers the radio
    page.get_by_label("Mon avis (facultatif)").fill(words)
    page.get_by_role("button", name="Noter").click()
    expect(page.get_by_text(THANKS)).to_be_visible()

    other = new_page(for_axe=True)
    log_in(other, reader["email"], PASSWORD)
    another_member_reads_it(other, url, words)
    other.wait_for_load_state("networkidle")
    assert_no_violations(other, f"{url} with a review")

    a_visitor_sees_no_reviews(new_page(), url)
    assert page.js_errors == [] and other.js_errors == []


def test_the_same_with_the_keyboard_only(new_page, web_stack):
    writer, reader = register_member(web_stack.stack.config.base_url, verified_by=web_stack), register_member(web_stack.stack.config.base_url, verified_by=web_stack)
    url, words = the_page_and_words(web_stack)

    page = new_page()
    log_in_with_the_keyboard(page, writer["email"], PASSWORD)
    page.goto(url)
    tab_to(page, "1 étoile")  # no note yet: Tab reaches the group's first radio, the arrows choose
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_label("4 étoiles")).to_be_checked()
    tab_to(page, "Mon avis (facultatif)")
    page.keyboard.type(words)
    tab_to(page, "Noter")
    page.keyboard.press("Enter")
    expect(page.get_by_text(THANKS)).to_be_visible()
    expect(page.get_by_role("button", name="Noter")).to_be_focused()

    other = new_page()
    log_in_with_the_keyboard(other, reader["email"], PASSWORD)
    another_member_reads_it(other, url, words)

    a_visitor_sees_no_reviews(new_page(), url)
    assert page.js_errors == [] and other.js_errors == []
