"""Benchmark (not a test): writes through broker cuts, and healthy endpoints while a service is stopped.

Phase 1, writes with cuts: `--writers` clients loop for `--write-seconds`, each creating a draft
(POST /api/v1/resources), publishing it (POST /api/v1/resources/<id>/publish) and creating a
class (POST /api/v1/classes); every request has its own `Idempotency-Key` and, like a
well-behaved client, is sent again with the same key after a 503 or a connection error until it
gets another answer (`--retry-delay` between tries; it gives up after `--give-up` seconds).
Meanwhile the broker is cut off `--cuts` times for `--cut-seconds` (a TCP relay in front of
RabbitMQ resets every connection and refuses new ones). Then the databases are read directly:
a duplicate is a second document for one intended create (each has a unique title or name); a
lost effect is an intended create or publish that left nothing, a publish answered anything
but 200 (409: "already published", to its only caller), or a request the client gave up on.

Phase 2, healthy endpoints: `--healthy-clients` closed-loop clients alternate
GET /api/v1/resources?limit=20 and GET /api/v1/notifications (signed in) for `--healthy-seconds`
after `--warmup`, first with every service up (and, as a reference, once more while
`--waiting-clients` clients call GET /api/v1/classes, answered by evaluation), then with
evaluation stopped (SIGSTOP: its requests wait in its queue) while the same clients call
GET /api/v1/classes. Those clients run in a process of their own (the measuring threads do not
share their interpreter) and send their next request `--hammer-pause` seconds after an answer
(0: back to back). Evaluation stays stopped for the warm-up, the measurement and up to one RPC
timeout: beyond two broker heartbeats (20 s) the broker closes its connection (a resumed
service once died of it; should one die again, the bench says so and restarts it).

Last line:

    resilience duplicates=A lost=B healthy_p95_ms_up=C healthy_p95_ms_one_down=D

Target: 0, 0, and D under 2 x C. Usage: .venv/bin/python bench/resilience.py [--write-seconds 40] ...
Needs RabbitMQ (a private vhost is created); starts its own SecantusDB, services and gateway (2
processes x the default threads, RPC_TIMEOUT 3 s, RPC_MAX_IN_FLIGHT as set in the environment, else 6).
"""
from __future__ import annotations

import argparse
import collections
import http.client
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pymongo
import requests
from _platform import quantile

from classe12_devstack.accounts import verify_emails
from classe12_devstack.broker_users import delete_users
from classe12_devstack.processes import Stack, StackConfig
from classe12_testing.servers import RabbitVhost
from classe12_testing.tcp_proxy import TcpProxy

PASSWORD = "un mot de passe de mesure"
OVERLOADED = "surchargé"  # classe12_runtime.rpc_client.Overloaded
RPC_TIMEOUT = 3.0
REPLY_LOST = "reply not sent: broker unreachable"  # classe12_runtime.edge: done, but its caller was told 503




# -- accounts ------------------------------------------------------------------------------

def member(stack: Stack, role: str, levels: list[str], granted: str | None = None) -> str:
    """A new member's access token (a privileged role is given with the operator's command)."""
    base = stack.config.base_url + "/api/v1"
    email = f"mesure-{role}-{uuid.uuid4().hex[:8]}@ac-bench.fr"
    registered = requests.post(base + "/auth/register", timeout=30, json={
        "email": email, "password": PASSWORD, "display_name": f"Mesure {role}", "role": role, "levels": levels})
    if registered.status_code != 202:
        raise RuntimeError(f"register answered {registered.status_code}: {registered.text}")
    verify_emails(stack.config.env(), [email])  # publishing is for verified addresses
    if granted:
        subprocess.run([sys.executable, "-m", "classe12_community.cli", "grant-role", "--email", email,
                        "--role", granted], env=stack.config.env(), check=True, capture_output=True)
    login = requests.post(base + "/auth/login", json={"email": email, "password": PASSWORD}, timeout=30)
    if login.status_code != 200:
        raise RuntimeError(f"login answered {login.status_code}: {login.text}")
    return login.json()["access_token"]


# -- phase 1: writes through broker cuts -----------------------------------------------------

class Client:
    """A well-behaved client: one Idempotency-Key per intended write, the same key again after
    a 503 or a connection error, until another answer comes (or it gives up)."""

    def __init__(self, base_url: str, retry_delay: float, give_up: float, stats: collections.Counter,
                 lock: threading.Lock):
        self.base_url = base_url + "/api/v1"
        self.retry_delay = retry_delay
        self.give_up = give_up
        self.stats = stats
        self.lock = lock
        self.session = requests.Session()

    def count(self, name: str) -> None:
        with self.lock:
            self.stats[name] += 1

    def post(self, path: str, token: str, body: dict | None = None) -> requests.Response | None:
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex}
        deadline = time.monotonic() + self.give_up
        while True:
            self.count("requests")
            try:
                response = self.session.post(self.base_url + path, json=body, headers=headers, timeout=30)
            except requests.RequestException:
                self.count("retried_connection_error")
                self.session.close()
                self.session = requests.Session()
            else:
                if response.status_code != 503:
                    return response
                self.count("retried_503_overloaded" if OVERLOADED in response.text else "retried_503")
            if time.monotonic() > deadline:
                self.count("gave_up")
                return None
            time.sleep(self.retry_delay)


def write_with_cuts(stack: Stack, proxy: TcpProxy, args, run: str) -> tuple[dict, list[dict], list[dict]]:
    adviser = member(stack, "coordinator", ["CP", "CE1"], granted="adviser")
    teacher = member(stack, "teacher", ["CP"])
    stats: collections.Counter = collections.Counter()
    lock = threading.Lock()
    drafts: list[dict] = []   # {"title", "id", "create", "publish"}: statuses answered (None: gave up)
    classes: list[dict] = []  # {"name", "id", "create"}
    started = time.monotonic()
    stop_at = started + args.write_seconds

    def writer(number: int) -> None:
        client = Client(stack.config.base_url, args.retry_delay, args.give_up, stats, lock)
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            title = f"Mesure {run} brouillon {number}-{n}"
            created = client.post("/resources", adviser, {
                "title": title, "summary": "Résumé d'une ressource de mesure.", "body": "Corps de mesure.",
                "kind": "fiche", "levels": ["CP"], "topics": ["mesure"]})
            draft = {"title": title, "id": None, "create": getattr(created, "status_code", None), "publish": None}
            drafts.append(draft)
            if created is not None and created.status_code == 201:
                draft["id"] = created.json()["id"]
                published = client.post(f"/resources/{draft['id']}/publish", adviser)
                draft["publish"] = getattr(published, "status_code", None)
            name = f"Mesure {run} classe {number}-{n}"
            made = client.post("/classes", teacher, {"name": name, "level": "CP", "school_year": "2026-2027"})
            classes.append({"name": name, "create": getattr(made, "status_code", None),
                            "id": made.json().get("id") if made is not None and made.status_code == 201 else None})

    def cutter() -> None:
        # cuts spread evenly over the window, the first and the last away from its ends
        for k in range(args.cuts):
            at = started + (k + 1) * args.write_seconds / (args.cuts + 1) - args.cut_seconds / 2
            time.sleep(max(0.0, at - time.monotonic()))
            proxy.cut()
            try:
                time.sleep(args.cut_seconds)
            finally:
                proxy.restore()
            with lock:
                stats["cuts"] += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(args.writers)]
    threads.append(threading.Thread(target=cutter))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats["seconds"] = round(time.monotonic() - started)
    return dict(stats), drafts, classes


def count_effects(stack: Stack, drafts: list[dict], classes: list[dict], run: str) -> dict:
    env = stack.config.env()
    suffix = env.get("DATABASE_SUFFIX", "")
    client = pymongo.MongoClient(stack.config.mongo_uri, serverSelectionTimeoutMS=10000)
    try:
        resources = client[env.get("RESOURCES_DB", "resources") + suffix]["resources"]
        evaluation = client[env.get("EVALUATION_DB", "evaluation") + suffix]["classes"]
        prefix = {"$regex": f"^Mesure {run} "}
        stored_drafts: dict[str, list[dict]] = collections.defaultdict(list)
        for doc in resources.find({"title": prefix}, {"title": 1, "status": 1}):
            stored_drafts[doc["title"]].append(doc)
        stored_classes: dict[str, list[dict]] = collections.defaultdict(list)
        for doc in evaluation.find({"name": prefix}, {"name": 1}):
            stored_classes[doc["name"]].append(doc)
    finally:
        client.close()

    effects = collections.Counter()
    for draft in drafts:
        docs = stored_drafts.get(draft["title"], [])
        ids = {str(doc["_id"]): doc for doc in docs}
        effects["draft_duplicates"] += max(0, len(docs) - 1)
        # lost for its client: nothing stored, or not answered 201 with the id of what is stored
        if not docs or draft["create"] != 201 or draft["id"] not in ids:
            effects["drafts_lost"] += 1
        if draft["id"] is None:
            continue  # no publish intended: its draft was not acknowledged (counted above)
        if draft["publish"] == 409:
            effects["publishes_answered_409"] += 1
        if draft["publish"] != 200 or draft["id"] not in ids or ids[draft["id"]]["status"] != "published":
            effects["publishes_lost"] += 1
    for made in classes:
        docs = stored_classes.get(made["name"], [])
        effects["class_duplicates"] += max(0, len(docs) - 1)
        if not docs or made["create"] != 201 or made["id"] not in {str(doc["_id"]) for doc in docs}:
            effects["classes_lost"] += 1
    effects["duplicates"] = effects["draft_duplicates"] + effects["class_duplicates"]
    effects["lost"] = effects["drafts_lost"] + effects["publishes_lost"] + effects["classes_lost"]
    return dict(effects)


# -- phase 2: healthy endpoints ------------------------------------------------------------------

HEALTHY = ("/api/v1/resources?limit=20", "/api/v1/notifications")


def healthy_load(port: int, token: str, seconds: float, clients: int) -> dict:
    """Closed-loop load on the healthy endpoints: `clients` keep-alive connections, each
    alternating the two endpoints back to back. Latencies of the 200 answers only."""
    latencies: dict[str, list[float]] = {path: [] for path in HEALTHY}
    errors = collections.Counter()
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: dict[str, list[float]] = {path: [] for path in HEALTHY}
        n = offset
        while time.perf_counter() < stop_at:
            path = HEALTHY[n % 2]
            n += 1
            headers = {"Authorization": f"Bearer {token}"} if "notifications" in path else {}
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors[type(exc).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            elapsed = time.perf_counter() - started
            if response.status != 200:
                with lock:
                    errors[str(response.status)] += 1
                continue
            mine[path].append(elapsed)
        conn.close()
        with lock:
            for path, values in mine.items():
                latencies[path].extend(values)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    everything = [value for values in latencies.values() for value in values]
    return {"requests": len(everything), "errors": dict(errors), "rps": len(everything) / wall,
            "p50_ms": quantile(everything, 0.5), "p95_ms": quantile(everything, 0.95),
            "p99_ms": quantile(everything, 0.99),
            "p95_by_path": {path.split("?")[0].rsplit("/", 1)[1]: quantile(values, 0.95)
                            for path, values in latencies.items()}}


def waiting_clients(port: int, token: str, clients: int, pause: float, stop, results) -> None:
    """In a process of its own: `clients` clients calling GET /api/v1/classes until `stop`."""
    counts = collections.Counter()
    latencies: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while not stop.is_set():
            started = time.perf_counter()
            try:
                conn.request("GET", "/api/v1/classes", headers={"Authorization": f"Bearer {token}"})
                response = conn.getresponse()
                body = response.read().decode("utf-8", "replace")
            except (OSError, http.client.HTTPException) as exc:
                key = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            else:
                key = "503_overloaded" if response.status == 503 and OVERLOADED in body else str(response.status)
            with lock:
                counts[key] += 1
                latencies.append(time.perf_counter() - started)
            if pause:
                stop.wait(pause)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put({"answers": dict(counts), "max_ms": max(latencies, default=0) * 1000,
                 "p50_ms": quantile(latencies, 0.5)})


def measure(stack: Stack, token: str, teacher: str, args, label: str, with_clients: bool) -> dict:
    port = stack.config.http_port
    hammer = None
    if with_clients:
        context = multiprocessing.get_context("fork")
        stop, results = context.Event(), context.Queue()
        hammer = context.Process(target=waiting_clients, daemon=True,
                                 args=(port, teacher, args.waiting_clients, args.hammer_pause, stop, results))
        hammer.start()
    try:
        healthy_load(port, token, args.warmup, args.healthy_clients)
        result = healthy_load(port, token, args.healthy_seconds, args.healthy_clients)
    finally:
        if hammer is not None:
            stop.set()
    if hammer is not None:
        result["waiting_clients"] = results.get(timeout=60)
        hammer.join(30)
    by_path = " ".join(f"{name}_p95_ms={value:.1f}" for name, value in result["p95_by_path"].items())
    line = (f"healthy {label:<16} requests={result['requests']} errors={result['errors'] or 0} "
            f"rps={result['rps']:.1f} p50_ms={result['p50_ms']:.1f} p95_ms={result['p95_ms']:.1f} "
            f"p99_ms={result['p99_ms']:.1f} {by_path}")
    if hammer is not None:
        waiting = result["waiting_clients"]
        line += (f" | {args.waiting_clients} clients on /classes: answers={waiting['answers']} "
                 f"p50_ms={waiting['p50_ms']:.1f} max_ms={waiting['max_ms']:.0f}")
    print(line, flush=True)
    return result


def resumed(stack: Stack) -> None:
    """Wait for the platform after evaluation runs again. Stopped for longer than two broker
    heartbeats (2 x 10 s), it finds its connection closed and may exit: say so, restart it."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not stack.crashed():
        time.sleep(0.2)
    if stack.crashed():
        print(f"note: {stack.crashed()} exited after resuming; restarted", flush=True)
        stack.supervise()
    stack.wait_healthy()


# -- the run ---------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, default=6, help="client threads writing in phase 1")
    parser.add_argument("--write-seconds", type=float, default=40, help="length of phase 1")
    parser.add_argument("--cuts", type=int, default=3, help="broker cuts during phase 1")
    parser.add_argument("--cut-seconds", type=float, default=3, help="length of each cut")
    parser.add_argument("--retry-delay", type=float, default=0.5, help="pause before sending a write again")
    parser.add_argument("--give-up", type=float, default=90, help="a client stops retrying a write after this")
    parser.add_argument("--healthy-clients", type=int, default=4, help="closed-loop clients on healthy endpoints")
    parser.add_argument("--healthy-seconds", type=float, default=10, help="length of each healthy measurement")
    parser.add_argument("--warmup", type=float, default=2, help="unmeasured load before each measurement")
    parser.add_argument("--waiting-clients", type=int, default=24, help="clients calling the stopped service")
    parser.add_argument("--hammer-pause", type=float, default=0.0,
                        help="pause of those clients between an answer and their next request")
    parser.add_argument("--skip-busy-reference", action="store_true",
                        help="skip the reference measurement with every service up and the waiting clients")
    args = parser.parse_args()

    vhost = RabbitVhost().create()
    parts = urlsplit(vhost.uri)
    proxy = TcpProxy(parts.hostname, parts.port or 5672).start()
    proxied = urlunsplit(parts._replace(netloc=f"{parts.username}:{parts.password}@127.0.0.1:{proxy.port}"))
    config = StackConfig(var_dir=Path(tempfile.mkdtemp(prefix="classe12-bench-")), amqp_uri=proxied, extra_env={
        "RPC_TIMEOUT": str(RPC_TIMEOUT), "LOGIN_ADDRESS_FREE_FAILURES": "100000", "LOG_LEVEL": "WARNING",
        "GATEWAY_WORKERS": "2"})
    stack = Stack(config)
    run = uuid.uuid4().hex[:8]
    paused = False
    try:
        stack.start()
        stack.wait_healthy()
        env = config.env()
        print(f"stack: gateway {env['GATEWAY_WORKERS']} processes x {env.get('GATEWAY_THREADS', '32 (default)')} threads, "
              f"RPC_TIMEOUT={env['RPC_TIMEOUT']} s, RPC_MAX_IN_FLIGHT={env.get('RPC_MAX_IN_FLIGHT', '6 (default)')}; "
              f"cpus={os.cpu_count()}; logs in {stack.logs}", flush=True)

        # phase 1
        stats, drafts, classes = write_with_cuts(stack, proxy, args, run)
        print(f"writes: {len(drafts)} drafts, {sum(d['id'] is not None for d in drafts)} publishes, "
              f"{len(classes)} classes by {args.writers} clients in {stats.pop('seconds')} s with "
              f"{stats.pop('cuts', 0)} broker cuts of {args.cut_seconds:.0f} s; http {stats}", flush=True)
        answers = collections.Counter(f"create_resource={d['create']}" for d in drafts)
        answers.update(f"publish={d['publish']}" for d in drafts if d["id"] is not None)
        answers.update(f"create_class={c['create']}" for c in classes)
        print(f"final answers: {dict(sorted(answers.items()))}", flush=True)
        time.sleep(RPC_TIMEOUT + 2)  # a request redelivered after a cut is handled (or refused) by now
        lost_replies = {name: (stack.logs / f"{name}.log").read_text(errors="replace").count(REPLY_LOST)
                        for name in ("resources", "evaluation")}
        print(f"writes done whose reply a cut lost (services' logs): {lost_replies}", flush=True)
        effects = count_effects(stack, drafts, classes, run)
        print(f"effects: {effects}", flush=True)
        stack.wait_healthy()

        # phase 2
        token = member(stack, "teacher", ["CP"])
        teacher = member(stack, "teacher", ["CP"])
        up = measure(stack, token, teacher, args, "all up", with_clients=False)
        if not args.skip_busy_reference:
            measure(stack, token, teacher, args, f"up+{args.waiting_clients} clients", with_clients=True)
        stack.pause("evaluation")
        paused = True
        down = measure(stack, token, teacher, args, "evaluation stopped", with_clients=True)
        stack.processes["evaluation"].send_signal(signal.SIGCONT)
        paused = False
        resumed(stack)

        print(f"resilience duplicates={effects['duplicates']} lost={effects['lost']} "
              f"healthy_p95_ms_up={up['p95_ms']:.1f} healthy_p95_ms_one_down={down['p95_ms']:.1f}", flush=True)
        return 0
    finally:
        if paused:
            stack.processes["evaluation"].send_signal(signal.SIGCONT)
        proxy.restore()
        stack.stop_all()
        delete_users(config.amqp_uri)
        proxy.stop()
        vhost.delete()


if __name__ == "__main__":
    sys.exit(main())
