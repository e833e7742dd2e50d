"""A teacher contributes a resource and an adviser reviews it, in the browser, once with the
mouse and once with the keyboard only (issue 11): the teacher (a new, verified account) writes a
draft, adds its audio file and submits it; the adviser (demo) asks for changes; the teacher reads
the comment, fixes the resource and submits it again; the adviser publishes it; it is in the
catalogue, with an audio player that seeks. A stale version is explained, never overwritten."""
from __future__ import annotations

import re
import uuid
from types import SimpleNamespace

import pytest
import requests
from playwright.sync_api import expect

from .browser import PASSWORD, log_in, log_in_with_the_keyboard, register_member, screenshot, tab_to
from .pages import ADVISER

AUDIO = "services/resources/classe12_resources/content/media/pulsation-60bpm.ogg"


def unique_word() -> str:
    """A made-up word (letters only) to find this test's resource in the catalogue."""
    return "zou" + "".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:8])


@pytest.fixture
def contributor(web_stack, new_page) -> SimpleNamespace:
    """The teacher who contributes: a new member with a verified address (contributing needs one),
    her page (not signed in yet) and a made-up word to find her resource by."""
    teacher = register_member(web_stack.stack.config.base_url, f"Mme Autrice {uuid.uuid4().hex[:6]}",
                              verified_by=web_stack)
    return SimpleNamespace(member=teacher, page=new_page(), word=unique_word())


def menu_link(page, name: str):
    """A link of the header's menu, once the menu shows the entries of the member's roles."""
    header = page.locator("header")
    expect(header.get_by_role("link", name="Mes collections").first).to_be_visible()
    expect(header.get_by_role("link", name="Mes classes").first).to_be_visible()
    return header.get_by_role("link", name=name, exact=True).first


def expect_in_catalogue(page, word: str, title: str) -> None:
    page.goto(f"/catalogue?q={word}")
    expect(page.get_by_role("link", name=title)).to_be_visible()


def expect_audio_seeks(page) -> None:
    """The browser's player jumps to the middle of the file (Range requests answered with 206)."""
    audio = page.locator("audio")
    expect(audio).to_have_attribute("controls", "")
    reached = page.evaluate("""() => new Promise((resolve, reject) => {
      const audio = document.querySelector("audio");
      const seek = () => { audio.addEventListener("seeked", () => resolve(audio.currentTime), {once: true});
                           audio.currentTime = audio.duration / 2; };
      audio.addEventListener("error", () => reject(new Error("media error " + audio.error?.code)));
      if (audio.readyState >= 1) seek(); else audio.addEventListener("loadedmetadata", seek, {once: true});
    })""")
    assert reached > 0


def test_with_the_mouse(new_page, web_stack, contributor):
    teacher, word, author = contributor.member, contributor.word, contributor.page
    title = f"Le furet des nombres {word}"
    comment = "Précisez la durée et ajoutez une variante pour le CE1."

    log_in(author, teacher["email"], PASSWORD)
    menu_link(author, "Contribuer").click()
    expect(author.get_by_role("heading", level=1)).to_have_text("Contribuer")
    author.get_by_label("Titre", exact=True).fill(title)
    author.get_by_label("Type de ressource").select_option("fiche")
    author.get_by_text("CP", exact=True).click()
    author.get_by_label("Ajouter un thème").select_option(label="Calcul mental")
    expect(author.get_by_role("button", name="Retirer le thème Calcul mental")).to_be_visible()
    author.get_by_label("Résumé").fill("Un jeu oral pour compter de un en un, en avançant et en reculant.")
    author.get_by_label("Contenu").fill("## Déroulement\n\n- Les élèves sont en cercle.\n- Le furet passe.")
    author.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(author).to_have_url(re.compile(r"/contribuer/[0-9a-f]{24}$"))
    expect(author.get_by_role("heading", level=1)).to_have_text(title)
    resource_id = author.url.rsplit("/", 1)[1]

    author.locator('input[type="file"]').set_input_files(AUDIO)
    author.get_by_label("Rôle du fichier").select_option("media")
    author.get_by_label("Titre affiché").fill("Pulsation pour compter")
    author.get_by_role("button", name="Envoyer le fichier").click()
    expect(author.get_by_text("Fichier ajouté.")).to_be_visible()
    expect(author.get_by_role("button", name="Retirer le fichier Pulsation pour compter")).to_be_visible()
    screenshot(author, "contribution-desktop")
    author.get_by_role("button", name="Soumettre à la relecture").click()
    expect(author.get_by_text("Votre ressource est en relecture")).to_be_visible()

    adviser = new_page()
    log_in(adviser, ADVISER)
    menu_link(adviser, "Relecture").click()
    adviser.get_by_role("link", name=title).click()
    expect(adviser.get_by_role("heading", level=1)).to_have_text(title)
    adviser.get_by_label("Commentaire pour l’auteur").fill(comment)
    adviser.get_by_role("button", name="Demander des modifications").click()
    expect(adviser.get_by_text("Votre demande de modifications est envoyée")).to_be_visible()

    author.goto("/contribuer")
    expect(author.get_by_text(f"Commentaire de la relecture : {comment}")).to_be_visible()
    screenshot(author, "contribuer-desktop")
    author.set_viewport_size({"width": 375, "height": 812})
    screenshot(author, "contribuer-mobile")
    author.set_viewport_size({"width": 1280, "height": 900})
    author.get_by_role("link", name=title).click()
    expect(author.get_by_text(comment)).to_be_visible()

    # meanwhile, the same resource changed elsewhere: saving is refused and explained
    changed = requests.patch(f"{web_stack.stack.config.base_url}/api/v1/resources/{resource_id}", timeout=30,
                             headers={"Authorization": f"Bearer {teacher['access_token']}"},
                             json={"source": "Changé dans un autre onglet"})
    assert changed.status_code == 200, changed.text
    author.get_by_label("Durée en classe (minutes)").fill("15")
    author.get_by_role("button", name="Enregistrer les modifications").click()
    expect(author.get_by_role("alert").filter(has_text="Cette ressource a changé depuis que vous l’avez ouverte")).to_be_visible()
    author.get_by_role("button", name="Charger la dernière version").click()
    expect(author.get_by_label("Source ou inspiration")).to_have_value("Changé dans un autre onglet")
    author.get_by_label("Durée en classe (minutes)").fill("15")
    author.get_by_label("Résumé").fill("Un jeu oral pour compter de un en un ; au CE1, de dix en dix.")
    author.get_by_role("button", name="Enregistrer les modifications").click()
    expect(author.get_by_text("Modifications enregistrées.")).to_be_visible()
    author.get_by_role("button", name="Soumettre à la relecture").click()
    expect(author.get_by_text("Votre ressource est en relecture")).to_be_visible()

    adviser.goto("/relecture")
    adviser.get_by_role("link", name=title).click()
    expect(adviser.get_by_text("au CE1, de dix en dix")).to_be_visible()
    screenshot(adviser, "relecture-ressource-desktop")
    adviser.get_by_role("button", name="Publier").click()
    adviser.get_by_role("link", name="la voir dans le catalogue").click()
    expect(adviser.get_by_role("heading", level=1)).to_have_text(title)

    reader = new_page()
    expect_in_catalogue(reader, word, title)
    reader.get_by_role("link", name=title).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(title)
    expect_audio_seeks(reader)
    for page in (author, adviser, reader):
        assert page.js_errors == []


def test_with_the_keyboard_only(new_page, contributor):
    teacher, word, author = contributor.member, contributor.word, contributor.page
    title = f"La course aux dizaines {word}"
    comment = "Ajoutez le matériel nécessaire, s’il vous plaît."

    log_in_with_the_keyboard(author, teacher["email"], PASSWORD)
    author.goto("/contribuer")
    expect(author.get_by_role("heading", level=1)).to_have_text("Contribuer")
    tab_to(author, "input Titre")
    author.keyboard.type(title)
    tab_to(author, "input CP")
    author.keyboard.press("Space")
    tab_to(author, "Ajouter un thème")
    author.keyboard.press("ArrowDown")  # the first topic of the list
    expect(author.get_by_role("button", name=re.compile("^Retirer le thème"))).to_have_count(1)
    tab_to(author, "Résumé")
    author.keyboard.type("Une course en équipes pour compter de dix en dix.")
    tab_to(author, "textarea Contenu")
    author.keyboard.type("Les élèves avancent d’une case à chaque dizaine.")
    tab_to(author, "Enregistrer le brouillon")
    author.keyboard.press("Enter")
    expect(author).to_have_url(re.compile(r"/contribuer/[0-9a-f]{24}$"))
    expect(author.get_by_role("heading", level=1)).to_have_text(title)

    tab_to(author, "input Fichier")
    with author.expect_file_chooser() as chooser:  # the system's dialog, where a person picks the file
        author.keyboard.press("Space")
    chooser.value.set_files(AUDIO)
    tab_to(author, "Rôle du fichier")
    author.keyboard.press("ArrowUp")  # attachment -> media
    tab_to(author, "Envoyer le fichier")
    author.keyboard.press("Enter")
    expect(author.get_by_text("Fichier ajouté.")).to_be_visible()
    tab_to(author, "Soumettre à la relecture")
    author.keyboard.press("Enter")
    expect(author.get_by_text("Votre ressource est en relecture")).to_be_visible()

    adviser = new_page()
    log_in_with_the_keyboard(adviser, ADVISER)
    adviser.goto("/relecture")
    tab_to(adviser, title, limit=150)
    adviser.keyboard.press("Enter")
    expect(adviser.locator("main h1")).to_have_text(title)
    expect(adviser.get_by_role("heading", level=1)).to_have_text(title)
    tab_to(adviser, "Commentaire pour l’auteur")
    adviser.keyboard.type(comment)
    tab_to(adviser, "Demander des modifications")
    adviser.keyboard.press("Enter")
    expect(adviser.get_by_text("Votre demande de modifications est envoyée")).to_be_visible()

    author.goto("/contribuer")
    expect(author.get_by_text(f"Commentaire de la relecture : {comment}")).to_be_visible()
    tab_to(author, title)
    author.keyboard.press("Enter")
    expect(author.get_by_text(comment)).to_be_visible()
    tab_to(author, "textarea Contenu")
    author.keyboard.press("End")
    author.keyboard.type("\n\nMatériel : une piste de jeu et des jetons.")
    tab_to(author, "Enregistrer les modifications")
    author.keyboard.press("Enter")
    expect(author.get_by_text("Modifications enregistrées.")).to_be_visible()
    tab_to(author, "Soumettre à la relecture")
    author.keyboard.press("Enter")
    expect(author.get_by_text("Votre ressource est en relecture")).to_be_visible()

    adviser.goto("/relecture")
    tab_to(adviser, title, limit=150)
    adviser.keyboard.press("Enter")
    expect(adviser.locator("main h1")).to_have_text(title)
    expect(adviser.get_by_text("une piste de jeu et des jetons")).to_be_visible()
    tab_to(adviser, "Publier")
    adviser.keyboard.press("Enter")
    tab_to(adviser, "la voir dans le catalogue")
    adviser.keyboard.press("Enter")
    expect(adviser.get_by_role("heading", level=1)).to_have_text(title)

    reader = new_page()
    expect_in_catalogue(reader, word, title)
    for page in (author, adviser, reader):
        assert page.js_errors == []


def test_a_teacher_is_told_the_review_is_for_advisers(contributor):
    page = contributor.page
    log_in(page, contributor.member["email"], PASSWORD)
    page.goto("/relecture")
    expect(page.get_by_text("Page réservée aux conseillers pédagogiques")).to_be_visible()
    expect(page.locator("header").get_by_role("link", name="Relecture")).to_have_count(0)  # not in the menu either
    assert page.js_errors == []
