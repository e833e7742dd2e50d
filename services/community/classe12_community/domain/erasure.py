"""A member's own data: its export (`export_member_data`) and the account's deletion.

Deletion (docs/privacy.md, "Account deletion", community): the account, its sessions, profile,
memberships, reads, follows, reactions, reports made and pending account e-mails are erased; the
threads and replies the member wrote stay in their discussions (others answered them, quoted
them, accepted them) but lose their author, shown as "Compte supprimé", and their edit history;
moderation items and the moderation log keep what was decided, with the member's id replaced by
DELETED_MEMBER_ID. A group the member owned alone passes to another owner, else its
longest-standing moderator, else its longest-standing member; a group left empty is archived.
`community.member_deleted` (and `sessions_revoked`, so that gateways refuse the member's tokens
at once) go to the outbox in the same transaction.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Callable

from bson import ObjectId

from classe12_contracts.errors import NotFound
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.uow import Event, Outcome

from .lifecycle import check_password
from .sessions import revoked_event

MEMBER_DELETED = "community.member_deleted"
#: the author of what a deleted account wrote (no ObjectId can have it before 2106)
DELETED_MEMBER_ID = "f" * 24
DELETED_NAME = "Compte supprimé"
#: what the export leaves out of the account: secrets and index keys, not data about the member
HIDDEN = ("password_hash", "dir_tags", "name_prefixes", "sort_key", "list_key", "group_list_key")


def plain(value):
    """A document as JSON: ids as strings, datetimes ISO 8601, without internal keys."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in HIDDEN}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, ObjectId):
        return str(value)
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class Erasure:
    def __init__(self, clock: Callable[[], datetime] = utcnow):
        self.clock = clock

    def export(self, store, caller: Caller) -> dict:
        member_id = caller.require_member()
        member = store.get(member_id)
        if member is None:
            raise NotFound("Ce membre n'existe pas.")
        data = {
            "account": plain(member),
            "sessions": [plain({k: v for k, v in s.items() if k != "token_id"}) for s in store.sessions_of(member_id)],
            "memberships": plain(store.memberships_of_member(member_id)),
            "threads": plain(store.threads_by(member_id)),
            "posts": plain(store.posts_by(member_id)),
            "reactions": plain(store.keyed_by_member("reactions", member_id)),
            "follows": plain(store.keyed_by_member("follows", member_id)),
            "reads": plain(store.keyed_by_member("reads", member_id)),
            "reports": plain(store.keyed_by_member("reports", member_id)),
        }
        return {"service": "community", "format_version": 1, "exported_at": iso(self.clock()), "data": data}

    def delete(self, store, caller: Caller, password: str) -> Outcome:
        member_id = caller.require_member()
        member = store.get(member_id)
        if member is None:
            raise NotFound("Ce membre n'existe pas.")
        check_password(member, password)
        now = self.clock()
        for membership in store.memberships_of_member(member_id):
            if membership["state"] == "member" and membership.get("role") == "owner":
                self._hand_over(store, membership["group_id"], member_id, now)
        store.erase(member_id, DELETED_MEMBER_ID, now)
        store.forget_failures("account:" + member["email"])
        return Outcome({"deleted": True}, [revoked_event(member_id, None, now),
                                           Event(MEMBER_DELETED, 1, {"member_id": member_id, "deleted_at": iso(now)})])

    @staticmethod
    def _hand_over(store, group_id: str, member_id: str, now: datetime) -> None:
        successor = store.successor_in(group_id, member_id)
        if successor is None:
            store.archive_group(group_id, now)
        elif successor.get("role") != "owner":
            store.set_membership_role(group_id, successor["member_id"], "owner")
