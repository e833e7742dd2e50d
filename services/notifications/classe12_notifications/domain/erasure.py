"""A member's account was deleted (`community.member_deleted`): what notifications forgets and
what it anonymises (docs/privacy.md, "Account deletion", notifications).

Erased: the member's projection (display name, role, levels, school), preferences, follows
(and other members' follows *of* them), inbox, digest items, e-mails not sent yet.
Unsubscribe links are signed, not stored: nothing to erase (a click on an old one answers
as for anyone). Anonymised: the delivery log of e-mails sent or failed keeps its status, dates,
attempts and SMTP codes for the admins' counts, under a new id, with one random pseudonym
instead of the member id, a neutral subject and no SMTP detail (it may quote the address);
the announcements kept for late follows replace the member's id (as who acted, or who was
told) by the same pseudonym. Idempotent: a second run finds the member nowhere.
"""
from __future__ import annotations

import logging
import secrets

from classe12_runtime.pagination import list_key

log = logging.getLogger(__name__)

#: (consumer, event, versions): the one consumer outside the rules table (domain/rules.py)
CONSUMER = ("forget_deleted_members", "community.member_deleted", (1,))
ERASED_SUBJECT = "Courriel adressé à un compte supprimé"
#: what the anonymised copy of a delivery keeps
DELIVERY_KEPT = ("kind", "category", "period", "period_key", "status", "attempts", "created_at", "sent_at",
                 "failed_at", "error", "next_attempt_at")


def new_pseudonym() -> str:
    """24 random hex digits: the form of a member id, pointing at nobody."""
    return secrets.token_hex(12)


def replaced(value, member_id: str, pseudonym: str):
    """`value` with every string equal to `member_id` (in lists and mappings) replaced."""
    if isinstance(value, str):
        return pseudonym if value == member_id else value
    if isinstance(value, list):
        return [replaced(v, member_id, pseudonym) for v in value]
    if isinstance(value, dict):
        return {k: replaced(v, member_id, pseudonym) for k, v in value.items()}
    return value


def anonymised_delivery(doc: dict, new_id: str, pseudonym: str, failure_list_id) -> dict:
    copy = {key: doc[key] for key in DELIVERY_KEPT if key in doc}
    copy.update(_id=new_id, recipient_id=pseudonym, message={"title": ERASED_SUBJECT, "body": "", "link": None},
                log=[{"at": e["at"], "outcome": e["outcome"], "code": e.get("code"), "detail": ""}
                     for e in doc.get("log") or ()])
    if doc.get("status") == "failed":
        list_id = failure_list_id(new_id)
        copy.update(list_id=list_id, list_key=list_key(doc["failed_at"], list_id))
    return copy


def forget_member(store, member_id: str, failure_list_id) -> dict:
    """Erase and anonymise what notifications holds about `member_id`; counts only.
    `failure_list_id(delivery_id)` gives a failed delivery's id in the admins' list."""
    pseudonym = new_pseudonym()
    counts = store.forget_member(member_id)
    counts["deliveries_anonymised"] = 0
    for doc in store.deliveries_of(member_id):  # sent or failed: pending ones are gone
        new_id = store.copy_id_of(doc["_id"], f"erased|{secrets.token_hex(12)}")
        store.replace_delivery(doc["_id"], anonymised_delivery(doc, new_id, pseudonym, failure_list_id))
        counts["deliveries_anonymised"] += 1
    announcements = store.announcements_naming(member_id)
    for doc in announcements:
        store.replace_announcement(replaced(doc, member_id, pseudonym))
    counts["announcements_anonymised"] = len(announcements)
    log.info("deleted member forgotten", extra={"counts": counts})
    return counts
