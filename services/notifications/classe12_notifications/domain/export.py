"""A member's own data (`export_member_data`): what notifications keeps of their profile, what
they follow (and followed), their channel choices, their inbox, the e-mails addressed to them
and what waits for their next digest. Never another member's data: follows *of* them by
others are not theirs to see.
"""
from __future__ import annotations

from datetime import datetime

from classe12_runtime.clock import as_utc, iso
from classe12_runtime.context import Caller

from . import follows as follows_rules
from . import preferences as prefs_rules
from .follows import OPEN
from .notifications import public_view
from .push import subscription_view

FORMAT_VERSION = 1
PAGE = 500


def _profile(doc: dict | None) -> dict | None:
    if doc is None:
        return None
    return {"display_name": doc.get("display_name"), "roles": list(doc.get("roles") or ()),
            "levels": list(doc.get("levels") or ()), "school_uai": doc.get("school_uai"),
            "joined_at": iso(doc["joined_at"]) if doc.get("joined_at") else None}


def _follow(doc: dict) -> dict:
    return {"key": doc["key"], "origin": doc.get("origin"), "since": iso(doc["since"]),
            "until": None if _open(doc) else iso(doc["until"])}


def _open(doc: dict) -> bool:
    return as_utc(doc["until"]) >= OPEN


def _email(doc: dict) -> dict:
    subject = (doc.get("message") or {}).get("title") or f"Résumé ({doc.get('period_key')})"
    return {"kind": doc["kind"], "category": doc.get("category"), "subject": subject, "status": doc["status"],
            "attempts": doc.get("attempts", 0), "created_at": iso(doc["created_at"]),
            "sent_at": iso(doc["sent_at"]) if doc.get("sent_at") else None,
            "failed_at": iso(doc["failed_at"]) if doc.get("failed_at") else None}


def _digest_item(doc: dict) -> dict:
    return {"period": doc["period"], "category": doc["category"], "title": doc["message"]["title"],
            "occurred_at": iso(doc["occurred_at"])}


def _inbox(store, member_id: str) -> list[dict]:
    items, position = [], None
    while page := store.list_for(member_id, PAGE, position):
        items += [public_view(doc) for doc in page]
        if len(page) < PAGE:
            break
        position = (page[-1]["created_at"], str(page[-1]["_id"]))
    return items


def export_member_data(store, caller: Caller, now: datetime) -> dict:
    member_id = caller.require_member()
    follows = store.follows_of(member_id)
    data = {
        "profile": _profile(store.recipient(member_id)),
        "follows": follows_rules.as_view(doc["key"] for doc in follows if _open(doc)),
        "follow_history": [_follow(doc) for doc in follows],
        "preferences": prefs_rules.view(store.preferences_of([member_id]).get(member_id)),
        "notifications": _inbox(store, member_id),
        "emails": [_email(doc) for doc in store.deliveries_of(member_id)],
        "digest_items": [_digest_item(doc) for doc in store.digest_items_of(member_id)],
        "push_devices": [subscription_view(doc) for doc in store.push_subscriptions_of([member_id])],
    }
    return {"service": "notifications", "format_version": FORMAT_VERSION, "exported_at": iso(now), "data": data}
