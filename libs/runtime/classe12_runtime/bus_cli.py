"""`classe12-bus`: declare the broker topology from the contracts, inspect and replay dead letters.

    classe12-bus declare                      # every consumer queue of every contract (+ dead letters)
    classe12-bus dead-letters list [--queue Q]
    classe12-bus dead-letters replay --queue Q [--id MESSAGE_ID | --all]

AMQP_URI names the broker; CLASSE12_CONTRACTS_DIR the folder of `<service>/contract/`
(default: the repository's `services/`). Run `declare` at every deployment, before producers
start: events published before a consumer first runs then wait in its queue.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import kombu

from classe12_contracts.documents import available_services, contracts_root, load_contract

from .bus import (
    ATTEMPTS_HEADER,
    DEAD_LETTER_SUFFIX,
    DETAIL_HEADER,
    REASON_HEADER,
    consumer_queue_name,
    declare_consumer,
)
from .config import load_settings

#: queues nameko named after Python functions before consumers were declared by name: their
#: waiting messages move to the declared queue, then they are deleted (see docs/decisions.md)
LEGACY_QUEUES = {
    "evt-community-member_registered--notifications.on_member_registered": "notifications.welcome_new_members",
    "evt-resources-resource_published--notifications.on_resource_published": "notifications.announce_new_resources",
}


def declared_consumers(root: Path | None = None):
    """(service, consumer name, event type) of every consumer in the contracts."""
    for service in available_services(root):
        contract = load_contract(service, str(root) if root else None)
        for consumer in contract.consumes.values():
            yield service, consumer.name, consumer.event_type


def declare(amqp_uri: str, root: Path | None = None, out=sys.stdout) -> list[str]:
    declared = []
    # confirms: a legacy message is acknowledged only once the broker holds its copy
    with kombu.Connection(amqp_uri, connect_timeout=10, transport_options={"confirm_publish": True}) as connection:
        channel = connection.channel()
        for service, name, event_type in declared_consumers(root):
            declare_consumer(channel, service, name, event_type)
            declared.append(consumer_queue_name(service, name))
            print(f"déclarée : {consumer_queue_name(service, name)} <- {event_type}", file=out)
        known = set(declared)
        for legacy, target in LEGACY_QUEUES.items():
            if target in known:
                moved = _drain_legacy(connection, legacy, target)
                if moved is not None:
                    print(f"ancienne file {legacy} : {moved} message(s) repris dans {target}, file supprimée", file=out)
    return declared


def _drain_legacy(connection, legacy: str, target: str) -> int | None:
    channel = connection.channel()
    try:
        channel.queue_declare(legacy, passive=True)
    except Exception:  # it does not exist: nothing to do
        return None
    channel = connection.channel()
    moved = 0
    producer = kombu.Producer(connection.channel())
    queue = kombu.Queue(legacy, no_declare=True)(channel)
    while (message := queue.get(no_ack=False)) is not None:
        producer.publish(message.body, exchange="", routing_key=target, headers=message.headers,
                         content_type=message.content_type, content_encoding=message.content_encoding,
                         delivery_mode=2)
        message.ack()
        moved += 1
    channel.queue_delete(legacy)
    return moved


def _messages(connection, queue_name: str):
    """Every message of a dead-letter queue, left in place (fetched unacknowledged)."""
    channel = connection.channel()
    queue = kombu.Queue(queue_name, no_declare=True)(channel)
    fetched = []
    while (message := queue.get(no_ack=False)) is not None:
        fetched.append(message)
    return channel, fetched


def dead_letter_queues(root: Path | None = None) -> list[str]:
    return [consumer_queue_name(s, n) + DEAD_LETTER_SUFFIX for s, n, _ in declared_consumers(root)]


def list_dead_letters(amqp_uri: str, queue: str | None, root: Path | None = None, out=sys.stdout) -> int:
    total = 0
    with kombu.Connection(amqp_uri, connect_timeout=10) as connection:
        for name in ([queue + DEAD_LETTER_SUFFIX] if queue else dead_letter_queues(root)):
            channel, messages = _messages(connection, name)
            for message in messages:
                headers = message.headers or {}
                body = message.payload if isinstance(message.payload, dict) else {}
                print(json.dumps({"queue": name, "id": body.get("id"), "type": body.get("type"),
                                  "version": body.get("version"), "reason": headers.get(REASON_HEADER),
                                  "detail": headers.get(DETAIL_HEADER)}, ensure_ascii=False), file=out)
            total += len(messages)
            channel.close()  # unacknowledged: they stay
    return total


def replay(amqp_uri: str, queue: str, message_id: str | None, out=sys.stdout) -> int:
    """Send dead letters back to their consumer's queue (attempts counted from zero again)."""
    replayed = 0
    with kombu.Connection(amqp_uri, connect_timeout=10, transport_options={"confirm_publish": True}) as connection:
        channel, messages = _messages(connection, queue + DEAD_LETTER_SUFFIX)
        producer = kombu.Producer(connection.channel())
        for message in messages:
            body = message.payload
            if message_id and not (isinstance(body, dict) and body.get("id") == message_id):
                continue
            headers = {k: v for k, v in (message.headers or {}).items()
                       if not k.startswith("classe12.dead_letter") and k != ATTEMPTS_HEADER}
            producer.publish(body, exchange="", routing_key=queue, headers=headers, serializer="json",
                             delivery_mode=2)
            message.ack()
            replayed += 1
        channel.close()
    print(f"{replayed} message(s) renvoyé(s) dans {queue}", file=out)
    return replayed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="classe12-bus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--amqp", default=None, help="broker URI (default: AMQP_URI)")
    parser.add_argument("--contracts", type=Path, default=None, help="folder of <service>/contract/")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("declare", help="declare every consumer queue of the contracts")
    dead = commands.add_parser("dead-letters", help="list or replay dead letters").add_subparsers(
        dest="action", required=True)
    listing = dead.add_parser("list")
    listing.add_argument("--queue", help="a consumer queue, e.g. notifications.welcome_new_members")
    again = dead.add_parser("replay")
    again.add_argument("--queue", required=True)
    which = again.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", help="the envelope id of one dead letter")
    which.add_argument("--all", action="store_true")
    args = parser.parse_args(argv)
    amqp_uri = args.amqp or load_settings().amqp_uri
    root = args.contracts or contracts_root()
    if args.command == "declare":
        declare(amqp_uri, root)
    elif args.action == "list":
        list_dead_letters(amqp_uri, args.queue, root)
    else:
        replay(amqp_uri, args.queue, None if args.all else args.id)
    return 0


if __name__ == "__main__":
    sys.exit(main())


