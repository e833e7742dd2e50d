"""Unit tests of web push: RFC 8291 encryption (the RFC's own vector, byte for byte), VAPID
(RFC 8292) checked by the local push service's independent code, subscriptions, payloads and
the fan-out to devices."""
import io
import json
import time
from datetime import datetime, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from classe12_contracts.errors import Invalid
from classe12_notifications.cli import vapid_keys_command
from classe12_notifications.domain.push import checked_subscription, payload
from classe12_notifications.push_crypto import (
    MAX_PLAINTEXT,
    b64url,
    encrypt,
    private_key_from_scalar,
    public_point,
    unb64url,
    vapid_authorization,
)
from classe12_notifications.pusher import PushSettings, retry_after
from classe12_testing.pushservice import Refused, check_vapid, decrypt

# RFC 8291 Appendix A
RFC_PLAINTEXT = "V2hlbiBJIGdyb3cgdXAsIEkgd2FudCB0byBiZSBhIHdhdGVybWVsb24"
RFC_AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"
RFC_AS_PUBLIC = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
RFC_UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"
RFC_UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
RFC_SALT = "DGv6ra1nlYgDCS1FRnbzlw"
RFC_AUTH = "BTBZMqHH6r4Tts7J_aSIgg"
RFC_BODY = ("DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6P"
            "Bru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN")
ORIGIN = "https://push.example.org"
NO_HTTP = frozenset()


def test_encryption_gives_the_bytes_of_rfc_8291_appendix_a():
    sender = private_key_from_scalar(unb64url(RFC_AS_PRIVATE))
    assert b64url(public_point(sender.public_key())) == RFC_AS_PUBLIC
    body = encrypt(unb64url(RFC_PLAINTEXT), unb64url(RFC_UA_PUBLIC), unb64url(RFC_AUTH), sender, unb64url(RFC_SALT))
    assert body == unb64url(RFC_BODY)
    assert body[16:21] == bytes.fromhex("0000100041")  # record size 4096, keyid of 65 bytes


def test_the_user_agent_decrypts_the_rfc_body_and_what_we_encrypt_with_fresh_keys():
    ua = private_key_from_scalar(unb64url(RFC_UA_PRIVATE))
    assert decrypt(unb64url(RFC_BODY), ua, unb64url(RFC_AUTH)) == b"When I grow up, I want to be a watermelon"
    device, auth = ec.generate_private_key(ec.SECP256R1()), bytes(range(16))
    message = "Nouvelle réponse à votre discussion".encode()
    first = encrypt(message, public_point(device.public_key()), auth)
    second = encrypt(message, public_point(device.public_key()), auth)
    assert first != second  # a fresh sender key and salt each time
    assert decrypt(first, device, auth) == decrypt(second, device, auth) == message
    with pytest.raises(Refused):
        decrypt(first, device, bytes(16))  # another auth secret: the tag does not verify


def test_a_message_too_large_for_one_record_is_refused_before_sending():
    with pytest.raises(ValueError):
        encrypt(b"x" * (MAX_PLAINTEXT + 1), unb64url(RFC_UA_PUBLIC), unb64url(RFC_AUTH))


def test_vapid_header_is_an_es256_jwt_for_the_push_service_origin():
    key = ec.generate_private_key(ec.SECP256R1())
    public = b64url(public_point(key.public_key()))
    header = vapid_authorization(key, f"{ORIGIN}/send/abc?x=1", "mailto:admin@classe12.fr")
    claims = check_vapid(header, public, ORIGIN)
    assert claims["aud"] == ORIGIN and claims["sub"] == "mailto:admin@classe12.fr"
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    with pytest.raises(Refused, match="aud"):
        check_vapid(header, public, "https://other.example.org")
    other = b64url(public_point(ec.generate_private_key(ec.SECP256R1()).public_key()))
    with pytest.raises(Refused, match="application server key"):
        check_vapid(header, other, ORIGIN)
    token = header.split("t=")[1].split(",")[0]
    forged = header.replace(token, token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
    with pytest.raises(Refused, match="signature"):
        check_vapid(forged, public, ORIGIN)
    expired = vapid_authorization(key, ORIGIN, "mailto:a@b.fr", now=time.time() - 13 * 3600)
    with pytest.raises(Refused, match="exp"):
        check_vapid(expired, public, ORIGIN)


def subscription(endpoint=f"{ORIGIN}/send/abc", p256dh=RFC_UA_PUBLIC, auth=RFC_AUTH):
    return {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}


@pytest.mark.parametrize("endpoint", [
    "http://push.example.org/send/abc", "ftp://push.example.org/x", "https:///x", "https://user:pw@push.example.org/x",
    "https://localhost/send", "https://127.0.0.1/send", "https://10.1.2.3/send", "https://192.168.0.4/send",
    "https://[::1]/send", "https://169.254.169.254/latest", "https://printer.local/x", "pas une adresse",
])
def test_an_endpoint_must_be_an_https_push_service_outside_private_networks(endpoint):
    with pytest.raises(Invalid) as refused:
        checked_subscription(subscription(endpoint), NO_HTTP)
    assert list(refused.value.fields) == ["endpoint"]


def test_local_test_hosts_may_use_http_when_configured():
    local = subscription("http://127.0.0.1:8090/push/abc")
    assert checked_subscription(local, frozenset({"127.0.0.1"}))["endpoint"] == "http://127.0.0.1:8090/push/abc"
    with pytest.raises(Invalid):
        checked_subscription(local, NO_HTTP)


@pytest.mark.parametrize("keys, field", [
    ({"p256dh": RFC_UA_PUBLIC[:40]}, "keys.p256dh"),
    ({"p256dh": "B" + "A" * 86}, "keys.p256dh"),  # 65 bytes but not a point of the curve
    ({"p256dh": b64url(b"\x02" + bytes(64))}, "keys.p256dh"),  # not the uncompressed form
    ({"auth": RFC_AUTH[:10]}, "keys.auth"),
    ({"auth": b64url(bytes(32))}, "keys.auth"),
])
def test_keys_must_have_the_lengths_of_the_push_api(keys, field):
    data = subscription()
    data["keys"].update(keys)
    with pytest.raises(Invalid) as refused:
        checked_subscription(data, NO_HTTP)
    assert list(refused.value.fields) == [field]


def test_padded_keys_are_accepted_and_kept_unpadded():
    checked = checked_subscription(subscription(auth=RFC_AUTH + "=="), NO_HTTP)
    assert checked["auth"] == RFC_AUTH and checked["p256dh"] == RFC_UA_PUBLIC


def test_the_payload_is_title_body_absolute_url_and_tag_in_one_record():
    raw = payload({"title": "On vous a mentionné", "body": "Un membre vous a cité.", "link": "/groupes/1/discussions/2"},
                  "https://classe12.fr", "event-1")
    assert json.loads(raw) == {"title": "On vous a mentionné", "body": "Un membre vous a cité.",
                               "url": "https://classe12.fr/groupes/1/discussions/2", "tag": "event-1"}
    long = json.loads(payload({"title": "T" * 500, "body": "é" * 5000, "link": None}, "https://classe12.fr", "e"))
    assert len(long["title"]) == 120 and len(long["body"]) == 400 and long["body"].endswith("…")
    assert long["url"] == "https://classe12.fr/"
    huge = payload({"title": "T", "body": "B", "link": "/" + "x" * 4000}, "https://classe12.fr", "e")
    assert len(huge) <= MAX_PLAINTEXT and json.loads(huge)["url"] == "https://classe12.fr/"


def test_vapid_keys_command_prints_a_usable_pair_and_settings_read_it(monkeypatch):
    out = io.StringIO()
    vapid_keys_command(out)
    lines = out.getvalue().splitlines()
    private = lines[0].removeprefix("VAPID_PRIVATE_KEY=")
    public = lines[1].rsplit(" ", 1)[1]
    monkeypatch.setenv("VAPID_PRIVATE_KEY", private)
    monkeypatch.setenv("PUSH_HTTP_HOSTS", "127.0.0.1, localhost")
    settings = PushSettings.from_env()
    assert settings.public_key == public and len(unb64url(public)) == 65
    assert settings.http_hosts == {"127.0.0.1", "localhost"}
    monkeypatch.delenv("VAPID_PRIVATE_KEY")
    monkeypatch.setenv("ACTOR_CONTEXT_KEY", "k" * 40)
    assert PushSettings.from_env().public_key == PushSettings.from_env().public_key != public  # derived, stable


def test_retry_after_in_seconds_or_as_a_date():
    now = datetime(2026, 12, 5, 12, tzinfo=timezone.utc)
    assert retry_after({"Retry-After": "30"}, now) == datetime(2026, 12, 5, 12, 0, 30, tzinfo=timezone.utc)
    assert retry_after({"retry-after": "Sat, 05 Dec 2026 13:00:00 GMT"}, now).hour == 13
    assert retry_after({}, now) is None and retry_after({"Retry-After": "bientôt"}, now) is None
