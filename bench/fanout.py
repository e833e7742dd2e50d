"""Benchmark (not a test): one resource published to 10,000 matching members.

Starts its own platform (SecantusDB, services, gateway, live process) on a private RabbitMQ vhost.
Seeds, with the notifications service's own storage code (`NotificationStore`, `follows.follow`),
`--recipients` members who teach CP and follow their level since yesterday, as their registration
would have left them (the projection and one follow each). One more member, who teaches CE1 (not
concerned), signs in through the gateway to read their inbox. Then:

1. the p95 of `GET /api/v1/notifications` (that member, `--clients` closed-loop clients) for
   `--seconds` with nothing else happening;
2. a `resources.resource_published` event for a CP resource is published on the broker: the time
   from its publication until every in-app notification is written (polled every 20 ms on the
   event's documents), the rate, and the inbox's p95 measured by the same clients meanwhile;
3. the digest run for those members (`classe12-notifications digest`'s code: the weekly one,
   where new resources go by default, for the week that holds today): one digest per member. Sending them is the mailer's SMTP throughput, not measured here.

Last line:

    fanout recipients=N seconds=A per_s=B inbox_p95_idle_ms=C inbox_p95_during_ms=D ms_per_recipient=E digest_seconds=F

Target: A under 5. Usage: .venv/bin/python bench/fanout.py [--recipients 10000] [--clients 4] [--seconds 10]
"""
from __future__ import annotations

import argparse
import os
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import pymongo
import requests
from _platform import member_token, private_platform, quantile
from bson import ObjectId

from classe12_contracts.envelope import make_envelope
from classe12_notifications.domain import follows
from classe12_notifications.domain.preferences import PARIS
from classe12_notifications.storage import NotificationStore
from classe12_runtime.outbox import EventPublisher

LEVEL = "CP"
CHUNK = 1000


def seed_recipients(store: NotificationStore, count: int) -> list[str]:
    """`count` CP teachers as their registration leaves them: a projection and a level follow."""
    since = datetime.now(timezone.utc) - timedelta(days=1)
    members = [str(ObjectId()) for _ in range(count)]
    for offset in range(0, count, CHUNK):
        batch = members[offset:offset + CHUNK]
        store.recipients.insert_many([
            {"_id": m, "member_id": m, "display_name": f"Enseignant·e {offset + i}", "role": "teacher",
             "roles": ["teacher"], "levels": [LEVEL], "school_uai": None, "joined_at": since, "updated_at": since}
            for i, m in enumerate(batch)], ordered=False)
        store.add_follows([follows.follow(m, f"level:{LEVEL}", since, follows.PROFILE) for m in batch])
    return members


class InboxClients:
    """`clients` threads reading one member's inbox through the gateway until stopped; each
    request's duration is kept with the time it started."""

    def __init__(self, base_url: str, token: str, clients: int):
        self.url = base_url + "/api/v1/notifications"
        self.token, self.clients = token, clients
        self.timings: list[tuple[float, float]] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def _run(self) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.token}"
        while not self.stop.is_set():
            started = time.monotonic()
            response = session.get(self.url, params={"limit": 20}, timeout=30)
            elapsed = time.monotonic() - started
            assert response.status_code == 200, response.text
            with self.lock:
                self.timings.append((started, elapsed))

    def __enter__(self):
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(self.clients)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def p95_between(self, start: float, end: float) -> tuple[float, int]:
        with self.lock:
            window = [elapsed for started, elapsed in self.timings if start <= started < end]
        return quantile(window, 0.95), len(window)


def wait_written(db, event_id: str, members: list[str], timeout: float) -> float:
    """The monotonic time the fan-out's last notification was seen. The service writes the
    recipients in id order, batch after batch: the last one is the greatest id's. It is polled
    on the unique key (event_id, recipient_id), which costs the store next to nothing; counting
    the event's documents every few milliseconds would slow the store down as it writes them."""
    last, deadline = max(members), time.monotonic() + timeout
    while db.notifications.find_one({"event_id": event_id, "recipient_id": last}, {"_id": 1}) is None:
        if time.monotonic() > deadline:
            raise SystemExit(f"fan-out incomplete after {timeout} s")
        time.sleep(0.02)
    return time.monotonic()


def run_digest(env: dict, day) -> tuple[int, float]:
    """The digest command's code, weekly (new resources' default), for the week ending on `day`
    (a Monday); (digests queued, seconds)."""
    os.environ.update(env)
    from classe12_notifications.mailer import Mailer, MailSettings

    store = NotificationStore(pymongo.MongoClient(env["MONGO_URI"])["notifications"])
    mailer = Mailer(store, MailSettings.from_env(), lambda member_ids: {})
    started = time.monotonic()
    created = mailer.build_digests("weekly", day)
    return created, time.monotonic() - started


def measure(stack, args) -> int:
    config = stack.config
    db = pymongo.MongoClient(config.mongo_uri)["notifications"]
    store = NotificationStore(db)
    started = time.monotonic()
    members = seed_recipients(store, args.recipients)
    print(f"seeded {len(members)} CP teachers (projection + follow) in {time.monotonic() - started:.1f} s", flush=True)

    token = member_token(config.base_url, ["CE1"])  # not concerned by a CP resource
    publisher = EventPublisher(config.amqp_uri)
    with InboxClients(config.base_url, token, args.clients) as clients:
        time.sleep(2)  # warm-up: connections and the gateway's workers
        idle_start = time.monotonic()
        time.sleep(args.seconds)
        idle_p95, idle_n = clients.p95_between(idle_start, time.monotonic())

        envelope = make_envelope("resources.resource_published", 1, {
            "resource_id": str(ObjectId()), "title": f"Mesure {uuid.uuid4().hex[:6]}", "kind": "fiche",
            "levels": [LEVEL], "published_by": str(ObjectId())})
        published = time.monotonic()
        publisher.publish(envelope)
        written = wait_written(db, envelope["id"], members, timeout=300)
        during_p95, during_n = clients.p95_between(published, written)
    publisher.close()

    seconds = written - published
    told = db.notifications.count_documents({"event_id": envelope["id"]})
    assert told == len(members), f"{told} notifications for {len(members)} recipients"
    digest_items = db.digest_items.count_documents({"event_id": envelope["id"]})
    print(f"inbox p95 idle {idle_p95:.1f} ms ({idle_n} requests), during the fan-out {during_p95:.1f} ms "
          f"({during_n} requests)", flush=True)
    print(f"fan-out: {len(members)} notifications in {seconds:.2f} s ({digest_items} digest items)", flush=True)

    today = datetime.now(PARIS).date()
    next_monday = today + timedelta(days=7 - today.weekday())
    digests, digest_seconds = run_digest(config.env(), next_monday)
    print(f"weekly digest: {digests} digests queued in {digest_seconds:.2f} s", flush=True)
    print(f"fanout recipients={len(members)} seconds={seconds:.2f} per_s={len(members) / seconds:.0f} "
          f"inbox_p95_idle_ms={idle_p95:.1f} inbox_p95_during_ms={during_p95:.1f} "
          f"ms_per_recipient={seconds * 1000 / len(members):.3f} digest_seconds={digest_seconds:.2f}", flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    with private_platform() as stack:
        return measure(stack, args)


if __name__ == "__main__":
    raise SystemExit(main())
