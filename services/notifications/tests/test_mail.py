"""E-mail: rendering, tokens and periods (unit); sending to a real SMTP server (aiosmtpd in a
subprocess) with retries, failures, digests built by the command, one-click unsubscribe."""
import os
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta, timezone

import pytest

from classe12_contracts.envelope import make_envelope
from classe12_contracts.errors import Forbidden, Invalid
from classe12_notifications.domain.mailing import (
    RETRY_DELAYS,
    digest_window,
    next_attempt,
    read_unsubscribe_token,
    unsubscribe_token,
)
from classe12_notifications.domain.notifications import Notifications
from classe12_notifications.domain.preferences import PARIS, not_before
from classe12_notifications.mailer import Mailer, MailSettings, render
from classe12_notifications.storage import NotificationStore
from classe12_runtime.context import Caller

SECRET = "s" * 64
T0 = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)
ANNE, BRUNO, CLARA = "a" * 24, "b" * 24, "c" * 24
CONTACTS = {ANNE: {"member_id": ANNE, "email": "anne@ac-lille.fr", "display_name": "Anne"},
            BRUNO: {"member_id": BRUNO, "email": "bruno@ac-creteil.fr", "display_name": "Bruno <b>"}}


class Clock:
    def __init__(self, now=T0):
        self.now = now

    def __call__(self):
        return self.now


def settings(mail_server=None):
    return MailSettings(host="127.0.0.1", port=mail_server.port if mail_server else 1, sender="Classe à 12 <n@test>",
                        public_url="https://classe12.test", unsubscribe_secret=SECRET)


def contacts(member_ids):
    return {m: CONTACTS[m] for m in member_ids if m in CONTACTS}


# --- unit --------------------------------------------------------------------------------------

def test_unsubscribe_tokens_are_signed_and_expire():
    token = unsubscribe_token(SECRET, ANNE, "resources", T0)
    assert read_unsubscribe_token(SECRET, token, T0 + timedelta(days=30)) == (ANNE, "resources")
    body, signature = token.split(".")
    for tampered in (f"{body}x.{signature}", f"{body}.{signature[:-1]}A", body, "pas.un-jeton"):
        with pytest.raises(Invalid) as refused:
            read_unsubscribe_token(SECRET, tampered, T0)
        assert refused.value.fields == {"token": ["Lien de désinscription invalide."]}
    with pytest.raises(Invalid) as refused:
        read_unsubscribe_token("t" * 64, token, T0)
    with pytest.raises(Invalid) as refused:
        read_unsubscribe_token(SECRET, token, T0 + timedelta(days=181))
    assert "expiré" in str(refused.value.args[0])


def test_retries_back_off_then_give_up():
    assert [next_attempt(n, T0) - T0 for n in range(1, len(RETRY_DELAYS) + 1)] == \
        [timedelta(seconds=s) for s in RETRY_DELAYS]
    assert next_attempt(len(RETRY_DELAYS) + 1, T0) is None


def test_digest_periods_are_paris_days_and_weeks():
    key, start, end = digest_window("daily", date(2026, 12, 4))
    assert key == "2026-12-03" and start == datetime(2026, 12, 3, tzinfo=PARIS) and end - start == timedelta(days=1)
    key, start, end = digest_window("weekly", date(2026, 12, 9))  # a Wednesday: the week before Monday 7
    assert key == "2026-W49" and start == datetime(2026, 11, 30, tzinfo=PARIS) and end == datetime(2026, 12, 7,
                                                                                                  tzinfo=PARIS)
    assert digest_window("weekly", date(2026, 12, 7))[0] == "2026-W49"


def test_quiet_hours_hold_immediate_emails_until_they_end():
    prefs = {"quiet_hours": {"start": "21:00", "end": "07:00"}}
    evening = datetime(2026, 12, 3, 22, 30, tzinfo=PARIS).astimezone(timezone.utc)
    assert not_before(prefs, evening) == datetime(2026, 12, 4, 7, 0, tzinfo=PARIS)
    early = datetime(2026, 12, 4, 6, 0, tzinfo=PARIS).astimezone(timezone.utc)
    assert not_before(prefs, early) == datetime(2026, 12, 4, 7, 0, tzinfo=PARIS)
    noon = datetime(2026, 12, 4, 12, 0, tzinfo=PARIS).astimezone(timezone.utc)
    assert not_before(prefs, noon) == noon and not_before({"quiet_hours": None}, noon) == noon
    lunch = {"quiet_hours": {"start": "12:00", "end": "13:30"}}
    assert not_before(lunch, noon) == datetime(2026, 12, 4, 13, 30, tzinfo=PARIS)


def test_emails_are_french_text_and_html_with_member_titles_escaped_and_one_click_unsubscribe():
    delivery = {"_id": "e1|" + BRUNO + "|email", "kind": "immediate", "recipient_id": BRUNO, "category": "resources",
                "message": {"title": "Nouvelle ressource : <script>alert(1)</script>", "body": "Corps & âme",
                            "link": "/ressources/" + "f" * 24}}
    message = render(delivery, CONTACTS[BRUNO], settings(), T0)
    assert message["Subject"] == "Nouvelle ressource : <script>alert(1)</script>"
    assert message["To"].addresses[0].addr_spec == "bruno@ac-creteil.fr"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://classe12.test/api/v1/unsubscribe/")
    assert read_unsubscribe_token(SECRET, link.rsplit("/", 1)[1], T0) == (BRUNO, "resources")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Bonjour Bruno <b>," in text and "<script>" in text  # plain text is not HTML
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Bruno &lt;b&gt;" in html and "Corps &amp; âme" in html
    assert 'href="https://classe12.test/ressources/' + "f" * 24 + '"' in html
    # the link a reader clicks is the same address: a GET there opens the gateway's page
    assert f'href="{link}"' in html and link in text


# --- with a real SMTP server and database -----------------------------------------------------

def registered(member_id, name, at=T0):
    return make_envelope("community.member_registered", 1, {
        "member_id": member_id, "display_name": name, "role": "teacher", "levels": ["CP"]}, occurred_at=at)


def published(title, at, levels=("CP",)):
    return make_envelope("resources.resource_published", 1, {
        "resource_id": "f" * 24, "title": title, "kind": "fiche", "levels": list(levels), "topics": [],
        "published_by": "e" * 24}, occurred_at=at)


@pytest.fixture
def store(mongo_db):
    store = NotificationStore(mongo_db)
    store.ensure_indexes()
    return store


def test_welcome_email_is_sent_once_with_its_delivery_log(store, mail_server):
    clock = Clock()
    notifications = Notifications(clock=clock)
    envelope = registered(ANNE, "Anne")
    notifications.handle(store, envelope)
    notifications.handle(store, envelope)  # redelivered: still one delivery
    mailer = Mailer(store, settings(mail_server), contacts, clock=clock)
    assert mailer.send_due() == {"sent": 1, "retried": 0, "failed": 0}
    assert mailer.send_due() == {"sent": 0, "retried": 0, "failed": 0}
    [mail] = mail_server.mails()
    assert mail["Subject"] == "Bienvenue sur Classe à 12, Anne !" and mail["To"] == "Anne <anne@ac-lille.fr>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [delivery] = store.deliveries.find()
    assert delivery["status"] == "sent" and delivery["attempts"] == 1
    assert [entry["outcome"] for entry in delivery["log"]] == ["sent"]
    assert "anne@ac-lille.fr" not in str(delivery)  # addresses are never kept here


def test_temporary_failures_are_retried_with_back_off_and_nothing_is_lost(store, mail_server):
    clock = Clock()
    Notifications(clock=clock).handle(store, registered(ANNE, "Anne"))
    mailer = Mailer(store, settings(mail_server), contacts, clock=clock)
    mail_server.refuse_with("451 4.3.0 Réessayez plus tard")
    assert mailer.send_due()["retried"] == 1
    [delivery] = store.deliveries.find()
    assert delivery["status"] == "pending" and delivery["next_attempt_at"] == T0 + timedelta(seconds=60)
    assert delivery["log"][0]["code"] == 451
    assert mailer.send_due()["retried"] == 0  # not due yet
    mail_server.stop()  # the server is down: still pending, retried later
    clock.now += timedelta(minutes=2)
    assert mailer.send_due()["retried"] == 1
    mail_server.refuse_with(None)
    mail_server.start()
    clock.now += timedelta(minutes=10)
    assert mailer.send_due()["sent"] == 1
    assert len(mail_server.mails()) == 1
    [delivery] = store.deliveries.find()
    assert [entry["outcome"] for entry in delivery["log"]] == ["retry", "retry", "sent"]


def test_permanent_failures_and_unknown_members_are_listed_for_admins(store, mail_server):
    clock = Clock()
    notifications = Notifications(clock=clock)
    notifications.handle(store, registered(ANNE, "Anne"))
    notifications.handle(store, registered(CLARA, "Clara"))  # unknown to community
    mail_server.refuse_with("550 5.1.1 Boîte inconnue")
    assert Mailer(store, settings(mail_server), contacts, clock=clock).send_due()["failed"] == 2
    admin = Caller(actor_id="d" * 24, roles=("admin",))
    page = notifications.failures(store, admin, limit=1)
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = notifications.failures(store, admin, limit=5, cursor=page["next_cursor"])
    failures = {item["recipient_id"]: item for item in page["items"] + rest["items"]}
    assert failures[ANNE]["error"] == "permanent" and failures[ANNE]["log"][0]["code"] == 550
    assert failures[CLARA]["error"] == "no_address"
    assert failures[ANNE]["subject"] == "Bienvenue sur Classe à 12, Anne !"
    with pytest.raises(Forbidden):
        notifications.failures(store, Caller(actor_id=ANNE, roles=("teacher",)))


def test_digests_by_the_command_twice_at_once_give_one_per_member_grouped_by_category(
        service_env, mail_server, monkeypatch):
    from classe12_runtime import mongo
    store = NotificationStore(mongo.database("notifications"))
    store.ensure_indexes()
    clock = Clock(datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc))
    notifications = Notifications(clock=clock)
    for member_id, name in ((ANNE, "Anne"), (BRUNO, "Bruno")):
        notifications.handle(store, registered(member_id, name, at=datetime(2026, 11, 1, tzinfo=timezone.utc)))
        notifications.set_preferences(store, Caller(actor_id=member_id), {
            "categories": [{"category": "resources", "email": "daily"}]})
    on_day = datetime(2026, 12, 3, 10, 0, tzinfo=PARIS)
    for n in range(3):
        notifications.handle(store, published(f"Ressource <{n}>", at=on_day + timedelta(hours=n)))
    notifications.handle(store, published("Le lendemain", at=datetime(2026, 12, 4, 9, 0, tzinfo=PARIS)))
    store.deliveries.delete_many({})  # the welcomes: not what this test reads

    def command():
        return subprocess.run([sys.executable, "-m", "classe12_notifications.cli", "digest", "--period", "daily",
                               "--at", "2026-12-04"], capture_output=True, text=True, env=dict(os.environ),
                              timeout=60)
    results = []
    threads = [threading.Thread(target=lambda: results.append(command())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    assert sorted(r.stdout.split()[0] for r in results) in (["0", "2"], ["1", "1"])
    digests = list(store.deliveries.find({"kind": "digest"}))
    assert sorted(d["recipient_id"] for d in digests) == [ANNE, BRUNO]
    assert all(len(d["items"]) == 3 for d in digests)  # the 4th happened the day after

    mailer = Mailer(store, settings(mail_server), contacts)  # the command queued them at the real time
    assert mailer.send_due()["sent"] == 2
    mails = {m["To"].addresses[0].addr_spec: m for m in mail_server.mails()}
    anne = mails["anne@ac-lille.fr"]
    assert anne["Subject"] == "Votre résumé quotidien Classe à 12 : 3 nouveautés"
    html = anne.get_body(("html",)).get_content()
    assert "Nouvelles ressources de mes abonnements" in html and "Ressource &lt;2&gt;" in html
    assert "Ressource <0>" in anne.get_body(("plain",)).get_content()

    # one click from the digest: that digest stops, nothing else changes
    token = anne["List-Unsubscribe"].strip("<>").rsplit("/", 1)[1]
    described = notifications.describe_unsubscribe(store, SECRET, token)  # what the page says, first
    assert described == {"scope": "digest:daily", "categories": ["discussions", "groups", "resources", "review"],
                         "what": "le résumé quotidien"}
    done = notifications.unsubscribe(store, SECRET, token)
    # every category whose e-mails go to the daily digest (discussions, groups and review by default too)
    assert done["unsubscribed"] == ["discussions", "groups", "resources", "review"] and "résumé quotidien" in done["message"]
    prefs = {c["category"]: c for c in notifications.get_preferences(store, Caller(actor_id=ANNE))["categories"]}
    assert prefs["resources"]["email"] == "off" and prefs["account"]["email"] == "immediate"
    with pytest.raises(Invalid):
        notifications.unsubscribe(store, SECRET, token[:-2] + "xx")
    with pytest.raises(Invalid):
        notifications.describe_unsubscribe(store, SECRET, token[:-2] + "xx")


def account_mail_requested(mail_id, purpose, member=ANNE):
    return make_envelope("community.account_mail_requested", 1, {"mail_id": mail_id, "member_id": member,
                                                                 "purpose": purpose}, occurred_at=T0)


def test_account_emails_are_always_sent_at_once_with_community_s_link_and_no_unsubscribe(store, mail_server):
    """Verification, reset, change of address and its notice: the address and the link come from
    community at send time; a link used or expired meanwhile sends nothing."""
    clock, asked = Clock(), []
    link = "https://classe12.test/compte/verifier-adresse?jeton=abc.d<e>f"
    answers = {
        "1" * 24: {"status": "ready", "purpose": "verify_email", "email": "anne@ac-lille.fr", "display_name": "Anne <A>",
                   "link": link, "token": "abc.d<e>f", "expires_at": "2026-12-05T09:00:00+00:00"},
        "2" * 24: {"status": "ready", "purpose": "email_changed", "email": "ancienne@ac-lille.fr",
                   "display_name": "Anne", "link": None, "token": None, "expires_at": "2026-12-10T09:00:00+00:00"},
        "3" * 24: {"status": "gone"},
    }

    def account_mail(mail_id):
        asked.append(mail_id)
        return answers[mail_id]
    notifications = Notifications(clock=clock)
    store.set_preferences(ANNE, {"categories": {"account": {"in_app": False, "email": "off", "push": "off"}}}, T0)
    for mail_id, purpose in (("1" * 24, "verify_email"), ("2" * 24, "email_changed"), ("3" * 24, "reset_password")):
        notifications.handle(store, account_mail_requested(mail_id, purpose))
        notifications.handle(store, account_mail_requested(mail_id, purpose))  # redelivered: one delivery
    assert store.notifications.count_documents({}) == 0  # never in the inbox
    mailer = Mailer(store, settings(mail_server), contacts, clock=clock, account_mail=account_mail)
    assert mailer.send_due() == {"sent": 2, "retried": 0, "failed": 0, "dropped": 1}
    assert sorted(asked) == sorted(answers)
    mails = {m["X-Classe12-Account-Mail"]: m for m in mail_server.mails()}
    verify, notice = mails["verify_email"], mails["email_changed"]
    assert verify["Subject"] == "Confirmez votre adresse e-mail" and verify["To"].addresses[0].addr_spec == "anne@ac-lille.fr"
    assert verify["List-Unsubscribe"] is None and notice["List-Unsubscribe"] is None
    text = verify.get_body(("plain",)).get_content()
    html = verify.get_body(("html",)).get_content()
    assert link in text and "05/12/2026 à 10:00 (heure de Paris)" in text and "désinscri" not in text.lower()
    assert "jeton=abc.d&lt;e&gt;f" in html and "Anne &lt;A&gt;" in html and "Ne plus recevoir" not in html
    assert notice["To"].addresses[0].addr_spec == "ancienne@ac-lille.fr" and "jeton" not in str(notice)
    assert {d["_id"]: d["status"] for d in store.deliveries.find()} == {
        "account|" + "1" * 24: "sent", "account|" + "2" * 24: "sent", "account|" + "3" * 24: "dropped"}
    assert "anne@ac-lille.fr" not in str(list(store.deliveries.find()))
