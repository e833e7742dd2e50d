"""Bookmarked resources readable offline (issue 11): the page saves the member's bookmarked
resources in Cache Storage, public/sw.js serves them when the network fails, and signing out
empties them (docs/decisions.md 35, "Offline reading")."""
from __future__ import annotations

import re
import time

import requests
from playwright.sync_api import expect

from .browser import PASSWORD, register_member, screenshot

READY = "async () => { await navigator.serviceWorker.ready; return true; }"
#: the URLs of the saved copies, by cache (only this device's member's)
SAVED = """async () => {
  const saved = {};
  for (const name of await caches.keys()) {
    if (!name.startsWith("classe12-offline:")) continue;
    saved[name] = (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname);
  }
  return saved;
}"""
#: true once the resource and the bookmarks list are saved
SAVED_RESOURCE = """async (id) => {
  for (const name of await caches.keys()) {
    if (!name.startsWith("classe12-offline:")) continue;
    const cache = await caches.open(name);
    if (await cache.match(`/api/v1/resources/${id}`) && await cache.match("/api/v1/me/bookmarks")) return true;
  }
  return false;
}"""
ALLOWED = re.compile(r"^/api/v1/(me/bookmarks|resources/[0-9a-f]{24}(/files/[0-9a-f]{24})?)$")


def a_sentence_of(markdown: str) -> str:
    """Some plain words of the body, as the page shows them once rendered."""
    for line in markdown.splitlines():
        line = line.strip()
        if len(line) > 30 and re.fullmatch(r"[\w\s,.’'«»:;!?()\-–]+", line):
            return line[:30].strip()
    raise AssertionError(f"no plain sentence in {markdown[:300]!r}")



def until(page, condition, what: str, seconds: float) -> None:
    """Waits for `condition()` (page.wait_for_function does not await an async predicate: its
    Promise is truthy at once), a frame at a time."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still not {what} after {seconds} s"
        page.evaluate("() => new Promise(requestAnimationFrame)")

def test_a_bookmarked_resource_opens_offline_until_sign_out(web_stack, new_page):
    base = web_stack.stack.config.base_url
    email = register_member(base, "Mme Horsligne")["email"]
    found = requests.get(base + "/api/v1/resources", params={"q": "escargots"}, timeout=30).json()["items"][0]
    resource = requests.get(f"{base}/api/v1/resources/{found['id']}", timeout=30).json()
    sentence = a_sentence_of(resource["body"])

    page = new_page()
    page.goto("/compte/connexion")
    page.evaluate(READY)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter", exact=True)).to_be_visible()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    page.goto(f"/ressources/{resource['id']}")
    page.get_by_role("button", name="Ajouter à mes favoris").click()
    expect(page.get_by_role("button", name="Dans mes favoris")).to_be_visible()
    until(page, lambda: page.evaluate(SAVED_RESOURCE, resource["id"]), "the resource saved", seconds=30)
    saved = page.evaluate(SAVED)
    assert len(saved) == 1, saved
    [urls] = saved.values()
    assert all(ALLOWED.match(url) for url in urls), urls  # never another API answer

    page.get_by_role("link", name="Mon compte").click()
    page.get_by_role("link", name="Lecture hors ligne").click()
    expect(page.get_by_role("link", name=resource["title"])).to_be_visible()

    page.context.set_offline(True)
    page.goto(f"/ressources/{resource['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(resource["title"])
    expect(page.locator("article")).to_contain_text(sentence)
    expect(page.get_by_text("Hors ligne : vous lisez la copie enregistrée")).to_be_visible()
    screenshot(page, "ressource-hors-ligne-desktop")

    page.context.set_offline(False)
    page.goto("/catalogue")
    page.get_by_role("link", name="Se connecter").or_(page.get_by_role("button", name="Se déconnecter", exact=True)).wait_for()
    if page.get_by_role("link", name="Se connecter").count():  # the offline start found no session: sign in again
        page.goto("/compte/connexion")
        page.get_by_label("Adresse e-mail").fill(email)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("button", name="Se déconnecter", exact=True).click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    # a save still running at sign-out may reopen the cache empty; it deletes it at its next step
    until(page, lambda: page.evaluate(SAVED) == {}, "no saved copy left", seconds=15)

    page.context.set_offline(True)
    page.goto(f"/ressources/{resource['id']}")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("heading", name=resource["title"])).to_have_count(0)
    page.context.set_offline(False)
    assert page.js_errors == []
