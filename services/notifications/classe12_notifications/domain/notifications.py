"""Use cases: turn events into notifications (in-app, e-mail now, digest items), keep what
members follow and prefer, serve the inbox.

Events may arrive in any order (a consumer was down, a queue is behind another): the audience
of an event is who followed one of its keys when it happened (follows carry `since`/`until`).
Every event that tells someone is kept as an announcement; a follow that starts in the past
(a registration, a group joined, a profile change handled late) replays the announcements of
its key since then. Each side writes its own record (announcement, follow) *before* reading the
other's, so when both run at once at least one sees the other; every write is keyed on
(event, recipient, channel), so seeing each other twice makes one.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime
from typing import Callable, Iterable

from classe12_contracts.errors import Invalid, NotFound
from classe12_runtime.clock import as_utc, iso, utcnow
from classe12_runtime.context import Caller
from classe12_runtime.pagination import decode_cursor, page_of

from . import follows as follows_rules
from . import preferences as prefs_rules
from .account_mail import account_delivery
from .audience import ordered_levels
from .documents import happened_at, new_notification
from .mailing import read_unsubscribe_token
from .messages import TEMPLATES
from .preferences import not_before
from .rules import BY_EVENT, CATEGORIES, DIRECT, Rule

log = logging.getLogger(__name__)

#: Notifications written per round trip to the database during a fan-out.
FANOUT_BATCH = 500
MAX_FOLLOWS = 500


def public_view(doc: dict) -> dict:
    """A notification as the RPC returns it."""
    read_at = doc.get("read_at")
    return {"id": str(doc["_id"]), "kind": doc["kind"], "category": doc.get("category") or "account",
            "title": doc["title"], "body": doc["body"], "link": doc.get("link"),
            "created_at": iso(doc["created_at"]), "read_at": iso(read_at)}


def failure_view(doc: dict) -> dict:
    subject = doc["message"]["title"] if doc.get("message") else f"Résumé ({doc.get('period_key')})"
    return {"id": doc["delivery_id"], "recipient_id": doc["recipient_id"], "kind": doc["kind"],
            "category": doc.get("category"), "subject": subject, "attempts": doc["attempts"],
            "error": doc.get("error") or "", "failed_at": iso(doc["failed_at"]),
            "log": [{"at": iso(entry["at"]), "outcome": entry["outcome"], "code": entry.get("code"),
                     "detail": entry["detail"]} for entry in doc.get("log") or ()]}


def announcement_of(rule: Rule, envelope: dict) -> dict:
    audience = rule.audience(envelope["data"])
    return {"_id": envelope["id"], "event_id": envelope["id"], "type": envelope["type"],
            "keys": sorted(set(audience.keys)), "direct": list(audience.direct), "excluded": list(audience.excluded),
            "occurred_at": happened_at(envelope), "data": envelope["data"]}


def _scope_of(prefs: dict, scope: str) -> tuple[list[str], str]:
    """The categories an unsubscribe link turns off (a digest: those sent in it now) and their
    French name."""
    if scope.startswith("digest:"):
        period = scope.partition(":")[2]
        names = [name for name, channels in prefs["categories"].items() if channels["email"] == period]
        return sorted(names), f"le résumé {'quotidien' if period == 'daily' else 'hebdomadaire'}"
    names = [scope] if scope in prefs["categories"] else []
    return names, f"les courriels « {CATEGORIES[scope][0]} »" if names else "ces courriels"


def _at(text: str | None, envelope: dict) -> datetime:
    return as_utc(datetime.fromisoformat(text)) if text else happened_at(envelope)


class Notifications:
    """Use cases over a repository (storage.NotificationStore; tests: an in-memory copy)."""

    def __init__(self, clock: Callable[[], datetime] = utcnow, batch_size: int = FANOUT_BATCH):
        self.clock = clock
        self.batch_size = batch_size

    # --- events -------------------------------------------------------------------------

    def handle(self, store, envelope: dict) -> int:
        """Any event of the rules table: projections first, then who is told. Idempotent;
        returns how many in-app notifications were new."""
        kind = envelope["type"]
        created = self._project(store, envelope)
        rule = BY_EVENT[kind]
        if rule.category is None:
            return created
        announcement = announcement_of(rule, envelope)
        if announcement["keys"]:
            store.add_announcement(announcement)  # first: a follow started from now on finds it
        created += self._fan_out(store, rule, announcement, self._audience(store, announcement))
        log.info("event told", extra={"event_id": envelope["id"], "type": kind, "notifications_created": created})
        return created

    def _project(self, store, envelope: dict) -> int:
        """What the service keeps of an event (members, follows, the taxonomy); returns how many
        notifications follows starting in the past caught up on."""
        data, kind = envelope["data"], envelope["type"]
        if kind == "community.member_registered":
            return self._registered(store, envelope)
        if kind == "community.member_updated":
            return self._profile_changed(store, data["member_id"], _at(data.get("updated_at"), envelope),
                                  roles=data["roles"], levels=data["levels"], display_name=data["display_name"])
        if kind == "community.member_roles_changed":
            return self._profile_changed(store, data["member_id"], _at(data.get("changed_at"), envelope), roles=data["roles"])
        if kind == "community.group_joined":
            at = _at(data.get("joined_at"), envelope)
            keys = follows_rules.group_keys(data["group_id"], data["role"])
            return self._start_follows(store, data["member_id"], keys, at, follows_rules.MEMBERSHIP)
        if kind == "community.thread_created":
            return self._start_follows(store, data["author_id"], {f"thread:{data['thread_id']}"},
                                       _at(data.get("created_at"), envelope), follows_rules.AUTHORSHIP)
        if kind == "community.account_mail_requested":
            store.add_deliveries([account_delivery(data, self.clock())])
            return 0
        if kind == "resources.taxonomy_published":
            self.keep_taxonomy(store, data)
        if kind == "resources.resource_submitted":
            return self._start_follows(store, data["author_id"], {f"resource:{data['resource_id']}"},
                                       happened_at(envelope), follows_rules.AUTHORSHIP)
        return 0

    @staticmethod
    def keep_taxonomy(store, taxonomy: dict) -> None:
        """The topics' slugs (domains and subdomains) of a taxonomy as resources announces it, or
        as `resources.get_taxonomy` answers when none was announced to this database."""
        topics = [sub["slug"] for domain in taxonomy["domains"] for sub in domain.get("subdomains") or ()]
        topics += [domain["slug"] for domain in taxonomy["domains"]]
        store.keep_taxonomy(taxonomy["version"], sorted(set(topics)))

    def _audience(self, store, announcement: dict) -> dict[str, set]:
        reasons: dict[str, set] = defaultdict(set)
        for member_id in announcement["direct"]:
            reasons[member_id].add(DIRECT)
        for key in announcement["keys"]:
            for member_id in store.followers(key, announcement["occurred_at"]):
                reasons[member_id].add(key)
        for member_id in announcement["excluded"]:
            reasons.pop(member_id, None)
        return reasons

    def _registered(self, store, envelope: dict) -> int:
        data = envelope["data"]
        joined_at = happened_at(envelope)
        profile = {"display_name": data["display_name"], "role": data["role"], "roles": [data["role"]],
                   "levels": ordered_levels(data.get("levels"))}
        if (store.recipient(data["member_id"]) or {}).get("profile_at"):
            profile = {"role": data["role"]}  # a later profile change was handled first: it wins
        store.upsert_recipient({"member_id": data["member_id"], **profile, "school_uai": data.get("school_uai"),
                                "joined_at": joined_at, "updated_at": self.clock()})
        if store.has_follows(data["member_id"], follows_rules.PROFILE):
            return 0  # a profile change was handled first and set them
        keys = follows_rules.default_keys(data["role"], (), data.get("levels"))
        return self._start_follows(store, data["member_id"], keys, joined_at, follows_rules.PROFILE)

    def _profile_changed(self, store, member_id: str, at: datetime, roles=None, levels=None,
                         display_name=None) -> int:
        recipient = dict(store.recipient(member_id) or {})
        if recipient.get("profile_at") and recipient["profile_at"] >= at:
            return 0  # an older change handled after a newer one
        levels = ordered_levels(levels if levels is not None else recipient.get("levels") or ())
        roles = list(roles if roles is not None else recipient.get("roles") or ())
        store.update_recipient(member_id, {"levels": levels, "roles": roles, "profile_at": at,
                                           **({"display_name": display_name} if display_name else {})})
        # only what the profile itself changed moves: a level the member chose to stop following
        # (PUT /me/follows) is not followed again because they changed their display name
        before = follows_rules.default_keys(None, recipient.get("roles") or [recipient.get("role")],
                                            recipient.get("levels")) if recipient else set()
        after = follows_rules.default_keys(None, roles, levels)
        store.end_follows(member_id, before - after, at, origin=follows_rules.PROFILE)
        return self._start_follows(store, member_id, after - before, at, follows_rules.PROFILE)

    def _start_follows(self, store, member_id: str, keys: Iterable[str], since: datetime, origin: str) -> int:
        """Follow `keys` from `since` on, then tell the member of what those keys announced since."""
        keys = set(keys)
        if not keys:
            return 0
        created, seen = 0, set()
        store.add_follows([follows_rules.follow(member_id, key, since, origin) for key in sorted(keys)])
        for key in sorted(keys):  # then: an announcement handled before the follow still reaches them
            for announcement in store.announcements_for(key, since):
                if member_id in announcement["excluded"] or announcement["event_id"] in seen:
                    continue
                seen.add(announcement["event_id"])
                rule = BY_EVENT[announcement["type"]]
                reasons = {k for k in announcement["keys"] if store.follows_at(member_id, k, announcement["occurred_at"])}
                if reasons:
                    created += self._fan_out(store, rule, announcement, {member_id: reasons})
        return created

    def _fan_out(self, store, rule: Rule, announcement: dict, reasons: dict[str, set]) -> int:
        created, members = 0, sorted(reasons)
        template = TEMPLATES[rule.template]
        now = None  # read once, only when an e-mail is queued
        for start in range(0, len(members), self.batch_size):
            batch = members[start:start + self.batch_size]
            stored = store.preferences_of(batch)
            in_app, emails, digests, pushed = [], [], [], {}
            for member_id in batch:
                message = template(announcement["data"], reasons[member_id])
                channels = prefs_rules.effective(stored.get(member_id))["categories"][rule.category]
                if channels["in_app"]:
                    in_app.append({**new_notification(member_id, announcement["event_id"], message,
                                                      announcement["occurred_at"]), "category": rule.category})
                email = "immediate" if rule.always_email else channels["email"]
                item = {"recipient_id": member_id, "event_id": announcement["event_id"], "category": rule.category,
                        "message": message, "occurred_at": announcement["occurred_at"]}
                if email == "immediate":
                    now = now or self.clock()
                    due = now if rule.always_email else not_before(stored.get(member_id), now)
                    emails.append({**item, "_id": f"{announcement['event_id']}|{member_id}|email", "kind": "immediate",
                                   "status": "pending", "attempts": 0, "next_attempt_at": due, "created_at": now,
                                   "log": []})
                elif email in ("daily", "weekly"):
                    digests.append({**item, "_id": f"{announcement['event_id']}|{member_id}|{email}",
                                    "period": email})
                if channels.get("push") == "on":
                    pushed[member_id] = item
            created += store.add_notifications(in_app) if in_app else 0
            if emails:
                store.add_deliveries(emails)
            if digests:
                store.add_digest_items(digests)
            if pushed:
                now = now or self.clock()
                self._queue_pushes(store, announcement["event_id"], pushed, stored, now)
        return created

    @staticmethod
    def _queue_pushes(store, event_id: str, items: dict[str, dict], stored: dict, now: datetime) -> None:
        """One push delivery per (event, recipient, device), for the devices subscribed now;
        held, like immediate e-mails, until the end of the member's quiet hours."""
        docs = [{**items[sub["member_id"]], "_id": f"{event_id}|{sub['member_id']}|push|{sub['_id']}",
                 "subscription_id": str(sub["_id"]), "status": "pending", "attempts": 0,
                 "next_attempt_at": not_before(stored.get(sub["member_id"]), now), "created_at": now, "log": []}
                for sub in store.push_subscriptions_of(sorted(items))]
        if docs:
            store.add_push_deliveries(docs)

    # --- follows and preferences -----------------------------------------------------------

    def get_follows(self, store, caller: Caller) -> dict:
        member_id = caller.require_member()
        return follows_rules.as_view(doc["key"] for doc in store.open_follows(member_id))

    def set_follows(self, store, caller: Caller, change: dict) -> dict:
        """Replace the follows of the kinds given (a kind left out keeps its follows)."""
        member_id = caller.require_member()
        now = self.clock()
        topics = change.get("topics")
        if topics:
            known = store.taxonomy_topics()
            unknown = [topic for topic in topics if topic not in known]
            if unknown:
                raise Invalid(fields={"topics": [f"Thème inconnu : {', '.join(unknown[:5])}."]})
        wanted_view = follows_rules.as_view(follows_rules.keys_of(
            {kind: values for kind, values in change.items() if kind in follows_rules.FOLLOW_KINDS}))
        current = {doc["key"]: doc for doc in store.open_follows(member_id) if follows_rules.member_facing(doc["key"])}
        prefixes = {follows_rules.FOLLOW_KINDS[kind] for kind in change if kind in follows_rules.FOLLOW_KINDS}
        wanted = follows_rules.keys_of({kind: wanted_view[kind] for kind in change if kind in follows_rules.FOLLOW_KINDS})
        concerned = {key for key in current if key.partition(":")[0] in prefixes}
        total = len(set(current) - concerned | wanted)
        if total > MAX_FOLLOWS:
            raise Invalid(fields={"_schema": [f"Vous pouvez suivre au plus {MAX_FOLLOWS} éléments."]})
        store.end_follows(member_id, concerned - wanted, now)
        store.add_follows([follows_rules.follow(member_id, key, now, follows_rules.MEMBER)
                           for key in sorted(wanted - concerned)])
        return self.get_follows(store, caller)

    def get_preferences(self, store, caller: Caller) -> dict:
        member_id = caller.require_member()
        return prefs_rules.view(store.preferences_of([member_id]).get(member_id))

    def set_preferences(self, store, caller: Caller, change: dict) -> dict:
        member_id = caller.require_member()
        stored = store.preferences_of([member_id]).get(member_id)
        store.set_preferences(member_id, prefs_rules.merged(stored, change), self.clock())
        return self.get_preferences(store, caller)

    def describe_unsubscribe(self, store, secret: str, token: str) -> dict:
        """What the link would stop (the page a click opens shows it before its button)."""
        member_id, scope = read_unsubscribe_token(secret, token, self.clock())
        prefs = prefs_rules.effective(store.preferences_of([member_id]).get(member_id))
        names, what = _scope_of(prefs, scope)
        return {"scope": scope, "categories": names, "what": what}

    def unsubscribe(self, store, secret: str, token: str) -> dict:
        """One click from an e-mail: that category's e-mails (or that digest) stop; no sign-in."""
        member_id, scope = read_unsubscribe_token(secret, token, self.clock())
        prefs = prefs_rules.effective(store.preferences_of([member_id]).get(member_id))
        names, what = _scope_of(prefs, scope)
        for name in names:
            prefs["categories"][name]["email"] = "off"
        store.set_preferences(member_id, prefs, self.clock())
        return {"unsubscribed": sorted(names),
                "message": f"C'est fait : vous ne recevrez plus {what}. Vous pouvez changer d'avis à tout moment "
                           f"dans vos préférences de notification."}

    def failures(self, store, caller: Caller, limit: int = 20, cursor: str | None = None) -> dict:
        """E-mails that could not be delivered, newest first, for admins (no address shown)."""
        caller.require_role("admin")
        position = decode_cursor(cursor) if cursor else None
        docs = [{**doc, "_id": doc["list_id"], "delivery_id": doc["_id"]} for doc in store.failures(limit + 1, position)]
        return page_of(docs, limit, "failed_at", failure_view)

    # --- the inbox ---------------------------------------------------------------------------

    def list(self, store, caller: Caller, limit: int = 20, cursor: str | None = None, unread_only: bool = False) -> dict:
        """The caller's own notifications, newest first, with their unread count."""
        recipient_id = caller.require_member()
        position = decode_cursor(cursor) if cursor else None
        docs = store.list_for(recipient_id, limit + 1, position, unread_only)
        return {**page_of(docs, limit, "created_at", public_view),
                "unread_count": store.count_unread(recipient_id)}

    def unread_count(self, store, caller: Caller) -> dict:
        return {"unread_count": store.count_unread(caller.require_member())}

    def mark_read(self, store, caller: Caller, notification_id: str) -> dict:
        """Mark one of the caller's notifications read; the first read_at is kept."""
        recipient_id = caller.require_member()
        doc = store.mark_read(recipient_id, notification_id, self.clock())
        if doc is None:
            raise NotFound("Cette notification n'existe pas.")
        return public_view(doc)

    def mark_all_read(self, store, caller: Caller) -> dict:
        recipient_id = caller.require_member()
        marked = store.mark_all_read(recipient_id, self.clock())
        return {"marked": marked, "unread_count": store.count_unread(recipient_id)}

    def delete(self, store, caller: Caller, notification_id: str) -> dict:
        recipient_id = caller.require_member()
        if not store.delete_notification(recipient_id, notification_id):
            raise NotFound("Cette notification n'existe pas.")
        return {"deleted": True, "unread_count": store.count_unread(recipient_id)}
