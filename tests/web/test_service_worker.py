"""The installable client: its web app manifest, its service worker (web/public/sw.js) and the
push handler of decision 36 in Debian's Chromium.

A real push from the platform cannot reach this Chromium: a browser receives pushes only through
its vendor's push service (Google's for Chromium), which these machines cannot reach, and the
platform's side (encryption, VAPID, delivery) is tested against a local push service in
tests/system/test_push.py. So the delivery goes through Chromium's DevTools protocol
(`ServiceWorker.deliverPushMessage`), which hands the payload to the worker's `push` event as
the browser does after decrypting a real push; the test then reads the notification the worker
showed (`registration.getNotifications()`)."""
from __future__ import annotations

import json
import time
import uuid

import pytest
import requests
from playwright.sync_api import expect

READY = "async () => { const r = await navigator.serviceWorker.ready; return {scope: r.scope, script: r.active.scriptURL}; }"
#: the notifications the worker showed with this tag (null: none), once one is there whose body
#: contains `text` (null: any), or what there is after 15 s
SHOWN = """async ([tag, text]) => {
  const deadline = Date.now() + 30000;  // a loaded machine delivers a push late
  for (;;) {
    const found = (await (await navigator.serviceWorker.ready).getNotifications())
      .filter(n => tag === null ? !n.tag : n.tag === tag)
      .map(n => ({title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url, lang: n.lang, icon: n.icon}));
    if (found.some(n => text === null || n.body.includes(text)) || Date.now() > deadline) return found;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}"""


def test_the_manifest_is_served_linked_and_read_by_chromium(web_stack, new_page):
    base = web_stack.stack.config.base_url
    answer = requests.get(base + "/manifest.webmanifest", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/manifest+json")
    manifest = answer.json()
    assert manifest["name"] == "Classe à 12" and manifest["short_name"] and manifest["lang"] == "fr"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert manifest["theme_color"].lower() == "#000091"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        image = requests.get(base + icon["src"], timeout=10)
        assert image.status_code == 200 and image.headers["Content-Type"].startswith(icon["type"]), icon

    page = new_page()
    page.goto("/")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator('link[rel="manifest"]')).to_have_attribute("href", "/manifest.webmanifest")
    parsed = page.context.new_cdp_session(page).send("Page.getAppManifest")
    assert parsed["url"] == base + "/manifest.webmanifest"
    assert parsed["errors"] == [], parsed["errors"]


def test_the_service_worker_registers_for_the_whole_site(web_stack, new_page):
    base = web_stack.stack.config.base_url
    page = new_page()
    page.goto("/catalogue")
    registration = page.evaluate(READY)
    assert registration == {"scope": base + "/", "script": base + "/sw.js"}
    assert requests.get(base + "/sw.js", timeout=10).headers["Cache-Control"] == "no-cache"


@pytest.fixture
def push_to(web_stack, new_page):
    """push_to(data) -> the page: delivers `data` to the page's service worker through DevTools."""
    base = web_stack.stack.config.base_url
    page = new_page()
    page.context.grant_permissions(["notifications"], origin=base)
    devtools = page.context.new_cdp_session(page)
    versions: list[dict] = []
    devtools.on("ServiceWorker.workerVersionUpdated", lambda event: versions.extend(event["versions"]))
    devtools.send("ServiceWorker.enable")
    page.goto("/")
    page.evaluate(READY)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")  # claimed this page
    this_page = devtools.send("Target.getTargetInfo")["targetInfo"]["targetId"]

    def registration_id() -> str | None:
        """The registration of the worker controlling this page (DevTools may also report those of
        the browser's other contexts, with the same origin and script)."""
        ours = [v for v in versions if v["scriptURL"] == base + "/sw.js" and v["status"] == "activated"
                and this_page in v.get("controlledClients", [])]
        return ours[-1]["registrationId"] if ours else None

    deadline = time.monotonic() + 15
    while registration_id() is None:  # DevTools events arrive while Playwright waits on the page
        assert time.monotonic() < deadline, f"no activated worker reported by DevTools: {versions}"
        page.evaluate("() => new Promise(requestAnimationFrame)")

    def push(data: str):
        devtools.send("ServiceWorker.deliverPushMessage",
                      {"origin": base, "registrationId": registration_id(), "data": data})
        return page

    return push


def test_a_push_shows_its_french_notification(web_stack, push_to):
    base = web_stack.stack.config.base_url
    tag = str(uuid.uuid4())
    payload = {"title": "Nouvelle réponse à « Les sons complexes au CP »",
               "body": "Camille Martin a répondu à votre discussion.",
               "url": f"{base}/ressources/{tag}", "tag": tag, "later_field": "ignored"}
    page = push_to(json.dumps(payload, ensure_ascii=False))
    [shown] = page.evaluate(SHOWN, [tag, None])
    assert shown == {"title": payload["title"], "body": payload["body"], "tag": tag, "url": payload["url"],
                     "lang": "fr", "icon": base + "/icons/icon-192.png"}

    # a message pushed again with its tag (push is at least once) replaces the first one
    push_to(json.dumps({**payload, "body": "Camille Martin a modifié sa réponse."}, ensure_ascii=False))
    [shown] = page.evaluate(SHOWN, [tag, "modifié"])
    assert shown["body"] == "Camille Martin a modifié sa réponse."


def test_a_push_that_is_not_json_shows_a_generic_notification_and_other_origins_are_refused(push_to):
    page = push_to("ceci n'est pas du JSON")
    [shown] = page.evaluate(SHOWN, [None, None])
    assert (shown["title"], shown["body"], shown["url"]) == ("Classe à 12", "Nouvelle notification", "/")

    tag = str(uuid.uuid4())
    push_to(json.dumps({"title": "Lien piégé", "body": "…", "url": "https://ailleurs.example/", "tag": tag}))
    [shown] = page.evaluate(SHOWN, [tag, None])
    assert shown["url"] == "/", "a notification never opens another site"


def test_the_device_toggle_asks_and_explains_in_french(web_stack, new_page):
    """The toggle of /compte/notifications-appareil: a visitor is asked to sign in; for a member,
    turning it on asks the permission and subscribes through the browser's push service, which
    Debian's Chromium has none of (no vendor push service, no network here): the French message
    says so and the toggle stays off. With a push service, the subscription is POSTed as decision
    36 says (tests/system/test_push.py covers the API's side)."""
    page = new_page()
    page.goto("/compte/notifications-appareil")
    toggle = page.get_by_label("Notifications sur cet appareil")
    expect(page.get_by_role("link", name="Connectez-vous")).to_be_visible()
    expect(toggle).to_have_count(0)

    page.context.grant_permissions(["notifications"], origin=web_stack.stack.config.base_url)
    page.goto("/compte/connexion")
    page.get_by_label("Adresse e-mail").fill("enseignante.ce1@demo.classe12.fr")
    page.get_by_label("Mot de passe").fill("demo-Classe12-2026")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.goto("/compte/notifications-appareil")
    page.evaluate(READY)
    expect(toggle).to_be_enabled()
    expect(toggle).not_to_be_checked()
    toggle.focus()  # the keyboard, as a person using it would (the DSFR's label covers the input)
    with page.expect_request(lambda request: request.url.endswith("/api/v1/push/vapid-public-key")):
        page.keyboard.press("Space")
    expect(page.get_by_role("alert")).to_contain_text("n'a pas pu joindre son service de notifications")
    expect(toggle).not_to_be_checked()
    expect(page.locator("main").get_by_role("status")).to_have_text("Cet appareil ne reçoit pas vos notifications.")
