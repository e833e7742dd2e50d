"""The account lifecycle through the gateway, with the e-mails the notifications service sends to
the stack's real SMTP server: verify, reset, change of address and of password, export, deletion."""
import json
import uuid
from urllib.parse import parse_qs, urlsplit

import kombu
import pytest

from ..conftest import PASSWORD

pytestmark = pytest.mark.system

NEW_PASSWORD = "un tout nouveau mot de passe"


def account_mail(platform, api, email, purpose, seen=0):
    """The account e-mail of `purpose` to `email` (after the `seen` first ones), and its link's token."""
    def arrived():
        mails = [m for m in platform.stack.mail.mails() if m["To"].addresses[0].addr_spec == email
                 and m["X-Classe12-Account-Mail"] == purpose]
        return mails[seen:]
    mail = api.wait_for(arrived)[0]
    return mail, link_token(platform, mail)


def link_token(platform, mail):
    text = mail.get_body(("plain",)).get_content()
    links = [word for word in text.split() if word.startswith(platform.stack.config.base_url + "/compte/")]
    if not links:
        return None
    return parse_qs(urlsplit(links[0]).query)["jeton"][0]


def register(api, email):
    response = api.post("/auth/register", json={"email": email, "password": PASSWORD, "display_name": "Camille",
                                                "role": "teacher", "levels": ["CP"]})
    assert response.status_code == 202, response.text
    return api.post("/auth/login", json={"email": email, "password": PASSWORD}).json()


def open_thread(api, token, group_id):
    return api.post(f"/groups/{group_id}/threads", token, json={"title": "Mes rituels", "body": "Le calendrier."})


def test_a_member_verifies_their_address_then_posts(platform, api):
    email = f"camille-{uuid.uuid4().hex[:8]}@ac-test.fr"
    tokens = register(api, email)
    mail, token = account_mail(platform, api, email, "verify_email")
    assert mail["Subject"] == "Confirmez votre adresse e-mail" and mail["List-Unsubscribe"] is None
    assert api.get("/me", tokens["access_token"]).json()["email_verified"] is False
    assert api.post("/me/charter", tokens["access_token"], json={"version": 1}).status_code == 200
    group = api.post("/groups", platform.member()["access_token"],
                     json={"name": f"Rituels {uuid.uuid4().hex[:6]}", "access": "open"}).json()
    assert api.post(f"/groups/{group['id']}/join", tokens["access_token"]).status_code == 200
    refused = open_thread(api, tokens["access_token"], group["id"])
    assert refused.status_code == 403 and refused.json()["code"] == "email_unverified"
    assert refused.json()["detail"] == "Confirmez d'abord votre adresse e-mail."

    confirmed = api.post("/auth/email-verification/confirm", json={"token": token})
    assert confirmed.status_code == 200 and confirmed.json()["email_verified"] is True
    again = api.post("/auth/email-verification/confirm", json={"token": token})
    assert again.status_code == 422 and "token" in again.json()["errors"]
    fresh = api.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).json()
    assert open_thread(api, fresh["access_token"], group["id"]).status_code == 201
    resend = api.post("/auth/email-verification", fresh["access_token"])
    assert resend.status_code == 409


def test_a_forgotten_password_is_reset_by_e_mail_and_every_session_closes(platform, api):
    person = platform.member()
    unknown = api.post("/auth/password-reset", json={"email": f"personne-{uuid.uuid4().hex[:6]}@ac-test.fr"})
    known = api.post("/auth/password-reset", json={"email": person["email"].upper()})
    assert unknown.status_code == known.status_code == 202 and unknown.json() == known.json()
    mail, token = account_mail(platform, api, person["email"], "reset_password")
    assert "/compte/nouveau-mot-de-passe?jeton=" in mail.get_body(("plain",)).get_content()
    weak = api.post("/auth/password-reset/confirm", json={"token": token, "password": "azertyuiop12"})
    assert weak.status_code == 422 and "password" in weak.json()["errors"]
    done = api.post("/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 204
    assert api.post("/auth/refresh", json={"refresh_token": person["refresh_token"]}).status_code == 401
    api.wait_for(lambda: api.get("/me", person["access_token"]).status_code == 401)
    assert api.post("/auth/login", json={"email": person["email"], "password": PASSWORD}).status_code == 401
    assert api.post("/auth/login", json={"email": person["email"], "password": NEW_PASSWORD}).status_code == 200


def test_a_member_changes_address_and_password(platform, api):
    person = platform.member()
    other_device = api.post("/auth/login", json={"email": person["email"], "password": PASSWORD}).json()
    new_email = f"nouvelle-{uuid.uuid4().hex[:8]}@ac-test.fr"
    wrong = api.request("PUT", "/me/email", person["access_token"], json={"password": "pas le bon", "email": new_email})
    assert wrong.status_code == 422 and list(wrong.json()["errors"]) == ["password"]
    asked = api.request("PUT", "/me/email", person["access_token"], json={"password": PASSWORD, "email": new_email})
    assert asked.status_code == 202 and set(asked.json()) == {"message"}
    _, token = account_mail(platform, api, new_email, "change_email")
    changed = api.post("/auth/email-change/confirm", json={"token": token})
    assert changed.status_code == 200 and changed.json()["email"] == new_email
    notice, no_link = account_mail(platform, api, person["email"], "email_changed")
    assert notice["Subject"] == "L'adresse e-mail de votre compte a changé" and no_link is None

    changed = api.request("PUT", "/me/password", person["access_token"],
                          json={"current_password": PASSWORD, "password": NEW_PASSWORD})
    assert changed.status_code == 204
    assert api.get("/me", person["access_token"]).status_code == 200  # this session stays open
    api.wait_for(lambda: api.get("/me", other_device["access_token"]).status_code == 401)
    assert api.post("/auth/login", json={"email": new_email, "password": NEW_PASSWORD}).status_code == 200


def test_a_member_exports_then_deletes_their_account(platform, api):
    person = platform.member()
    exported = api.get("/me/export", person["access_token"])
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    body = exported.json()
    assert body["member_id"] == person["id"]
    community = body["services"]["community"]
    assert community["data"]["account"]["email"] == person["email"] and "password_hash" not in json.dumps(community)

    with kombu.Connection(platform.broker_uri, connect_timeout=5) as connection:
        exchange = kombu.Exchange("community.events", type="topic", durable=True, no_declare=True)
        queue = kombu.Queue(f"test-deleted-{uuid.uuid4().hex[:8]}", exchange=exchange, routing_key="member_deleted",
                            exclusive=True, auto_delete=True)
        received = []
        with connection.Consumer([queue], callbacks=[lambda body, message: (received.append(body), message.ack())],
                                 accept=["json"]):
            wrong = api.request("DELETE", "/me", person["access_token"], json={"password": "pas le bon"})
            assert wrong.status_code == 422
            assert api.request("DELETE", "/me", person["access_token"], json={"password": PASSWORD}).status_code == 204

            def deleted():
                try:
                    connection.drain_events(timeout=1)
                except TimeoutError:
                    pass
                return [b for b in received if b["data"]["member_id"] == person["id"]]
            [event] = api.wait_for(deleted)
    assert event["type"] == "community.member_deleted" and set(event["data"]) == {"member_id", "deleted_at"}
    assert api.post("/auth/login", json={"email": person["email"], "password": PASSWORD}).status_code == 401
    api.wait_for(lambda: api.get("/me", person["access_token"]).status_code == 401)
