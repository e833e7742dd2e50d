"""A deliberately minimal second implementation of the notifications contract: kombu, one thread, memory.
It sends no e-mail and no push (no deliveries, so no failures; no token it signed, so every unsubscribe is invalid).

No nameko, no MongoDB, none of the platform's runtime: only the contract folder (its JSON
Schemas validate the requests and the envelopes) and the conventions it states:
- RPC: queue `rpc-notifications` bound to the topic exchange `nameko-rpc` with `notifications.*`;
  a request body is {"args": [], "kwargs": {...}}, the caller in the headers `nameko.actor_id`
  and `nameko.actor_roles` (believed only with a valid `nameko.context_signature`, HMAC-SHA256
  with the platform's key), its deadline in `nameko.deadline`; the reply goes to `nameko-rpc`
  with the request's `reply_to` as routing key and its `correlation_id`, body {"result", "error"}
  where an error is {"exc_path": "classe12.<code>", "exc_type", "exc_args": [message, fields], "value"};
- events: each consumer's durable queue (`x-classe12-queue`) bound to its source's exchange with
  the event name; an envelope handled once per id; one it cannot handle goes, with its reason
  in the header `classe12.dead_letter_reason`, to `<queue>.dead-letters` on the direct exchange
  `classe12.dead-letters` (a failing handler is dead-lettered at once: no retries, it is minimal).
All of it is docs/rpc-protocol.md; the kit (`classe12-contract-test notifications`) checks it.

`MinimalNotifications(amqp_uri).start()` runs it in a background thread; `stop()` ends it.
`rename_arguments={"unread_only": "unread"}` breaks it on purpose (it expects `unread`).
Standalone: python tests/replacement/minimal_notifications.py --amqp amqp://guest:guest@127.0.0.1:5672/
"""
from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import hmac
import os
import re
import secrets
import socket
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import kombu

from classe12_contracts.documents import load_contract_from
from classe12_contracts.envelope import (
    EnvelopeError,
    exchange_of,
    make_envelope,
    parse_envelope,
    routing_key_of,
    split_type,
)
from classe12_contracts.validation import field_errors
from classe12_testing.contract_diff import resolve

CONTRACT_DIR = Path(__file__).resolve().parents[2] / "services" / "notifications" / "contract"
LEVELS = ("CP", "CE1", "CE2")  # school order (urn:classe12:evaluation:formats:v1#/definitions/level)
CURSOR = re.compile(r"^n([0-9]{1,18})$")


class Refusal(Exception):
    """A typed error of the protocol: `invalid`, `not_found`, `unauthorized`, `unavailable`..."""

    def __init__(self, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.code, self.message, self.fields = code, message, fields or {}

    def wire(self) -> dict:
        return {"exc_path": f"classe12.{self.code}", "exc_type": self.code.title().replace("_", ""),
                "exc_args": [self.message, self.fields], "value": self.message}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def phrase(levels) -> str:
    return " et ".join(f"le {level}" for level in LEVELS if level in levels)


CATEGORIES = {  # category -> (label, default channels): the contract's `category` and `Preferences`
    "account": ("Mon compte", {"in_app": True, "email": "immediate", "push": "off"}),
    "resources": ("Nouvelles ressources", {"in_app": True, "email": "weekly", "push": "off"}),
    "my_resources": ("Mes ressources", {"in_app": True, "email": "immediate", "push": "on"}),
    "review": ("Relecture", {"in_app": True, "email": "daily", "push": "off"}),
    "groups": ("Mes groupes", {"in_app": True, "email": "daily", "push": "off"}),
    "discussions": ("Discussions", {"in_app": True, "email": "daily", "push": "on"}),
    "mentions": ("Mentions", {"in_app": True, "email": "immediate", "push": "on"}),
    "moderation": ("Modération", {"in_app": True, "email": "immediate", "push": "on"}),
}
KINDS = {"levels": "level", "topics": "topic", "groups": "group", "resources": "resource", "members": "member"}
EDITORS = ("adviser", "admin")
OPEN = "9999"


def thread_link(data: dict) -> str:
    return f"/groupes/{data['group_id']}/discussions/{data['thread_id']}"


#: a fixed application server key (the RFC 8291 example's): this implementation never pushes
VAPID_PUBLIC_KEY = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"


def when(text: str) -> str:
    """ISO times compared as text, in UTC at the millisecond."""
    return datetime.fromisoformat(text).astimezone(timezone.utc).isoformat(timespec="milliseconds")


class Notifications:
    """The whole behaviour, in memory (guarded by the single thread that calls it).

    Follows are (member, key, since, until); an event that tells followers is kept, and a follow
    starting in the past replays the kept events of its key: any order of events gives the same."""

    def __init__(self):
        self.profiles: dict[str, str] = {}            # member id -> time of the last profile change applied
        self.members: dict[str, dict] = {}            # member id -> what is kept of their profile (export)
        self.follows: list[list] = []                 # [member, key, since, until]
        self.announcements: list[dict] = []
        self.taxonomy: tuple[int, set] = (0, set())
        self.preferences: dict[str, dict] = {}
        self.notifications: list[dict] = []           # in creation order; `seq` orders them
        self.keys: set[tuple[str, str]] = set()       # (event id, recipient id): one notification each
        self.handled: set[tuple[str, str]] = set()    # (consumer, envelope id)
        self.changed: dict[str, dict | None] = {}      # member id -> the notification just written (live updates)
        self.devices: dict[str, dict] = {}            # endpoint -> push subscription

    def _notify(self, recipient: str, event_id: str, category: str, message: dict) -> None:
        if (event_id, recipient) in self.keys:
            return
        self.keys.add((event_id, recipient))
        notification = {"seq": len(self.notifications), "id": secrets.token_hex(12), "recipient": recipient,
                        "category": category, **message, "created_at": now(), "read_at": None}
        self.notifications.append(notification)
        self.changed[recipient] = {key: notification[key] for key in ("id", "kind", "category")}

    def inbox_changes(self) -> list[dict]:
        """notifications.inbox_changed payloads for the inboxes changed since the last call."""
        changes = [{"member_id": member, **self.unread_count(member), **({"notification": new} if new else {})}
                   for member, new in self.changed.items()]
        self.changed.clear()
        return changes

    # --- follows in time ------------------------------------------------------------------

    def _followed(self, member: str, key: str, at: str) -> bool:
        return any(f[0] == member and f[1] == key and f[2] <= at < f[3] for f in self.follows)

    def _start(self, member: str, keys, since: str) -> None:
        for key in keys:
            if not any(f[0] == member and f[1] == key and f[3] == OPEN for f in self.follows):
                self.follows.append([member, key, since, OPEN])
        for announcement in list(self.announcements):
            if member not in announcement["excluded"] and any(
                    key in announcement["keys"] and self._followed(member, key, announcement["at"]) for key in keys):
                self._tell(announcement, [member])

    def _end(self, member: str, keys, at: str) -> None:
        for f in self.follows:
            if f[0] == member and f[1] in keys and f[3] == OPEN:
                f[3] = at

    def _announce(self, envelope, category, message, keys=(), direct=(), excluded=()) -> None:
        announcement = {"id": envelope["id"], "at": when(envelope["occurred_at"]), "category": category,
                        "message": message, "keys": set(keys), "excluded": set(excluded)}
        if keys:
            self.announcements.append(announcement)
        audience = set(direct) | {f[0] for f in self.follows if f[1] in announcement["keys"]
                                  and f[2] <= announcement["at"] < f[3]}
        self._tell(announcement, audience - announcement["excluded"])

    def _tell(self, announcement: dict, members) -> None:
        for member in members:
            if self.preferences.get(member, {}).get(announcement["category"], {}).get("in_app", True):
                self._notify(member, announcement["id"], announcement["category"], announcement["message"])

    def _profile(self, member: str, at: str, levels, roles, registration: bool = False) -> None:
        """A registration sets the defaults unless a profile change came first; changes apply in
        the order of their own times (an older one handled late changes nothing)."""
        if registration:
            if member in self.profiles:
                return
        elif self.profiles.get(member, "") >= at:
            return
        else:
            self.profiles[member] = at
        wanted = {f"level:{level}" for level in levels} | ({"role:editor"} if set(roles) & set(EDITORS) else set())
        current = {f[1] for f in self.follows if f[0] == member and f[3] == OPEN
                   and (f[1].startswith("level:") or f[1] == "role:editor")}
        self._end(member, current - wanted, at)
        self._start(member, wanted - current, at)

    # --- events ---------------------------------------------------------------------------

    def welcome_new_members(self, envelope: dict) -> None:
        member = envelope["data"]
        self.members.setdefault(member["member_id"], {
            "display_name": member["display_name"], "roles": [member["role"]], "levels": member.get("levels") or [],
            "school_uai": member.get("school_uai"), "joined_at": when(envelope["occurred_at"])})
        self._profile(member["member_id"], when(envelope["occurred_at"]), member.get("levels") or [],
                      [member["role"]], registration=True)
        self._announce(envelope, "account", {"kind": "welcome", "title": f"Bienvenue sur Classe à 12, "
                       f"{member['display_name']} !", "body": "Votre compte est prêt.", "link": None},
                       direct=[member["member_id"]])

    def warn_duplicate_registrations(self, envelope: dict) -> None:
        self._announce(envelope, "account", {"kind": "duplicate_registration", "title": "Tentative d'inscription",
                       "body": "Quelqu'un a essayé de s'inscrire avec votre adresse.", "link": "/connexion"},
                       direct=[envelope["data"]["member_id"]])

    def send_account_mails(self, envelope: dict) -> None:
        """Account e-mails: it sends no e-mail, and they never show in the inbox."""

    def keep_members(self, envelope: dict) -> None:
        data = envelope["data"]
        if data["member_id"] in self.members:
            self.members[data["member_id"]].update(display_name=data["display_name"], levels=data["levels"],
                                                   roles=data["roles"])
        self._profile(data["member_id"], when(data["updated_at"]), data["levels"], data["roles"])

    def keep_member_roles(self, envelope: dict) -> None:
        data = envelope["data"]
        levels = [f[1][6:] for f in self.follows if f[0] == data["member_id"] and f[1].startswith("level:")
                  and f[3] == OPEN]
        self._profile(data["member_id"], when(data["changed_at"]), levels, data["roles"])

    def tell_group_managers(self, envelope: dict) -> None:
        data = envelope["data"]
        keys = [f"group:{data['group_id']}"] + ([f"manager:{data['group_id']}"]
                                                if data["role"] in ("owner", "moderator") else [])
        self._start(data["member_id"], keys, when(data["joined_at"]))
        self._announce(envelope, "groups", {"kind": "group_joined", "title": "Un nouveau membre a rejoint votre groupe",
                       "body": "Souhaitez-lui la bienvenue.", "link": f"/groupes/{data['group_id']}"},
                       keys=[f"manager:{data['group_id']}"], excluded=[data["member_id"]])

    def tell_group_members(self, envelope: dict) -> None:
        data = envelope["data"]
        self._start(data["author_id"], [f"thread:{data['thread_id']}"], when(data["created_at"]))
        self._announce(envelope, "groups", {"kind": "thread_created", "title": "Nouvelle discussion",
                       "body": "Une discussion a été ouverte.", "link": thread_link(data)},
                       keys=[f"group:{data['group_id']}"], excluded=[data["author_id"]])

    def tell_thread_followers(self, envelope: dict) -> None:
        data = envelope["data"]
        self._announce(envelope, "discussions", {"kind": "reply_posted", "title": "Nouvelle réponse",
                       "body": "Quelqu'un a répondu.", "link": thread_link(data)},
                       keys=[f"thread:{data['thread_id']}"], direct=[data["thread_author_id"]],
                       excluded=[data["author_id"]])

    def tell_mentioned_members(self, envelope: dict) -> None:
        data = envelope["data"]
        self._announce(envelope, "mentions", {"kind": "member_mentioned", "title": "On vous a mentionné",
                       "body": "Vous êtes cité dans un message.", "link": thread_link(data)},
                       direct=[data["member_id"]], excluded=[data["author_id"]])

    def tell_accepted_answers(self, envelope: dict) -> None:
        data = envelope["data"]
        self._announce(envelope, "discussions", {"kind": "answer_accepted", "title": "Réponse retenue",
                       "body": "Une réponse a été retenue.", "link": thread_link(data)},
                       keys=[f"thread:{data['thread_id']}"], direct=[data["answer_author_id"]],
                       excluded=[data["accepted_by"]])

    def tell_hidden_content_authors(self, envelope: dict) -> None:
        data = envelope["data"]
        self._announce(envelope, "moderation", {"kind": "content_hidden", "title": "Contenu masqué",
                       "body": "Un de vos contenus a été masqué.", "link": None},
                       direct=[data["author_id"]] if data["author_id"] else [], excluded=[data["hidden_by"]])

    def keep_taxonomy(self, envelope: dict) -> None:
        data = envelope["data"]
        if data["version"] > self.taxonomy[0]:
            self.taxonomy = (data["version"], {d["slug"] for d in data["domains"]}
                             | {s["slug"] for d in data["domains"] for s in d["subdomains"]})

    def ask_editors_to_review(self, envelope: dict) -> None:
        data = envelope["data"]
        self._start(data["author_id"], [f"resource:{data['resource_id']}"], when(envelope["occurred_at"]))
        self._announce(envelope, "review", {"kind": "resource_submitted", "title": f"Ressource à relire : "
                       f"{data['title']}", "body": "Une ressource attend une relecture.",
                       "link": f"/ressources/{data['resource_id']}"}, keys=["role:editor"], excluded=[data["author_id"]])

    def tell_authors_of_reviews(self, envelope: dict) -> None:
        data = envelope["data"]
        self._announce(envelope, "my_resources", {"kind": "resource_changes_requested", "title": "Modifications "
                       f"demandées : {data['title']}", "body": data["comment"],
                       "link": f"/ressources/{data['resource_id']}"}, direct=[data["author_id"]],
                       excluded=[data["requested_by"]])

    def announce_new_resources(self, envelope: dict) -> None:
        resource = envelope["data"]
        keys = [f"level:{level}" for level in resource["levels"]] + [f"topic:{t}" for t in resource.get("topics") or []]
        keys += [f"member:{resource['published_by']}", f"resource:{resource['resource_id']}"]
        self._announce(envelope, "resources", {"kind": "resource_published", "title": "Nouvelle ressource : "
                       f"{resource['title']}", "body": "Une ressource vient d'être publiée.",
                       "link": f"/ressources/{resource['resource_id']}"}, keys=keys,
                       excluded=[resource["published_by"]])

    def tell_resource_followers(self, envelope: dict) -> None:
        data = envelope["data"]
        self._announce(envelope, "resources", {"kind": "resource_updated", "title": f"Ressource mise à jour : "
                       f"{data['title']}", "body": "Une ressource que vous suivez a été modifiée.",
                       "link": f"/ressources/{data['resource_id']}"}, keys=[f"resource:{data['resource_id']}"],
                       excluded=[data["edited_by"]])

    def tell_archived_resources(self, envelope: dict) -> None:
        data = envelope["data"]
        self._announce(envelope, "my_resources", {"kind": "resource_archived", "title": f"Ressource archivée : "
                       f"{data['title']}", "body": "Cette ressource a été archivée.",
                       "link": f"/ressources/{data['resource_id']}"}, keys=[f"resource:{data['resource_id']}"],
                       direct=[data["author_id"]], excluded=[data["archived_by"]])

    def forget_deleted_members(self, envelope: dict) -> None:
        """Everything of the member goes, and the follows of them by others (it keeps no e-mail log)."""
        member = envelope["data"]["member_id"]
        self.members.pop(member, None)
        self.profiles.pop(member, None)
        self.preferences.pop(member, None)
        self.follows = [f for f in self.follows if f[0] != member and f[1] != f"member:{member}"]
        self.notifications = [n for n in self.notifications if n["recipient"] != member]
        self.devices = {endpoint: d for endpoint, d in self.devices.items() if d["member"] != member}
        for announcement in self.announcements:
            announcement["excluded"].discard(member)

    # --- RPC ------------------------------------------------------------------------------

    def health(self, caller) -> dict:
        return {"service": "notifications", "version": "minimal", "status": "ok",
                "database": {"ok": True, "latency_ms": 0}}

    def list_notifications(self, caller, limit=20, cursor=None, unread_only=False) -> dict:
        mine = [n for n in reversed(self.notifications) if n["recipient"] == caller]
        shown = [n for n in mine if not (unread_only and n["read_at"])]
        if cursor is not None:
            match = CURSOR.match(cursor)
            if not match:
                raise Refusal("invalid", "Curseur invalide.", {"cursor": ["Curseur de pagination invalide."]})
            shown = [n for n in shown if n["seq"] < int(match.group(1))]
        page = shown[:limit]
        return {"items": [self._view(n) for n in page],
                "next_cursor": f"n{page[-1]['seq']}" if len(shown) > limit else None,
                "unread_count": sum(1 for n in mine if n["read_at"] is None)}

    def unread_count(self, caller) -> dict:
        return {"unread_count": sum(1 for n in self.notifications if n["recipient"] == caller and not n["read_at"])}

    def mark_read(self, caller, notification_id) -> dict:
        for notification in self.notifications:
            if notification["id"] == notification_id and notification["recipient"] == caller:
                notification["read_at"] = notification["read_at"] or now()
                self.changed.setdefault(caller, None)
                return self._view(notification)
        raise Refusal("not_found", "Cette notification n'existe pas.")

    def mark_all_read(self, caller) -> dict:
        unread = [n for n in self.notifications if n["recipient"] == caller and not n["read_at"]]
        for notification in unread:
            notification["read_at"] = now()
        if unread:
            self.changed.setdefault(caller, None)
        return {"marked": len(unread), "unread_count": 0}

    def delete_notification(self, caller, notification_id) -> dict:
        for notification in self.notifications:
            if notification["id"] == notification_id and notification["recipient"] == caller:
                self.notifications.remove(notification)
                self.changed.setdefault(caller, None)
                return {"deleted": True, **self.unread_count(caller)}
        raise Refusal("not_found", "Cette notification n'existe pas.")

    def get_follows(self, caller) -> dict:
        view = {kind: sorted({f[1].split(":", 1)[1] for f in self.follows if f[0] == caller and f[3] == OPEN
                              and f[1].split(":", 1)[0] == prefix}) for kind, prefix in KINDS.items()}
        view["levels"] = [level for level in LEVELS if level in view["levels"]]
        return view

    def set_follows(self, caller, **change) -> dict:
        unknown = [t for t in change.get("topics") or [] if t not in self.taxonomy[1]]
        if unknown:
            raise Refusal("invalid", "Thème inconnu.", {"topics": [f"Thème inconnu : {unknown[0]}."]})
        at = now()
        for kind, values in change.items():
            prefix = KINDS[kind]
            wanted = {f"{prefix}:{value}" for value in values}
            current = {f[1] for f in self.follows if f[0] == caller and f[3] == OPEN and f[1].startswith(prefix + ":")}
            self._end(caller, current - wanted, at)
            self._start(caller, wanted - current, at)
        return self.get_follows(caller)

    def get_preferences(self, caller) -> dict:
        mine = self.preferences.get(caller, {})
        return {"categories": [{"category": name, "label": label, **channels, **mine.get(name, {})}
                               for name, (label, channels) in CATEGORIES.items()],
                "quiet_hours": mine.get("quiet_hours"), "timezone": "Europe/Paris"}

    def set_preferences(self, caller, categories=(), **rest) -> dict:
        quiet = rest.get("quiet_hours")
        if quiet and quiet["start"] == quiet["end"]:
            raise Refusal("invalid", "Heures calmes vides.", {"quiet_hours": ["Le début et la fin doivent différer."]})
        mine = self.preferences.setdefault(caller, {})
        for item in categories:
            mine.setdefault(item["category"], {}).update({k: v for k, v in item.items() if k != "category"})
        if "quiet_hours" in rest:
            mine["quiet_hours"] = quiet
        return self.get_preferences(caller)

    def describe_unsubscribe(self, caller, token) -> dict:
        return self.unsubscribe(caller, token)

    def unsubscribe(self, caller, token) -> dict:
        raise Refusal("invalid", "Ce lien de désinscription n'est pas valide.", {"token": ["Lien invalide."]})

    def list_delivery_failures(self, caller, limit=20, cursor=None) -> dict:
        if cursor is not None:
            raise Refusal("invalid", "Curseur invalide.", {"cursor": ["Curseur de pagination invalide."]})
        return {"items": [], "next_cursor": None}  # it sends no e-mail

    def export_member_data(self, caller) -> dict:
        history = [{"key": f[1], "origin": None, "since": f[2], "until": None if f[3] == OPEN else f[3]}
                   for f in self.follows if f[0] == caller]
        return {"service": "notifications", "format_version": 1, "exported_at": now(), "data": {
            "profile": self.members.get(caller), "follows": self.get_follows(caller), "follow_history": history,
            "preferences": self.get_preferences(caller), "notifications": self.list_notifications(caller, 10**6)["items"],
            "emails": [], "digest_items": [],
            "push_devices": self.list_push_subscriptions(caller)["items"]}}
    # --- web push: it keeps the devices, and sends nothing (as with e-mail) ------------------------

    def get_vapid_public_key(self, caller) -> dict:
        return {"public_key": VAPID_PUBLIC_KEY}

    def add_push_subscription(self, caller, endpoint, keys, expirationTime=None) -> dict:  # noqa: N803
        if not endpoint.startswith("https://") or len(endpoint) <= len("https://"):
            raise Refusal("invalid", "Adresse invalide.", {"endpoint": ["Une URL https est attendue."]})
        for name, size in (("p256dh", 65), ("auth", 16)):
            text = keys[name].rstrip("=")
            if len(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))) != size:
                raise Refusal("invalid", "Clé invalide.", {f"keys.{name}": [f"{size} octets attendus."]})
        device = self.devices.get(endpoint) or {"id": secrets.token_hex(12), "endpoint": endpoint,
                                                "created_at": now(), "last_success_at": None}
        self.devices[endpoint] = {**device, "member": caller}
        return {k: v for k, v in device.items() if k != "member"}

    def list_push_subscriptions(self, caller) -> dict:
        return {"items": [{k: v for k, v in d.items() if k != "member"}
                          for d in reversed(list(self.devices.values())) if d["member"] == caller]}

    def delete_push_subscription(self, caller, subscription_id) -> dict:
        for endpoint, device in list(self.devices.items()):
            if device["id"] == subscription_id and device["member"] == caller:
                del self.devices[endpoint]
                return {"deleted": True}
        raise Refusal("not_found", "Cet abonnement n'existe pas.")

    @staticmethod
    def _view(notification: dict) -> dict:
        return {key: notification[key]
                for key in ("id", "kind", "category", "title", "body", "link", "created_at", "read_at")}


class MinimalNotifications:
    """The RPC queue and the two consumer queues, served by one background thread."""

    def __init__(self, amqp_uri: str, contract_folder: Path = CONTRACT_DIR, rename_arguments: dict | None = None,
                 context_key: str | None = None):
        self.amqp_uri = amqp_uri
        self.context_key = context_key or os.environ.get("ACTOR_CONTEXT_KEY", "")
        self.contract = load_contract_from("notifications", Path(contract_folder))
        self.domain = Notifications()
        self.renamed = dict(rename_arguments or {})
        self.inputs = {name: self._input_schema(op) for name, op in self.contract.operations.items()}
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._failure: Exception | None = None
        self._thread: threading.Thread | None = None

    def _input_schema(self, operation) -> dict:
        schema = copy.deepcopy(resolve(self.contract.registry, operation.input))
        for old, new in self.renamed.items():  # a broken implementation, on purpose
            if old in schema.get("properties", {}):
                schema["properties"][new] = schema["properties"].pop(old)
                schema["required"] = [new if name == old else name for name in schema.get("required", [])]
        return schema

    # --- lifecycle ------------------------------------------------------------------------

    def start(self, timeout: float = 10.0) -> "MinimalNotifications":
        self._thread = threading.Thread(target=self._serve, name="minimal-notifications", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            self.stop()
            raise RuntimeError(f"minimal notifications did not start: {self._failure!r}")
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _serve(self) -> None:
        rpc = kombu.Exchange("nameko-rpc", type="topic", durable=True)
        dead = kombu.Exchange("classe12.dead-letters", type="direct", durable=True)
        try:
            with kombu.Connection(self.amqp_uri, transport_options={"confirm_publish": True}) as connection:
                channel = connection.channel()
                channel.basic_qos(0, 10, False)
                self.producer = kombu.Producer(channel)
                kombu.Exchange(exchange_of("notifications.inbox_changed"), type="topic", durable=True)(channel).declare()
                queues = [kombu.Queue("rpc-notifications", rpc, routing_key="notifications.*", durable=True)]
                consumers = [kombu.Consumer(channel, queues, callbacks=[self._on_request], accept=["json"])]
                for consumer in self.contract.consumes.values():
                    source, name = split_type(consumer.event_type)
                    events = kombu.Exchange(f"{source}.events", type="topic", durable=True)
                    queue = kombu.Queue(consumer.queue, events, routing_key=name, durable=True)
                    kombu.Queue(consumer.queue + ".dead-letters", dead, routing_key=consumer.queue,
                                durable=True)(channel).declare()
                    consumers.append(kombu.Consumer(channel, [queue], accept=["json"],
                                                    callbacks=[self._event_callback(consumer)],
                                                    on_decode_error=self._undecodable(consumer.queue)))
                for consumer in consumers:
                    consumer.consume()
                self._ready.set()
                while not self._stop.is_set():
                    try:
                        connection.drain_events(timeout=0.2)
                    except socket.timeout:
                        pass
        except Exception as exc:  # reported by start(); a test would see its kit fail anyway
            self._failure = exc

    # --- RPC ------------------------------------------------------------------------------

    def _on_request(self, body, message) -> None:
        headers = message.headers or {}
        method = message.delivery_info["routing_key"].split(".", 1)[1]
        try:
            result, error = self._call(method, (body or {}).get("kwargs") or {}, headers), None
        except Refusal as refusal:
            result, error = None, refusal.wire()
        except Exception as exc:  # a bug: not one of the contract's errors
            result, error = None, {"exc_path": f"builtins.{type(exc).__name__}", "exc_type": type(exc).__name__,
                                   "exc_args": [str(exc)], "value": str(exc)}
        self._publish_inbox_changes()
        reply_to = message.properties.get("reply_to")
        if reply_to:
            self.producer.publish({"result": result, "error": error}, exchange="nameko-rpc", routing_key=reply_to,
                                  correlation_id=message.properties.get("correlation_id"), serializer="json")
        message.ack()

    def _call(self, method: str, kwargs: dict, headers: dict):
        deadline = headers.get("nameko.deadline")
        if deadline and time.time() > float(deadline):
            raise Refusal("unavailable", "Demande expirée avant son traitement.")
        if method not in self.contract.operations:
            raise RuntimeError(f"no method {method}")
        caller = headers.get("nameko.actor_id") or None
        if caller and not self._signed(headers):
            raise Refusal("unauthorized", "Contexte d'appel non signé ou altéré : l'appel est refusé.")
        access = self.contract.operations[method].access
        if access.auth == "required" and not caller:
            raise Refusal("unauthorized", "Vous devez être connecté.")
        roles = set(str(headers.get("nameko.actor_roles") or "").split(","))
        if access.roles and not roles & set(access.roles):
            raise Refusal("forbidden", "Vous n'avez pas le droit de faire cela.")
        problems = field_errors(self.inputs[method], kwargs, self.contract.registry)
        if problems:
            raise Refusal("invalid", "Certaines données envoyées ne sont pas valides.", problems)
        arguments = {self._original(name): value for name, value in kwargs.items()}
        return getattr(self.domain, method)(caller, **arguments)

    def _signed(self, headers: dict) -> bool:
        """docs/rpc-protocol.md: HMAC-SHA256 over "v1" and six context headers, one per line."""
        fields = ("actor_id", "actor_roles", "request_id", "deadline", "idempotency_key", "client_address")
        text = "\n".join(["v1", *(str(headers.get(f"nameko.{name}") or "") for name in fields)])
        expected = hmac.new(self.context_key.encode(), text.encode(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(str(headers.get("nameko.context_signature") or ""), expected)

    def _original(self, name: str) -> str:
        return next((old for old, new in self.renamed.items() if new == name), name)

    # --- events ---------------------------------------------------------------------------

    def _event_callback(self, consumer):
        def on_event(body, message):
            try:
                envelope = parse_envelope(body, set(consumer.versions), self.contract.registry)
                if (consumer.name, envelope["id"]) not in self.domain.handled:
                    getattr(self.domain, consumer.name)(envelope)
                    self.domain.handled.add((consumer.name, envelope["id"]))
                    self._publish_inbox_changes()
            except EnvelopeError as exc:
                self._dead_letter(consumer.queue, message, exc.reason, f"{exc.detail} {exc.fields or ''}")
            except Exception as exc:  # a bug: kept in the dead letters, never lost
                self._dead_letter(consumer.queue, message, "handler_failed", repr(exc))
            message.ack()
        return on_event

    def _publish_inbox_changes(self) -> None:
        """Live updates: notifications.inbox_changed for every inbox the last call or event changed."""
        for change in self.domain.inbox_changes():
            envelope = make_envelope("notifications.inbox_changed", 1, change)
            self.producer.publish(envelope, exchange=exchange_of("notifications.inbox_changed"),
                                  routing_key=routing_key_of("notifications.inbox_changed"), serializer="json")

    def _undecodable(self, queue: str):
        def on_decode_error(message, exc):
            self._dead_letter(queue, message, "undecodable", repr(exc))
            message.ack()
        return on_decode_error

    def _dead_letter(self, queue: str, message, reason: str, detail: str) -> None:
        """The original body and headers, with why, to `<queue>.dead-letters` (publisher confirms)."""
        headers = dict(message.headers or {}, **{
            "classe12.dead_letter_reason": reason, "classe12.dead_letter_detail": detail[:2000],
            "classe12.dead_letter_queue": queue, "classe12.dead_lettered_at": now()})
        self.producer.publish(message.body, exchange="classe12.dead-letters", routing_key=queue, delivery_mode=2,
                              headers=headers, content_type=message.content_type,
                              content_encoding=message.content_encoding)


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--amqp", required=True)
    cli.add_argument("--rename", action="append", default=[], metavar="OLD=NEW",
                     help="break it on purpose: expect argument NEW instead of OLD")
    args = cli.parse_args()
    service = MinimalNotifications(args.amqp, rename_arguments=dict(r.split("=", 1) for r in args.rename)).start()
    print("minimal notifications running; Ctrl-C stops it")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        service.stop()


if __name__ == "__main__":
    main()
