"""Benchmark (not a test): the community's discussions and member directory through the gateway.

It starts a whole platform (SecantusDB, the four services, the gateway under gunicorn) on a
private RabbitMQ vhost, then seeds the community database directly with the service's own
storage and domain code (not through the gateway): members with their directory keys, groups,
memberships, threads and replies (one thread of 300 replies). Then, through the gateway, as a
signed-in member of the groups measured:

- a group's thread list (GET /groups/{id}/threads, 20 a page), p50/p95;
- a page of the 300-reply thread (GET /threads/{id}?limit=100: the API's largest page; reading
  all 300 replies is three of them, also printed), p50/p95;
- the member directory searched by a name prefix (GET /members?name=..., 20 a page), p50/p95;
- posting throughput: concurrent clients, each as its own member (posting limits are per member:
  5 a minute), replying in the seeded threads, in posts per second.

Last line:

    community thread_list_p95_ms=A thread_page_p95_ms=B directory_p95_ms=C posts_per_s=D

Usage: .venv/bin/python bench/community.py [--members 10000] [--groups 500] [--replies 200000]
       [--samples 200] [--writers 8] [--writer-accounts 40]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pymongo
import requests
from _platform import quantile
from bson import ObjectId

from classe12_community.domain.discussions import REACTIONS, body_hash, thread_key
from classe12_community.domain.groups import new_group
from classe12_community.domain.markdown import render
from classe12_community.domain.profiles import directory_fields
from classe12_community.storage import CommunityStore
from classe12_devstack.accounts import verify_emails
from classe12_devstack.broker_users import delete_users
from classe12_devstack.processes import Stack, StackConfig
from classe12_runtime.pagination import list_key
from classe12_testing.servers import RabbitVhost

PASSWORD = "un mot de passe de mesure"
EPOCH = datetime(2026, 9, 1, tzinfo=timezone.utc)
FIRST = ("Anne", "Bruno", "Chloé", "David", "Émilie", "Farid", "Gaëlle", "Hugo", "Inès", "Jules", "Karima", "Léo",
         "Manon", "Nabil", "Océane", "Paul", "Quentin", "Rania", "Sofiane", "Thérèse", "Ugo", "Valérie", "Wassim",
         "Yasmine", "Zoé")
LAST = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
        "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
        "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Benali")
WORDS = ("lecture fluence syllabes ateliers autonomie calcul problèmes dictée binôme co-intervention rituel "
         "coin écoute tutorat affichage famille cahier rentrée groupe besoin phonologie album").split()




def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


# --- seeding with the storage code -----------------------------------------------------------------

def seed(db, args, rng: random.Random) -> dict:
    store = CommunityStore(db)
    store.ensure_indexes()
    started = time.monotonic()
    members = []
    for i in range(args.members):
        created = EPOCH - timedelta(days=60)
        doc = {"_id": ObjectId(), "email": f"seed-{i}@ac-bench.fr", "password_hash": "x",
               "display_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "roles": ["teacher"],
               "levels": [rng.choice(["CP", "CE1"])], "school_uai": None, "created_at": created,
               "updated_at": created, "roles_changed_at": None, "sessions_revoked_at": None, "charter_version": 1}
        doc.update(directory_fields(doc))
        members.append(doc)
    for batch in range(0, len(members), 1000):
        store.members.insert_many(members[batch:batch + 1000], ordered=False)
    member_ids = [str(m["_id"]) for m in members]
    print(f"seeded {len(members)} members in {time.monotonic() - started:.1f} s", flush=True)

    started = time.monotonic()
    groups = [new_group(f"national:bench-{i}", "national", f"Groupe {i} {rng.choice(WORDS)}", "Mesure", EPOCH)
              for i in range(args.groups)]
    store.groups.insert_many(groups, ordered=False)
    memberships = []
    per_group = max(args.members * 3 // max(args.groups, 1), 1)
    for group in groups:
        gid = str(group["_id"])
        for member_id in rng.sample(member_ids, min(per_group, len(member_ids))):
            memberships.append({"_id": f"{gid}:{member_id}", "group_id": gid, "member_id": member_id, "state": "member",
                                "role": "member", "message": None, "created_at": EPOCH, "updated_at": EPOCH,
                                "list_key": list_key(EPOCH, gid), "group_list_key": list_key(EPOCH, member_id)})
    for batch in range(0, len(memberships), 2000):
        store.memberships.insert_many(memberships[batch:batch + 2000], ordered=False)
    for group in groups:
        store.groups.update_one({"_id": group["_id"]}, {"$set": {"member_count": per_group}})
    print(f"seeded {len(groups)} groups, {len(memberships)} memberships in {time.monotonic() - started:.1f} s",
          flush=True)

    started = time.monotonic()
    threads_per_group = max(args.replies // max(args.groups, 1) // 50, 1)  # about 50 replies a thread
    remaining = args.replies - 300
    thread_docs, posts, count = [], [], 0
    big = None
    thread_total = args.groups * threads_per_group + max(60 - threads_per_group, 0)
    for g, group in enumerate(groups):
        gid = str(group["_id"])
        for _ in range(max(threads_per_group, 60) if g == 0 else threads_per_group):  # a list of 3 pages at least
            replies = 300 if big is None else max(remaining // max(thread_total - len(thread_docs), 1), 0)
            if big is not None:
                remaining -= replies
            when = EPOCH + timedelta(minutes=len(thread_docs))
            tid = ObjectId()
            author = rng.choice(member_ids)
            body = text(rng, 40)
            posts.append(post_doc(tid, tid, gid, author, body, when, opening=True))
            for r in range(replies):
                at = when + timedelta(seconds=r + 1)
                posts.append(post_doc(ObjectId(), tid, gid, rng.choice(member_ids), text(rng, 30), at, opening=False))
            last = when + timedelta(seconds=replies)
            thread_docs.append({"_id": tid, "group_id": gid, "author_id": author, "title": text(rng, 6),
                                "tags": [rng.choice(WORDS)], "pinned": False, "locked": False, "state": "visible",
                                "moderation_reason": None, "reply_count": replies, "accepted_post_id": None,
                                "created_at": when, "last_activity_at": last,
                                "list_key": thread_key(False, last, str(tid)), "listed": True})
            count += replies
            if big is None:
                big = {"thread_id": str(tid), "group_id": gid}
            if len(posts) >= 5000:
                store.posts.insert_many(posts, ordered=False)
                posts = []
    if posts:
        store.posts.insert_many(posts, ordered=False)
    store.threads.insert_many(thread_docs, ordered=False)
    print(f"seeded {len(thread_docs)} threads and {count} replies in {time.monotonic() - started:.1f} s", flush=True)
    return {"groups": [str(g["_id"]) for g in groups], "big": big, "threads": [str(t["_id"]) for t in thread_docs],
            "names": [m["display_name"] for m in members]}


def post_doc(post_id, thread_id, group_id: str, author_id: str, body: str, when: datetime, *, opening: bool) -> dict:
    return {"_id": post_id, "thread_id": str(thread_id), "group_id": group_id, "author_id": author_id,
            "opening": opening, "body": body, "body_html": render(body), "body_hash": body_hash(body),
            "attachments": [], "mentions": [], "quote_post_id": None, "reactions": {r: 0 for r in REACTIONS},
            "state": "visible", "moderation_reason": None, "announced": True, "history": [], "created_at": when,
            "edited_at": None, "list_key": list_key(when, str(post_id))}


# --- through the gateway -------------------------------------------------------------------------

def account(base: str, db, groups: list[str], env: dict) -> tuple[str, str]:
    """A member signed in through the gateway, charter accepted, member of `groups` (written
    with the storage code, as an accepted request would)."""
    email = f"mesure-{uuid.uuid4().hex[:8]}@ac-bench.fr"
    registered = requests.post(base + "/auth/register", timeout=30, json={
        "email": email, "password": PASSWORD, "display_name": "Mesure Bench", "role": "teacher", "levels": ["CP"],
        "charter_version": 1})
    if registered.status_code != 202:
        raise RuntimeError(f"register answered {registered.status_code}: {registered.text}")
    verify_emails(env, [email])  # members post only with a verified address
    login = requests.post(base + "/auth/login", json={"email": email, "password": PASSWORD}, timeout=30)
    if login.status_code != 200:
        raise RuntimeError(f"login answered {login.status_code}: {login.text}")
    token = login.json()["access_token"]
    member_id = requests.get(base + "/me", headers={"Authorization": f"Bearer {token}"}, timeout=30).json()["id"]
    for gid in groups:
        db.memberships.insert_one({"_id": f"{gid}:{member_id}", "group_id": gid, "member_id": member_id,
                                   "state": "member", "role": "member", "message": None, "created_at": EPOCH,
                                   "updated_at": EPOCH, "list_key": list_key(EPOCH, gid),
                                   "group_list_key": list_key(EPOCH, member_id)})
    return token, member_id


def timed(session: requests.Session, url: str, token: str, params=None) -> float:
    started = time.perf_counter()
    response = session.get(url, headers={"Authorization": f"Bearer {token}"}, params=params, timeout=30)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.text[:300]}")
    return elapsed


def measure(label: str, samples: list[float]) -> tuple[float, float]:
    p50, p95 = quantile(samples, 0.5), quantile(samples, 0.95)
    print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(samples)} requests)", flush=True)
    return p50, p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=500)
    parser.add_argument("--replies", type=int, default=200_000)
    parser.add_argument("--samples", type=int, default=200, help="requests per read measurement")
    parser.add_argument("--writers", type=int, default=8, help="concurrent posting clients")
    parser.add_argument("--writer-accounts", type=int, default=40, help="members posting (5 posts each)")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    vhost = RabbitVhost().create()
    config = StackConfig(var_dir=Path(tempfile.mkdtemp(prefix="classe12-bench-")), amqp_uri=vhost.uri, extra_env={
        "LOGIN_ADDRESS_FREE_FAILURES": "100000", "LOG_LEVEL": "WARNING", "GATEWAY_WORKERS": "2",
        "COMMUNITY_SEED_SCHOOLS": "false"})
    stack = Stack(config)
    try:
        stack.start()
        stack.wait_healthy()
        base = config.base_url + "/api/v1"
        db = pymongo.MongoClient(config.mongo_uri, tz_aware=True)["community"]
        seeded = seed(db, args, rng)
        big = seeded["big"]
        reader, _ = account(base, db, [big["group_id"]], config.env())
        session = requests.Session()

        timed(session, f"{base}/groups/{big['group_id']}/threads", reader)  # warm-up
        lists = [timed(session, f"{base}/groups/{big['group_id']}/threads", reader, {"limit": 20})
                 for _ in range(args.samples)]
        _, list_p95 = measure("thread list (20 a page)", lists)

        page_url = f"{base}/threads/{big['thread_id']}"
        pages = [timed(session, page_url, reader, {"limit": 100}) for _ in range(args.samples)]
        _, page_p95 = measure("thread page (100 of its 300 replies)", pages)
        whole = []
        for _ in range(max(args.samples // 10, 5)):
            started = time.perf_counter()
            cursor = None
            for _page in range(3):
                params = {"limit": 100, **({"cursor": cursor} if cursor else {})}
                response = session.get(page_url, headers={"Authorization": f"Bearer {reader}"}, params=params,
                                       timeout=30)
                cursor = response.json()["replies"]["next_cursor"]
            whole.append(time.perf_counter() - started)
        measure("whole 300-reply thread (3 pages)", whole)

        names = seeded["names"]
        directory = [timed(session, f"{base}/members", reader,
                           {"name": rng.choice(names).split()[rng.randint(0, 1)][:rng.randint(2, 5)], "limit": 20})
                     for _ in range(args.samples)]
        _, directory_p95 = measure("member directory by name prefix", directory)

        writers = [account(base, db, [big["group_id"]], config.env())[0] for _ in range(args.writer_accounts)]
        targets = seeded["threads"][:60]  # the first group's threads
        work = [(token, n) for token in writers for n in range(5)]
        lock, errors, posted = threading.Lock(), [], [0]

        def write():
            local = requests.Session()
            while True:
                with lock:
                    if not work:
                        return
                    token, n = work.pop()
                response = local.post(f"{base}/threads/{rng.choice(targets)}/replies",
                                      headers={"Authorization": f"Bearer {token}"},
                                      json={"body": f"Réponse {n} {uuid.uuid4().hex[:8]} : {text(rng, 12)}"}, timeout=30)
                with lock:
                    if response.status_code == 201:
                        posted[0] += 1
                    else:
                        errors.append(response.status_code)

        started = time.perf_counter()
        threads = [threading.Thread(target=write) for _ in range(args.writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
        posts_per_s = posted[0] / seconds
        print(f"posting: {posted[0]} replies by {args.writer_accounts} members over {args.writers} clients in "
              f"{seconds:.1f} s: {posts_per_s:.1f} posts/s; refused: {sorted(set(errors)) or 'none'}", flush=True)
        print(f"community thread_list_p95_ms={list_p95:.1f} thread_page_p95_ms={page_p95:.1f} "
              f"directory_p95_ms={directory_p95:.1f} posts_per_s={posts_per_s:.1f}", flush=True)
        return 0
    finally:
        stack.stop_all()
        delete_users(config.amqp_uri)
        vhost.delete()


if __name__ == "__main__":
    sys.exit(main())
