"""Sessions: one per signed-in device, with a refresh token that changes at every use.

A session has an id and a current token id (both random); the gateway puts them in the
refresh token it issues. Refreshing with the current token id replaces it; presenting one used
before means a refresh token was stolen and replayed: the whole session is revoked. Signing out
revokes one session or all of a member's. Every revocation is an event, so that gateways stop
accepting the access tokens of those sessions within seconds.

Repository methods (storage.MemberStore):
    insert_session(doc);  get_session(session_id) -> doc | None
    rotate_token(session_id, token_id, new_token_id, now) -> doc | None (None: not current)
    revoke_session(session_id, now) -> bool;  revoke_sessions(member_id, now) -> int (and marks
    the member's sessions_revoked_at);  changes_since(when) -> (members, sessions)
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Callable

from classe12_contracts.errors import NotFound, Unauthorized
from classe12_runtime.clock import as_utc, iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.uow import Event, Outcome

SESSIONS_REVOKED = "community.sessions_revoked"
EXPIRED = "Votre session a expiré ou a été fermée. Reconnectez-vous."


def new_id() -> str:
    return secrets.token_urlsafe(18)  # 24 characters, 144 random bits


def session_view(session: dict) -> dict:
    return {"id": session["_id"], "token_id": session["token_id"], "expires_at": iso(session["expires_at"])}


def revoked_event(member_id: str, session_id: str | None, now: datetime) -> Event:
    return Event(SESSIONS_REVOKED, 1, {"member_id": member_id, "session_id": session_id, "revoked_at": iso(now)})


class Sessions:
    def __init__(self, ttl_seconds: float, clock: Callable[[], datetime] = utcnow):
        self.ttl = timedelta(seconds=ttl_seconds)
        self.clock = clock

    def open(self, store, member_id: str, now: datetime) -> dict:
        session = {"_id": new_id(), "member_id": member_id, "token_id": new_id(), "created_at": now,
                   "refreshed_at": now, "expires_at": now + self.ttl, "revoked_at": None}
        store.insert_session(session)
        return session_view(session)

    def refresh(self, store, session_id: str, token_id: str, profile_of) -> Outcome:
        """The member (current roles) and the session with a new token id."""
        now = self.clock()
        session = store.get_session(session_id)
        if session is None or session["revoked_at"] is not None or as_utc(session["expires_at"]) <= now:
            raise Unauthorized(EXPIRED)
        rotated = store.rotate_token(session_id, token_id, new_id(), now)
        if rotated is None:  # a token id used before: stolen and replayed, or replayed by mistake
            store.revoke_session(session_id, now)
            return Outcome(error=Unauthorized(EXPIRED),
                           events=[revoked_event(session["member_id"], session_id, now)])
        member = profile_of(store, session["member_id"])
        if member is None:
            raise Unauthorized(EXPIRED)
        return Outcome({"member": member, "session": session_view(rotated)})

    def close(self, store, caller: Caller, session_id: str) -> Outcome:
        member_id = caller.require_member()
        session = store.get_session(session_id)
        if session is None or session["member_id"] != member_id:
            raise NotFound("Cette session n'existe pas.")
        now = self.clock()
        if not store.revoke_session(session_id, now):
            return Outcome({"closed": 0})  # already closed: nothing new to announce
        return Outcome({"closed": 1}, [revoked_event(member_id, session_id, now)])

    def close_all(self, store, caller: Caller) -> Outcome:
        member_id = caller.require_member()
        now = self.clock()
        closed = store.revoke_sessions(member_id, now)
        return Outcome({"closed": closed}, [revoked_event(member_id, None, now)])

    def contacts(self, store, caller: Caller, member_ids: list[str]) -> dict:
        """Addresses for the notifications service's e-mails (the platform only; unknown ids left out)."""
        caller.require_role("platform")
        members = store.get_members(member_ids)
        return {"items": [{"member_id": member_id, "email": members[member_id]["email"],
                           "display_name": members[member_id]["display_name"]}
                          for member_id in dict.fromkeys(member_ids) if member_id in members]}

    def changes_since(self, store, caller: Caller, since: datetime) -> dict:
        caller.require_role("platform")
        members, sessions = store.changes_since(since)
        return {
            "members": [{"member_id": str(m["_id"]), "roles": list(m["roles"]),
                         "roles_changed_at": iso(m.get("roles_changed_at")),
                         "sessions_revoked_at": iso(m.get("sessions_revoked_at"))} for m in members],
            "sessions": [{"session_id": s["_id"], "member_id": s["member_id"], "revoked_at": iso(s["revoked_at"])}
                         for s in sessions],
        }
