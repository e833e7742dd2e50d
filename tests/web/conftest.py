"""The web client in Debian's Chromium (Playwright, /usr/bin/chromium) against the whole platform
with its demo data, served on one origin by the local stack's front (web/dist + /api/).

Nothing is skipped: a missing browser, build or Node package fails the layer with what to do."""
from __future__ import annotations

import os
import shutil

import pytest

from ..conftest import running_platform
from .browser import AXE, CHROMIUM, WEB


def _require(condition: bool, message: str) -> None:
    if not condition:
        pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def web_stack(tmp_path_factory, broker_uri):
    """The platform, the web client on its origin, and the demo data (accounts and catalogue)."""
    from classe12_devstack import demo
    from classe12_testing.plugin import GREEN

    _require(not GREEN, "La couche web se lance sans eventlet : `make web-test`, ou CLASSE12_EVENTLET=0 "
                        "python -m pytest -m web (Playwright et le hub d'eventlet ne cohabitent pas).")
    _require(shutil.which("node") is not None, "Node.js 20 est requis pour construire le client web (web/README.md).")
    _require((WEB / "dist" / "index.html").is_file(), "web/dist absent : lancez `make web` (npm ci, npm run build).")
    _require(AXE.is_file(), "axe-core absent : lancez `make web` (npm ci dans web/).")
    _require(os.access(CHROMIUM, os.X_OK), f"Chromium absent ({CHROMIUM}) : `make chromium` "
                                           "(apt-get install chromium ; jamais un navigateur téléchargé).")
    with running_platform(tmp_path_factory.mktemp("web-stack"), broker_uri,
                          {"LOGIN_ADDRESS_FREE_FAILURES": "100000"}, web_root=WEB / "dist") as platform:
        demo.load(platform.stack.config.base_url, platform.stack.config.env())
        yield platform


@pytest.fixture(scope="session")
def browser(web_stack):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, web_stack):
    """new_page(color_scheme="light", width=1280): a page of a fresh browser context (no session).
    `for_axe=True` lets axe-core's script in past the client's Content-Security-Policy."""
    contexts = []

    def make(color_scheme: str = "light", width: int = 1280, height: int = 900, for_axe: bool = False):
        context = browser.new_context(base_url=web_stack.stack.config.base_url, locale="fr-FR", bypass_csp=for_axe,
                                      color_scheme=color_scheme, viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.js_errors = errors  # type: ignore[attr-defined]
        return page

    yield make
    for context in contexts:
        context.close()
