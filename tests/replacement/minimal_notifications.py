"""A deliberately minimal second implementation of the notifications contract: kombu, one thread, memory.

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
from classe12_contracts.envelope import EnvelopeError, parse_envelope, split_type
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


class Notifications:
    """The whole behaviour, in memory (guarded by the single thread that calls it)."""

    def __init__(self):
        self.recipients: dict[str, list[str]] = {}    # member id -> levels
        self.notifications: list[dict] = []           # in creation order; `seq` orders them
        self.keys: set[tuple[str, str]] = set()       # (event id, recipient id): one notification each
        self.handled: set[tuple[str, str]] = set()    # (consumer, envelope id)

    def _notify(self, recipient: str, event_id: str, kind: str, title: str, body: str, link) -> None:
        if (event_id, recipient) in self.keys:
            return
        self.keys.add((event_id, recipient))
        self.notifications.append({"seq": len(self.notifications), "id": secrets.token_hex(12),
                                   "recipient": recipient, "kind": kind, "title": title, "body": body,
                                   "link": link, "created_at": now(), "read_at": None})

    # --- events ---------------------------------------------------------------------------

    def welcome_new_members(self, envelope: dict) -> None:
        member = envelope["data"]
        levels = [level for level in LEVELS if level in (member.get("levels") or [])]
        self.recipients[member["member_id"]] = levels
        self._notify(member["member_id"], envelope["id"], "welcome",
                     f"Bienvenue sur Classe à 12, {member['display_name']} !",
                     "Votre compte est prêt.", None)

    def announce_new_resources(self, envelope: dict) -> None:
        resource = envelope["data"]
        for member_id, levels in list(self.recipients.items()):
            common = [level for level in levels if level in resource["levels"]]
            if common and member_id != resource["published_by"]:
                self._notify(member_id, envelope["id"], "resource_published",
                             f"Nouvelle ressource pour {phrase(common)} : {resource['title']}",
                             f"Une ressource pour {phrase(common)} vient d'être publiée.",
                             f"/ressources/{resource['resource_id']}")

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

    def mark_read(self, caller, notification_id) -> dict:
        for notification in self.notifications:
            if notification["id"] == notification_id and notification["recipient"] == caller:
                notification["read_at"] = notification["read_at"] or now()
                return self._view(notification)
        raise Refusal("not_found", "Cette notification n'existe pas.")

    @staticmethod
    def _view(notification: dict) -> dict:
        return {key: notification[key] for key in ("id", "kind", "title", "body", "link", "created_at", "read_at")}


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
        if self.contract.operations[method].access.auth == "required" and not caller:
            raise Refusal("unauthorized", "Vous devez être connecté.")
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
            except EnvelopeError as exc:
                self._dead_letter(consumer.queue, message, exc.reason, f"{exc.detail} {exc.fields or ''}")
            except Exception as exc:  # a bug: kept in the dead letters, never lost
                self._dead_letter(consumer.queue, message, "handler_failed", repr(exc))
            message.ack()
        return on_event

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
