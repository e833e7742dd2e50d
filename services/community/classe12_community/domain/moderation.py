"""Moderation: reports, the moderation queue, decisions on content, sanctions of members.

A moderation item (`moderation_items`, `_id` "<kind>:<id>") gathers what is to be decided on
one piece of content: members' reports (one per member and content, `reports`) and holds by
the spam heuristic or the rate limits (domain/discussions.py). It is listed, newest first, in
the queue of its state (open, resolved), and for posts also in the queue of its group
(`queues` holds both keys: one equality and one sort key, docs/decisions.md 22).
Group owners and moderators decide on the posts of their group; admins on everything,
profiles and reviews included, and only they sanction members. Every decision is written to
`moderation_log` in the same transaction (who, what, why, when).

Kinds: `post` (a thread's opening post, whose id is the thread's, or a reply), `profile` (a
member id; hiding hides its presentation), `review` (a rating of the resources service,
"<resource id>:<member id>": hiding is announced with `community.content_hidden` for its owner
service to act on).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Callable

from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound
from classe12_runtime.clock import iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.uow import Event, Outcome

from .avatar import avatar
from .charter import standing
from .discussions import MODERATORS_ONLY, Discussions
from .markdown import excerpt
from .text import decode_key, encode_key

CONTENT_HIDDEN = "community.content_hidden"
ADMINS_ONLY = "Réservé aux administrateurs de la plateforme."
REASON_NEEDED = "Indiquez la raison : son auteur la lira."
ONE_ID = re.compile(r"[0-9a-f]{24}")
REVIEW_ID = re.compile(r"[0-9a-f]{24}:[0-9a-f]{24}")
NOTHING_OPEN = "Aucun signalement en attente pour ce contenu."


def item_queues(state: str, group_id: str | None) -> list[str]:
    return [state] + ([f"{state}|g:{group_id}"] if group_id else [])


class Moderation:
    def __init__(self, discussions: Discussions, clock: Callable[[], datetime] = utcnow):
        self.discussions = discussions
        self.clock = clock

    # --- reports --------------------------------------------------------------------------------

    def _target(self, store, caller: Caller, kind: str, target_id: str) -> dict:
        """{group_id, thread_id, author_id, post?} of a reported or moderated content."""
        if kind == "review":
            if not REVIEW_ID.fullmatch(target_id):
                raise Invalid(fields={"id": ["Un avis se désigne par « <id de la ressource>:<id du membre> »."]})
            return {"group_id": None, "thread_id": None, "author_id": target_id.split(":")[1]}
        if not ONE_ID.fullmatch(target_id):
            raise Invalid(fields={"id": ["Identifiant invalide (24 caractères hexadécimaux)."]})
        if kind == "profile":
            if store.get(target_id) is None:
                raise NotFound("Ce membre n'existe pas.")
            return {"group_id": None, "thread_id": None, "author_id": target_id}
        post, thread, moderates = self.discussions._post(store, caller, target_id)
        return {"group_id": post["group_id"], "thread_id": post["thread_id"], "author_id": post["author_id"],
                "post": post, "thread": thread, "moderates": moderates}

    def report(self, store, caller: Caller, data: dict) -> dict:
        caller.require_member()
        if store.get(caller.actor_id) is None:
            raise NotFound("Ce membre n'existe pas.")
        target = self._target(store, caller, data["kind"], data["id"])
        now = self.clock()
        if not store.add_report(data["kind"], data["id"], caller.actor_id, data["reason"], data.get("details"), now):
            raise Conflict("Vous avez déjà signalé ce contenu : les modérateurs l'examineront.")
        store.put_item_report(data["kind"], data["id"], target["group_id"], target["thread_id"],
                              target["author_id"], {"reason": data["reason"], "details": data.get("details"),
                                                    "at": now}, now)
        return {"kind": data["kind"], "id": data["id"], "reason": data["reason"], "state": "open",
                "reported_at": iso(now)}

    # --- the queue ------------------------------------------------------------------------------

    def _moderated(self, store, caller: Caller, group_id: str | None, what: str) -> str | None:
        """The group whose `what` (queue, log) the caller reads: one they moderate, or with no
        group the platform's, for admins only."""
        caller.require_member()
        if group_id:
            _group, _membership, moderates = self.discussions.access(store, caller, group_id)
            if not moderates:
                raise Forbidden(MODERATORS_ONLY)
        elif not caller.has_role("admin"):
            raise Forbidden(ADMINS_ONLY + f" Les modérateurs d'un groupe consultent {what} de leur groupe.")
        return group_id

    def queue(self, store, caller: Caller, data: dict) -> dict:
        group_id = self._moderated(store, caller, data.get("group_id"), "la file")
        queue = data["state"] + (f"|g:{group_id}" if group_id else "")
        docs = store.moderation_queue(queue, decode_key(data.get("cursor")), data["limit"] + 1)
        shown = docs[:data["limit"]]
        posts = store.posts_by_ids([d["target_id"] for d in shown if d["kind"] == "post"])
        people = store.get_members(list({d["author_id"] for d in shown if d.get("author_id")}))
        items = []
        for d in shown:
            post = posts.get(d["target_id"]) if d["kind"] == "post" else None
            author = people.get(d.get("author_id") or "")
            name = author["display_name"] if author else None
            decision = d.get("decision")
            items.append({
                "kind": d["kind"], "id": d["target_id"], "group_id": d.get("group_id"),
                "thread_id": d.get("thread_id"), "state": d["state"],
                "author": {"id": d["author_id"], "display_name": name, "avatar": avatar(d["author_id"], name)}
                if author else None,
                "content_state": post["state"] if post else None,
                "excerpt": excerpt(post["body"]) if post else None,
                "automatic_reason": d.get("automatic_reason"), "report_count": int(d.get("report_count") or 0),
                "reports": [{"reason": r["reason"], "details": r.get("details"), "at": iso(r["at"])}
                            for r in d.get("reports") or []],
                "decision": {"action": decision["action"], "reason": decision.get("reason"),
                             "by": decision["by"], "at": iso(decision["at"])} if decision else None,
                "created_at": iso(d["created_at"]), "updated_at": iso(d["updated_at"]),
            })
        next_cursor = encode_key(shown[-1]["list_key"]) if len(docs) > data["limit"] else None
        return {"items": items, "next_cursor": next_cursor}

    def log(self, store, caller: Caller, data: dict) -> dict:
        """The moderation log, latest first: a group's for its moderators, the platform's for admins."""
        group_id = self._moderated(store, caller, data.get("group_id"), "le journal")
        docs = store.moderation_log_page(f"g:{group_id}" if group_id else "all", decode_key(data.get("cursor")),
                                         data["limit"] + 1)
        shown = docs[:data["limit"]]
        people = store.get_members(list({d["by"] for d in shown}))
        items = [{"action": d["action"], "kind": d["kind"], "target_id": d["target_id"], "group_id": d.get("group_id"),
                  "by": self.discussions._person(people, d["by"]), "reason": d.get("reason"), "days": d.get("days"),
                  "at": iso(d["at"])} for d in shown]
        return {"items": items, "next_cursor": encode_key(shown[-1]["list_key"]) if len(docs) > data["limit"] else None}

    # --- decisions on content -------------------------------------------------------------------

    def moderate(self, store, caller: Caller, data: dict) -> Outcome:
        caller.require_member()
        kind, target_id, action, reason = data["kind"], data["id"], data["action"], data.get("reason")
        if kind != "post" and not caller.has_role("admin"):
            raise Forbidden(ADMINS_ONLY)
        target = self._target(store, caller, kind, target_id)
        if kind == "post" and not target["moderates"]:
            raise Forbidden(MODERATORS_ONLY)
        if action == "hide" and not reason:
            raise Invalid(fields={"reason": [REASON_NEEDED]})
        now = self.clock()
        events: list[Event] = []
        if kind == "post":
            events = self._moderate_post(store, target["post"], target["thread"], action, reason, now)
        elif action == "dismiss":
            if store.get_item(kind, target_id) is None or store.get_item(kind, target_id)["state"] != "open":
                raise NotFound(NOTHING_OPEN)
        elif kind == "profile":
            hidden = bool(store.get(target_id).get("bio_hidden"))
            if hidden == (action == "hide"):
                raise Conflict("Cette présentation est déjà masquée." if hidden else "Cette présentation est visible.")
            store.update_member(target_id, {"bio_hidden": {"reason": reason, "at": now} if action == "hide" else None})
        if action == "hide":
            events.append(Event(CONTENT_HIDDEN, 1, {
                "kind": kind, "id": target_id, "group_id": target["group_id"], "thread_id": target["thread_id"],
                "author_id": target["author_id"], "hidden_by": caller.actor_id, "hidden_at": iso(now)}))
        decision = {"action": action, "reason": reason, "by": caller.actor_id, "at": now}
        store.resolve_item(kind, target_id, target["group_id"], target["thread_id"], target["author_id"], decision,
                           now)
        store.audit({"action": action, "kind": kind, "target_id": target_id, "group_id": target["group_id"],
                     "by": caller.actor_id, "reason": reason, "at": now})
        return Outcome({"kind": kind, "id": target_id, "action": action, "reason": reason,
                        "content_state": self._state_after(store, kind, target_id), "decided_at": iso(now)}, events)

    @staticmethod
    def _state_after(store, kind: str, target_id: str) -> str:
        if kind == "post":
            return store.get_post(target_id)["state"]
        if kind == "profile":
            return "hidden" if (store.get(target_id) or {}).get("bio_hidden") else "visible"
        item = store.get_item(kind, target_id) or {}
        return "hidden" if (item.get("decision") or {}).get("action") == "hide" else "visible"

    def _moderate_post(self, store, post: dict, thread: dict, action: str, reason: str | None,
                       now: datetime) -> list[Event]:
        post_id, tid = str(post["_id"]), str(thread["_id"])
        state = post["state"]
        if state == "deleted":
            raise Conflict("Ce message a été supprimé par son auteur.")
        if action == "dismiss":
            item = store.get_item("post", post_id)
            if item is None or item["state"] != "open":
                raise NotFound(NOTHING_OPEN)
            if state == "pending":
                raise Conflict("Ce message attend une décision : publiez-le (restore) ou masquez-le (hide).")
            return []
        if action == "hide":
            if state == "hidden":
                raise Conflict("Ce message est déjà masqué.")
            store.update_post(post_id, {"state": "hidden", "moderation_reason": reason})
            if post.get("opening"):
                store.update_thread(tid, {"state": "hidden", "listed": False, "moderation_reason": reason})
            elif state == "visible":
                store.thread_activity(tid, -1, None, None)
                if thread.get("accepted_post_id") == post_id:
                    store.update_thread(tid, {"accepted_post_id": None})
            return []
        # restore
        was_announced = bool(post.get("announced"))
        if state == "visible":
            raise Conflict("Ce message est déjà visible.")
        post = store.update_post(post_id, {"state": "visible", "moderation_reason": None, "announced": True})
        if post.get("opening"):
            thread = store.update_thread(tid, {"state": "visible", "listed": True, "moderation_reason": None})
        else:
            thread = store.thread_activity(tid, +1, None, None)
        # a post held before it was ever visible is announced now; a hidden one was already
        return [] if was_announced else Discussions.announce(thread, post)

    # --- sanctions ------------------------------------------------------------------------------

    def sanction(self, store, caller: Caller, data: dict) -> Outcome:
        caller.require_role("admin")
        member_id, action, reason = data["member_id"], data["action"], data.get("reason")
        member = store.get(member_id)
        if member is None:
            raise NotFound("Ce membre n'existe pas.")
        if member_id == caller.actor_id:
            raise Forbidden("Vous ne pouvez pas vous sanctionner vous-même.")
        if action != "lift" and not reason:
            raise Invalid(fields={"reason": ["Indiquez la raison : le membre la lira."]})
        now = self.clock()
        events: list[Event] = []
        if action == "warn":
            changes = {"warnings": (member.get("warnings") or []) + [{"reason": reason, "at": now}]}
        elif action == "suspend":
            if not data.get("days"):
                raise Invalid(fields={"days": ["Indiquez la durée de la suspension, en jours (1 à 365)."]})
            changes = {"suspended_until": now + timedelta(days=data["days"]), "suspension_reason": reason}
        elif action == "ban":
            changes = {"banned": True, "ban_reason": reason}
        else:
            changes = {"banned": False, "suspended_until": None}
        member = store.update_member(member_id, changes)
        store.audit({"action": action, "kind": "member", "target_id": member_id, "group_id": None,
                     "by": caller.actor_id, "reason": reason, "days": data.get("days"), "at": now})
        return Outcome({"member_id": member_id, "action": action, "standing": standing(member, now)}, events)
