"""The community charter: its version in force, its text, and members' acceptance of it.

A member accepts a version (at sign-up with `charter_version`, or later with
`accept_charter`); the version and the time are kept on their account. Writing in discussions
(threads, replies, reactions, reports) needs the version in force: a new version asks everyone
to accept it again.
"""
from __future__ import annotations

from datetime import datetime
from importlib import resources

from classe12_contracts.errors import Conflict, NotFound
from classe12_runtime.clock import as_utc, iso
from classe12_runtime.context import Caller

CHARTER_VERSION = 1
CHARTER_TITLE = "Charte de la communauté Classe à 12"
CHARTER_TO_ACCEPT = (f"Acceptez d'abord la charte de la communauté (version {CHARTER_VERSION}) "
                     f"pour publier : lisez-la et acceptez-la depuis votre profil.")
WRONG_VERSION = f"La charte en vigueur est la version {CHARTER_VERSION} : relisez-la puis acceptez cette version."


def charter_text() -> str:
    return resources.files("classe12_community").joinpath("content/charter.md").read_text(encoding="utf-8")


def standing(member: dict | None, now: datetime) -> dict:
    """What moderation decided about a member, as they see it."""
    member = member or {}
    until = member.get("suspended_until")
    until = as_utc(until) if until is not None else None
    return {"warnings": [{"reason": w["reason"], "at": iso(w["at"])} for w in member.get("warnings") or []],
            "suspended_until": iso(until) if until is not None and until > now else None,
            "banned": bool(member.get("banned"))}


class Charter:
    def get(self, store, caller: Caller, now: datetime) -> dict:
        from .markdown import render
        member = store.get(caller.actor_id) if caller.actor_id else None
        text = charter_text()
        return {"version": CHARTER_VERSION, "title": CHARTER_TITLE, "body": text, "body_html": render(text),
                "accepted_version": (member or {}).get("charter_version"),
                "accepted_at": iso(member["charter_accepted_at"]) if (member or {}).get("charter_accepted_at")
                else None,
                "standing": standing(member, now) if member else None}

    def accept(self, store, caller: Caller, version: int, now: datetime) -> dict:
        caller.require_member()
        if store.get(caller.actor_id) is None:
            raise NotFound("Ce membre n'existe pas.")
        if version != CHARTER_VERSION:
            raise Conflict(WRONG_VERSION)
        store.update_member(caller.actor_id, {"charter_version": version, "charter_accepted_at": now})
        return self.get(store, caller, now)
