"""Discussions in groups: threads, replies, reactions, accepted answers, unread markers.

A thread is one document in `threads` and its opening post, which shares its id, in `posts`;
replies are posts of the thread. Posts keep their Markdown source (`body`) and its safe
rendering (`body_html`, domain/markdown.py). A post's state: `visible`, `pending` (held by
the spam heuristic or the rate limits until a moderator decides), `hidden` (by a moderator,
with a reason its author reads) or `deleted` (by its author: kept, shown as deleted). Pending
and hidden posts are seen by their author and the group's moderators only.

Threads are listed by `list_key` = "<1 pinned | 0>|<last activity>|<id>", newest activity
first with pinned threads on top, on one index (group_id, listed, list_key): an equality and
one sort key (docs/decisions.md 22). Replies are listed oldest first on (thread_id, list_key).
A member's follows are listed latest followed first on (member_id, list_key) of `follows`.

Only members of a group read and write its discussions (admins read and moderate every group);
a private group does not exist for others (not_found), other groups answer forbidden.
Use cases take the repository (storage.CommunityStore) and return the events they cause.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Callable

from bson import ObjectId

from classe12_contracts.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests
from classe12_runtime.clock import as_utc, iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.pagination import list_key
from classe12_runtime.uow import Event, Outcome

from .avatar import avatar
from .charter import CHARTER_TO_ACCEPT, CHARTER_VERSION
from .markdown import excerpt, has_link, render
from .text import decode_key, encode_key

THREAD_CREATED = "community.thread_created"
REPLY_POSTED = "community.reply_posted"
MEMBER_MENTIONED = "community.member_mentioned"
ANSWER_ACCEPTED = "community.answer_accepted"

REACTIONS = ("merci", "utile", "bravo")
NO_SUCH_GROUP = "Ce groupe n'existe pas."
NO_SUCH_THREAD = "Cette discussion n'existe pas."
NO_SUCH_POST = "Ce message n'existe pas."
MEMBERS_ONLY = "Réservé aux membres du groupe : rejoignez-le pour lire et écrire ses discussions."
MODERATORS_ONLY = "Réservé aux propriétaires et aux modérateurs du groupe."
AUTHOR_ONLY = "Seul son auteur peut modifier ou supprimer ce message."
LOCKED = "Cette discussion est verrouillée : on ne peut plus y répondre ni la modifier."
DELETED = "Ce message a été supprimé par son auteur."
NOT_A_MEMBER = "Ce membre ne fait pas partie du groupe."
MAX_HISTORY = 50

#: posting limits per member (a member over them waits; see also the spam heuristic)
RATE_LIMITS = ((timedelta(minutes=1), 5), (timedelta(hours=1), 30))
NEW_ACCOUNT = timedelta(hours=24)
REPEAT_WINDOW = timedelta(hours=24)
HELD_LINK = "Lien publié par un compte de moins de 24 heures : message en attente de relecture par un modérateur."
HELD_REPEAT = "Texte identique à l'un de vos messages récents : message en attente de relecture par un modérateur."


def body_hash(body: str) -> str:
    return hashlib.sha256(" ".join((body or "").lower().split()).encode()).hexdigest()


def thread_key(pinned: bool, last_activity: datetime, thread_id: str) -> str:
    return f"{1 if pinned else 0}|{list_key(last_activity, thread_id)}"


def format_end(when: datetime) -> str:
    return when.strftime("%d/%m/%Y à %H:%M (UTC)")


def may_post(store, caller: Caller, now: datetime) -> dict:
    """The member, if they may write: their account exists, is neither banned nor suspended,
    and has accepted the charter in force."""
    caller.require_member()
    member = store.get(caller.actor_id)
    if member is None:
        raise NotFound("Ce membre n'existe pas.")
    if member.get("banned"):
        raise Forbidden("Votre compte a été exclu de la communauté : vous ne pouvez plus publier.")
    until = as_utc(member["suspended_until"]) if member.get("suspended_until") else None
    if until is not None and until > now:
        raise Forbidden(f"Votre compte est suspendu jusqu'au {format_end(until)} : vous pourrez de nouveau "
                        f"publier ensuite.", details={"suspended_until": iso(until)})
    if (member.get("charter_version") or 0) < CHARTER_VERSION:
        raise Forbidden(CHARTER_TO_ACCEPT)
    return member


class Discussions:
    def __init__(self, clock: Callable[[], datetime] = utcnow):
        self.clock = clock

    # --- access -------------------------------------------------------------------------------

    @staticmethod
    def access(store, caller: Caller, group_id: str) -> tuple[dict, dict | None, bool]:
        """(group, membership, moderates) for a caller who may read the group's discussions."""
        caller.require_member()
        group = store.get_group(group_id)
        membership = store.membership(group_id, caller.actor_id) if group else None
        is_member = membership is not None and membership["state"] == "member"
        admin = caller.has_role("admin")
        if group is None or (group["access"] == "private" and not admin
                             and (membership is None or membership["state"] == "requested")):
            raise NotFound(NO_SUCH_GROUP)
        if not is_member and not admin:
            raise Forbidden(MEMBERS_ONLY)
        moderates = admin or (is_member and membership.get("role") in ("owner", "moderator"))
        return group, membership, moderates

    @staticmethod
    def sees(caller: Caller, post: dict, moderates: bool) -> bool:
        return post["state"] in ("visible", "deleted") or moderates or post["author_id"] == caller.actor_id

    def _thread(self, store, caller: Caller, thread_id: str) -> tuple[dict, bool]:
        thread = store.get_thread(thread_id)
        if thread is None:
            raise NotFound(NO_SUCH_THREAD)
        try:
            _group, _membership, moderates = self.access(store, caller, thread["group_id"])
        except NotFound:
            raise NotFound(NO_SUCH_THREAD) from None
        if not self.sees(caller, thread, moderates):
            raise NotFound(NO_SUCH_THREAD)
        return thread, moderates

    def _post(self, store, caller: Caller, post_id: str) -> tuple[dict, dict, bool]:
        post = store.get_post(post_id)
        if post is None:
            raise NotFound(NO_SUCH_POST)
        try:
            thread, moderates = self._thread(store, caller, post["thread_id"])
        except NotFound:
            raise NotFound(NO_SUCH_POST) from None
        if not self.sees(caller, post, moderates):
            raise NotFound(NO_SUCH_POST)
        return post, thread, moderates

    # --- views --------------------------------------------------------------------------------

    @staticmethod
    def _person(people: dict, member_id: str) -> dict:
        person = people.get(member_id)
        name = person["display_name"] if person else "Compte supprimé"
        return {"id": member_id, "display_name": name, "avatar": avatar(member_id, name)}

    def _post_views(self, store, caller: Caller, posts: list[dict], thread: dict) -> list[dict]:
        quoted_ids = [p["quote_post_id"] for p in posts if p.get("quote_post_id")]
        quoted = store.posts_by_ids(quoted_ids) if quoted_ids else {}
        people_ids = {p["author_id"] for p in posts} | {m for p in posts for m in p.get("mentions") or []}
        people_ids |= {q["author_id"] for q in quoted.values()}
        people = store.get_members(list(people_ids))
        mine = store.my_reactions(caller.actor_id, [str(p["_id"]) for p in posts])
        views = []
        for post in posts:
            post_id = str(post["_id"])
            shown = post["state"] != "deleted"
            quote = None
            if post.get("quote_post_id"):
                q = quoted.get(post["quote_post_id"])
                readable = q is not None and q["state"] == "visible"
                quote = {"post_id": post["quote_post_id"],
                         "author": self._person(people, q["author_id"]) if q else None,
                         "excerpt": excerpt(q["body"]) if readable else None}
            views.append({
                "id": post_id, "thread_id": post["thread_id"], "group_id": post["group_id"],
                "opening": bool(post.get("opening")), "author": self._person(people, post["author_id"]),
                "state": post["state"], "moderation_reason": post.get("moderation_reason"),
                "body": post["body"] if shown else "", "body_html": post["body_html"] if shown else "",
                "attachments": list(post.get("attachments") or []) if shown else [],
                "mentions": [self._person(people, m) for m in post.get("mentions") or []] if shown else [],
                "quote": quote if shown else None,
                "reactions": {r: int((post.get("reactions") or {}).get(r, 0)) for r in REACTIONS},
                "my_reactions": [r for r in REACTIONS if f"{post_id}:{caller.actor_id}:{r}" in mine],
                "accepted": thread.get("accepted_post_id") == post_id,
                "created_at": iso(post["created_at"]),
                "edited_at": iso(post["edited_at"]) if post.get("edited_at") else None,
                "history": [{"title": h.get("title"), "body": h["body"], "until": iso(h["until"])}
                            for h in post.get("history") or []] if shown else [],
            })
        return views

    def _thread_views(self, store, caller: Caller, threads: list[dict]) -> list[dict]:
        ids = [str(t["_id"]) for t in threads]
        people = store.get_members(list({t["author_id"] for t in threads}))
        reads = store.reads_of(caller.actor_id, ids)
        follows = store.follows_of(caller.actor_id, ids)
        views = []
        for t in threads:
            tid = str(t["_id"])
            read = reads.get(tid)
            count = int(t.get("reply_count") or 0)
            views.append({
                "id": tid, "group_id": t["group_id"], "title": t["title"], "tags": list(t.get("tags") or []),
                "author": self._person(people, t["author_id"]), "state": t["state"],
                "moderation_reason": t.get("moderation_reason"),
                "pinned": bool(t.get("pinned")), "locked": bool(t.get("locked")), "reply_count": count,
                "accepted_post_id": t.get("accepted_post_id"), "following": tid in follows,
                "read": read is not None, "unread_replies": max(count - int(read["read_count"]), 0) if read else count,
                "created_at": iso(t["created_at"]), "last_activity_at": iso(t["last_activity_at"]),
            })
        return views

    # --- reading ------------------------------------------------------------------------------

    def list(self, store, caller: Caller, data: dict) -> dict:
        self.access(store, caller, data["group_id"])
        docs = store.list_threads(data["group_id"], decode_key(data.get("cursor")), data["limit"] + 1)
        shown = docs[:data["limit"]]
        next_cursor = encode_key(shown[-1]["list_key"]) if len(docs) > data["limit"] else None
        return {"items": self._thread_views(store, caller, shown), "next_cursor": next_cursor}

    @staticmethod
    def _readable(store, caller: Caller, threads: list[dict]) -> dict:
        """{thread id: its group} of the threads list_threads would list to the caller: listed, in
        a group they are a member of (admins read every group)."""
        groups = store.groups_by_ids({t["group_id"] for t in threads})
        mine = store.memberships_of(caller.actor_id, list(groups))
        admin = caller.has_role("admin")
        return {str(t["_id"]): groups[t["group_id"]] for t in threads
                if t.get("listed") and t["group_id"] in groups
                and (admin or (mine.get(t["group_id"]) or {}).get("state") == "member")}

    def followed(self, store, caller: Caller, limit: int, cursor: str | None) -> dict:
        """The caller's followed threads they may still read, latest followed first, with their
        group's name. Follows of threads they may not read are skipped, not deleted (rejoining the
        group or a restoration lists them again), so a page reads on until it is full or the
        follows end."""
        caller.require_member()
        before, shown, more = decode_key(cursor), [], False
        while not more:
            follows = store.my_follows(caller.actor_id, before, limit + 1)
            threads = store.threads_by_ids([f["thread_id"] for f in follows])
            readable = self._readable(store, caller, list(threads.values()))
            for follow in follows:
                tid = follow["thread_id"]
                if tid not in readable:
                    continue
                if len(shown) == limit:
                    more = True
                    break
                shown.append((follow["list_key"], threads[tid], readable[tid]["name"]))
            if len(follows) <= limit:
                break
            before = follows[-1]["list_key"]
        views = self._thread_views(store, caller, [thread for _key, thread, _name in shown])
        return {"items": [dict(view, group_name=name) for view, (_key, _thread, name) in zip(views, shown, strict=True)],
                "next_cursor": encode_key(shown[-1][0]) if more else None}

    def get(self, store, caller: Caller, data: dict) -> dict:
        """The thread, its opening post and a page of replies (oldest first); reading it marks
        it read for the caller (one write on their own marker)."""
        thread, moderates = self._thread(store, caller, data["thread_id"])
        tid = str(thread["_id"])
        opening = store.get_post(tid)
        docs = store.list_replies(tid, decode_key(data.get("cursor")), data["limit"] + 1)
        shown = docs[:data["limit"]]
        next_cursor = encode_key(shown[-1]["list_key"]) if len(docs) > data["limit"] else None
        visible = [p for p in shown if self.sees(caller, p, moderates)]
        posts = self._post_views(store, caller, [opening] + visible, thread)
        store.mark_read(tid, caller.actor_id, int(thread.get("reply_count") or 0), self.clock())
        return {"thread": self._thread_views(store, caller, [thread])[0], "opening": posts[0],
                "replies": {"items": posts[1:], "next_cursor": next_cursor}}

    # --- writing ------------------------------------------------------------------------------

    def _mentions(self, store, group_id: str, mentions: list[str], author_id: str) -> list[str]:
        ids = list(dict.fromkeys(mentions))
        if not ids:
            return []
        members = store.memberships_of_group(group_id, ids)
        wrong = {f"mentions.{i}": [NOT_A_MEMBER] for i, m in enumerate(ids) if m not in members}
        if wrong:
            raise Invalid(fields=wrong)
        return ids

    def _limits(self, store, member: dict, body: str, attachments: list[dict], now: datetime) -> str | None:
        """Raise when the member posts too fast; the reason to hold the post, or None."""
        author_id = str(member["_id"])
        recent = store.recent_posts(author_id, now - max(RATE_LIMITS[-1][0], REPEAT_WINDOW))
        for window, limit in RATE_LIMITS:
            inside = [p for p in recent if as_utc(p["created_at"]) > now - window]
            if len(inside) >= limit:
                oldest = min(as_utc(p["created_at"]) for p in inside)
                wait = max(int((oldest + window - now).total_seconds()) + 1, 1)
                raise TooManyRequests(f"Vous publiez beaucoup en peu de temps : réessayez dans {wait} secondes.",
                                      details={"retry_after": wait})
        created = as_utc(member["created_at"])
        links = has_link(body) or any(a.get("kind") == "link" for a in attachments)
        if links and now - created < NEW_ACCOUNT:
            return HELD_LINK
        digest = body_hash(body)
        if any(p.get("body_hash") == digest for p in recent):
            return HELD_REPEAT
        return None

    def _new_post(self, thread_id: str, group_id: str, author_id: str, data: dict, now: datetime,
                  held: str | None, *, opening: bool, post_id: ObjectId | None = None) -> dict:
        post_id = post_id or ObjectId()
        return {"_id": post_id, "thread_id": thread_id, "group_id": group_id, "author_id": author_id,
                "opening": opening, "body": data["body"], "body_html": render(data["body"]),
                "body_hash": body_hash(data["body"]), "attachments": data.get("attachments") or [],
                "mentions": data.get("mentions") or [], "quote_post_id": data.get("quote_post_id"),
                "reactions": {r: 0 for r in REACTIONS}, "state": "pending" if held else "visible",
                "moderation_reason": held, "announced": not held, "history": [], "created_at": now,
                "edited_at": None, "list_key": list_key(now, str(post_id))}

    @staticmethod
    def announce(thread: dict, post: dict) -> list[Event]:
        """The events of a post that becomes visible (at once, or when a moderator restores it)."""
        post_id, thread_id = str(post["_id"]), post["thread_id"]
        if post.get("opening"):
            events = [Event(THREAD_CREATED, 1, {
                "thread_id": thread_id, "group_id": post["group_id"], "author_id": post["author_id"],
                "tags": list(thread.get("tags") or []), "created_at": iso(post["created_at"])})]
        else:
            events = [Event(REPLY_POSTED, 1, {
                "post_id": post_id, "thread_id": thread_id, "group_id": post["group_id"],
                "author_id": post["author_id"], "thread_author_id": thread["author_id"],
                "quoted_post_id": post.get("quote_post_id"), "posted_at": iso(post["created_at"])})]
        for member_id in post.get("mentions") or []:
            if member_id != post["author_id"]:
                events.append(Event(MEMBER_MENTIONED, 1, {
                    "member_id": member_id, "post_id": post_id, "thread_id": thread_id,
                    "group_id": post["group_id"], "author_id": post["author_id"]}))
        return events

    def create(self, store, caller: Caller, data: dict) -> Outcome:
        now = self.clock()
        member = may_post(store, caller, now)
        group, _membership, _moderates = self.access(store, caller, data["group_id"])
        data = dict(data, mentions=self._mentions(store, data["group_id"], data.get("mentions") or [],
                                                  caller.actor_id))
        held = self._limits(store, member, data["body"], data.get("attachments") or [], now)
        post = self._new_post("", data["group_id"], caller.actor_id, data, now, held, opening=True)
        tid = str(post["_id"])
        post["thread_id"] = tid
        thread = {"_id": post["_id"], "group_id": data["group_id"], "author_id": caller.actor_id,
                  "title": data["title"], "tags": list(dict.fromkeys(data.get("tags") or [])), "pinned": False,
                  "locked": False, "state": post["state"], "moderation_reason": held, "reply_count": 0,
                  "accepted_post_id": None, "created_at": now, "last_activity_at": now,
                  "list_key": thread_key(False, now, tid), "listed": not held}
        store.insert_post(post)
        store.insert_thread(thread)
        store.set_follow(tid, caller.actor_id, True, now)
        if held:
            store.hold_for_moderation("post", tid, data["group_id"], caller.actor_id, held, now)
        view = self._post_views(store, caller, [post], thread)[0]
        return Outcome({"thread": self._thread_views(store, caller, [thread])[0], "opening": view,
                        "replies": {"items": [], "next_cursor": None}},
                       [] if held else self.announce(thread, post))

    def reply(self, store, caller: Caller, data: dict) -> Outcome:
        now = self.clock()
        member = may_post(store, caller, now)
        thread, moderates = self._thread(store, caller, data["thread_id"])
        if thread.get("locked"):
            raise Conflict(LOCKED)
        if thread["state"] != "visible":
            raise Conflict("On ne peut pas répondre à une discussion masquée ou supprimée.")
        tid = str(thread["_id"])
        if data.get("quote_post_id"):
            quoted = store.get_post(data["quote_post_id"])
            if quoted is None or quoted["thread_id"] != tid or not self.sees(caller, quoted, moderates):
                raise Invalid(fields={"quote_post_id": ["Ce message n'est pas dans cette discussion."]})
        data = dict(data, mentions=self._mentions(store, thread["group_id"], data.get("mentions") or [],
                                                  caller.actor_id))
        held = self._limits(store, member, data["body"], data.get("attachments") or [], now)
        post = self._new_post(tid, thread["group_id"], caller.actor_id, data, now, held, opening=False)
        store.insert_post(post)
        if held:
            store.hold_for_moderation("post", str(post["_id"]), thread["group_id"], caller.actor_id, held, now)
            return Outcome(self._post_views(store, caller, [post], thread)[0])
        thread = store.thread_activity(tid, +1, now, thread_key(bool(thread.get("pinned")), now, tid))
        return Outcome(self._post_views(store, caller, [post], thread)[0], self.announce(thread, post))

    def edit(self, store, caller: Caller, data: dict) -> dict:
        now = self.clock()
        may_post(store, caller, now)
        post, thread, _moderates = self._post(store, caller, data["post_id"])
        if post["author_id"] != caller.actor_id:
            raise Forbidden(AUTHOR_ONLY)
        if post["state"] == "deleted":
            raise Conflict(DELETED)
        if thread.get("locked"):
            raise Conflict(LOCKED)
        if not post.get("opening") and ("title" in data or "tags" in data):
            wrong = [f for f in ("title", "tags") if f in data]
            raise Invalid(fields={f: ["Seul le premier message d'une discussion a un titre et des mots-clés."]
                                  for f in wrong})
        if not any(f in data for f in ("body", "title", "tags", "attachments")):
            raise Invalid(fields={"_schema": ["Indiquez au moins un champ à modifier."]})
        previous = {"body": post["body"], "title": thread["title"] if post.get("opening") else None,
                    "until": now}
        changes = {"edited_at": now}
        if "body" in data:
            changes.update(body=data["body"], body_html=render(data["body"]), body_hash=body_hash(data["body"]))
        if "attachments" in data:
            changes["attachments"] = data["attachments"]
        history = ((post.get("history") or []) + [previous])[-MAX_HISTORY:]
        changes["history"] = history
        post = store.update_post(data["post_id"], changes)
        if post.get("opening"):
            thread_changes = {k: v for k, v in (("title", data.get("title")),) if v is not None}
            if "tags" in data:
                thread_changes["tags"] = list(dict.fromkeys(data["tags"]))
            if thread_changes:
                thread = store.update_thread(str(thread["_id"]), thread_changes)
        return self._post_views(store, caller, [post], thread)[0]

    def delete(self, store, caller: Caller, post_id: str) -> dict:
        now = self.clock()
        post, thread, _moderates = self._post(store, caller, post_id)
        if post["author_id"] != caller.actor_id:
            raise Forbidden(AUTHOR_ONLY)
        if post["state"] == "deleted":
            raise Conflict(DELETED)
        was_visible = post["state"] == "visible"
        post = store.update_post(post_id, {"state": "deleted", "deleted_at": now})
        tid = str(thread["_id"])
        if post.get("opening"):
            thread = store.update_thread(tid, {"state": "deleted", "listed": False})
        else:
            if was_visible:
                thread = store.thread_activity(tid, -1, None, None)
            if thread.get("accepted_post_id") == post_id:
                thread = store.update_thread(tid, {"accepted_post_id": None})
        return self._post_views(store, caller, [post], thread)[0]

    def react(self, store, caller: Caller, data: dict) -> dict:
        now = self.clock()
        may_post(store, caller, now)
        post, thread, _moderates = self._post(store, caller, data["post_id"])
        if post["state"] != "visible":
            raise Conflict("On ne réagit qu'à un message visible.")
        changed = store.set_reaction(data["post_id"], caller.actor_id, data["reaction"], data["active"], now)
        if changed:
            post = store.add_reaction_count(data["post_id"], data["reaction"], 1 if data["active"] else -1)
        return self._post_views(store, caller, [post], thread)[0]

    def accept(self, store, caller: Caller, thread_id: str, post_id: str | None) -> Outcome:
        thread, moderates = self._thread(store, caller, thread_id)
        if thread["author_id"] != caller.actor_id:
            raise Forbidden("Seul l'auteur de la discussion choisit la réponse acceptée.")
        if post_id is not None:
            post = store.get_post(post_id)
            if post is None or post["thread_id"] != thread_id or not self.sees(caller, post, moderates):
                raise NotFound(NO_SUCH_POST)
            if post.get("opening"):
                raise Invalid(fields={"post_id": ["Choisissez une réponse, pas le message d'ouverture."]})
            if post["state"] != "visible":
                raise Conflict("Seule une réponse visible peut être acceptée.")
        if thread.get("accepted_post_id") == post_id:
            return Outcome(self._thread_views(store, caller, [thread])[0])
        thread = store.update_thread(thread_id, {"accepted_post_id": post_id})
        events = []
        if post_id is not None:
            events.append(Event(ANSWER_ACCEPTED, 1, {
                "thread_id": thread_id, "post_id": post_id, "group_id": thread["group_id"],
                "answer_author_id": post["author_id"], "accepted_by": caller.actor_id,
                "accepted_at": iso(self.clock())}))
        return Outcome(self._thread_views(store, caller, [thread])[0], events)

    def set_state(self, store, caller: Caller, data: dict) -> dict:
        thread, moderates = self._thread(store, caller, data["thread_id"])
        if not moderates:
            raise Forbidden(MODERATORS_ONLY)
        if "pinned" not in data and "locked" not in data:
            raise Invalid(fields={"_schema": ["Indiquez au moins un champ à modifier."]})
        now = self.clock()
        tid = str(thread["_id"])
        changes = {k: data[k] for k in ("pinned", "locked") if k in data}
        pinned = changes.get("pinned", bool(thread.get("pinned")))
        changes["list_key"] = thread_key(pinned, thread["last_activity_at"], tid)
        thread = store.update_thread(tid, changes)
        for name, value in changes.items():
            if name != "list_key":
                store.audit({"action": ("pin" if value else "unpin") if name == "pinned" else
                             ("lock" if value else "unlock"), "kind": "thread", "target_id": tid,
                             "group_id": thread["group_id"], "by": caller.actor_id, "reason": None, "at": now})
        return self._thread_views(store, caller, [thread])[0]

    def follow(self, store, caller: Caller, thread_id: str, follow: bool) -> dict:
        thread, _moderates = self._thread(store, caller, thread_id)
        store.set_follow(thread_id, caller.actor_id, follow, self.clock())
        return self._thread_views(store, caller, [thread])[0]
