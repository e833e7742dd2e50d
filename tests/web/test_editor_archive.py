"""An editor (the demo adviser) archives a published resource from its page with a reason, then
publishes it again; a teacher sees no such controls. Once with the mouse, once with the keyboard only."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from classe12_devstack.demo import Api

from .browser import PASSWORD, log_in, log_in_with_the_keyboard, register_member, tab_to
from .pages import ADVISER


class Published:
    """A teacher's resource, published by the demo adviser."""

    def __init__(self, web_stack):
        self.api = Api(web_stack.stack.config.base_url)
        self.teacher = register_member(web_stack.stack.config.base_url, verified_by=web_stack)
        self.adviser = self.api.login(ADVISER)
        self.title = f"La boîte à compter {uuid.uuid4().hex[:6]}"
        author = self.teacher["access_token"]
        self.id = self.api.call("POST", "/resources", author, title=self.title, summary="Un jeu de dénombrement.",
                                body="Texte.", kind="fiche", levels=["CP"], topics=["nombres"])["id"]
        self.api.call("POST", f"/resources/{self.id}/submit", author)
        self.api.call("POST", f"/resources/{self.id}/publish", self.adviser)
        self.url = f"/ressources/{self.id}"

    def status(self) -> str:
        return self.api.call("GET", f"/resources/{self.id}", self.adviser)["status"]


def a_teacher_sees_no_controls(reader, resource: Published) -> None:
    reader.goto(resource.url)
    expect(reader.locator("main h1")).to_have_text(resource.title)
    expect(reader.get_by_role("button", name="Archiver la ressource")).to_have_count(0)


def archived(page, resource: Published) -> None:
    expect(page.get_by_text("Cette ressource est archivée")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="La ressource est archivée.")).to_be_visible()
    assert resource.status() == "archived"


def published_again(page, resource: Published) -> None:
    expect(page.get_by_role("button", name="Archiver la ressource")).to_be_visible()
    assert resource.status() == "published"


def test_an_editor_archives_a_resource_and_publishes_it_again(new_page, web_stack):
    resource = Published(web_stack)
    reader = new_page()
    log_in(reader, resource.teacher["email"], PASSWORD)
    a_teacher_sees_no_controls(reader, resource)

    page = new_page()
    log_in(page, ADVISER)
    page.goto(resource.url)
    page.get_by_label("Motif de l'archivage (facultatif)").fill("Doublon d'une fiche plus complète.")
    page.get_by_role("button", name="Archiver la ressource").click()
    archived(page, resource)
    page.get_by_role("button", name="Publier à nouveau").click()
    published_again(page, resource)
    assert page.js_errors == [] and reader.js_errors == []


def test_the_same_with_the_keyboard_only(new_page, web_stack):
    resource = Published(web_stack)
    reader = new_page()
    log_in_with_the_keyboard(reader, resource.teacher["email"], PASSWORD)
    a_teacher_sees_no_controls(reader, resource)

    page = new_page()
    log_in_with_the_keyboard(page, ADVISER)
    page.goto(resource.url)
    tab_to(page, "Motif de l'archivage (facultatif)", limit=150)
    page.keyboard.type("Doublon d'une fiche plus complète.")
    tab_to(page, "Archiver la ressource")
    page.keyboard.press("Enter")
    archived(page, resource)
    heading = page.get_by_role("heading", name="Édition")
    expect(heading).to_be_focused()  # the pressed button is gone: not the page's body
    tab_to(page, "Publier à nouveau")
    page.keyboard.press("Enter")
    published_again(page, resource)
    expect(heading).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="La ressource est de nouveau publiée.")).to_be_visible()
    assert page.js_errors == [] and reader.js_errors == []
