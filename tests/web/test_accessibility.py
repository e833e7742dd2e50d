"""axe-core, WCAG 2.1 A and AA, no rule disabled: zero violations on every route the router
declares (web/src/routes.tsx), in the light and the dark theme; screenshots of each page at
desktop and mobile widths under web/test-results/."""
from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from .browser import WEB, assert_no_violations, screenshot

ROUTE = re.compile(r'route\("(\w+)", "([^"]+)"')
#: how the tests reach the routes that need an id or a token (from an e-mail)
REACHED_WITH = {"/compte/nouveau-mot-de-passe": "/compte/nouveau-mot-de-passe?jeton=jeton-de-test",
                "/compte/verifier-adresse": "/compte/verifier-adresse?jeton=jeton-de-test",
                "/compte/confirmer-adresse": "/compte/confirmer-adresse?jeton=jeton-de-test"}


def declared_routes() -> dict[str, str]:
    return dict(ROUTE.findall((WEB / "src" / "routes.tsx").read_text()))


@pytest.fixture(scope="module")
def urls(web_stack):
    base = web_stack.stack.config.base_url
    page = requests.get(base + "/api/v1/resources", params={"q": "escargots"}, timeout=30).json()
    resource = f"/ressources/{page['items'][0]['id']}"
    urls = {}
    for route_id, path in declared_routes().items():
        urls[route_id] = resource if path == "/ressources/:id" else REACHED_WITH.get(path, path)
    assert all(":" not in url for url in urls.values()), f"a route the tests cannot reach: {urls}"
    urls["notFound"] = "/cette-page-n-existe-pas"
    return urls


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_route_has_no_axe_violation(new_page, urls, scheme):
    page = new_page(color_scheme=scheme, for_axe=True)
    failures = []
    for route_id, url in urls.items():
        page.goto(url)
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("data-fr-theme", scheme)
        page.wait_for_load_state("networkidle")
        try:
            assert_no_violations(page, f"{url} ({scheme})")
        except AssertionError as error:
            failures.append(str(error))
        if scheme == "light":
            screenshot(page, f"{route_id}-desktop")
    assert not failures, "\n".join(failures)


def test_the_catalogue_with_suggestions_open_and_the_mobile_menu(new_page, urls):
    page = new_page(width=375, height=812, for_axe=True)
    page.goto("/catalogue")
    page.get_by_role("combobox", name="Chercher une ressource").fill("lec")
    expect(page.get_by_role("listbox", name="Suggestions").get_by_role("option").first).to_be_visible()
    assert_no_violations(page, "/catalogue with suggestions (mobile)")
    screenshot(page, "catalogue-suggestions-mobile")
    for route_id in ("home", "resource", "logIn"):
        page.goto(urls[route_id])
        expect(page.locator("main h1")).to_be_visible()
        page.wait_for_load_state("networkidle")
        screenshot(page, f"{route_id}-mobile")
    page.get_by_role("button", name="Menu").click()
    assert_no_violations(page, "the mobile menu")


def test_every_page_has_its_french_title_and_breadcrumb(new_page, urls):
    page = new_page()
    for route_id, url in urls.items():
        page.goto(url)
        heading = page.locator("main h1")
        expect(heading).to_be_visible()
        assert page.title().endswith("Classe à 12")
        if route_id != "home":
            expect(page.get_by_role("navigation", name=re.compile("vous êtes ici", re.I))).to_be_visible()


def test_the_site_map_lists_the_pages_without_an_id_or_a_token(new_page, urls):
    page = new_page()
    page.goto("/plan-du-site")
    expect(page.locator("main h1")).to_have_text("Plan du site")
    listed = set(page.locator("main ul a").evaluate_all("links => links.map(a => new URL(a.href).pathname)"))
    assert listed == {url for url in urls.values() if "?" not in url and not url.startswith(("/ressources/", "/cette"))}
