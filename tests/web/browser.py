"""Helpers of the browser tests: keyboard-only moves, axe-core, screenshots."""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WEB = REPO / "web"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = WEB / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = WEB / "test-results"
PASSWORD = "Escargots-du-CP-2026"

#: what a person hears of the focused element: its label, text, aria-label or title
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return [el.tagName.toLowerCase(), el.getAttribute("aria-label") || label || el.innerText || el.title || el.value || ""]
    .join(" ").replace(/\\s+/g, " ").trim();
}"""


def new_email() -> str:
    return f"enseignante-{uuid.uuid4().hex[:8]}@ac-test.fr"


def tab_to(page, text: str, limit: int = 80, backwards: bool = False) -> str:
    """Press Tab (or Shift+Tab) until the focused element's name contains `text`."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if text.lower() in focused.lower():
            return focused
    raise AssertionError(f"no focusable element named {text!r} within {limit} Tab presses: {seen}")


def axe_violations(page) -> list[dict]:
    """axe-core's violations of WCAG 2.0/2.1 A and AA on the page as it is (no rule disabled)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
      const result = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
      return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary)}));
    }""")
    return result


def assert_no_violations(page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n" + json.dumps(violations, ensure_ascii=False, indent=1)


def screenshot(page, name: str) -> None:
    """Kept under web/test-results/ (not committed) for people to look at."""
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)


def breadcrumb(page):
    """The page's breadcrumb (DSFR: a navigation named "vous êtes ici")."""
    import re

    return page.get_by_role("navigation", name=re.compile("vous êtes ici", re.I))


def log_in(page, email: str, password: str | None = None) -> None:
    """Signs in through the log-in page (a demo account unless a password is given)."""
    from classe12_devstack.demo import PASSWORD as DEMO_PASSWORD

    page.goto("/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/compte/connexion" not in url)


def log_in_with_the_keyboard(page, email: str, password: str | None = None, refused: bool = False) -> None:
    """`log_in` with the keyboard only: on the log-in form if the page is there already (reached by
    the keyboard), else opened at its address. A demo account unless a password is given. With
    `refused`, the test expects the form to say no: this returns without waiting to leave it.
    Otherwise it returns once the next page's heading has the focus: tabbing starts from it."""
    from playwright.sync_api import expect

    from classe12_devstack.demo import PASSWORD as DEMO_PASSWORD

    if "/compte/connexion" not in page.url:
        page.goto("/compte/connexion")
    tab_to(page, "Adresse e-mail")
    page.keyboard.type(email)
    tab_to(page, "Mot de passe")
    page.keyboard.type(password or DEMO_PASSWORD)
    page.keyboard.press("Enter")
    if not refused:
        page.wait_for_url(lambda url: "/compte/connexion" not in url)
        expect(page.locator("main h1")).to_be_focused()


def register_member(base_url: str, display_name: str | None = None, role: str = "teacher", *,
                    levels=("CP",), verified_by=None) -> dict:
    """A new member (password PASSWORD) with this display name, unique unless given (unique names
    let a test find them in the directory), signed in through the API:
    {"email", "name", "access_token", "id"}. Their address is not verified (as after signing up)
    unless `verified_by` is the running platform (web_stack), whose operator command line verifies
    it before the sign-in (publishing, contributing, reviewing need a verified address)."""
    import requests

    api = base_url + "/api/v1"
    email = new_email()
    name = display_name or f"Membre {uuid.uuid4().hex[:6]}"
    registered = requests.post(api + "/auth/register", timeout=30, json={
        "email": email, "password": PASSWORD, "display_name": name, "role": role, "levels": list(levels)})
    assert registered.status_code == 202, registered.text
    if verified_by is not None:
        verified_by.verify(email)
    signed_in = requests.post(api + "/auth/login", json={"email": email, "password": PASSWORD}, timeout=30)
    assert signed_in.status_code == 200, signed_in.text
    token = signed_in.json()["access_token"]
    me = requests.get(api + "/me", headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
    return {"email": email, "name": name, "access_token": token, "id": me["id"]}
