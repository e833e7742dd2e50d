"""The discussions one follows, on the follows page (/compte/abonnements), once with the mouse,
once with the keyboard only: a new member of the demo group follows the demo thread, sees it
listed with its group and a link to it (no axe violation), stops following it from the list; the
list empties and the status says so; with the keyboard, follows it again from the discussion."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from classe12_devstack.demo import DEMO_GROUP, DEMO_THREAD, Api

from .browser import PASSWORD, assert_no_violations, log_in, log_in_with_the_keyboard, register_member, tab_to
from .pages import Demo

UNFOLLOW = f"Ne plus suivre : {DEMO_THREAD}"
UNFOLLOWED = f"Vous ne suivez plus la discussion « {DEMO_THREAD} »."


def follower(web_stack) -> dict:
    """A new member who joined the demo group and follows the demo thread (through the API)."""
    base = web_stack.stack.config.base_url
    demo, api = Demo(base), Api(base)
    member = register_member(base, f"Lina Suiveuse {uuid.uuid4().hex[:6]}")
    api.call("POST", f"/groups/{demo.group_id()}/join", member["access_token"])
    thread_id = demo.thread_id()
    api.call("PUT", f"/threads/{thread_id}/follow", member["access_token"], follow=True)
    return {**member, "thread_id": thread_id, "api": api}


def followed_ids(person: dict) -> list[str]:
    return [t["id"] for t in person["api"].call("GET", "/me/followed-threads", person["access_token"])["items"]]


def discussions(page):
    return page.get_by_role("region", name="Discussions")


def test_with_the_mouse(new_page, web_stack):
    person = follower(web_stack)
    page = new_page(for_axe=True)
    log_in(page, person["email"], PASSWORD)
    page.goto("/compte/abonnements")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes abonnements")
    section = discussions(page)
    link = section.get_by_role("link", name=DEMO_THREAD, exact=True)
    expect(link).to_have_attribute("href", f"/communaute/discussions/{person['thread_id']}")
    expect(section.get_by_role("listitem")).to_contain_text(f"groupe « {DEMO_GROUP} »")
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, "/compte/abonnements with a followed discussion")

    section.get_by_role("button", name=UNFOLLOW).click()
    expect(section.get_by_text("Vous ne suivez aucune discussion.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=UNFOLLOWED)).to_have_count(1)
    assert followed_ids(person) == []
    assert page.js_errors == []


def test_with_the_keyboard_only(new_page, web_stack):
    person = follower(web_stack)
    page = new_page()
    log_in_with_the_keyboard(page, person["email"], PASSWORD)
    page.goto("/compte/abonnements")
    section = discussions(page)
    expect(section.get_by_role("link", name=DEMO_THREAD, exact=True)).to_be_visible()

    tab_to(page, UNFOLLOW)
    page.keyboard.press("Enter")
    expect(section.get_by_text("Vous ne suivez aucune discussion.")).to_be_visible()
    expect(section.locator("[tabindex='-1']")).to_be_focused()  # the emptied list, not the page's body
    expect(page.get_by_role("status").filter(has_text=UNFOLLOWED)).to_have_count(1)
    assert followed_ids(person) == []

    # following it again from the discussion, with the keyboard: listed again
    page.goto(f"/communaute/discussions/{person['thread_id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_THREAD)
    tab_to(page, "Suivre la discussion")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Discussion suivie")).to_have_attribute("aria-pressed", "true")
    assert followed_ids(person) == [person["thread_id"]]
    assert page.js_errors == []
