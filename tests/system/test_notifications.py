"""Notifications through the gateway, with the local SMTP server of the stack: follows and
preferences, in-app notifications, an immediate e-mail, a daily digest built by the command,
one-click unsubscribe (RFC 8058)."""
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.system


def mails_to(platform, email):
    """The notifications mailed to `email` (account e-mails, such as the verification link sent at
    registration, are test_lifecycle.py's)."""
    return [m for m in platform.stack.mail.mails() if m["To"].addresses[0].addr_spec == email
            and m["X-Classe12-Account-Mail"] is None]


def inbox(api, member):
    response = api.get("/notifications?limit=100", member["access_token"])
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_a_teacher_follows_chooses_channels_reads_in_app_and_email_and_unsubscribes_in_one_click(platform, api):
    teacher = platform.member("teacher", ["CP"])
    adviser = platform.member("coordinator", ["CE1"], granted="adviser")
    token = teacher["access_token"]

    # welcomed in the app and by e-mail (the address is asked from community at send time)
    api.wait_for(lambda: [n for n in inbox(api, teacher) if n["kind"] == "welcome"])
    [welcome] = api.wait_for(lambda: mails_to(platform, teacher["email"]))
    assert welcome["Subject"] == "Bienvenue sur Classe à 12, Test teacher !"
    assert welcome["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # follows: her level by default; a topic of the taxonomy; a topic that is not one is refused
    assert api.get("/me/follows", token).json()["levels"] == ["CP"]
    assert api.request("PUT", "/me/follows", token, json={"topics": ["pas-un-theme"]}).status_code == 422
    followed = api.wait_for(lambda: (r := api.request("PUT", "/me/follows", token, json={"topics": ["phonologie"]}))
                            .status_code == 200 and r)
    assert followed.json()["topics"] == ["phonologie"]
    # preferences: new resources in the daily digest; bad quiet hours are refused in French
    prefs = api.request("PUT", "/me/preferences", token, json={
        "categories": [{"category": "resources", "email": "daily"}]})
    assert prefs.status_code == 200, prefs.text
    bad = api.request("PUT", "/me/preferences", token, json={"quiet_hours": {"start": "25:00", "end": "07:00"}})
    assert bad.status_code == 422 and bad.headers["Content-Type"].startswith("application/problem+json")

    # her own resource: an adviser asks for changes -> in the app and by e-mail at once
    draft = api.post("/resources", token, json={"title": "Les syllabes <b>en fête</b>", "summary": "Jeux.",
                                                  "body": "Texte.", "kind": "fiche", "levels": ["CP"],
                                                  "topics": ["phonologie"]}).json()
    assert api.post(f"/resources/{draft['id']}/submit", token).status_code == 200
    asked = api.post(f"/resources/{draft['id']}/request-changes", adviser["access_token"],
                     json={"comment": "Ajoutez un exemple, s'il vous plaît."})
    assert asked.status_code == 200, asked.text
    api.wait_for(lambda: [n for n in inbox(api, teacher) if n["kind"] == "resource_changes_requested"])
    [changes] = api.wait_for(lambda: [m for m in mails_to(platform, teacher["email"])
                                      if m["Subject"].startswith("Modifications demandées")])
    html = changes.get_body(("html",)).get_content()
    assert "Les syllabes &lt;b&gt;en fête&lt;/b&gt;" in html and "Ajoutez un exemple" in html

    # a CE1 resource on her topic: in the app now, by e-mail in tomorrow's digest only
    other = api.post("/resources", adviser["access_token"], json={
        "title": "Phonèmes en CE1", "summary": "Jeux de sons.", "body": "Texte.", "kind": "fiche",
        "levels": ["CE1"], "topics": ["phonologie"]}).json()
    assert api.post(f"/resources/{other['id']}/publish", adviser["access_token"]).status_code == 200
    [note] = api.wait_for(lambda: [n for n in inbox(api, teacher) if n["link"] == f"/ressources/{other['id']}"])
    assert note["category"] == "resources" and note["title"] == "Nouvelle ressource : Phonèmes en CE1"
    sent_before = len(mails_to(platform, teacher["email"]))

    tomorrow = (datetime.now(timezone.utc).astimezone(ZoneInfo("Europe/Paris")) + timedelta(days=1)).date()
    command = subprocess.run([sys.executable, "-m", "classe12_notifications.cli", "digest", "--period", "daily",
                              "--at", tomorrow.isoformat()], env=platform.stack.config.env(),
                             capture_output=True, text=True, timeout=60)
    assert command.returncode == 0, command.stderr
    [digest] = api.wait_for(lambda: [m for m in mails_to(platform, teacher["email"])
                                     if m["Subject"].startswith("Votre résumé quotidien")], timeout=60)
    assert "Phonèmes en CE1" in digest.get_body(("plain",)).get_content()
    assert len(mails_to(platform, teacher["email"])) == sent_before + 1

    # one click: the List-Unsubscribe address, POSTed as RFC 8058 says, without signing in
    url = digest["List-Unsubscribe"].strip("<>")
    path = url.split("/api/v1", 1)[1]
    tampered = api.post(path[:-3] + "abc", data="List-Unsubscribe=One-Click",
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert tampered.status_code == 422 and "désinscription" in tampered.json()["detail"]
    done = api.post(path, data="List-Unsubscribe=One-Click",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert done.status_code == 200, done.text
    assert "resources" in done.json()["unsubscribed"]
    categories = {c["category"]: c for c in api.get("/me/preferences", token).json()["categories"]}
    assert categories["resources"]["email"] == "off" and categories["my_resources"]["email"] == "immediate"

    # the same command again changes nothing: one digest per member and period
    again = subprocess.run([sys.executable, "-m", "classe12_notifications.cli", "digest", "--period", "daily",
                            "--at", tomorrow.isoformat()], env=platform.stack.config.env(),
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0 and again.stdout.startswith("0 ")
