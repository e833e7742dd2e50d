"""axe-core, WCAG 2.1 A and AA, no rule disabled: zero violations on every route the router
declares (web/src/routes.tsx), in the light and the dark theme; screenshots of each page at
desktop and mobile widths under web/test-results/."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from classe12_devstack.demo import PASSWORD as DEMO_PASSWORD

from .browser import WEB, assert_no_violations, breadcrumb, log_in, screenshot
from .pages import REACHED_WITH, SIGNED_IN_AS, TEACHER, Demo

ROUTE = re.compile(r'route\("(\w+)", "([^"]+)"')


def declared_routes() -> dict[str, str]:
    return dict(ROUTE.findall((WEB / "src" / "routes.tsx").read_text()))


@pytest.fixture(scope="module")
def urls(web_stack):
    demo = Demo(web_stack.stack.config.base_url)
    urls = {route_id: REACHED_WITH[route_id](demo) if route_id in REACHED_WITH else path
            for route_id, path in declared_routes().items()}
    assert all(":" not in url for url in urls.values()), f"a route the tests cannot reach (tests/web/pages.py): {urls}"
    urls["notFound"] = "/cette-page-n-existe-pas"
    return urls


def by_account(urls: dict[str, str]) -> dict[str | None, dict[str, str]]:
    """The routes grouped by the account they are seen as (None: anonymous)."""
    groups: dict[str | None, dict[str, str]] = {}
    for route_id, url in urls.items():
        groups.setdefault(SIGNED_IN_AS.get(route_id), {})[route_id] = url
    return groups


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_route_has_no_axe_violation(new_page, urls, scheme):
    failures = []
    for account, pages in by_account(urls).items():
        page = new_page(color_scheme=scheme, for_axe=True)
        if account:
            log_in(page, account)
        failures += violations_on(page, pages, scheme)
    assert not failures, "\n".join(failures)


def violations_on(page, pages: dict[str, str], scheme: str) -> list[str]:
    failures = []
    for route_id, url in pages.items():
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
    return failures


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
    for account, pages in by_account(urls).items():
        page = new_page()
        if account:
            log_in(page, account)
        titles_and_breadcrumbs(page, pages)


def test_a_page_for_members_asks_to_sign_in_and_comes_back(new_page, urls):
    route_id = next(iter(SIGNED_IN_AS))
    page = new_page()
    page.goto(urls[route_id])
    page.get_by_role("link", name="Connectez-vous").click()
    page.get_by_label("Adresse e-mail").fill(SIGNED_IN_AS[route_id])
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(re.escape(urls[route_id]) + "$"))
    expect(page.get_by_role("link", name="Connectez-vous")).to_have_count(0)


def titles_and_breadcrumbs(page, pages: dict[str, str]) -> None:
    for route_id, url in pages.items():
        page.goto(url)
        heading = page.locator("main h1")
        expect(heading).to_be_visible()
        assert page.title().endswith("Classe à 12")
        if route_id != "home":
            expect(breadcrumb(page)).to_be_visible()


def test_the_site_map_lists_the_pages_without_an_id_or_a_token(new_page, urls):
    page = new_page()
    page.goto("/plan-du-site")
    expect(page.locator("main h1")).to_have_text("Plan du site")
    listed = set(page.locator("main ul a").evaluate_all("links => links.map(a => new URL(a.href).pathname)"))
    assert listed == {path for route_id, path in declared_routes().items() if route_id not in REACHED_WITH and path != "*"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_home_page_of_a_signed_in_teacher_has_no_axe_violation(new_page, scheme):
    """The home page is a member's news feed once signed in: their areas, new resources, notifications."""
    page = new_page(color_scheme=scheme, for_axe=True)
    log_in(page, TEACHER)
    page.goto("/")
    expect(page.locator("main h1")).to_have_text("Bonjour Karim Benali")
    expect(page.get_by_role("heading", name="Nouveautés du catalogue en CP")).to_be_visible()
    expect(page.get_by_role("link", name="Mes classes")).to_have_count(2)  # the menu and the tile
    page.wait_for_load_state("networkidle")
    assert_no_violations(page, f"/ signed in ({scheme})")
    if scheme == "light":
        screenshot(page, "home-signed-in-desktop")
