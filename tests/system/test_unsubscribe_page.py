"""A member clicks the unsubscribe link of an e-mail (a GET, from a mail client): a French page
says what would stop, its button (a form, no JavaScript) unsubscribes, a page confirms; a
tampered link gets a French page, never a 500. The one-click POST of RFC 8058 is unchanged."""
import re

import pytest
import requests

pytestmark = pytest.mark.system


def test_a_click_on_the_link_of_an_email_opens_a_page_whose_button_unsubscribes(platform, api):
    teacher = platform.member("teacher", ["CP"])
    [welcome] = api.wait_for(lambda: [m for m in platform.stack.mail.mails()  # not the account e-mails
                                      if m["To"].addresses[0].addr_spec == teacher["email"] and m["List-Unsubscribe"]])
    link = welcome["List-Unsubscribe"].strip("<>")
    assert welcome["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in welcome.get_body(("plain",)).get_content()  # the link a reader clicks

    page = requests.get(link, timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    html = page.text
    assert '<html lang="fr">' in html and "Se désinscrire des courriels" in html
    assert "les courriels « Mon compte »" in html
    action = re.search(r'<form method="post" action="([^"]+)">', html).group(1)

    done = requests.post(requests.compat.urljoin(link, action), data={"List-Unsubscribe": "One-Click"}, timeout=30)
    assert done.status_code == 200 and "C&#39;est fait" in done.text
    prefs = {c["category"]: c for c in api.get("/me/preferences", teacher["access_token"]).json()["categories"]}
    assert prefs["account"]["email"] == "off"

    tampered = requests.get(link[:-3] + "xyz", timeout=30)
    assert tampered.status_code == 422 and tampered.headers["Content-Type"].startswith("text/html")
    assert "Ce lien de désinscription n&#39;est pas valide" in tampered.text
