"""Collections in the browser (issue 11): a teacher creates one, adds resources from their pages,
reorders them (mouse, then keyboard: the focus stays on the moved resource), shares the link,
which opens for anybody without an account; stopping the share closes it."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from .browser import FOCUSED, PASSWORD, log_in, register_member, screenshot
from .pages import Demo
from .test_adviser_journey import menu_link

SNAILS = "Un élevage d’escargots en classe"


def add_from_the_resource_page(page, url: str, collection: str) -> str:
    page.goto(url)
    title = page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Collection", exact=True).select_option(label=collection)
    page.get_by_role("button", name="Ajouter à la collection").click()
    expect(page.get_by_role("status").filter(has_text=f"Ajoutée à {collection}")).to_be_visible()
    return title


def test_create_add_reorder_share(new_page, web_stack):
    teacher = register_member(web_stack.stack.config.base_url, verified_by=web_stack)
    demo = Demo(web_stack.stack.config.base_url)
    name = f"Rituels {uuid.uuid4().hex[:6]}"
    page = new_page()
    log_in(page, teacher["email"], PASSWORD)
    menu_link(page, "Mes collections").click()
    page.get_by_label("Nom de la collection").fill(name)
    page.get_by_role("button", name="Créer la collection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    collection_url = page.url

    first = add_from_the_resource_page(page, f"/ressources/{demo.resource_id('escargots')}", name)
    second = add_from_the_resource_page(page, f"/ressources/{demo.resource_id('additionner des points')}", name)
    assert first == SNAILS
    page.goto(collection_url)
    items = page.locator("[aria-labelledby=ressources-collection] ol > li > a")
    expect(items).to_have_text([first, second])

    page.get_by_role("button", name=f"Monter « {second} »").click()
    expect(items).to_have_text([second, first])
    # with the keyboard: the focus follows the moved resource
    page.get_by_role("button", name=f"Descendre « {second} »").focus()
    page.keyboard.press("Enter")
    expect(items).to_have_text([first, second])
    expect(page.get_by_role("button", name=f"Monter « {second} »")).to_be_focused()
    assert "Monter" in page.evaluate(FOCUSED)

    page.get_by_role("button", name="Partager par un lien").click()
    link = page.get_by_label("Lien de partage")
    expect(link).to_have_value(re.compile(r"/collections/partagees/"))
    shared_url = link.input_value()
    screenshot(page, "collection-desktop")

    anonymous = new_page()
    anonymous.goto(shared_url)
    expect(anonymous.get_by_role("heading", level=1)).to_have_text(name)
    expect(anonymous.get_by_role("link", name=first)).to_be_visible()
    expect(anonymous.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    screenshot(anonymous, "collection-partagee-desktop")
    mobile = new_page(width=375, height=812)
    mobile.goto(shared_url)
    expect(mobile.get_by_role("heading", level=1)).to_have_text(name)
    screenshot(mobile, "collection-partagee-mobile")

    page.get_by_role("button", name=f"Retirer « {first} » de la collection").click()
    expect(items).to_have_text([second])
    page.get_by_role("button", name="Arrêter le partage").click()
    expect(page.get_by_text("Cette collection n’est pas partagée")).to_be_visible()
    anonymous.reload()
    expect(anonymous.get_by_role("alert")).to_be_visible()

    page.get_by_role("button", name="Supprimer la collection").click()
    page.get_by_role("button", name="Confirmer la suppression").click()
    expect(page).to_have_url(re.compile("/collections$"))
    expect(page.get_by_role("link", name=name)).to_have_count(0)
    for p in (page, anonymous, mobile):
        assert p.js_errors == []


def test_the_demo_video_seeks(new_page, web_stack):
    """The file endpoint answers Range requests (206), so the player moves anywhere in the video."""
    import requests
    demo = Demo(web_stack.stack.config.base_url)
    resource = demo.get(f"/resources/{demo.resource_id('additionner des points')}")
    video = next(f for f in resource["files"] if f["content_type"].startswith("video/"))
    url = f"{web_stack.stack.config.base_url}/api/v1/resources/{resource['id']}/files/{video['id']}"
    part = requests.get(url, headers={"Range": "bytes=100-199"}, timeout=30)
    assert part.status_code == 206 and part.headers["Content-Range"] == f"bytes 100-199/{video['size']}"
    assert len(part.content) == 100

    page = new_page()
    page.goto(f"/ressources/{resource['id']}")
    expect(page.locator("video")).to_have_attribute("controls", "")
    reached = page.evaluate("""() => new Promise((resolve, reject) => {
      const video = document.querySelector("video");
      const seek = () => { video.addEventListener("seeked", () => resolve(video.currentTime), {once: true});
                           video.currentTime = video.duration * 0.75; };
      video.addEventListener("error", () => reject(new Error("media error " + video.error?.code)));
      if (video.readyState >= 1) seek(); else video.addEventListener("loadedmetadata", seek, {once: true});
    })""")
    assert reached > 1
    assert page.js_errors == []
