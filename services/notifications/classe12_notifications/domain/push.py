"""Web push rules: which subscriptions are accepted, what a device receives.

A subscription is the Push API's JSON for one device (`endpoint`, `keys.p256dh`, `keys.auth`).
The service will POST to its endpoint, so only https push services are accepted: an http URL
only for the hosts the service is configured to trust for local tests (`PUSH_HTTP_HOSTS`), and
never a host naming this machine or a private network (no request forged towards the inside).
The payload a device receives is JSON `{"title", "body", "url", "tag"}` (decision 36).
"""
from __future__ import annotations

import ipaddress
import json
from urllib.parse import urlsplit

from classe12_contracts.errors import Invalid, NotFound
from classe12_runtime.clock import iso
from classe12_runtime.context import Caller

from ..push_crypto import MAX_PLAINTEXT, load_point, unb64url

MAX_DEVICES = 20
#: what a push message shows at most (a phone shows a few lines anyway)
MAX_TITLE, MAX_BODY = 120, 400
LOCAL_NAMES = ("localhost", "localhost.localdomain")


def _refuse(field: str, message: str) -> Invalid:
    return Invalid(fields={field: [message]})


def _private_host(host: str) -> bool:
    if host in LOCAL_NAMES or host.endswith(".localhost") or host.endswith(".local"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def checked_endpoint(endpoint: str, http_hosts: frozenset[str]) -> str:
    parts = urlsplit(endpoint.strip())
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password or parts.scheme not in ("https", "http"):
        raise _refuse("endpoint", "L'adresse du service de notification doit être une URL https complète.")
    if host in http_hosts:
        return endpoint.strip()
    if parts.scheme != "https":
        raise _refuse("endpoint", "L'adresse du service de notification doit commencer par https://.")
    if _private_host(host):
        raise _refuse("endpoint", "Cette adresse n'est pas celle d'un service de notification public.")
    return endpoint.strip()


def _key(text: str, field: str, size: int, what: str) -> bytes:
    try:
        raw = unb64url(text.rstrip("="))
    except ValueError:
        raise _refuse(field, f"{what} doit être encodée en base64url.") from None
    if len(raw) != size:
        raise _refuse(field, f"{what} doit faire {size} octets (reçu : {len(raw)}).")
    return raw


def checked_subscription(data: dict, http_hosts: frozenset[str]) -> dict:
    """{endpoint, p256dh, auth} of a valid Push API subscription (keys as base64url without
    padding); Invalid naming the field otherwise."""
    endpoint = checked_endpoint(data["endpoint"], http_hosts)
    keys = data["keys"]
    p256dh = _key(keys["p256dh"], "keys.p256dh", 65, "La clé p256dh")
    try:
        load_point(p256dh)
    except ValueError:
        raise _refuse("keys.p256dh", "La clé p256dh n'est pas une clé publique P-256 valide.") from None
    _key(keys["auth"], "keys.auth", 16, "La clé auth")
    return {"endpoint": endpoint, "p256dh": keys["p256dh"].rstrip("="), "auth": keys["auth"].rstrip("=")}


def subscription_view(doc: dict) -> dict:
    return {"id": str(doc["_id"]), "endpoint": doc["endpoint"], "created_at": iso(doc["created_at"]),
            "last_success_at": iso(doc.get("last_success_at"))}


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def payload(message: dict, public_url: str, tag: str) -> bytes:
    """What the device's service worker receives (decision 36): title, body, the absolute URL to
    open on a click (the home page for a message without a link), and a tag (the event id) so
    that a message sent twice replaces itself on the device."""
    url = f"{public_url}{message.get('link') or '/'}"
    data = {"title": _cut(message["title"], MAX_TITLE), "body": _cut(message["body"], MAX_BODY), "url": url,
            "tag": tag}
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    if len(raw) > MAX_PLAINTEXT:  # only an absurd link could do it: the home page instead
        data["url"] = f"{public_url}/"
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return raw


class PushSubscriptions:
    """Use cases of a member's devices."""

    def __init__(self, clock):
        self.clock = clock

    def add(self, store, caller: Caller, data: dict, http_hosts: frozenset[str]) -> dict:
        member_id = caller.require_member()
        checked = checked_subscription(data, http_hosts)
        mine = [doc for doc in store.push_subscriptions_of([member_id]) if doc["endpoint"] != checked["endpoint"]]
        if len(mine) >= MAX_DEVICES:
            raise Invalid(fields={"endpoint": [f"Vous avez déjà {MAX_DEVICES} appareils abonnés : "
                                               f"désabonnez-en un d'abord."]})
        return subscription_view(store.save_push_subscription(member_id, checked["endpoint"], checked["p256dh"],
                                                              checked["auth"], self.clock()))

    def list(self, store, caller: Caller) -> dict:
        member_id = caller.require_member()
        docs = store.push_subscriptions_of([member_id])
        return {"items": [subscription_view(doc) for doc in reversed(docs)]}

    def delete(self, store, caller: Caller, subscription_id: str) -> dict:
        member_id = caller.require_member()
        if not store.delete_push_subscription(subscription_id, member_id):
            raise NotFound("Cet abonnement n'existe pas.")
        return {"deleted": True}
