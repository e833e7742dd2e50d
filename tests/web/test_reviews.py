"""A resource's stars and written reviews: a member rates a resource with a review; another sees
the average in words and reads the review under "Avis des collègues"; a visitor sees neither form
nor reviews (they are for members)."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from .browser import PASSWORD, assert_no_violations, log_in, register_member
from .pages import Demo


def test_a_review_written_by_one_member_is_read_by_another(new_page, web_stack):
    base_url = web_stack.stack.config.base_url
    writer, reader = (register_member(base_url, verified_by=web_stack) for _ in range(2))
    url = f"/ressources/{Demo(base_url).resource_id('pulsation')}"
    words = f"Mes CP ont adoré frapper les syllabes ({uuid.uuid4().hex[:6]})."

    page = new_page()
    log_in(page, writer["email"], PASSWORD)
    page.goto(url)
    page.get_by_label("4 étoiles").check(force=True)  # the DSFR's label covers the radio
    page.get_by_label("Mon avis (facultatif)").fill(words)
    page.get_by_role("button", name="Noter").click()
    expect(page.get_by_text("Merci, votre note est enregistrée.")).to_be_visible()

    other = new_page(for_axe=True)
    log_in(other, reader["email"], PASSWORD)
    other.goto(url)
    reviews = other.get_by_role("region", name="Avis des collègues")
    expect(reviews.get_by_text(words)).to_be_visible()
    expect(other.get_by_text("Note des collègues :")).not_to_contain_text("Pas encore noté")
    other.wait_for_load_state("networkidle")
    assert_no_violations(other, f"{url} with a review")

    visitor = new_page()
    visitor.goto(url)
    expect(visitor.locator("main h1")).to_be_visible()
    expect(visitor.get_by_role("region", name="Avis des collègues")).to_have_count(0)
    assert page.js_errors == [] and other.js_errors == []
