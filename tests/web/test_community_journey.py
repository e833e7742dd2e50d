"""The community in the browser, once with the mouse, once with the keyboard only (issue 11): a
teacher accepts the charter, joins a national group and opens a discussion; another member replies
mentioning her and reports her post; the teacher sees the mention and accepts the reply; the demo
admin hides the reported post from the moderation queue, and the log says so. Also: a member whose
address is not verified is told how to verify it when publishing."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from classe12_devstack.demo import DEMO_GROUP

from .browser import (
    PASSWORD,
    assert_no_violations,
    log_in,
    log_in_with_the_keyboard,
    register_member,
    screenshot,
    tab_to,
)
from .pages import ADMIN

GROUP = DEMO_GROUP  # national, open, suggested to CP teachers


def member_of_the_group(web_stack, person: dict) -> None:
    """Through the API: the charter accepted and the group joined (the replying colleague)."""
    api, token = web_stack.api, person["access_token"]
    version = api.get("/charter").json()["version"]
    assert api.post("/me/charter", token, json={"version": version}).status_code == 200
    group = next(g for g in api.get("/groups?scope=national&limit=100", token).json()["items"] if g["name"] == GROUP)
    assert api.post(f"/groups/{group['id']}/join", token, json={}).status_code == 200


def people(web_stack) -> tuple[dict, dict]:
    """Two new teachers (unique names), their addresses verified; the colleague in the group."""
    tag, base_url = uuid.uuid4().hex[:6], web_stack.stack.config.base_url
    teacher = register_member(base_url, f"Inès Teacher {tag}", verified_by=web_stack)
    colleague = register_member(base_url, f"Paul Collègue {tag}", verified_by=web_stack)
    member_of_the_group(web_stack, colleague)
    return teacher, colleague


def choose_with_the_arrows(page, label: str, option: str) -> None:
    """Down the focused closed list until `option` is selected."""
    chosen = page.get_by_label(label)
    for _ in range(100):
        page.keyboard.press("ArrowDown")
        if chosen.evaluate("(el) => el.options[el.selectedIndex].text") == option:
            return
    raise AssertionError(f"{option!r} not in {label!r}")


def test_with_the_mouse(new_page, web_stack):
    teacher, colleague = people(web_stack)
    title, reason = f"Rituels de lecture {uuid.uuid4().hex[:6]}", f"Hors charte {uuid.uuid4().hex[:6]}"

    # the teacher: charter, group, a new discussion
    page = new_page()
    log_in(page, teacher["email"], PASSWORD)
    page.goto("/communaute")
    expect(page.get_by_role("heading", level=1)).to_have_text("Communauté")
    page.get_by_role("button", name="J’accepte la charte").click()
    expect(page.get_by_role("heading", name="Acceptez la charte de la communauté pour publier")).to_be_hidden()
    page.get_by_role("button", name=f"Rejoindre : {GROUP}").click()
    mine = page.locator("section", has=page.get_by_role("heading", name="Mes groupes"))
    expect(mine.get_by_role("link", name=GROUP)).to_be_visible()
    screenshot(page, "communaute-desktop")
    mine.get_by_role("link", name=GROUP).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GROUP)
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Message").fill("Quels **rituels** de lecture pour le matin ?")
    page.get_by_role("button", name="Publier la discussion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("strong", has_text="rituels")).to_be_visible()  # Markdown rendered
    thread_url = page.url

    # the colleague replies mentioning her, and reports her post
    other = new_page(for_axe=True)
    log_in(other, colleague["email"], PASSWORD)
    other.goto(thread_url)
    other.get_by_label("Ma réponse").fill("Je lis un album chaque matin, ")
    other.get_by_label("Mentionner un membre du groupe").select_option(label=teacher["name"])
    other.get_by_role("button", name="Insérer la mention").click()
    expect(other.get_by_label("Ma réponse")).to_have_value(f"Je lis un album chaque matin, @{teacher['name']} ")
    other.get_by_role("button", name="Publier ma réponse").click()
    expect(other.get_by_role("heading", name=f"Réponse de {colleague['name']}")).to_be_visible()
    other.get_by_role("button", name=f"Signaler le message de {teacher['name']}").click()
    assert_no_violations(other, "a discussion with a reply and the report form open")
    other.get_by_label("Motif du signalement").select_option("off_topic")
    other.get_by_label("Précisions pour les modérateurs (facultatif)").fill("Sans rapport avec le groupe")
    other.get_by_role("button", name="Envoyer le signalement").click()
    expect(other.get_by_text("Merci : votre signalement est transmis aux modérateurs.")).to_be_visible()
    other.get_by_role("button", name=f"Merci (0) : message de {teacher['name']}").click()
    expect(other.get_by_role("button", name=f"Merci (1) : message de {teacher['name']}")).to_have_attribute(
        "aria-pressed", "true")

    # the teacher sees the mention and accepts the reply
    page.reload()
    expect(page.locator("mark.classe12-mention", has_text=f"@{teacher['name']}")).to_be_visible()
    page.get_by_role("button", name="Marquer comme réponse acceptée").click()
    expect(page.get_by_text("Réponse acceptée", exact=True)).to_be_visible()
    page.get_by_role("button", name="Discussion suivie").click()
    expect(page.get_by_role("button", name="Suivre la discussion")).to_have_attribute("aria-pressed", "false")
    screenshot(page, "discussion-desktop")

    # the demo admin hides the reported post
    admin = new_page(for_axe=True)
    log_in(admin, ADMIN)
    admin.goto("/communaute/moderation")
    item = admin.locator("article", has=admin.get_by_role("heading", name=f"Message de {teacher['name']}"))
    expect(item.get_by_text("Hors sujet")).to_be_visible()
    assert_no_violations(admin, "the moderation queue with a reported post")
    item.get_by_role("button", name=f"Masquer le message de {teacher['name']}").click()
    expect(item.get_by_text("Obligatoire pour masquer")).to_be_visible()
    expect(item.locator(".fr-message--error")).to_be_visible()  # no reason: the API says it is needed
    assert_no_violations(admin, "a moderation decision refused")
    item.get_by_label(f"Motif de la décision sur le message de {teacher['name']}").fill(reason)
    item.get_by_role("button", name=f"Masquer le message de {teacher['name']}").click()
    expect(admin.get_by_role("status").filter(has_text=f"Message de {teacher['name']} : Masqué")).to_be_visible()
    expect(admin.get_by_role("row", name=re.compile(reason))).to_contain_text("Masqué")
    screenshot(admin, "moderation-desktop")

    # her post, hidden, with the moderators' reason
    page.reload()
    expect(page.get_by_text("Masqué par la modération")).to_be_visible()
    expect(page.get_by_text(f"Motif de la modération : {reason}")).to_be_visible()
    for p in (page, other, admin):
        assert p.js_errors == []


def test_with_the_keyboard_only(new_page, web_stack):
    teacher, colleague = people(web_stack)
    title, reason = f"Fluence au clavier {uuid.uuid4().hex[:6]}", f"Hors charte {uuid.uuid4().hex[:6]}"

    page = new_page()
    log_in_with_the_keyboard(page, teacher["email"], PASSWORD)
    page.goto("/communaute")
    tab_to(page, "J’accepte la charte")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Acceptez la charte de la communauté pour publier")).to_be_hidden()
    tab_to(page, f"Rejoindre : {GROUP}")
    page.keyboard.press("Enter")
    mine = page.locator("section", has=page.get_by_role("heading", name="Mes groupes"))
    expect(mine.get_by_role("link", name=GROUP)).to_be_visible()
    page.goto("/communaute")
    tab_to(page, GROUP)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(GROUP)
    tab_to(page, "Titre")
    page.keyboard.type(title)
    tab_to(page, "Message")
    page.keyboard.type("Combien de minutes de *fluence* par jour ?")
    tab_to(page, "Publier la discussion")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    thread_url = page.url

    other = new_page()
    log_in_with_the_keyboard(other, colleague["email"], PASSWORD)
    other.goto(thread_url)
    tab_to(other, "Ma réponse")
    other.keyboard.type("Dix minutes, avec un chronomètre ")
    tab_to(other, "Mentionner un membre du groupe")
    choose_with_the_arrows(other, "Mentionner un membre du groupe", teacher["name"])
    tab_to(other, "Insérer la mention")
    other.keyboard.press("Enter")
    expect(other.get_by_label("Ma réponse")).to_have_value(f"Dix minutes, avec un chronomètre @{teacher['name']} ")
    tab_to(other, "Publier ma réponse")
    other.keyboard.press("Enter")
    expect(other.get_by_role("heading", name=f"Réponse de {colleague['name']}")).to_be_visible()
    other.goto(thread_url)
    tab_to(other, f"Signaler le message de {teacher['name']}")
    other.keyboard.press("Enter")
    tab_to(other, "Motif du signalement")
    other.keyboard.type("Hors")
    expect(other.get_by_label("Motif du signalement")).to_have_value("off_topic")
    tab_to(other, "Envoyer le signalement")
    other.keyboard.press("Enter")
    expect(other.get_by_text("Merci : votre signalement est transmis aux modérateurs.")).to_be_visible()

    page.reload()
    expect(page.locator("mark.classe12-mention", has_text=f"@{teacher['name']}")).to_be_visible()
    tab_to(page, "Marquer comme réponse acceptée")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Réponse acceptée", exact=True)).to_be_visible()

    admin = new_page()
    log_in_with_the_keyboard(admin, ADMIN)
    admin.goto("/communaute/moderation")
    expect(admin.get_by_role("heading", name=f"Message de {teacher['name']}")).to_be_visible()
    tab_to(admin, f"Motif de la décision sur le message de {teacher['name']}", limit=300)
    admin.keyboard.type(reason)
    admin.keyboard.press("Enter")  # the form's first action: hide
    expect(admin.get_by_role("status").filter(has_text=f"Message de {teacher['name']} : Masqué")).to_be_visible()
    expect(admin.get_by_role("row", name=re.compile(reason))).to_contain_text("Masqué")

    page.reload()
    expect(page.get_by_text(f"Motif de la modération : {reason}")).to_be_visible()
    for p in (page, other, admin):
        assert p.js_errors == []


def test_an_unverified_member_is_told_how_to_verify(new_page, web_stack):
    newcomer = register_member(web_stack.stack.config.base_url, f"Léa Nouvelle {uuid.uuid4().hex[:6]}")
    member_of_the_group(web_stack, newcomer)
    group = next(g for g in web_stack.api.get("/groups?scope=national&limit=100", newcomer["access_token"]).json()["items"]
                 if g["name"] == GROUP)
    page = new_page(width=375, height=812)
    log_in(page, newcomer["email"], PASSWORD)
    page.goto(f"/communaute/groupes/{group['id']}")
    page.get_by_label("Titre").fill("Une question")
    page.get_by_label("Message").fill("Bonjour à tous")
    page.get_by_role("button", name="Publier la discussion").click()
    alert = page.get_by_role("alert").filter(has_text="adresse")
    expect(alert).to_be_visible()
    expect(alert.get_by_role("link", name="ce que fait la vérification")).to_have_attribute("href", "/compte/verifier-adresse")
    alert.get_by_role("button", name="Renvoyer l’e-mail de vérification").click()
    expect(page.get_by_text("E-mail de vérification envoyé")).to_be_visible()
    screenshot(page, "groupe-adresse-non-verifiee-mobile")
    page.goto("/communaute")
    expect(page.get_by_role("heading", name="Mes groupes")).to_be_visible()
    screenshot(page, "communaute-mobile")
    assert page.js_errors == []
