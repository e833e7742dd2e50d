"""Account e-mails: signed, expiring, single-use links (verification, reset, change of address).

Each e-mail is a *request* stored by community: {_id, member_id, purpose, address, expires_at,
used_at, created_at}. Its link carries a token `<request id>.<signature>`, the signature an HMAC
of (id, purpose, expiry) under a secret of the settings: the token is never stored, it is
recomputed when the notifications service asks for the e-mail at send time, and checked when the
link is followed (constant-time comparison, then expiry, then single use, that last one by a
conditional update so two clicks at once use it once).

The bus only carries `community.account_mail_requested` {mail_id, member_id, purpose}: no
address, no token. Sending is throttled per address (throttle.py: past the free count, the next
mail waits, longer each time).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from bson import ObjectId

from classe12_contracts.errors import Invalid
from classe12_runtime.clock import as_utc, iso
from classe12_runtime.uow import Event

from . import throttle

MAIL_REQUESTED = "community.account_mail_requested"

VERIFY, RESET, CHANGE, CHANGED = "verify_email", "reset_password", "change_email", "email_changed"
#: purpose -> path of the web client's page the link opens (None: a notice, no link)
PAGES = {VERIFY: "/compte/verifier-adresse", RESET: "/compte/nouveau-mot-de-passe",
         CHANGE: "/compte/confirmer-adresse", CHANGED: None}
PURPOSES = tuple(PAGES)

BAD_LINK = "Ce lien n'est pas valide, a expiré ou a déjà servi. Demandez-en un nouveau."


@dataclass(frozen=True)
class MailPolicy:
    secret: str
    public_url: str
    ttl: dict                      # purpose -> seconds a link lives
    throttle: throttle.Policy      # per address: free mails, then waits


def signature(secret: str, mail_id: str, purpose: str, expires_at: datetime) -> str:
    message = f"{mail_id}|{purpose}|{int(as_utc(expires_at).timestamp())}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_of(secret: str, request: dict) -> str:
    mail_id = str(request["_id"])
    return f"{mail_id}.{signature(secret, mail_id, request['purpose'], request['expires_at'])}"


def link_of(policy: MailPolicy, request: dict) -> str | None:
    page = PAGES[request["purpose"]]
    return f"{policy.public_url}{page}?jeton={token_of(policy.secret, request)}" if page else None


def new_request(policy: MailPolicy, member_id: str, purpose: str, address: str, now: datetime) -> dict:
    return {"_id": ObjectId(), "member_id": member_id, "purpose": purpose, "address": address,
            "created_at": now, "expires_at": now + timedelta(seconds=policy.ttl[purpose]), "used_at": None}


def requested_event(request: dict) -> Event:
    return Event(MAIL_REQUESTED, 1, {"mail_id": str(request["_id"]), "member_id": request["member_id"],
                                     "purpose": request["purpose"]})


def mail_wait(store, policy: MailPolicy, address: str, now: datetime) -> int:
    """Seconds before another account e-mail may go to `address` (0: now)."""
    return throttle.wait_seconds(policy.throttle, store.failures("mail:" + address), now)


def request_mail(store, policy: MailPolicy, member_id: str, purpose: str, address: str, now: datetime) -> Event:
    """Store the request, count it against the address; the event that asks for its sending."""
    request = new_request(policy, member_id, purpose, address, now)
    store.insert_account_mail(request)
    store.add_failure("mail:" + address, now, policy.throttle.window)
    return requested_event(request)


def is_live(request: dict | None, now: datetime) -> bool:
    return request is not None and request["used_at"] is None and as_utc(request["expires_at"]) > now


def find_live(store, policy: MailPolicy, token: str, purpose: str, now: datetime) -> dict:
    """The request a token names; Invalid (field `token`) for a forged, expired, used or
    other-purpose token."""
    mail_id, dot, given = (token or "").partition(".")
    request = store.get_account_mail(mail_id) if dot and ObjectId.is_valid(mail_id) else None
    if request is None or request["purpose"] != purpose:
        raise Invalid(fields={"token": [BAD_LINK]})
    expected = signature(policy.secret, mail_id, purpose, request["expires_at"])
    if not hmac.compare_digest(expected.encode(), given.encode()) or not is_live(request, now):
        raise Invalid(fields={"token": [BAD_LINK]})
    return request


def consume(store, request: dict, now: datetime) -> None:
    """Mark the request used, once: a concurrent click that used it first wins."""
    if not store.use_account_mail(str(request["_id"]), now):
        raise Invalid(fields={"token": [BAD_LINK]})


def mail_view(policy: MailPolicy, request: dict | None, member: dict | None, now: datetime) -> dict:
    """What notifications needs to send the e-mail, or `gone` (used, expired, account erased)."""
    if member is None or not is_live(request, now) or (
            request["purpose"] in (VERIFY, RESET) and member["email"] != request["address"]):
        return {"status": "gone"}
    return {"status": "ready", "purpose": request["purpose"], "email": request["address"],
            "display_name": member["display_name"], "link": link_of(policy, request),
            "token": token_of(policy.secret, request) if PAGES[request["purpose"]] else None,
            "expires_at": iso(request["expires_at"])}
