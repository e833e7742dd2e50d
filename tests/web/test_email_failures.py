"""Administrators see the e-mails the platform could not deliver (issue 10: "permanent failures
recorded and visible to admins"): a welcome e-mail for a member community does not know fails
with "no_address" and shows in the admin's table; a teacher is refused in French. Once with the
mouse, once with the keyboard only."""
from __future__ import annotations

import uuid

from bson import ObjectId
from playwright.sync_api import expect

from classe12_contracts.envelope import make_envelope
from classe12_runtime.outbox import EventPublisher
from classe12_testing.waiting import eventually

from .browser import PASSWORD, assert_no_violations, log_in, log_in_with_the_keyboard, register_member, tab_to
from .pages import ADMIN, Demo

PAGE = "Courriels non remis"


def an_undeliverable_welcome(web_stack) -> tuple[str, str]:
    """The welcome e-mail of a member community does not know, failed: (their id, their name)."""
    member_id, name = str(ObjectId()), f"Inconnu {uuid.uuid4().hex[:6]}"
    publisher = EventPublisher(web_stack.stack.config.amqp_uri)
    publisher.publish(make_envelope("community.member_registered", 1, {
        "member_id": member_id, "display_name": name, "role": "teacher", "levels": ["CP"]}))
    publisher.close()

    demo = Demo(web_stack.stack.config.base_url)

    def failed():
        """the welcome e-mail of the unknown member is among the failures"""
        return any(f["recipient_id"] == member_id for f in demo.get("/admin/email-failures?limit=100", ADMIN)["items"])
    eventually(failed, timeout=60, interval=0.5)  # the mailer tries it within seconds
    return member_id, name


def the_failure_shows(admin, member_id: str, name: str) -> None:
    expect(admin.locator("main h1")).to_have_text(PAGE)
    row = admin.get_by_role("row").filter(has_text=member_id)
    expect(row).to_contain_text(f"Bienvenue sur Classe à 12, {name} !")
    expect(row).to_contain_text("Adresse inconnue (membre supprimé)")


def a_teacher_is_refused(page) -> None:
    page.goto("/administration/courriels")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("link", name=PAGE)).to_have_count(0)


def test_an_undeliverable_email_shows_to_the_admins_only(new_page, web_stack):
    member_id, name = an_undeliverable_welcome(web_stack)

    admin = new_page(for_axe=True)
    log_in(admin, ADMIN)
    admin.get_by_role("link", name=PAGE).first.click()
    the_failure_shows(admin, member_id, name)
    assert_no_violations(admin, "/administration/courriels with a failure")

    page = new_page()
    log_in(page, register_member(web_stack.stack.config.base_url, verified_by=web_stack)["email"], PASSWORD)
    a_teacher_is_refused(page)
    assert admin.js_errors == [] and page.js_errors == []


def test_the_same_with_the_keyboard_only(new_page, web_stack):
    member_id, name = an_undeliverable_welcome(web_stack)

    admin = new_page()
    log_in_with_the_keyboard(admin, ADMIN)
    tab_to(admin, PAGE, backwards=True)  # from the new page's heading back up to the header's menu
    admin.keyboard.press("Enter")
    the_failure_shows(admin, member_id, name)
    expect(admin.locator("main h1")).to_be_focused()

    page = new_page()
    log_in_with_the_keyboard(page, register_member(web_stack.stack.config.base_url, verified_by=web_stack)["email"], PASSWORD)
    a_teacher_is_refused(page)
    assert admin.js_errors == [] and page.js_errors == []
