"""An editor (the demo adviser) archives a published resource from its page with a reason, then
publishes it again; a teacher sees no such controls."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from classe12_devstack.demo import Api

from .browser import PASSWORD, log_in, register_member
from .pages import ADVISER


def test_an_editor_archives_a_resource_and_publishes_it_again(new_page, web_stack):
    api = Api(web_stack.stack.config.base_url)
    teacher = register_member(web_stack.stack.config.base_url, verified_by=web_stack)
    adviser = api.login(ADVISER)
    title = f"La boîte à compter {uuid.uuid4().hex[:6]}"
    resource = api.call("POST", "/resources", teacher["access_token"], title=title, summary="Un jeu de dénombrement.",
                        body="Texte.", kind="fiche", levels=["CP"], topics=["nombres"])
    api.call("POST", f"/resources/{resource['id']}/submit", teacher["access_token"])
    api.call("POST", f"/resources/{resource['id']}/publish", adviser)
    url = f"/ressources/{resource['id']}"

    reader = new_page()
    log_in(reader, teacher["email"], PASSWORD)
    reader.goto(url)
    expect(reader.locator("main h1")).to_have_text(title)
    expect(reader.get_by_role("button", name="Archiver la ressource")).to_have_count(0)

    page = new_page()
    log_in(page, ADVISER)
    page.goto(url)
    page.get_by_label("Motif de l'archivage (facultatif)").fill("Doublon d'une fiche plus complète.")
    page.get_by_role("button", name="Archiver la ressource").click()
    expect(page.get_by_text("Cette ressource est archivée")).to_be_visible()
    assert api.call("GET", f"/resources/{resource['id']}", adviser)["status"] == "archived"
    page.get_by_role("button", name="Publier à nouveau").click()
    expect(page.get_by_role("button", name="Archiver la ressource")).to_be_visible()
    assert api.call("GET", f"/resources/{resource['id']}", adviser)["status"] == "published"
    assert page.js_errors == [] and reader.js_errors == []
