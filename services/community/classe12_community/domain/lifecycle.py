"""The account lifecycle: e-mail verification, password reset, change of address and of password.

Every e-mail is a request (account_mail.py) sent by the notifications service. A reset answers
the same whether the address has an account or not, and silently sends nothing past the
address's limit; a signed-in member asking again past it gets too_many_requests (retry_after).
Following a reset link also proves the address: the member is verified. A reset revokes every
session of the member, a change of password every other one (community.sessions_revoked).
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from classe12_contracts.errors import Conflict, Invalid, NotFound, TooManyRequests
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.uow import Event, Outcome

from . import account_mail as mails
from .emails import normalise_email
from .members import public_profile
from .passwords import hash_password, password_problems, verify_password
from .sessions import revoked_event

MEMBER_VERIFIED = "community.member_verified"
NO_MEMBER = "Ce membre n'existe pas."
WRONG_PASSWORD = "Mot de passe incorrect."
ALREADY_VERIFIED = "Votre adresse e-mail est déjà confirmée."
RESET_ACCEPTED = {"message": "Si un compte existe avec cette adresse, un e-mail vient de lui être envoyé avec un "
                             "lien pour choisir un nouveau mot de passe (valable une heure)."}
VERIFICATION_SENT = "Un e-mail de confirmation vient de vous être envoyé."
CHANGE_SENT = "Un lien de confirmation vient d'être envoyé à la nouvelle adresse ; l'adresse actuelle reste en vigueur d'ici là."


def too_many(wait: int) -> TooManyRequests:
    return TooManyRequests(f"Un e-mail vient déjà d'être envoyé à cette adresse. Réessayez dans {wait} seconde"
                           f"{'s' if wait > 1 else ''}.", details={"retry_after": wait})


def verified_event(member_id: str, now: datetime) -> Event:
    return Event(MEMBER_VERIFIED, 1, {"member_id": member_id, "verified_at": iso(now)})


def check_password(member: dict, password: str, field: str = "password") -> None:
    if not verify_password(member["password_hash"], password):
        raise Invalid(fields={field: [WRONG_PASSWORD]})


class Lifecycle:
    def __init__(self, policy: mails.MailPolicy, clock: Callable[[], datetime] = utcnow):
        self.policy = policy
        self.clock = clock

    def _member(self, store, caller: Caller) -> dict:
        member = store.get(caller.require_member())
        if member is None:
            raise NotFound(NO_MEMBER)
        return member

    def welcome(self, store, member: dict) -> list[Event]:
        """The verification e-mail of a new account (nothing past the address's limit)."""
        now = self.clock()
        if mails.mail_wait(store, self.policy, member["email"], now):
            return []
        return [mails.request_mail(store, self.policy, str(member["_id"]), mails.VERIFY, member["email"], now)]

    # --- verification -------------------------------------------------------------------------

    def request_verification(self, store, caller: Caller) -> Outcome:
        member, now = self._member(store, caller), self.clock()
        if member.get("email_verified_at"):
            raise Conflict(ALREADY_VERIFIED)
        wait = mails.mail_wait(store, self.policy, member["email"], now)
        if wait:
            raise too_many(wait)
        event = mails.request_mail(store, self.policy, str(member["_id"]), mails.VERIFY, member["email"], now)
        return Outcome({"mail_id": event.data["mail_id"], "message": VERIFICATION_SENT}, [event])

    def confirm_email(self, store, token: str) -> Outcome:
        now = self.clock()
        request = mails.find_live(store, self.policy, token, mails.VERIFY, now)
        member = store.get(request["member_id"])
        if member is None or member["email"] != request["address"]:
            raise Invalid(fields={"token": [mails.BAD_LINK]})
        mails.consume(store, request, now)
        if member.get("email_verified_at"):
            return Outcome(public_profile(member))
        member = store.update_member(request["member_id"], {"email_verified_at": now})
        return Outcome(public_profile(member), [verified_event(request["member_id"], now)])

    # --- password reset -----------------------------------------------------------------------

    def request_reset(self, store, email: str) -> Outcome:
        now = self.clock()
        try:
            address = normalise_email(email)
        except Invalid:
            return Outcome(RESET_ACCEPTED)
        member = store.find_by_email(address)
        if member is None or mails.mail_wait(store, self.policy, address, now):
            return Outcome(RESET_ACCEPTED)
        return Outcome(RESET_ACCEPTED, [mails.request_mail(store, self.policy, str(member["_id"]), mails.RESET,
                                                           address, now)])

    def reset_password(self, store, token: str, password: str) -> Outcome:
        now = self.clock()
        request = mails.find_live(store, self.policy, token, mails.RESET, now)
        member = store.get(request["member_id"])
        if member is None or member["email"] != request["address"]:
            raise Invalid(fields={"token": [mails.BAD_LINK]})
        problems = password_problems(password, member["email"])
        if problems:
            raise Invalid(fields={"password": problems})
        mails.consume(store, request, now)
        member_id = request["member_id"]
        store.set_password_hash(member["_id"], hash_password(password))
        store.forget_failures("account:" + member["email"])
        events = []
        if not member.get("email_verified_at"):  # the link reached the address: it is the member's
            store.update_member(member_id, {"email_verified_at": now})
            events.append(verified_event(member_id, now))
        closed = store.revoke_sessions(member_id, now)
        events.append(revoked_event(member_id, None, now))
        return Outcome({"closed": closed}, events)

    # --- change of address and of password ------------------------------------------------------

    def change_email(self, store, caller: Caller, password: str, email: str) -> Outcome:
        member, now = self._member(store, caller), self.clock()
        check_password(member, password)
        address = normalise_email(email)
        if address == member["email"]:
            raise Invalid(fields={"email": ["C'est déjà votre adresse."]})
        wait = mails.mail_wait(store, self.policy, address, now)
        if wait:
            raise too_many(wait)
        event = mails.request_mail(store, self.policy, str(member["_id"]), mails.CHANGE, address, now)
        return Outcome({"mail_id": event.data["mail_id"], "message": CHANGE_SENT}, [event])

    def confirm_email_change(self, store, token: str) -> Outcome:
        """The new address, verified by the link; the old one is told."""
        now = self.clock()
        request = mails.find_live(store, self.policy, token, mails.CHANGE, now)
        member = store.get(request["member_id"])
        if member is None:
            raise Invalid(fields={"token": [mails.BAD_LINK]})
        mails.consume(store, request, now)
        old, was_verified = member["email"], bool(member.get("email_verified_at"))
        member = store.set_email(request["member_id"], request["address"], now)
        events = [mails.request_mail(store, self.policy, request["member_id"], mails.CHANGED, old, now)]
        if not was_verified:
            events.append(verified_event(request["member_id"], now))
        return Outcome(public_profile(member), events)

    def change_password(self, store, caller: Caller, current: str, password: str, session_id: str | None) -> Outcome:
        member, now = self._member(store, caller), self.clock()
        check_password(member, current, "current_password")
        problems = password_problems(password, member["email"])
        if problems:
            raise Invalid(fields={"password": problems})
        member_id = str(member["_id"])
        store.set_password_hash(member["_id"], hash_password(password))
        revoked = store.revoke_other_sessions(member_id, session_id, now)
        return Outcome({"closed": len(revoked)}, [revoked_event(member_id, s, now) for s in revoked])

    def verify_by_operator(self, store, member: dict) -> Outcome:
        """The operator's command line vouches for the address (demo data, support cases)."""
        if member.get("email_verified_at"):
            return Outcome(public_profile(member))
        now = self.clock()
        member = store.update_member(str(member["_id"]), {"email_verified_at": now})
        return Outcome(public_profile(member), [verified_event(str(member["_id"]), now)])

    # --- what notifications asks at send time ---------------------------------------------------

    def mail(self, store, caller: Caller, mail_id: str) -> dict:
        caller.require_role("platform")
        request = store.get_account_mail(mail_id)
        member = store.get(request["member_id"]) if request else None
        return mails.mail_view(self.policy, request, member, self.clock())
