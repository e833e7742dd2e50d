"""Notifications in the browser (issue 11), once with the mouse, once with the keyboard only: a
member signed in on a page sees the header's badge go from 0 to 1 without reloading when a
resource they follow is updated by an editor (the live stream, decision 34), opens
/notifications, marks it read (the badge back to 0), changes a preference and follows a topic."""
from __future__ import annotations

import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from classe12_devstack.demo import Api

from .browser import PASSWORD, log_in, log_in_with_the_keyboard, register_member, screenshot, tab_to
from .pages import ADVISER

STREAM = "/api/v1/notifications/stream?"


class Scene:
    """A new member following a new published resource, and the adviser who will update it."""

    def __init__(self, web_stack):
        self.base = web_stack.stack.config.base_url
        self.api = Api(self.base)
        member = register_member(self.base, "Mme Roux", levels=(), verified_by=web_stack)
        self.email, self.token = member["email"], member["access_token"]
        self.adviser = self.api.login(ADVISER)
        self.title = f"Les rimes du jour {uuid.uuid4().hex[:6]}"
        resource = self.api.call("POST", "/resources", self.adviser, title=self.title, summary="Des rimes chaque matin.",
                                 body="Une comptine, puis les mots qui riment.", kind="fiche", levels=["CE2"],
                                 topics=["phonologie"])
        self.resource_id = resource["id"]
        self.api.call("POST", f"/resources/{self.resource_id}/publish", self.adviser)
        self.api.call("PUT", "/me/follows", self.token, resources=[self.resource_id])
        # the welcome notification comes from an event: wait for it, then read it, so the badge starts at 0
        self.wait_for(lambda: self.api.call("GET", "/notifications", self.token)["items"])
        self.api.call("POST", "/notifications/read-all", self.token)
        assert self.api.call("GET", "/notifications/unread-count", self.token)["unread_count"] == 0
        taxonomy = self.api.call("GET", "/taxonomy")
        domain = taxonomy["domains"][0]  # its first topic is the first choice of the list
        self.topic_slug, self.topic_label = domain["subdomains"][0]["slug"], domain["subdomains"][0]["label"]

    @staticmethod
    def wait_for(condition, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while not (result := condition()):
            assert time.monotonic() < deadline, "condition not met"
            time.sleep(0.2)
        return result

    def update_the_resource(self):
        """The editor changes the resource: its followers are told (resource_updated)."""
        self.api.call("PATCH", f"/resources/{self.resource_id}", self.adviser,
                      summary="Des rimes chaque matin, et le vendredi un défi.", change_note="Un défi ajouté")

    @property
    def notification_title(self) -> str:
        return f"Ressource mise à jour : {self.title}"

    def preferences(self) -> dict:
        return {c["category"]: c for c in self.api.call("GET", "/me/preferences", self.token)["categories"]}

    def follows(self) -> dict:
        return self.api.call("GET", "/me/follows", self.token)


@pytest.fixture
def scene(web_stack):
    return Scene(web_stack)


def badge(page, text: str):
    return page.get_by_role("link", name=f"Notifications, {text}", exact=True)


def test_with_the_mouse(new_page, scene):
    page = new_page()
    with page.expect_response(lambda response: STREAM in response.url and response.status == 200):
        log_in(page, scene.email, PASSWORD)
    expect(page.locator("main h1")).to_be_visible()
    expect(badge(page, "aucune non lue")).to_be_visible()

    scene.update_the_resource()
    expect(badge(page, "1 non lue")).to_be_visible(timeout=30_000)  # no reload: the stream said so
    expect(page.get_by_role("status").filter(has_text="Vous avez une nouvelle notification.")).to_have_count(1)

    badge(page, "1 non lue").click()
    expect(page).to_have_url(re.compile("/notifications$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    item = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=scene.notification_title))
    expect(item).to_contain_text("Non lue")
    expect(item).to_contain_text("Un défi ajouté")
    screenshot(page, "notifications-desktop")
    item.get_by_role("button", name="Marquer comme lue").click()
    expect(badge(page, "aucune non lue")).to_be_visible()
    expect(item).not_to_contain_text("Non lue")
    expect(item.get_by_role("link", name=f"Ouvrir : {scene.notification_title}")).to_be_visible()

    page.get_by_role("link", name="préférences de notification").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Préférences de notification")
    page.get_by_label("Par courriel : Discussions que je suis").select_option("off")
    page.get_by_label("Sur mes appareils : Mes groupes").check(force=True)  # the DSFR draws the box on the label
    page.get_by_role("button", name="Enregistrer mes préférences").click()
    expect(page.get_by_role("status").filter(has_text="Vos préférences de notification sont enregistrées.")).to_be_visible()
    preferences = scene.preferences()
    assert (preferences["discussions"]["email"], preferences["groups"]["push"]) == ("off", "on")
    screenshot(page, "preferences-desktop")

    # quiet hours starting when they end: the API's message next to the field
    page.get_by_text("Activer des heures calmes").click()
    page.get_by_role("textbox", name="Début", exact=True).fill("22:00")
    page.get_by_role("textbox", name="Fin", exact=True).fill("22:00")
    page.get_by_role("button", name="Enregistrer mes préférences").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".fr-input-group--error")).to_have_count(1)

    page.get_by_role("link", name="vos abonnements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes abonnements")
    expect(page.get_by_text(scene.title, exact=True)).to_be_visible()  # the followed resource, by its title
    page.get_by_label("Thème à suivre").select_option(scene.topic_slug)
    page.get_by_role("button", name="Suivre ce thème").click()
    expect(page.get_by_role("button", name=re.compile(f"Ne plus suivre : {re.escape(scene.topic_label)}"))).to_be_visible()
    assert scene.topic_slug in scene.follows()["topics"]
    screenshot(page, "follows-desktop")
    assert page.js_errors == []


def test_with_the_keyboard_only(new_page, scene):
    page = new_page()
    with page.expect_response(lambda response: STREAM in response.url and response.status == 200):
        log_in_with_the_keyboard(page, scene.email, PASSWORD)
    expect(page).to_have_url(re.compile("/catalogue$"))
    expect(badge(page, "aucune non lue")).to_be_visible()

    scene.update_the_resource()
    expect(badge(page, "1 non lue")).to_be_visible(timeout=30_000)
    tab_to(page, "Notifications, 1 non lue", backwards=True)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/notifications$"))
    expect(page.get_by_role("heading", name=scene.notification_title)).to_be_visible()
    tab_to(page, f"Marquer comme lue : {scene.notification_title}")
    page.keyboard.press("Enter")
    expect(badge(page, "aucune non lue")).to_be_visible()

    tab_to(page, "préférences de notification", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Préférences de notification")
    tab_to(page, "Dans Classe à 12 : Mes groupes")
    page.keyboard.press("Space")
    tab_to(page, "Par courriel : Mes groupes")
    page.keyboard.type("Résumé hebdo")
    tab_to(page, "Enregistrer mes préférences")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Vos préférences de notification sont enregistrées.")).to_be_visible()
    groups = scene.preferences()["groups"]
    assert (groups["in_app"], groups["email"]) == (False, "weekly")

    tab_to(page, "vos abonnements", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes abonnements")
    tab_to(page, "Thème à suivre")
    page.keyboard.press("ArrowDown")  # the first topic (a closed list changes with the arrows)
    expect(page.get_by_label("Thème à suivre")).to_have_value(scene.topic_slug)
    tab_to(page, "Suivre ce thème")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=re.compile(f"Ne plus suivre : {re.escape(scene.topic_label)}"))).to_be_visible()
    assert scene.topic_slug in scene.follows()["topics"]
    assert page.js_errors == []


def test_the_inbox_at_mobile_width(new_page, scene):
    page = new_page(width=375, height=812)
    log_in(page, scene.email, PASSWORD)
    page.goto("/notifications")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("listitem").first).to_be_visible()
    screenshot(page, "notifications-mobile")
